#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# End-to-end checks of uffdc_run against fake suite binaries (harness/testdata):
# verdicts as KTAP result lines, the plan and the summary adding up, kselftest's
# exit codes, and one-line errors for bad input, crashes and hangs.
# shellcheck disable=SC2016,SC2034,SC2317 # the checks are strings that tap_check evals
set -uo pipefail
RUN=$1
DATA=$(dirname "$2")
# shellcheck source=scripts/lib/tap.sh
. "$3"
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
fake() {  # fake SCRIPT: a bindir whose uffd_rwp_anon is that script
	rm -rf "$WORK/bin"; mkdir -p "$WORK/bin"; cp "$DATA/$1" "$WORK/bin/uffd_rwp_anon"
}
# The plan equals the result lines, and the summary's numbers add up to it.
adds_up() {
	local plan results summary
	plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$1" | head -n1)
	results=$(grep -cE '^(not )?ok [0-9]+ ' "$1")
	summary=$(tail -n1 "$1" | awk '{ print $1 + $3 + $5 }')
	[ "$plan" = "$results" ] && [ "$plan" = "$summary" ]
}

"$RUN" --no_such_flag >"$WORK/out" 2>"$WORK/err"; rc=$?
tap_check "unknown flag exits 1" '[ $rc -eq 1 ]'
tap_check "unknown flag names the flag in one line" 'grep -q no_such_flag "$WORK/err"'
"$RUN" --help >"$WORK/out" 2>&1; rc=$?
tap_check "--help lists every flag" 'for f in suite bindir timeout known_issues strict require json junit html claims; do grep -q -- "-$f" "$WORK/out" || exit 1; done'

fake good.sh
"$RUN" --bindir "$WORK/bin" --suite shmem >"$WORK/out" 2>"$WORK/err"; rc=$?
tap_check "missing binary exits 1 with its path" '[ $rc -eq 1 ] && grep -q "not found: $WORK/bin/uffd_rwp_shmem" "$WORK/err"'

"$RUN" --bindir "$WORK/bin" --suite anon >"$WORK/out" 2>&1; rc=$?
tap_check "good suite: exit 0" '[ $rc -eq 0 ]'
tap_check "good suite: each test is a result line of the runner's" 'grep -qx "ok 1 a.anon.first" "$WORK/out" && grep -qx "ok 2 a.anon.second # SKIP \[rwp\] kernel lacks UFFD_FEATURE_RWP" "$WORK/out"'
tap_check "good suite: the binary and the runner's checks are result lines" 'grep -qx "ok 3 uffd-conformance.uffd_rwp_anon" "$WORK/out" && grep -qE "^ok [0-9]+ uffd-conformance.kernel_health$" "$WORK/out" && grep -qE "^ok [0-9]+ uffd-conformance.finding.VER-1" "$WORK/out"'
tap_check "good suite: one TAP header, plan and summary add up" '[ $(grep -c "^TAP version" "$WORK/out") -eq 1 ] && adds_up "$WORK/out"'
tap_check "good suite: kselftest Totals line before the summary" 'tail -n2 "$WORK/out" | head -n1 | grep -qE "^# Totals: pass:[0-9]+ fail:0 xfail:[0-9]+ xpass:0 skip:1 error:0$"'

fake skipped.sh
"$RUN" --bindir "$WORK/bin" --suite anon >"$WORK/out" 2>&1; rc=$?
tap_check "every test skipped: exit 4 (kselftest's SKIP)" '[ $rc -eq 4 ]'

fake crash.sh
"$RUN" --bindir "$WORK/bin" --suite anon >"$WORK/out" 2>&1; rc=$?
tap_check "crash: exit 1, the binary's line names the signal" '[ $rc -eq 1 ] && grep -qx "not ok 4 uffd-conformance.uffd_rwp_anon" "$WORK/out" && grep -q "crashed: killed by signal 11" "$WORK/out"'
tap_check "crash: the tests it never reported are errors" 'grep -q "^not ok 2 a.anon.second # error not run: uffd_rwp_anon ended before it (crashed" "$WORK/out" && grep -q "^not ok 3 a.anon.third # error" "$WORK/out"'
tap_check "crash: plan and summary add up" 'adds_up "$WORK/out"'

fake hang.sh
start=$(date +%s)
"$RUN" --bindir "$WORK/bin" --suite anon --timeout 2s >"$WORK/out" 2>&1; rc=$?
took=$(( $(date +%s) - start ))
tap_check "hang: exit 1 within the bound" '[ $rc -eq 1 ] && [ $took -lt 10 ]'
tap_check "hang: failure names the timeout, the unreported test is an error" 'grep -q "timed out after 2s" "$WORK/out" && grep -q "^not ok 2 a.anon.second # error" "$WORK/out" && adds_up "$WORK/out"'

