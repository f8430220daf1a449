#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# End-to-end checks of uffdc_run against fake suite binaries (harness/testdata):
# verdicts, exit status and one-line errors for bad input, crashes and hangs.
# shellcheck disable=SC2016,SC2034,SC2317 # the checks are strings that check() evals
set -uo pipefail
RUN=$1
DATA=$(dirname "$2")
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
n=0 failed=0
check() {  # check NAME CONDITION...
	n=$((n + 1))
	if eval "${*:2}"; then echo "ok $n $1"; else echo "not ok $n $1"; failed=1; fi
}
fake() {  # fake SCRIPT: a bindir whose uffd_rwp_anon is that script
	rm -rf "$WORK/bin"; mkdir -p "$WORK/bin"; cp "$DATA/$1" "$WORK/bin/uffd_rwp_anon"
}
echo "TAP version 13"; echo "1..24"

"$RUN" --no_such_flag >"$WORK/out" 2>"$WORK/err"; rc=$?
check "unknown flag exits non-zero" '[ $rc -ne 0 ]'
check "unknown flag names the flag in one line" 'grep -q no_such_flag "$WORK/err"'

fake good.sh
"$RUN" --bindir "$WORK/bin" --suite shmem >"$WORK/out" 2>"$WORK/err"; rc=$?
check "missing binary exits 2 with its path" '[ $rc -eq 2 ] && grep -q "not found: $WORK/bin/uffd_rwp_shmem" "$WORK/err"'

"$RUN" --bindir "$WORK/bin" --suite anon >"$WORK/out" 2>&1; rc=$?
check "good suite: exit 0 and summary line" '[ $rc -eq 0 ] && [ "$(tail -n1 "$WORK/out")" = "1 passed, 0 failed, 1 skipped" ]'
check "good suite: TAP nested under a kselftest line" 'grep -qx "ok 1 selftests: uffd-conformance: uffd_rwp_anon" "$WORK/out" && grep -qx "# ok 1 a.anon.first" "$WORK/out"'

fake crash.sh
"$RUN" --bindir "$WORK/bin" --suite anon >"$WORK/out" 2>&1; rc=$?
check "crash: exit 1, failure names the signal" '[ $rc -eq 1 ] && grep -q "crashed: killed by signal 11" "$WORK/out"'
check "crash: summary counts it failed" '[ "$(tail -n1 "$WORK/out")" = "1 passed, 1 failed, 0 skipped" ]'

fake hang.sh
start=$(date +%s)
"$RUN" --bindir "$WORK/bin" --suite anon --timeout 2s >"$WORK/out" 2>&1; rc=$?
took=$(( $(date +%s) - start ))
check "hang: exit 1 within the bound" '[ $rc -eq 1 ] && [ $took -lt 10 ]'
check "hang: failure names the timeout" 'grep -q "timed out after 2s" "$WORK/out"'

fake garbage.sh
"$RUN" --bindir "$WORK/bin" --suite anon >"$WORK/out" 2>&1; rc=$?
check "garbage output: exit 1, malformed TAP reported" '[ $rc -eq 1 ] && grep -q "malformed TAP: no plan" "$WORK/out"'

fake truncated.sh
"$RUN" --bindir "$WORK/bin" --suite anon >"$WORK/out" 2>&1; rc=$?
check "truncated TAP: exit 1" '[ $rc -eq 1 ] && grep -q "truncated TAP: plan 1..4 but 2" "$WORK/out"'

"$RUN" --bindir "$WORK/bin" --suite bogus >"$WORK/out" 2>"$WORK/err"; rc=$?
check "unknown suite: exit 2 with one line" '[ $rc -eq 2 ] && [ $(wc -l <"$WORK/err") -eq 1 ]'
fake good.sh
"$RUN" --bindir "$WORK/bin" --suite anon --require rwp,bogus >"$WORK/out" 2>"$WORK/err"; rc=$?
check "unknown --require name: exit 2 before any test" '[ $rc -eq 2 ] && ! grep -q selftests "$WORK/out" && grep -q "unknown --require name .bogus." "$WORK/err"'

# --select: each name becomes the harness's -r for its backing's binary.
printf '%s\n' '#!/bin/sh' 'echo "TAP version 13"; echo "1..1"; echo "# args: $*"; echo "ok 1 a.anon.first"' \
	>"$WORK/bin/uffd_rwp_anon"
