#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# What each installed entry (uffd-conformance/uffd_rwp_<backing>) runs, from the
# kernel's kselftest runner or by hand:
#   uffdc-entry.sh BACKING [uffdc_run flags...]
# It prepares the machine (uffdc-prepare.sh; restored on exit, also when
# kselftest's timeout kills it), runs bin/uffdc_run on the one suite, and exits
# with kselftest's codes: 0 pass, 1 fail (bad input included), 4 when every test
# skipped; a hang is kselftest's own timeout (124, "# TIMEOUT N seconds").
# Environment: UFFDC_PREPARE=0 (prepare nothing), UFFDC_HUGEPAGES_PER_NODE,
# kselftest_timeout (set by runner.sh: the suite's own bound is kept 30 s below
# it, so that a hang is reported by uffdc_run with the test's name).
# POSIX sh (busybox too).
[ $# -ge 1 ] || { echo "usage: uffdc-entry.sh BACKING [uffdc_run flags...]" >&2; exit 1; }
backing=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
. "$here/uffdc-prepare.sh"

# Restore whatever happens: normal end, kselftest's timeout (TERM), ^C.
trap 'uffdc_restore' EXIT
trap 'exit 124' TERM
trap 'exit 130' INT
trap 'exit 129' HUP

uffdc_prepare

bound=''
case ${kselftest_timeout:-} in
'' | *[!0-9]*) ;;
*) [ "$kselftest_timeout" -le 60 ] || bound="--timeout=$((kselftest_timeout - 30))s" ;;
esac

# uffdc_run exits with kselftest's codes itself (0 pass, 1 fail or bad input,
# 4 every test skipped); its output goes to stdout as it comes.
rc=0
"$here/bin/uffdc_run" --bindir "$here/bin" --suite "$backing" $bound "$@" 2>&1 || rc=$?
exit "$rc"
