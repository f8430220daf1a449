#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Checks of scripts/matrix with a stub vmtest (UFFDC_VMTEST) that writes canned
# reports, so no kernel boots: bad input exits 2 with one line before any run;
# a test that passed in the baseline and fails now is a regression, printed,
# recorded in the JSON and shown in the HTML, and fails the matrix; fixed, new
# and removed are listed; a claim whose status differs between two kernels is
# marked; a broken run exits 3 and the report of the rest is still written; a
# matrix serves as a later baseline; render_report --baseline on a single run.
# Usage: scripts/tests/matrix_test.sh BINDIR (scripts/build's; render_report)
# shellcheck disable=SC2016,SC2317 # the checks are strings that tap_check evals
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
M=$ROOT/scripts/matrix
export UFFDC_BINDIR=${1:?usage: matrix_test.sh BINDIR}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# shellcheck source=scripts/lib/tap.sh
. "$ROOT/scripts/lib/tap.sh"

# Canned reports: NAME RELEASE RWP(0/1) then TEST=VERDICT ...; two claims, FAULT-1
# over a.*.one and FAULT-2 over a.*.two.
report() {
	python3 - "$WORK/$1.json" "${@:2}" <<'PY'
import json, sys
path, release, rwp, *tests = sys.argv[1:]
results = []
for t in tests:
    name, verdict = t.split("=")
    reason = "[rwp] kernel lacks UFFD_FEATURE_RWP" if verdict == "skip" else ""
    results.append({"name": name, "backing": "anon", "verdict": verdict, "reason": reason})
claims = [{"id": "FAULT-1", "claim": "a read faults", "backings": "A", "patterns": ["a.*.one"]},
          {"id": "FAULT-2", "claim": "a write faults", "backings": "A", "patterns": ["a.*.two"]}]
json.dump({"schema": "uffd-conformance/1",
           "environment": {"kernel": {"release": release},
                           "uffdio_api_features": "0x20000" if rwp == "1" else "0x0"},
           "suites": [{"binary": "uffd_rwp_anon", "backing": "anon", "tests": results}],
           "claims": claims}, open(path, "w"))
PY
}
report old 7.3.0-rc6 1 a.anon.one=pass a.anon.two=fail a.anon.gone=pass
report k1 7.3.0-rc7 1 a.anon.one=fail a.anon.two=pass a.anon.added=pass
report k2 7.2.13 0 a.anon.one=skip a.anon.two=pass
echo 1 >"$WORK/k1.exit"
echo 4 >"$WORK/k2.exit"
# The stub: a kernel's canned report and exit status; "broken" leaves no report
# and exits 3, as vmtest does when the guest crashes before the report.
cat >"$WORK/vmtest" <<'SH'
#!/usr/bin/env bash
dir=$(dirname "$0") kernel='' json=''
echo "$*" >>"$dir/calls"
while (($#)); do
	case $1 in
	--kernel) kernel=$2; shift ;;
	--json) json=$2; shift ;;
	--) shift; echo "runner: $*" >>"$dir/calls"; break ;;
	esac
	shift
done
[ "$kernel" != broken ] || { echo "guest crashed" >&2; exit 3; }
cp "$dir/$kernel.json" "$json"
echo "1 passed, 0 failed, 0 skipped"
exit "$(cat "$dir/$kernel.exit")"
SH
chmod +x "$WORK/vmtest"
export UFFDC_VMTEST=$WORK/vmtest

bad() { tap_bad_input "$1" "$M" "${@:2}"; }
echo '{"not": "a report"}' >"$WORK/notareport.json"
bad "unknown option" --kernel k1 --bogus
bad "no --kernel" --json "$WORK/x.json"
bad "missing value" --kernel
bad "--jobs not a number" --kernel k1 --jobs x
bad "unwritable --json" --kernel k1 --json /nonexistent/dir/m.json
bad "unwritable --html" --kernel k1 --html /nonexistent/dir/m.html
bad "unreadable --baseline" --kernel k1 --baseline "$WORK/missing.json"
bad "a --baseline that is not a report" --kernel k1 --baseline "$WORK/notareport.json"
bad "a report flag after --" --kernel k1 -- --json x.json
bad "a kernel with a comma" --kernel a,b
tap_check "bad input runs no vmtest" '[ ! -e "$WORK/calls" ]'

tap_help_lists_flags "$M"

# Two kernels against a baseline in which a.anon.one passed: k1 fails it now.
rc=0
"$M" --kernel k1 --kernel k2 --baseline "$WORK/old.json" --json "$WORK/m.json" --html "$WORK/m.html" \
	--text "$WORK/m.txt" --output-dir "$WORK/out" -- --suite anon >"$WORK/stdout" 2>"$WORK/stderr" || rc=$?