"$RUN" --bindir "$WORK/bin" --suite anon --select 'a.*.first,b.anon.second,c.shmem.third' >"$WORK/out" 2>&1; rc=$?
check "--select: passed to the suite as -r fixture.backing.test" '[ $rc -eq 0 ] && grep -qx "# # args: -r a.anon.first -r b.anon.second" "$WORK/out"'
"$RUN" --bindir "$WORK/bin" --suite anon --select 'nodots' >"$WORK/out" 2>"$WORK/err"; rc=$?
check "--select: a malformed name is bad input" '[ $rc -eq 2 ] && grep -q "is not <group>.<backing>.<test>" "$WORK/err"'
fake good.sh

"$RUN" --bindir "$WORK/bin" --suite anon --json /nonexistent/dir/r.json >"$WORK/out" 2>"$WORK/err"; rc=$?
check "unwritable --json: exit 2 before any test" '[ $rc -eq 2 ] && ! grep -q selftests "$WORK/out" && grep -q "cannot write --json /nonexistent/dir/r.json" "$WORK/err"'

"$RUN" --bindir "$WORK/bin" --suite anon --html /nonexistent/r.html >"$WORK/out" 2>"$WORK/err"; rc=$?
check "unwritable --html: exit 2 before any test" '[ $rc -eq 2 ] && ! grep -q selftests "$WORK/out"'
"$RUN" --bindir "$WORK/bin" --suite anon --junit "$WORK/j.xml" --html "$WORK/r.html" >"$WORK/out" 2>&1; rc=$?
check "--junit and --html are written in the same run" '[ $rc -eq 0 ] && grep -q "<testsuites" "$WORK/j.xml" && grep -q "1 passed, 0 failed, 1 skipped" "$WORK/r.html"'

echo '{"known_issues": [{"test": "x"}]}' >"$WORK/ki.json"
"$RUN" --bindir "$WORK/bin" --suite anon --known_issues "$WORK/ki.json" >"$WORK/out" 2>"$WORK/err"; rc=$?
check "malformed known-issues file: exit 2, one line naming the problem" '[ $rc -eq 2 ] && [ $(wc -l <"$WORK/err") -eq 1 ] && grep -q "entry 0: missing reason" "$WORK/err"'

"$RUN" --bindir "$WORK/bin" --suite anon --require rwp >"$WORK/out" 2>&1; rc=$?
check "--require rwp turns the RWP skip into a failure" '[ $rc -eq 1 ] && grep -q "fail: a.anon.second: required (--require rwp)" "$WORK/out"'

cat >"$WORK/ki.json" <<'KI'
{"known_issues": [{"test": "a.*.first", "claims": ["X-1"], "reason": "known deviation"}]}
KI
"$RUN" --bindir "$WORK/bin" --suite anon --known_issues "$WORK/ki.json" >"$WORK/out" 2>&1; rc=$?
check "a known issue that passes is an XPASS (a failure) with its reason" '[ $rc -eq 1 ] && grep -q "xpass: a.anon.first: known issue did not reproduce: known deviation" "$WORK/out"'
"$RUN" --bindir "$WORK/bin" --suite anon --known_issues "$WORK/ki.json" --strict >"$WORK/out" 2>&1; rc=$?
check "--strict ignores the known-issues list" '[ $rc -eq 0 ]'

"$RUN" --bindir "$WORK/bin" --suite anon --json "$WORK/r.json" >"$WORK/out" 2>&1; rc=$?
check "--json writes a document with environment and results" 'python3 - "$WORK/r.json" <<PY
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "uffd-conformance/1"
env = d["environment"]
for k in ("kernel", "uffdio_api_features", "config_userfaultfd_rwp", "hugepages", "swap_total_kb", "numa_nodes"):
    assert k in env, k
assert env["kernel"]["release"] and env["kernel"]["machine"]
t = d["suites"][0]["tests"]
assert [x["verdict"] for x in t] == ["pass", "skip"], t
assert t[1]["reason"].startswith("kernel lacks"), t[1]
for x in t:
    for k in ("name", "backing", "verdict", "reason", "duration_s", "claims"):
        assert k in x, k
assert d["summary"]["line"] == "1 passed, 0 failed, 1 skipped"
assert len(d["claims"]) == 96
PY'

"$RUN" --bindir "$WORK/bin" --suite anon --claims >"$WORK/out" 2>&1; rc=$?
check "--claims prints the claims report before the summary" 'grep -q "^# claims: 96 in all" "$WORK/out" && [ "$(tail -n1 "$WORK/out")" = "1 passed, 0 failed, 1 skipped" ]'
exit $failed
