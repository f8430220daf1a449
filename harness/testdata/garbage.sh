#!/bin/sh
# A suite whose output is not TAP at all.
# Lists its tests as the kselftest harness's -l does (on stderr).
[ "${1:-}" = -l ] && { printf '%-20s %-25s %s\n' '# FIXTURE' VARIANT TEST a anon first >&2; exit 4; }
echo "Segmentation fault (core dumped)"; echo "okay then"
exit 0
