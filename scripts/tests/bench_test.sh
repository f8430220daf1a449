#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Checks of scripts/bench that need no guest: bad input exits 2 with one line
# before any work, --help names every flag, and the figures it computes from a
# bench-mode console (scripts/lib/bench_figures.py), on a console made up here.
# KEEP=1 keeps the made-up console and the figures for a look.
# shellcheck disable=SC2016 # the checks are strings that tap_check evals
set -uo pipefail
LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")/../lib" && pwd)
# shellcheck source=scripts/lib/tap.sh
. "$LIB/tap.sh"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench_test.XXXXXX")
trap '[ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT
B=$LIB/../bench FIG=$LIB/bench_figures.py
bad() { tap_bad_input "$1" "$B" "${@:2}"; }

bad "unknown option" --bogus
bad "--runs zero" --runs 0
bad "--runs not a number" --runs many
bad "missing value" --runs
bad "--cost-args with a space" --cost-args "--iterations=5 --range_mb=8"
bad "unwritable --output-dir" --output-dir /proc/nonexistent
bad "unreadable --cost-baseline" --cost-baseline /nonexistent.json
tap_help_lists_flags "$B"

# block NAME FILE: FILE as /init sends it.
block() { echo "UFFDC-$1-BEGIN"; gzip -c "$2" | base64; echo "UFFDC-$1-END"; }
cat >"$WORK/report.json" <<'JSON'
{"summary": {"pass": 7, "fail": 1, "error": 0, "skip": 2, "xfail": 1, "xpass": 0},
 "suites": [{"tests": [{"verdict": "pass"}, {"verdict": "pass"}, {"verdict": "xfail"},
                       {"verdict": "fail"}, {"verdict": "skip"}]}],
 "claims": [{"status": "held"}, {"status": "held"}, {"status": "deviated"},
            {"status": "partly checked"}, {"status": "finding"}, {"status": "not testable here"}]}
JSON
echo '{"schema": "uffd-conformance-bench/1", "ops": []}' >"$WORK/cost.json"
# A catalogue and a peer mapping of its own, so the figures do not move with the real ones.
echo '{"claims": [{"id": "C-1"}, {"id": "C-2"}, {"id": "C-3"}, {"id": "C-5"}, {"id": "B-A"}, {"id": "B-S"}]}' \
	>"$WORK/claims.json"
cat >"$WORK/peer.json" <<'JSON'
{"peer": {"source": "linux-source-made-up", "sha256": "abc"},
 "backing_claims": {"anon": ["B-A"], "shmem": ["B-S"]},
 "tests": {"UFFDIO_API": {"claims": ["C-1"], "asserts": "x"},
           "rwp-sync": {"claims": ["C-2"], "backing": true, "asserts": "x"},
           "rwp-fork": {"claims": ["C-2", "C-3"], "backing": true, "asserts": "x"},
           "rwp-gup": {"claims": ["C-5"], "asserts": "x"},
           "wp-fork": {"claims": [], "reason": "WP only"}}}
JSON
MAP=(--claims "$WORK/claims.json" --peer-claims "$WORK/peer.json")
run() {  # run N SUITE_CS PEER_CS: one run's stages
	echo "UFFDC-BENCH-START stage=suite run=$1"
	echo "ok 1 api.anon.x"
	echo "UFFDC-BENCH stage=suite run=$1 rc=1 cs=$2"
	block BENCH-SUITE-JSON "$WORK/report.json"
	echo "UFFDC-BENCH-START stage=peer run=$1"
	printf '%s\n' "TAP version 13" "1..6" "ok 1 UFFDIO_API (with syscall)" "ok 2 rwp-sync on anon" \
		"not ok 3 rwp-fork on shmem" "ok 4 # SKIP rwp-gup on hugetlb (feature missing)" \
		"ok 5 # SKIP wp-fork on anon (feature missing)" "ok 6 brand-new on anon" \
		"# Totals: pass:3 fail:1"
	echo "UFFDC-BENCH stage=peer run=$1 rc=1 cs=$3"
}
{
	echo "UFFDC-GUEST-READY"
	run 1 1000 200
	run 2 2000 400
	echo "UFFDC-BENCH-START stage=cost run=1"
	echo "rwp_async_fault   4 KiB   0.09"
	echo "UFFDC-BENCH stage=cost run=1 rc=0 cs=300"
	block BENCH-COST-JSON "$WORK/cost.json"
	echo "UFFDC-EXIT=1"
} >"$WORK/console"
python3 "$FIG" "${MAP[@]}" "$WORK/console" "$WORK/out" >"$WORK/figures" 2>"$WORK/err" && rc=0 || rc=$?
row() { grep -E "^$1  " "$WORK/figures" | sed -E "s/^$1 +//; s/  +/|/g"; }
tap_check "figures: exit 0 when every stage reported" '[ $rc -eq 0 ] && [ ! -s "$WORK/err" ]'
tap_check "figures: wall time, median (min-max) over the runs" \
	'[ "$(row "wall time \\(s\\)")" = "15.0 (10.0-20.0)|3.0 (2.0-4.0)" ]'
