# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# TAP for the project's shell tests, with a plan that counts itself:
#   . scripts/lib/tap.sh
#   tap_check "what it shows" 'CONDITION'   # eval'd; "ok N" or "not ok N"
#   tap_done                                # prints the plan, exits 1 if any failed
# The plan comes last ("1..N" after the results), which TAP 13 allows.
#   tap_ok "what"; tap_not_ok "what" [diagnostic lines...]   # decided by the caller
TAP_N=0 TAP_FAILED=0
echo "TAP version 13"
tap_ok() {
	TAP_N=$((TAP_N + 1))
	echo "ok $TAP_N $1"
}
tap_not_ok() {
	TAP_N=$((TAP_N + 1)) TAP_FAILED=1
	echo "not ok $TAP_N $1"
	shift
	local line
	for line in "$@"; do echo "# $line"; done
}
tap_check() {
	if eval "${*:2}"; then tap_ok "$1"; else tap_not_ok "$1"; fi
}
tap_done() {
	echo "1..$TAP_N"
	exit "$TAP_FAILED"
}
# tap_skip "what it shows" "why": a check this machine cannot run.
tap_skip() {
	TAP_N=$((TAP_N + 1))
	echo "ok $TAP_N $1 # SKIP $2"
}
# tap_scratch NAME: $W, a scratch directory for the test, removed when it exits.
tap_scratch() {
	W=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
	trap 'rm -rf "$W"' EXIT
}
# tap_show FILE [N]: the last N lines of FILE as diagnostics.
tap_show() { sed 's/^/#   /' "$1" | tail -n "${2:-15}"; }
# tap_bad_input "what" CMD ARGS...: CMD rejects its input as the project's tools
# must: exit 2, exactly one line on stderr, nothing on stdout.
tap_bad_input() {
	local name=$1 rc=0 out err
	shift
	out=$(mktemp) err=$(mktemp)
	"$@" >"$out" 2>"$err" </dev/null || rc=$?
	tap_check "bad input: $name" '[ $rc -eq 2 ] && [ "$(wc -l <"$err")" -eq 1 ] && [ ! -s "$out" ]'
	[ $rc -eq 2 ] && [ "$(wc -l <"$err")" -eq 1 ] || tap_show "$err" 3
	rm -f "$out" "$err"
}
# tap_help_lists_flags SCRIPT: every option SCRIPT's argument parser accepts (a
# case label "	--flag") has a line of its own in SCRIPT --help ("  --flag").
tap_help_lists_flags() {
	local help flags missing
	help=$("$1" --help)
	flags=$(grep -oE '^	--[a-z-]+' "$1" | tr -d '\t' | sort -u)
	missing=$(for f in $flags; do grep -qE "^  $f( |$)" <<<"$help" || echo "$f"; done)
	tap_check "--help has a line for every flag" '[ -z "$missing" ]'
}
