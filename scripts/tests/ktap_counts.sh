#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Feeds a runner's output (uffdc_run, scripts/run, scripts/vmtest stdout) to the
# kernel's own KTAP parser, tools/testing/kunit/kunit.py parse from the
# linux-source tree set-up fetches, and checks that it parses without error and
# that its counts equal the runner's summary line.
# Usage: scripts/tests/ktap_counts.sh RUNNER_OUTPUT
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out=${1:?usage: scripts/tests/ktap_counts.sh RUNNER_OUTPUT}
[ -r "$out" ] || { echo "ktap_counts: error: cannot read $out" >&2; exit 2; }
# shellcheck source=scripts/lib/debian-apt.sh
. "$ROOT/scripts/lib/debian-apt.sh"
# shellcheck source=scripts/lib/linux-source.sh
. "$ROOT/scripts/lib/linux-source.sh"
tree=$(linux_source_tree)
summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$out" | tail -n1)
[ -n "$summary" ] || { echo "ktap_counts: no summary line in $out" >&2; exit 1; }
read -r passed _ failed _ skipped _ <<<"$summary"
parsed=$(mktemp); trap 'rm -f "$parsed"' EXIT
python3 "$tree/tools/testing/kunit/kunit.py" parse "$out" >"$parsed" 2>&1 || true
line=$(grep -E 'Testing complete\. Ran [0-9]+ tests' "$parsed" | tail -n1)
count() { sed -n "s/.*[:,] $1: \([0-9]*\).*/\1/p" <<<"$line" | head -n1; }
k_pass=$(count passed) k_fail=$(count failed) k_skip=$(count skipped) k_err=$(count errors)
k_crash=$(count crashed)
echo "runner: $summary; kunit.py: ${line#*Testing complete. }"
if grep -qE '^\[[0-9:]+\] \[ERROR\]|Could not find any KTAP output' "$parsed"; then
	echo "ktap_counts: kunit.py reported parse errors:" >&2
	grep -E 'ERROR|Could not find' "$parsed" | head -n5 >&2
	exit 1
fi
[ "${k_pass:-0}" = "$passed" ] && [ "$((${k_fail:-0} + ${k_crash:-0}))" = "$failed" ] &&
	[ "${k_skip:-0}" = "$skipped" ] && [ "${k_err:-0}" = 0 ] ||
	{ echo "ktap_counts: kunit.py's counts differ from the runner's" >&2; exit 1; }
