# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Logging and timing helpers: the one logging helper of every script (vmtest,
# mutate, configs, setup and their libraries).
# Progress goes to stderr, so that stdout carries only the guest's test output.

# shellcheck disable=SC2034 # used by the scripts that source this
# Exit codes of vmtest itself (anything else is the guest runner's own code).
VM_EXIT_USAGE=2   # bad input: flags, kernel spec, missing binaries, failed build
VM_EXIT_INFRA=3   # the machinery failed: no kernel, no boot, guest crash, timeout

# On a terminal, progress is one line that updates in place below the test output;
# otherwise (CI logs) each step is a plain timestamped line.
VM_TTY=0
[ -t 2 ] && VM_TTY=1
VM_PROGRESS=''
# The name in progress and error lines (scripts/mutate uses these helpers too).
VM_TAG=${VM_TAG:-vmtest}

vm_log() {
	if [ $VM_TTY = 1 ]; then
		VM_PROGRESS=$(printf '[%s %(%H:%M:%S)T] %s' "$VM_TAG" -1 "$*")
		printf '\r\033[K%s' "$VM_PROGRESS" >&2
	else
		printf '[%s %(%H:%M:%S)T] %s\n' "$VM_TAG" -1 "$*" >&2
	fi
}

# vm_out LINE: a line of test output on stdout, the progress line kept below it.
vm_out() {
	[ $VM_TTY = 0 ] || [ -z "$VM_PROGRESS" ] || printf '\r\033[K' >&2
	printf '%s\n' "$1"
	[ $VM_TTY = 0 ] || [ -z "$VM_PROGRESS" ] || printf '%s' "$VM_PROGRESS" >&2
}

# Ends the updating progress line (before errors and at exit).
vm_progress_end() {
	if [ $VM_TTY = 1 ] && [ -n "$VM_PROGRESS" ]; then
		printf '\n' >&2
		VM_PROGRESS=''
	fi
}

# vm_error MESSAGE: a one-line error on stderr, below any progress line.
vm_error() {
	vm_progress_end
	printf '%s: %s\n' "$VM_TAG" "$*" >&2
}

# vm_die CODE MESSAGE: one-line error, then exit (the EXIT trap cleans up).
vm_die() {
	local code=$1
	shift
	vm_error "$*"
	exit "$code"
}

# Monotonic-enough wall clock in microseconds (bash 5's EPOCHREALTIME).
vm_now_us() { local t=$EPOCHREALTIME; echo $((${t/./} + 0)); }

# vm_elapsed START_US: seconds since START_US with one decimal, e.g. "3.1".
vm_elapsed() {
	local d=$(($(vm_now_us) - $1))
	printf '%d.%d' $((d / 1000000)) $((d % 1000000 / 100000))
}
