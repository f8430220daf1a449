#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# uffd_rwp_bench without a guest: --help, bad flags and bad --baseline documents
# (exit 2, one line on stderr, before measuring anything), and the kselftest skip
# where the kernel has no RWP.
# Usage: flags_test.sh UFFD_RWP_BENCH TAP_SH RUN_JSON (a guest run's --json)
# shellcheck disable=SC2016 # the checks are strings that tap_check evals
set -uo pipefail
BENCH=$1 RUN=$3
# shellcheck source=scripts/lib/tap.sh
. "$2"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

help=$("$BENCH" --help) && rc=0 || rc=$?
tap_check "--help exits 0" '[ $rc -eq 0 ]'
missing=''
for f in iterations range_mb range_iterations json baseline absolute stall_timeout results; do
	grep -q -- "--$f" <<<"$help" || missing+=" $f"
done
tap_check "--help lists every flag" '[ -z "$missing" ]'

echo '{"schema": "something else"}' >"$TMP/other.json"
echo 'not json' >"$TMP/garbage.json"
tap_bad_input "unknown flag" "$BENCH" --bogus
tap_bad_input "stray argument" "$BENCH" extra
tap_bad_input "--iterations not a number" "$BENCH" --iterations=many
tap_bad_input "--iterations 0" "$BENCH" --iterations 0
tap_bad_input "--range_mb too small" "$BENCH" --range_mb 1
tap_bad_input "--stall_timeout not a duration" "$BENCH" --stall_timeout=soon
tap_bad_input "flag without its value" "$BENCH" --json
tap_bad_input "--json unwritable" "$BENCH" --json /nonexistent/dir/out.json
tap_bad_input "--baseline missing" "$BENCH" --baseline "$TMP/none.json"
tap_bad_input "--baseline not JSON" "$BENCH" --baseline "$TMP/garbage.json"
tap_bad_input "--baseline another document" "$BENCH" --baseline "$TMP/other.json"
tap_bad_input "--results not JSON" "$BENCH" --results "$TMP/garbage.json"

# Two runs compared on any machine: --results shows one, --baseline judges it.
"$BENCH" --results "$RUN" >"$TMP/out" && rc=0 || rc=$?
tap_check "--results: the table of a guest run, ratios only (it was emulated)" \
	'[ $rc -eq 0 ] && grep -q "^rwp_async_fault " "$TMP/out" && ! grep -q "median ns" "$TMP/out"'
"$BENCH" --results "$RUN" --baseline "$RUN" >"$TMP/out" && rc=0 || rc=$?
tap_check "--baseline: a run against itself passes" '[ $rc -eq 0 ] && ! grep -q REGRESSED "$TMP/out"'
# The baseline's async fault 3x cheaper: now it reads 3x worse.
python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
for o in d["ops"]:
    if o["name"] == "rwp_async_fault":
        o["median_ns"] //= 3
json.dump(d, open(sys.argv[2], "w"))' "$RUN" "$TMP/old.json"
"$BENCH" --results "$RUN" --baseline "$TMP/old.json" >"$TMP/out" && rc=0 || rc=$?
tap_check "--baseline: an op more than 2x worse exits 1 and is named" \
	'[ $rc -eq 1 ] && [ "$(grep -c "^REGRESSED" "$TMP/out")" -eq 1 ] && grep -q "^REGRESSED rwp_async_fault" "$TMP/out"'
[ $rc -eq 1 ] || tap_show "$TMP/out"

# Where the kernel (or the sandbox) offers no RWP: exit 4 and one "# SKIP" line.
"$BENCH" --iterations 1 --range_mb 4 --range_iterations 1 --stall_timeout 20s \
	>"$TMP/out" 2>"$TMP/err" && rc=0 || rc=$?
if [ "$rc" -eq 4 ]; then
	tap_check "no RWP: exit 4 with one '# SKIP' line" \
		'[ "$(wc -l <"$TMP/out")" -eq 1 ] && grep -q "^# SKIP uffd_rwp_bench: \[" "$TMP/out" && [ ! -s "$TMP/err" ]'
else
	tap_skip "no RWP: exit 4 with one '# SKIP' line" "this kernel has RWP (exit $rc)"
fi
tap_done
