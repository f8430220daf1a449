#!/bin/sh
# A suite that dies from SIGSEGV after one result.
# Lists its tests as the kselftest harness's -l does (on stderr).
[ "${1:-}" = -l ] && { printf '%-20s %-25s %s\n' '# FIXTURE' VARIANT TEST a anon first '' '' second '' '' third >&2; exit 4; }
echo "TAP version 13"; echo "1..3"; echo "ok 1 a.anon.first"
kill -SEGV $$
