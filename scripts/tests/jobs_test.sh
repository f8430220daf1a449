#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# scripts/vmtest --jobs without a boot: bad --jobs values exit 2 with one line
# before any work; the suites are dealt over the guests (jobs_plan); and the
# merge of canned parts (uffdc_run --merge, as vmtest runs it on the guests'
# JSON documents) is one KTAP stream whose plan equals its result lines,
# numbered in one sequence, the suites in backing order, the runner's checks
# once, read by the kernel's KTAP parser with the same counts, plus one set of
# reports; the exit status is one guest's; parts of two kernels are refused.
# Usage: scripts/tests/jobs_test.sh BINDIR (scripts/build's; uffdc_run)
# shellcheck disable=SC2016,SC2030,SC2034 # the checks are strings that tap_check evals; plan() sets vmtest's globals in a subshell
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=${1:?usage: jobs_test.sh BINDIR}
RUN=$BIN/uffdc_run
# shellcheck source=scripts/lib/tap.sh
. "$ROOT/scripts/lib/tap.sh"
tap_scratch jobs-test

for v in 0 -1 abc 1.5 ''; do
	tap_bad_input "--jobs '$v'" "$ROOT/scripts/vmtest" --jobs "$v"
done
tap_bad_input "--jobs=x" "$ROOT/scripts/vmtest" --jobs=x
tap_bad_input "--jobs without a value" "$ROOT/scripts/vmtest" --jobs
tap_check "vmtest --help has --jobs" '"$ROOT/scripts/vmtest" --help | grep -qE "^  --jobs N "'

# The dealing, with vmtest's globals as it sets them.
plan() {
	(
		# shellcheck source=scripts/lib/vmlog.sh
		. "$ROOT/scripts/lib/vmlog.sh"
		# shellcheck source=scripts/lib/jobs.sh
		. "$ROOT/scripts/lib/jobs.sh"
		bindir=$W opt_jobs=$1 GUEST_TCG_THREAD=multi opt_tcg_thread_set=$2
		unset UFFDC_TCG_THREAD
		shift 2
		JOBS_RUNNER_ARGS=("$@")
		jobs_plan
		echo "$JOBS_GUESTS ${JOBS_DEAL[*]} ${JOBS_SUITES[*]} $GUEST_TCG_THREAD"
	)
}
printf '%s\n' anon shmem hugetlb >"$W/backings"
got=$(plan 2 '')
cores=$(nproc)
want_thread=multi
((cores >= 4)) || want_thread=single
tap_check "--jobs 2: anon+hugetlb and shmem ($got)" '[ "$got" = "2 anon,hugetlb shmem anon shmem hugetlb $want_thread" ]'
got=$(plan 2 1)
tap_check "--tcg-thread given: kept ($got)" '[ "${got##* }" = multi ]'
got=$(plan 5 '' --timeout 60s)
tap_check "--jobs 5: a guest per suite ($got)" '[ "${got%% *}" = 3 ]'
got=$(plan 3 '' --suite=uffd_rwp_shmem,anon)
tap_check "--suite's suites, in its order ($got)" '[ "${got% *}" = "2 shmem anon shmem anon" ]'
got=$(plan 3 '' --select g.hugetlb.x,h.shmem.y)
tap_check "--select: only the suites it names ($got)" '[ "${got% *}" = "2 shmem hugetlb shmem hugetlb" ]'
got=$(plan '' '')
tap_check "the default: at least 1, at most the suites ($got)" '(( ${got%% *} >= 1 && ${got%% *} <= 3 ))'
got=$(. "$ROOT/scripts/lib/vmlog.sh"; . "$ROOT/scripts/lib/jobs.sh"; jobs_default 1)
tap_check "jobs_default 1 is 1" '[ "$got" = 1 ]'

# Canned parts: NAME RELEASE SUITES VERDICT [HEALTHY] (each suite two tests and
# its binary's line, then the runner's checks as a guest writes them).
part() {
	python3 - "$W/$1.json" "${@:2}" <<'PY'
import json, sys
path, release, suites, verdict = sys.argv[1:5]
healthy = len(sys.argv) < 6 or sys.argv[5] == "1"
out = []
for b in suites.split(","):
    tests = [{"name": f"g.{b}.one", "verdict": verdict,
              "reason": "[swap] none" if verdict == "skip" else "",
              "diagnostics": [f"# RUN g.{b}.one ..."]},
             {"name": f"g.{b}.two", "verdict": "skip" if verdict == "skip" else "pass", "reason": "[swap] none" if verdict == "skip" else ""},
             {"name": f"uffd_rwp_{b}", "verdict": "pass"}]
    out.append({"binary": f"uffd_rwp_{b}", "backing": b, "tests": tests, "duration_s": 5})
checks = [{"name": "finding.VER-1", "verdict": "pass"},
          {"name": "kernel_health", "verdict": "pass" if healthy else "fail",
           "reason": "" if healthy else "WARNING: CPU: 1 at mm/x.c:1"}]
out.append({"binary": "uffdc_run", "backing": "", "tests": checks})
json.dump({"schema": "uffd-conformance/1", "started": "2026-12-03T19:00:00Z", "duration_s": 10,
           "command": f"uffdc_run --suite {suites}",
           "environment": {"kernel": {"release": release, "version": "#1"},
                           "uffdio_api_features": "0x7ffff", "config_userfaultfd_rwp": "y"},
           "health": {"ok": healthy, "problems": [] if healthy else ["WARNING: CPU: 1 at mm/x.c:1"]},
           "suites": out}, open(path, "w"))
PY
}
part a 7.3.0 hugetlb,anon pass
part b 7.3.0 shmem pass
rc=0
"$RUN" --merge "$W/a.json,$W/b.json" --json "$W/m.json" --junit "$W/m.xml" --html "$W/m.html" \
	--kcidb "$W/k.json" --kcidb_origin test >"$W/out" 2>"$W/err" || rc=$?
