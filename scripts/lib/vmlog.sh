# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Logging and timing helpers for scripts/vmtest and its libraries.
# Progress goes to stderr, so that stdout carries only the guest's test output.

# shellcheck disable=SC2034 # used by the scripts that source this
# Exit codes of vmtest itself (anything else is the guest runner's own code).
VM_EXIT_USAGE=2   # bad input: flags, kernel spec, missing binaries, failed build
VM_EXIT_INFRA=3   # the machinery failed: no kernel, no boot, guest crash, timeout

vm_log() { printf '[vmtest %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

# vm_die CODE MESSAGE: one-line error, then exit (the EXIT trap cleans up).
vm_die() {
	local code=$1
	shift
	printf 'vmtest: %s\n' "$*" >&2
	exit "$code"
}

# Monotonic-enough wall clock in microseconds (bash 5's EPOCHREALTIME).
vm_now_us() { local t=$EPOCHREALTIME; echo $((${t/./} + 0)); }

# vm_elapsed START_US: seconds since START_US with one decimal, e.g. "3.1".
vm_elapsed() {
	local d=$(($(vm_now_us) - $1))
	printf '%d.%d' $((d / 1000000)) $((d % 1000000 / 100000))
}