tap_check "a regression (and k1's failure) exits 1" '[ $rc -eq 1 ]' || tap_show "$WORK/stderr"
tap_check "the runner flags reach each vmtest" '[ "$(grep -c "^runner: --suite anon$" "$WORK/calls")" -eq 2 ]'
tap_check "the regression is printed" 'grep -q "REGRESSION test a.anon.one: pass -> fail" "$WORK/stdout"'
tap_check "the claim regression is printed" 'grep -q "REGRESSION claim FAULT-1: held -> failed" "$WORK/stdout"'
tap_check "fixed, new and removed are printed" 'grep -q "fixed      test a.anon.two: fail -> pass" "$WORK/stdout" &&
	grep -q "new        test a.anon.added: pass" "$WORK/stdout" && grep -q "removed    test a.anon.gone: was pass" "$WORK/stdout"'
tap_check "the claim whose status differs between kernels is marked" \
	'grep -qE "^\* FAULT-1 +failed +not testable on this kernel \(no rwp\)$" "$WORK/stdout"'
tap_check "each kernel's summary: release, RWP, counts, vmtest exit" \
	'grep -qE "^k1 +7.3.0-rc7 +yes +2 +1 +0 +0 +0  exit 1$" "$WORK/stdout" && grep -qE "^k2 +7.2.13 +no +1 +0 +1 +0 +0  exit 4$" "$WORK/stdout"'
tap_check "--text holds stdout" 'cmp -s "$WORK/stdout" "$WORK/m.txt"'
json_has() { python3 -c "import json, sys; d = json.load(open('$WORK/m.json')); sys.exit(0 if ($1) else 1)"; }
tap_check "the JSON records the regression" \
	'json_has "{\"kernel\": \"k1\", \"test\": \"a.anon.one\", \"before\": \"pass\", \"after\": \"fail\"} in d[\"baseline\"][\"regressions\"]"'
tap_check "the JSON records fixed, new and removed" \
	'json_has "[c[\"test\"] for c in d[\"baseline\"][\"fixed\"] if \"test\" in c] == [\"a.anon.two\", \"a.anon.two\"] and d[\"baseline\"][\"new\"][0][\"test\"] == \"a.anon.added\" and [c.get(\"test\") for c in d[\"baseline\"][\"removed\"]] == [\"a.anon.gone\", \"a.anon.gone\"]"'
tap_check "the JSON marks the claim that differs" \
	'json_has "[c[\"id\"] for c in d[\"claims\"] if c[\"differs\"]] == [\"FAULT-1\"] and d[\"kernels\"][1][\"rwp\"] is False"'
tap_check "the HTML shows the regression and the marked claim" \
	'grep -q "regression</span></td><td>test</td><td class=\"name mono\">a.anon.one<" "$WORK/m.html" &&
	grep -q "<tr id=\"claim-FAULT-1\" class=\"differs\">" "$WORK/m.html"'
tap_check "each kernel's report and log are kept" '[ -s "$WORK/out/1-k1.json" ] && [ -s "$WORK/out/2-k2.log" ]'

rc=0
"$M" --kernel k2 --jobs 2 --json "$WORK/k2m.json" --output-dir "$WORK/o2" >"$WORK/stdout" 2>"$WORK/stderr" || rc=$?
tap_check "a kernel whose run only skipped exits 0" '[ $rc -eq 0 ]' || tap_show "$WORK/stderr"
rc=0
"$M" --kernel k2 --baseline "$WORK/m.json" --output-dir "$WORK/o3" >"$WORK/stdout" 2>"$WORK/stderr" || rc=$?
tap_check "a matrix serves as a baseline (k2 against k2: nothing changed)" \
	'[ $rc -eq 0 ] && grep -q "^k2 against k2 (7.2.13): 0 regressions, 0 fixed, 0 new, 0 removed, 0 changed$" "$WORK/stdout"' ||
	tap_show "$WORK/stdout"

rc=0
"$M" --kernel k2 --kernel broken --jobs 2 --json "$WORK/b.json" --output-dir "$WORK/b" >"$WORK/stdout" 2>"$WORK/stderr" || rc=$?
tap_check "a broken run exits 3" '[ $rc -eq 3 ]' || tap_show "$WORK/stderr"
tap_check "the combined report of what did run is written" \
	'python3 -c "import json, sys; d = json.load(open(\"$WORK/b.json\")); k = d[\"kernels\"]; sys.exit(0 if k[0][\"report\"] and k[1][\"broke\"] and k[1][\"vmtest_exit\"] == 3 else 1)"'
tap_check "the text names the broken run" 'grep -qE "^broken +- +exit 3 \(broke: no report \(cannot read" "$WORK/stdout"'

# One run against a baseline, as scripts/vmtest can pass it later.
rc=0
"$UFFDC_BINDIR/render_report" --json "$WORK/k1.json" --baseline "$WORK/old.json" >"$WORK/stdout" 2>&1 || rc=$?
tap_check "render_report --baseline: a regression exits 1 and is printed" \
	'[ $rc -eq 1 ] && grep -q "REGRESSION test a.anon.one: pass -> fail" "$WORK/stdout"'
rc=0
"$UFFDC_BINDIR/render_report" --json "$WORK/old.json" --baseline "$WORK/old.json" >"$WORK/stdout" 2>&1 || rc=$?
tap_check "render_report --baseline: nothing changed exits 0" '[ $rc -eq 0 ]'

tap_done