tap_check "figures: results (ours: every result line; the peer: its KTAP lines)" \
	'[ "$(row results)" = "11|6" ]'
tap_check "figures: RWP results (ours: every test; the peer: names with rwp)" \
	'[ "$(row "RWP results")" = "5|3" ]'
tap_check "figures: claims checked (ours: held, deviated, partly checked or failed; the peer: its tests that ran)" \
	'[ "$(row "claims checked")" = "4|5" ]'
tap_check "figures: the peer's claims: ran and not skipped, with its backing's" \
	'grep -q "^# the peer.s claims checked (run 2): B-A, B-S, C-1, C-2, C-3 (.*linux-source-made-up)" "$WORK/figures"'
tap_check "figures: results per second" '[ "$(row "results per second")" = "0.83 (0.55-1.10)|2.25 (1.50-3.00)" ]'
tap_check "figures: claims per second" '[ "$(row "claims per second")" = "0.30 (0.20-0.40)|1.88 (1.25-2.50)" ]'
tap_check "figures: the ratios ours/peer" \
	'grep -q "^ours/peer per second: results 0.367x, claims 0.16x " "$WORK/figures"'
tap_check "figures: a peer test the mapping does not know is named, checking nothing" \
	'[ "$(grep -c "^# peer tests not in the mapping: brand-new on anon (" "$WORK/figures")" -eq 1 ]'
tap_check "figures: no line about the peer's source without --peer-sha256" '! grep -q "may be stale" "$WORK/figures"'
python3 "$FIG" "${MAP[@]}" --peer-sha256 def "$WORK/console" >"$WORK/fig2" 2>/dev/null
tap_check "figures: a peer built from other source than the mapping's is named" \
	'grep -q "^# the peer.s uffd-unit-tests.c differs .*linux-source-made-up.*stale" "$WORK/fig2"'
tap_check "figures: the cost table follows" 'grep -q "^rwp_async_fault" "$WORK/figures"'
tap_check "figures: OUTDIR has the documents" \
	'[ -s "$WORK/out/figures.json" ] && [ -s "$WORK/out/report-run2.json" ] && [ -s "$WORK/out/cost.json" ]'
grep -v "stage=peer run=2 rc" "$WORK/console" >"$WORK/cut"
python3 "$FIG" "${MAP[@]}" "$WORK/cut" >/dev/null 2>"$WORK/err" && rc=0 || rc=$?
tap_check "figures: exit 1 naming a stage that did not finish" \
	'[ $rc -eq 1 ] && grep -q "run 2: uffd-unit-tests did not run or did not finish" "$WORK/err"'
[ "$rc" -eq 1 ] || tap_show "$WORK/figures"

# The mapping: the real one names only claims of harness/claims.json; a made-up
# one naming another claim is bad input, for the figures and for scripts/bench
# (before any work: a copy of scripts/ whose mapping names a claim that does not exist).
python3 "$FIG" --check 2>"$WORK/err" && rc=0 || rc=$?
tap_check "the real peer mapping names only claims of harness/claims.json" '[ $rc -eq 0 ]'
[ "$rc" -eq 0 ] || tap_show "$WORK/err"
sed 's/"C-3"\]/"C-3", "C-9"]/' "$WORK/peer.json" >"$WORK/bad.json"
tap_bad_input "a peer mapping naming a claim not in the catalogue" \
	python3 "$FIG" --claims "$WORK/claims.json" --peer-claims "$WORK/bad.json" --check
tap_bad_input "the same, for the figures" \
	python3 "$FIG" --claims "$WORK/claims.json" --peer-claims "$WORK/bad.json" "$WORK/console"
python3 "$FIG" --claims "$WORK/claims.json" --peer-claims "$WORK/bad.json" --check 2>"$WORK/err"
tap_check "the bad-claim line names the test and the claim" 'grep -q "test rwp-fork names claims not in claims.json: C-9$" "$WORK/err"'
mkdir -p "$WORK/tree/harness"
cp -r "$LIB/.." "$WORK/tree/scripts"
cp "$LIB/../../harness/claims.json" "$WORK/tree/harness/"
sed -i 's/"claims": \["MIX-1"\]/"claims": ["MIX-1", "NOPE-1"]/' "$WORK/tree/scripts/lib/peer_claims.json"
tap_bad_input "scripts/bench with a mapping naming a claim not in the catalogue" "$WORK/tree/scripts/bench"
tap_done