fake garbage.sh
"$RUN" --bindir "$WORK/bin" --suite anon >"$WORK/out" 2>&1; rc=$?
tap_check "garbage output: exit 1, malformed TAP reported" '[ $rc -eq 1 ] && grep -q "malformed TAP: no plan" "$WORK/out" && adds_up "$WORK/out"'

fake truncated.sh
"$RUN" --bindir "$WORK/bin" --suite anon >"$WORK/out" 2>&1; rc=$?
tap_check "truncated TAP: exit 1" '[ $rc -eq 1 ] && grep -q "truncated TAP: plan 1..4 but 2" "$WORK/out" && adds_up "$WORK/out"'

"$RUN" --bindir "$WORK/bin" --suite bogus >"$WORK/out" 2>"$WORK/err"; rc=$?
tap_check "unknown suite: exit 1 with one line" '[ $rc -eq 1 ] && [ $(wc -l <"$WORK/err") -eq 1 ]'
fake good.sh
"$RUN" --bindir "$WORK/bin" --suite anon --require rwp,bogus >"$WORK/out" 2>"$WORK/err"; rc=$?
tap_check "unknown --require name: exit 1 before any test" '[ $rc -eq 1 ] && ! grep -q selftests "$WORK/out" && grep -q "unknown --require name .bogus." "$WORK/err"'

# --select: each name becomes the harness's -r for its backing's binary, and only
# the selected tests are planned.
printf '%s\n' '#!/bin/sh' \
	"[ \"\${1:-}\" = -l ] && { printf '%-20s %-25s %s\\n' '# FIXTURE' VARIANT TEST a anon first b anon second >&2; exit 4; }" \
	'echo "TAP version 13"; echo "1..1"; echo "# args: $*"; echo "ok 1 a.anon.first"' \
	>"$WORK/bin/uffd_rwp_anon"
chmod +x "$WORK/bin/uffd_rwp_anon"
"$RUN" --bindir "$WORK/bin" --suite anon --select 'a.*.first,c.shmem.third' >"$WORK/out" 2>&1; rc=$?
tap_check "--select: passed to the suite as -r fixture.backing.test, only it planned" '[ $rc -eq 0 ] && grep -qx "# args: -r a.anon.first" "$WORK/out" && ! grep -q "b.anon.second" "$WORK/out" && adds_up "$WORK/out"'
"$RUN" --bindir "$WORK/bin" --suite anon --select 'nodots' >"$WORK/out" 2>"$WORK/err"; rc=$?
tap_check "--select: a malformed name is bad input" '[ $rc -eq 1 ] && grep -q "is not <group>.<backing>.<test>" "$WORK/err"'
fake good.sh

"$RUN" --bindir "$WORK/bin" --suite anon --json /nonexistent/dir/r.json >"$WORK/out" 2>"$WORK/err"; rc=$?
tap_check "unwritable --json: exit 1 before any test" '[ $rc -eq 1 ] && ! grep -q selftests "$WORK/out" && grep -q "cannot write --json /nonexistent/dir/r.json" "$WORK/err"'

"$RUN" --bindir "$WORK/bin" --suite anon --html /nonexistent/r.html >"$WORK/out" 2>"$WORK/err"; rc=$?
tap_check "unwritable --html: exit 1 before any test" '[ $rc -eq 1 ] && ! grep -q selftests "$WORK/out"'
"$RUN" --bindir "$WORK/bin" --suite anon --junit "$WORK/j.xml" --html "$WORK/r.html" >"$WORK/out" 2>&1; rc=$?
tap_check "--junit and --html are written in the same run" '[ $rc -eq 0 ] && grep -q "<testsuites" "$WORK/j.xml" && grep -q "$(tail -n1 "$WORK/out")" "$WORK/r.html"'

echo '{"known_issues": [{"test": "x"}]}' >"$WORK/ki.json"
"$RUN" --bindir "$WORK/bin" --suite anon --known_issues "$WORK/ki.json" >"$WORK/out" 2>"$WORK/err"; rc=$?
tap_check "malformed known-issues file: exit 1, one line naming the problem" '[ $rc -eq 1 ] && [ $(wc -l <"$WORK/err") -eq 1 ] && grep -q "entry 0: missing reason" "$WORK/err"'

