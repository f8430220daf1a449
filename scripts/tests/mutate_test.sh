#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Checks of scripts/mutate that need no kernel build and no VM: bad input exits 2
# with one line before any work, --help names every flag, the catalogue's headers
# and patches are well formed (and apply to the cached pristine source, when it is
# there), and the kill rule of scripts/lib/mutate.py.
# shellcheck disable=SC2016,SC2034,SC2013 # the checks are strings that check() evals
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
M=$ROOT/scripts/mutate
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# shellcheck source=scripts/lib/tap.sh
. "$ROOT/scripts/lib/tap.sh"
check() { tap_check "$@"; }
bad() { tap_bad_input "$1" "$M" "${@:2}"; }

bad "unknown option" --bogus
bad "--jobs not a number" --jobs x
bad "--timeout zero" --timeout 0
bad "--mutants not a directory" --mutants /nonexistent
bad "--tree not a kernel tree" --tree "$WORK"
bad "unwritable --json" --json /nonexistent/dir/m.json
bad "unknown mutant" no-such-mutant
bad "missing value" --tree
mkdir -p "$WORK/m"
printf 'Mutant: x\n\n--- a/mm/x.c\n+++ b/mm/x.c\n' >"$WORK/m/01-x.patch"
bad "a patch without Tests: header" --mutants "$WORK/m"

tap_help_lists_flags "$M"

"$M" --list >"$WORK/list"
npatch=$(find "$ROOT/mutants" -name '*.patch' | wc -l)
check "--list lists every mutant ($npatch)" '[ "$(wc -l <"$WORK/list")" -eq "$npatch" ] && [ "$npatch" -ge 30 ]'
noheader=$(for p in "$ROOT"/mutants/*.patch; do
	for k in Mutant Breaks Mistake Claims Tests; do grep -q "^$k: ." "$p" || echo "${p##*/}:$k"; done
done)
check "every mutant names its behaviour, mistake, claims and tests" '[ -z "$noheader" ]'
# Named tests must exist in the suites (group and test name).
unknown=$(for t in $(sed -n 's/^Tests: //p' "$ROOT"/mutants/*.patch); do
	g=${t%%.*} rest=${t#*.}
	grep -qE "TEST_F(_TIMEOUT)?\\($g, ${rest#*.}[),]" "$ROOT"/suites/*.inc || echo "$t"
done)
check "every test a mutant names exists" '[ -z "$unknown" ]'
src=$(find "${UFFDC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/uffd-conformance}/src" -mindepth 2 -maxdepth 2 \
	-type d -name 'linux-source-7.*' 2>/dev/null | sort -V | tail -n1)
if [ -n "$src" ]; then
	noapply=$(for p in "$ROOT"/mutants/*.patch; do
		patch -d "$src" -p1 --dry-run --batch --silent <"$p" >/dev/null 2>&1 || echo "${p##*/}"
	done)
	check "every mutant applies to $src" '[ -z "$noapply" ]'
else
	tap_skip "every mutant applies" "no cached linux-source tree"
fi

# The kill rule: only a test that passed on the pristine kernel and fails, errors,
# times out or crashes here is a kill.
mkdir -p "$WORK/p" "$WORK/x"
cat >"$WORK/p/stdout" <<'T'
ok 1 a.anon.passes
ok 2 a.anon.skips # SKIP [swap] no swap
not ok 3 a.anon.known_issue
ok 4 a.anon.also_passes
ok 5 a.anon.then_crashes
ok 6 a.anon.never_reached
T
cat >"$WORK/x/stdout" <<'T'
not ok 1 a.anon.passes
not ok 2 a.anon.skips
not ok 3 a.anon.known_issue
ok 4 a.anon.also_passes
#  RUN           a.anon.then_crashes ...
T
kills=$(python3 "$ROOT/scripts/lib/mutate.py" judge "$WORK/p" "$WORK/x" | tr '\t\n' ': ')
check "kills (console): a pass turned fail, and the test the guest died in" '[ "$kills" = "a.anon.passes:fail a.anon.then_crashes:crash " ]'
# From a salvaged report: the crash site is a catch, a test never run is not.
cat >"$WORK/x/report.json" <<'J'
{"suites": [{"tests": [
 {"name": "a.anon.passes", "verdict": "fail", "reason": "FAIL: x"},
 {"name": "a.anon.then_crashes", "verdict": "fail", "reason": "crash site: guest crashed: kernel panic"},
 {"name": "a.anon.never_reached", "verdict": "error", "reason": "not run: guest crashed: kernel panic"}]}]}
J
kills=$(python3 "$ROOT/scripts/lib/mutate.py" judge "$WORK/p" "$WORK/x" | tr '\t\n' ': ')
check "kills (report): the crash site counts, a test never run does not" '[ "$kills" = "a.anon.passes:fail a.anon.then_crashes:crash " ]'

tap_done
