#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# render_report's JUnit output against harness/testdata/junit.xsd: the sample
# report and a hostile one must validate, their counts must add up, and the schema
# must reject documents with the mistakes it exists to catch. Prints TAP.
# shellcheck disable=SC2016,SC2317 # the checks are strings that tap_check evals
set -uo pipefail
RENDER=$1 SAMPLE=$2 XSD=$3
WORK=$(mktemp -d "${TEST_TMPDIR:-/tmp}/junit_xsd.XXXXXX"); trap 'rm -rf "$WORK"' EXIT
if ! command -v xmllint >/dev/null; then
	echo "1..0 # SKIP xmllint missing (libxml2-utils; scripts/setup installs it)"
	exit 1
fi
# shellcheck source=scripts/lib/tap.sh
. "$4"
check() { tap_check "$@"; }
valid() { xmllint --noout --schema "$XSD" "$1" >"$WORK/lint.log" 2>&1; }

"$RENDER" --json "$SAMPLE" --junit "$WORK/sample.xml" --html "$WORK/sample.html" 2>"$WORK/err"; rc=$?
check "render_report renders the sample" '[ $rc -eq 0 ] && [ -s "$WORK/sample.xml" ] && [ -s "$WORK/sample.html" ]'
check "the sample's JUnit validates against junit.xsd" 'valid "$WORK/sample.xml" || { cat "$WORK/lint.log"; false; }'

xpath() { xmllint --xpath "$1" "$WORK/sample.xml" 2>/dev/null; }
check "tests= counts every testcase" '[ "$(xpath "string(/testsuites/@tests)")" = "$(xpath "count(//testcase)")" ]'
check "failures= counts failure elements" '[ "$(xpath "string(/testsuites/@failures)")" = "$(xpath "count(//failure)")" ]'
check "errors= counts error elements" '[ "$(xpath "string(/testsuites/@errors)")" = "$(xpath "count(//error)")" ]'
check "skipped= counts skipped elements" '[ "$(xpath "string(/testsuites/@skipped)")" = "$(xpath "count(//skipped)")" ]'
check "the sample has 3 suites and 18 tests" '[ "$(xpath "count(//testsuite)")" = 3 ] && [ "$(xpath "string(/testsuites/@tests)")" = 18 ]'
check "every suite counts its own testcases" '
	for s in 1 2 3; do
		[ "$(xpath "string(//testsuite[$s]/@tests)")" = "$(xpath "count(//testsuite[$s]/testcase)")" ] || exit 1
	done'
check "xfail is a skipped testcase whose message starts with xfail: (pytest's convention)" \
	'xpath "string(//testcase[@name=\"drop.hugetlb.punch_hole_drops_protection\"]/skipped/@message)" | grep -q "^xfail: "'
check "the crashed binary is a failure" \
	'xpath "string(//testcase[@name=\"uffd_rwp_hugetlb\"]/failure/@message)" | grep -q "crashed: killed by signal 11"'

# A hostile report: markup, quotes, control characters (as JSON escapes),
# non-ASCII, a missing verdict, a suite without a binary, odd types.
cat >"$WORK/hostile.json" <<'JSON'
{"started": "not a date", "duration_s": "x",
 "environment": {"kernel": {"release": "<b>&\"'\u0001\u001b[0m"}, "uffdio_api_feature_names": [1, null, "\u0000"]},
 "health": {"problems": ["]]> <!-- --> \u0008"]},
 "findings": [{"claim": "A&B", "status": "contradicts", "text": "\ud83d\udc27 \u00e9"}],
 "suites": [
  {"tests": [{"name": "t<1>", "verdict": "pass"}, {"verdict": null}, {"name": "x", "verdict": "skip"}, 7]},
  {"binary": "b", "duration_s": -1, "tests": [{"name": "c", "verdict": "fail", "duration_s": 1e300,
    "reason": "", "diagnostics": ["\u0002 ]]> &amp;"]}, {"name": "d", "verdict": "xpass"}, {"name": "e", "verdict": "error"}]}
 ]}
JSON
"$RENDER" --json "$WORK/hostile.json" --junit "$WORK/hostile.xml" 2>"$WORK/err"; rc=$?
check "render_report renders a hostile report" '[ $rc -eq 0 ]'
check "the hostile report's JUnit validates" 'valid "$WORK/hostile.xml" || { cat "$WORK/lint.log"; false; }'
check "no raw control characters in it" '! LC_ALL=C grep -qP "[\x00-\x08\x0b\x0c\x0e-\x1f]" "$WORK/hostile.xml"'

"$RENDER" --json "$WORK/missing.json" --junit "$WORK/x.xml" 2>"$WORK/err"; rc=$?
check "a missing input exits 2 naming it" '[ $rc -eq 2 ] && grep -q "missing.json" "$WORK/err"'
echo '{"suites": [' >"$WORK/broken.json"
"$RENDER" --json "$WORK/broken.json" --junit "$WORK/x.xml" 2>"$WORK/err"; rc=$?
check "malformed JSON exits 2" '[ $rc -eq 2 ] && grep -q "not a JSON object" "$WORK/err"'

# The schema catches the mistakes a renderer could make.
mutant() {  # mutant NAME SED-EXPRESSION: the sample, changed, must not validate
	sed "$2" "$WORK/sample.xml" >"$WORK/mutant.xml"
	if cmp -s "$WORK/sample.xml" "$WORK/mutant.xml"; then
		tap_not_ok "rejects $1 # the edit changed nothing"; return
	fi
	check "rejects $1" '! valid "$WORK/mutant.xml"'
}
mutant "a testcase without time" '0,/<testcase \(.*\) time="[^"]*"/s//<testcase \1/'
mutant "a non-numeric time" '0,/time="[0-9.]*"/s//time="1.5s"/'
mutant "a negative count" '0,/failures="[0-9]*"/s//failures="-1"/'
mutant "a missing classname" '0,/ classname="[^"]*"/s///'
mutant "a foreign classname" '0,/classname="uffd-conformance\./s//classname="other./'
mutant "an unknown failure type" '0,/type="fail"/s//type="crash"/'
mutant "skipped without a message" '0,/<skipped message="[^"]*"/s//<skipped/'
mutant "properties after a testcase" '0,/<properties>/s//<testcase classname="uffd-conformance.x" name="y" time="0.000"\/><properties>/'
mutant "system-out before failure" '0,/<failure /s//<system-out>x<\/system-out><failure /'
mutant "two outcomes in one testcase" '0,/<skipped /s//<error message="e" type="setup"\/><skipped /'
mutant "an unknown element" '0,/<properties>/s//<properties><bogus\/>/'
mutant "a duplicate suite name" '0,/<testsuite name="uffd_rwp_shmem"/s//<testsuite name="uffd_rwp_anon"/'
mutant "a bad timestamp" '0,/timestamp="[^"]*"/s//timestamp="yesterday"/'

tap_done