"$RUN" --bindir "$WORK/bin" --suite anon --require rwp >"$WORK/out" 2>&1; rc=$?
tap_check "--require rwp turns the tagged RWP skip into a failure" '[ $rc -eq 1 ] && grep -qx "not ok 2 a.anon.second" "$WORK/out" && grep -q "fail: a.anon.second: required (--require rwp)" "$WORK/out"'

cat >"$WORK/ki.json" <<'KI'
{"known_issues": [{"test": "a.*.first", "claims": ["X-1"], "kind": "kernel-bug", "reason": "known deviation", "signature": ["never"]}]}
KI
"$RUN" --bindir "$WORK/bin" --suite anon --known_issues "$WORK/ki.json" >"$WORK/out" 2>&1; rc=$?
tap_check "a known issue that passes is an XPASS result line (a failure) with its reason" '[ $rc -eq 1 ] && grep -qx "not ok 1 a.anon.first # XPASS the known issue did not reproduce: known deviation" "$WORK/out"'
"$RUN" --bindir "$WORK/bin" --suite anon --known_issues "$WORK/ki.json" --strict >"$WORK/out" 2>&1; rc=$?
tap_check "--strict ignores the known-issues list" '[ $rc -eq 0 ]'

# A crafted list against a crafted failure: the signature decides.
cat >"$WORK/bin/uffd_rwp_anon" <<'SUITE'
#!/bin/sh
[ "${1:-}" = -l ] && { printf '%-20s %-25s %s\n' '# FIXTURE' VARIANT TEST a anon first >&2; exit 4; }
echo "TAP version 13"; echo "1..1"
echo "# ./suites/a.inc:9:first:FAIL: hot: pages {1}, expected {0}"
echo "not ok 1 a.anon.first"
exit 1
SUITE
cat >"$WORK/ki.json" <<'KI'
{"known_issues": [{"test": "a.*.first", "claims": ["X-1"], "kind": "kernel-bug", "reason": "known deviation",
  "signature": ["first:FAIL: hot: pages \\{1\\}, expected \\{0\\}$"]}]}
KI
"$RUN" --bindir "$WORK/bin" --suite anon --known_issues "$WORK/ki.json" --json "$WORK/x.json" >"$WORK/out" 2>&1; rc=$?
tap_check "a failure with the known signature is an XFAIL line keeping its diagnostic" '[ $rc -eq 0 ] && grep -qx "ok 1 a.anon.first # XFAIL known deviation" "$WORK/out" && grep -q "known kernel-bug: known deviation (its failure: ./suites/a.inc:9:first:FAIL: hot: pages {1}, expected {0})" "$WORK/out"'
sed -i 's/pages \\\\{1\\\\}/pages \\\\{2\\\\}/' "$WORK/ki.json"
"$RUN" --bindir "$WORK/bin" --suite anon --known_issues "$WORK/ki.json" >"$WORK/out" 2>&1; rc=$?
tap_check "the same test failing another way stays a FAIL" '[ $rc -eq 1 ] && grep -qx "not ok 1 a.anon.first" "$WORK/out" && grep -q "not its signature" "$WORK/out"'

fake good.sh
"$RUN" --bindir "$WORK/bin" --suite anon --json "$WORK/r.json" >"$WORK/out" 2>&1; rc=$?
tap_check "--json writes a document with environment and results" 'python3 - "$WORK/r.json" "$(tail -n1 "$WORK/out")" <<PY
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "uffd-conformance/1"
env = d["environment"]
for k in ("kernel", "uffdio_api_features", "config_userfaultfd_rwp", "hugepages", "swap_total_kb", "numa_nodes"):
    assert k in env, k
assert env["kernel"]["release"] and env["kernel"]["machine"]
t = d["suites"][0]["tests"]
assert [x["verdict"] for x in t] == ["pass", "skip", "pass"], t
assert t[1]["reason"].startswith("[rwp] kernel lacks"), t[1]
assert t[0]["duration_s"] is not None
for x in t:
    for k in ("name", "backing", "verdict", "reason", "duration_s", "claims"):
        assert k in x, k
assert d["summary"]["line"] == sys.argv[2]
assert len(d["claims"]) == 96
PY'

"$RUN" --bindir "$WORK/bin" --suite anon --claims >"$WORK/out" 2>&1; rc=$?
tap_check "--claims prints the claims report before the summary" 'grep -q "^# claims: 96 in all" "$WORK/out" && tail -n1 "$WORK/out" | grep -qE "^[0-9]+ passed, 0 failed, 1 skipped$"'
tap_done
