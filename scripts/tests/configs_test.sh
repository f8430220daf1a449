#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Checks of scripts/configs that need no kernel build and no VM: bad input exits 2
# with one line before any work, --help names every flag, every variant is well
# formed, and scripts/lib/configs.py's pass rule on synthetic reports.
# shellcheck disable=SC2016 # the checks are strings that tap_check evals
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
C=$ROOT/scripts/configs
PY=$ROOT/scripts/lib/configs.py
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# shellcheck source=scripts/lib/tap.sh
. "$ROOT/scripts/lib/tap.sh"

tap_bad_input "unknown option" "$C" --bogus
tap_bad_input "--jobs not a number" "$C" --jobs x
tap_bad_input "--timeout zero" "$C" --timeout 0
tap_bad_input "--tree not a kernel tree" "$C" --tree "$WORK"
tap_bad_input "unwritable --json" "$C" --json /nonexistent/dir/c.json
tap_bad_input "unknown variant" "$C" no-such-variant
tap_bad_input "missing value" "$C" --json

tap_help_lists_flags "$C"

"$C" --list >"$WORK/list"
nvar=$(find "$ROOT/scripts/kconfig/variants" -name '*.config' | wc -l)
tap_check "--list lists every variant ($nvar), full first" \
	'[ "$(wc -l <"$WORK/list")" -eq "$nvar" ] && [ "$(head -c 5 "$WORK/list")" = "full " ]'
# Each variant: a "Skips:" line of known need tags, and settings (full has none).
# The tags the runner knows (fixtures/needs.cc AllNeedTags), as its bad-input line lists them.
BIN=$(UFFDC_SKIP_SETUP=1 "$ROOT/scripts/build" 2>/dev/null | tail -n1)
tags=$("$BIN/uffdc_run" --require '?' 2>&1 | sed -n 's/.*(known: \(.*\))$/\1/p' | tr -d ' ' | tr ',' '\n')
malformed=$(for f in "$ROOT"/scripts/kconfig/variants/*.config; do
	n=${f##*/}
	grep -q '^# Skips:' "$f" || echo "$n: no Skips line"
	for t in $(sed -n 's/^# Skips://p' "$f"); do grep -qx "$t" <<<"$tags" || echo "$n: unknown need tag $t"; done
	[ "$n" = full.config ] || grep -qE '^(CONFIG_|# CONFIG_)' "$f" || echo "$n: no settings"
done)
tap_check "every variant lists known need tags and its settings" '[ -z "$malformed" ]'
[ -z "$malformed" ] || printf '#   %s\n' "$malformed"

# The pass rule on synthetic runner reports.
report() { # DIR VERDICT REASON: a report with one passing test and one more
	mkdir -p "$1"
	python3 - "$1/report.json" "$2" "$3" <<'PY'
import json, sys
tests = [{"name": "a.anon.x", "verdict": "pass", "reason": ""},
         {"name": "a.anon.y", "verdict": sys.argv[2], "reason": sys.argv[3]}]
json.dump({"summary": {"pass": 1, "line": "2 passed, 0 failed, 0 skipped"},
           "health": {"ok": True, "problems": []},
           "suites": [{"tests": tests}]}, open(sys.argv[1], "w"))
PY
}
status_of() { python3 "$PY" row v ran 1 2 "$2" "$1" | python3 -c 'import json, sys; print(json.load(sys.stdin)["status"])'; }
report "$WORK/r1" skip "[thp] kernel without THP"
tap_check "a skip for a need the variant removes passes" '[ "$(status_of "$WORK/r1" "thp")" = passed ]'
tap_check "a skip for a need the variant keeps fails" '[ "$(status_of "$WORK/r1" "swap")" = failed ]'
report "$WORK/r2" skip "no tag at all"
tap_check "an untagged skip fails" '[ "$(status_of "$WORK/r2" "thp")" = failed ]'
for v in fail error xpass; do
	report "$WORK/r-$v" "$v" ""
	tap_check "a test that reads $v fails the variant" '[ "$(status_of "$WORK/r-$v" "")" = failed ]'
done
report "$WORK/r3" xfail "known"
tap_check "an XFAIL (a known deviation) does not fail the variant" '[ "$(status_of "$WORK/r3" "")" = passed ]'
python3 "$PY" row v did-not-build 3 0 "build failed" >"$WORK/rows"
python3 "$PY" row w not-offered 0 0 "this tree does not take: CONFIG_PREEMPT_RT=y" >>"$WORK/rows"
rc=0
python3 "$PY" report "$WORK/rows" 5 "" >"$WORK/matrix" || rc=$?
tap_check "a variant that did not build fails the matrix; one not offered is not counted" \
	'[ $rc -eq 1 ] && grep -q "^configuration matrix: 0 of 1 variants passed; not offered by this tree: w" "$WORK/matrix"'

tap_done
