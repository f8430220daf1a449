#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Entry point of an installed uffd-conformance tree, with the command line and the
# output of the kernel's run_kselftest.sh, so a CI job written for kselftest runs
# it unchanged. POSIX sh: it also runs under busybox.
#
#   ./run_kselftest.sh                       every test in kselftest-list.txt
#   ./run_kselftest.sh -c uffd-conformance   one collection
#   ./run_kselftest.sh -t uffd-conformance:uffd_rwp_anon
#   ./run_kselftest.sh -l                    list the tests
#   ./run_kselftest.sh -s                    summary only (per-test output in
#                                            /tmp/<collection>-<test>.log)
BASE_DIR=$(cd "$(dirname "$0")" && pwd)
LIST=$BASE_DIR/kselftest-list.txt

usage() {
	cat <<USAGE
Usage: $0 [OPTIONS]
  -s | --summary            print summary only
  -t | --test COLLECTION:TEST   run this test (repeatable)
  -c | --collection NAME    run all tests of this collection (repeatable)
  -l | --list               list the available collection:test entries
  -o | --override-timeout N timeout in seconds instead of the collection's setting
  -h | --help               this text
USAGE
	exit "${1:-0}"
}

tests='' collections='' summary=0 override=''
while [ $# -gt 0 ]; do
	case $1 in
	-s | --summary) summary=1 ;;
	-t | --test) [ $# -ge 2 ] || usage 1; tests="$tests $2"; shift ;;
	-c | --collection) [ $# -ge 2 ] || usage 1; collections="$collections $2"; shift ;;
	-l | --list) cat "$LIST"; exit 0 ;;
	-o | --override-timeout) [ $# -ge 2 ] || usage 1; override=$2; shift ;;
	-h | --help) usage 0 ;;
	*) echo "run_kselftest.sh: unknown option '$1'" >&2; usage 1 ;;
	esac
	shift
done
[ -r "$LIST" ] || { echo "run_kselftest.sh: $LIST not found" >&2; exit 1; }

selected=''
while IFS= read -r entry; do
	[ -n "$entry" ] || continue
	keep=1
	if [ -n "$tests$collections" ]; then
		keep=0
		for t in $tests; do [ "$t" = "$entry" ] && keep=1; done
		for c in $collections; do [ "$c" = "${entry%%:*}" ] && keep=1; done
	fi
	[ $keep = 1 ] && selected="$selected $entry"
done <"$LIST"
[ -n "$selected" ] || { echo "run_kselftest.sh: no test matches" >&2; exit 1; }

count=0
for _ in $selected; do count=$((count + 1)); done
echo "TAP version 13"
echo "1..$count"
n=0 rc_all=0
for entry in $selected; do
	n=$((n + 1))
	collection=${entry%%:*} test=${entry#*:}
	dir=$BASE_DIR/$collection
	timeout=45
	if [ -r "$dir/settings" ]; then
		t=$(sed -n 's/^timeout=\([0-9]*\)$/\1/p' "$dir/settings")
		[ -n "$t" ] && timeout=$t
	fi
	[ -n "$override" ] && timeout=$override
	echo "# timeout set to $timeout"
	echo "# selftests: $collection: $test"
	rcfile=$(mktemp)
	if [ ! -x "$dir/$test" ]; then
		echo "# Warning: file $test is missing or not executable"
		echo 127 >"$rcfile"
	elif [ $summary = 1 ]; then
		(cd "$dir" && timeout "$timeout" "./$test" >"/tmp/$collection-$test.log" 2>&1; echo $? >"$rcfile")
	else
		(cd "$dir" && { timeout "$timeout" "./$test" 2>&1; echo $? >"$rcfile"; } | sed 's/^/# /')
	fi
	rc=$(cat "$rcfile"); rm -f "$rcfile"
	case $rc in
	0) echo "ok $n selftests: $collection: $test" ;;
	4) echo "ok $n selftests: $collection: $test # SKIP" ;;
	124) echo "not ok $n selftests: $collection: $test # TIMEOUT $timeout seconds"; rc_all=1 ;;
	*) echo "not ok $n selftests: $collection: $test # exit=$rc"; rc_all=1 ;;
	esac
done
exit $rc_all
