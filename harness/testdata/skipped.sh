#!/bin/sh
# A suite on a kernel that has nothing it can test: every test skips.
# Lists its tests as the kselftest harness's -l does (on stderr).
[ "${1:-}" = -l ] && { printf '%-20s %-25s %s\n' '# FIXTURE' VARIANT TEST a anon first '' '' second >&2; exit 4; }
echo "TAP version 13"; echo "1..2"
echo "ok 1 a.anon.first # SKIP [rwp] kernel lacks UFFD_FEATURE_RWP"
echo "ok 2 a.anon.second # SKIP [rwp] kernel lacks UFFD_FEATURE_RWP"
exit 4
