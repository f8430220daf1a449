#!/bin/sh
# A suite that prints a plan and one result, then hangs.
# Lists its tests as the kselftest harness's -l does (on stderr).
[ "${1:-}" = -l ] && { printf '%-20s %-25s %s\n' '# FIXTURE' VARIANT TEST a anon first '' '' second >&2; exit 4; }
echo "TAP version 13"; echo "1..2"; echo "ok 1 a.anon.first"
exec sleep 600