tap_check "merge: exit 0" '[ $rc = 0 ] && [ ! -s "$W/err" ]' || tap_show "$W/err"
results=$(grep -cE '^(not )?ok [0-9]+ ' "$W/out")
tap_check "one TAP header and one plan, equal to the $results result lines" \
	'[ "$(grep -c "^TAP version 13$" "$W/out")" = 1 ] && [ "$(grep -cE "^1\.\.[0-9]+$" "$W/out")" = 1 ] &&
	 grep -qx "1..$results" "$W/out"'
tap_check "the results numbered 1..$results in one sequence" \
	'[ "$(grep -oE "^(not )?ok [0-9]+" "$W/out" | grep -oE "[0-9]+$" | paste -sd,)" = "$(seq -s, 1 "$results")" ]'
tap_check "each suite's block, in backing order" \
	'[ "$(sed -n "s/^# selftests: uffd-conformance: //p" "$W/out" | paste -sd,)" = uffd_rwp_anon,uffd_rwp_shmem,uffd_rwp_hugetlb ]'
tap_check "the runner's checks once, at the end" \
	'[ "$(grep -c "uffd-conformance.kernel_health$" "$W/out")" = 1 ] &&
	 grep -E "^(not )?ok " "$W/out" | tail -n1 | grep -q kernel_health'
read -r passed _ failed _ skipped _ < <(tail -n1 "$W/out")
tap_check "one Totals line and a summary adding up to the plan" \
	'[ "$(grep -c "^# Totals:" "$W/out")" = 1 ] && [ $((passed + failed + skipped)) = "$results" ]'
if "$ROOT/scripts/tests/ktap_counts.sh" "$W/out" >"$W/ktap" 2>&1; then
	tap_ok "the kernel's KTAP parser reads it with the same counts"
else
	tap_not_ok "the kernel's KTAP parser reads it with the same counts" "$(tail -n3 "$W/ktap")"
fi
tap_check "the JSON report is the merged run" 'python3 - "$W/m.json" "$(tail -n1 "$W/out")" <<"PY"
import json, sys
d = json.load(open(sys.argv[1]))
assert [s["binary"] for s in d["suites"]] == ["uffd_rwp_anon", "uffd_rwp_shmem", "uffd_rwp_hugetlb", "uffdc_run"], d["suites"]
assert d["summary"]["line"] == sys.argv[2], d["summary"]
assert d["environment"]["kernel"]["release"] == "7.3.0"
PY'
tap_check "JUnit, HTML and KCIDB written" \
	'xmllint --noout "$W/m.xml" && grep -q "uffd_rwp_shmem" "$W/m.html" && python3 -c "import json,sys; json.load(open(sys.argv[1]))[\"tests\"]" "$W/k.json"'

part c 7.3.0 shmem fail
rc=0
"$RUN" --merge "$W/a.json,$W/c.json" >"$W/out" 2>&1 || rc=$?
tap_check "a failure in one part: exit 1" '[ $rc = 1 ] && tail -n1 "$W/out" | grep -q "1 failed"'
part d 7.3.0 shmem pass 0
rc=0
"$RUN" --merge "$W/a.json,$W/d.json" >"$W/out" 2>&1 || rc=$?
tap_check "an unhealthy part fails kernel_health: exit 1" '[ $rc = 1 ] && grep -q "^not ok .* uffd-conformance.kernel_health$" "$W/out"'
part s1 7.3.0 anon skip
part s2 7.3.0 shmem,hugetlb skip
rc=0
"$RUN" --merge "$W/s1.json,$W/s2.json" >"$W/out" 2>&1 || rc=$?
tap_check "every suite test skipped: exit 4" '[ $rc = 4 ]'
part e 7.2.9 shmem pass
rc=0
"$RUN" --merge "$W/a.json,$W/e.json" >"$W/out" 2>"$W/err" || rc=$?
tap_check "parts of two kernels: one line, exit 1, no stream" \
	'[ $rc = 1 ] && [ ! -s "$W/out" ] && [ "$(wc -l <"$W/err")" = 1 ] && grep -q 7.2.9 "$W/err"' || tap_show "$W/err"
rc=0
"$RUN" --merge "$W/a.json,$W/nonexistent.json" >"$W/out" 2>"$W/err" || rc=$?
tap_check "a missing part: one line, exit 1" '[ $rc = 1 ] && [ "$(wc -l <"$W/err")" = 1 ]'
tap_done
