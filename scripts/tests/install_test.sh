#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The kselftest install layout: scripts/install into a fresh directory, then its
# run_kselftest.sh gives the same per-suite verdicts as scripts/run, and the
# kselftest options (-l, -t, -c, unknown option) behave.
# shellcheck disable=SC2016,SC2034,SC2317 # the checks are strings that check() evals
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
n=0 failed=0
check() { n=$((n + 1)); if eval "${*:2}"; then echo "ok $n - $1"; else echo "not ok $n - $1"; failed=1; fi; }
echo "TAP version 13"; echo "1..7"

UFFDC_SKIP_SETUP=1 "$ROOT/scripts/install" "$WORK/ks" >/dev/null 2>"$WORK/install.err"
check "install creates the kselftest layout and a tarball" \
	'[ -x "$WORK/ks/run_kselftest.sh" ] && [ -r "$WORK/ks/kselftest-list.txt" ] && [ -r "$WORK/ks/uffd-conformance/settings" ] && [ -s "$WORK/ks.tar.gz" ]'
check "kselftest-list.txt names the three suites" \
	'[ "$(cat "$WORK/ks/kselftest-list.txt")" = "$(printf "uffd-conformance:uffd_rwp_%s\n" anon shmem hugetlb)" ]'

"$WORK/ks/run_kselftest.sh" >"$WORK/ks.out" 2>&1; ks_rc=$?
UFFDC_SKIP_SETUP=1 "$ROOT/scripts/run" >"$WORK/run.out" 2>&1; run_rc=$?
verdicts() { grep -E '^(not )?ok [0-9]+ selftests: ' "$1" | sed 's/ # .*//'; }
check "same per-suite verdicts as scripts/run" '[ "$(verdicts "$WORK/ks.out")" = "$(verdicts "$WORK/run.out")" ]'
check "same exit status as scripts/run" '[ $ks_rc -eq $run_rc ]'

"$WORK/ks/run_kselftest.sh" -t uffd-conformance:uffd_rwp_shmem >"$WORK/one.out" 2>&1
check "-t runs one test" 'grep -q "^1\.\.1$" "$WORK/one.out" && grep -q "^ok 1 selftests: uffd-conformance: uffd_rwp_shmem" "$WORK/one.out"'
"$WORK/ks/run_kselftest.sh" -c uffd-conformance -s >"$WORK/c.out" 2>&1
check "-c with -s runs the collection, summary only" '[ $(grep -c "^ok " "$WORK/c.out") -eq 3 ] && ! grep -q "^# # " "$WORK/c.out"'
"$WORK/ks/run_kselftest.sh" --bogus >"$WORK/bad.out" 2>&1; rc=$?
check "an unknown option is rejected" '[ $rc -ne 0 ] && grep -q "unknown option" "$WORK/bad.out"'
exit $failed
