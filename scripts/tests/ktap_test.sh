#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The runner's output for a suite whose tests pass, fail, error and skip
# (fixtures/check_demo) parses with the kernel's own KTAP parser, and its counts
# equal the runner's (scripts/tests/ktap_counts.sh). Needs `bazel build //...`.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
cp "$ROOT/bazel-bin/fixtures/check_demo" "$WORK/uffd_rwp_anon"
rc=0
"$ROOT/bazel-bin/harness/uffdc_run" --bindir "$WORK" --suite anon >"$WORK/out" 2>&1 || rc=$?
[ "$rc" = 1 ] || { echo "ktap_test: the demo suite should fail (exit 1), got $rc" >&2; exit 1; }
"$ROOT/scripts/tests/ktap_counts.sh" "$WORK/out"
echo "ktap_test: ok"
