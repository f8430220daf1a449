#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Self-test of scripts/vmtest's error paths, with a stub runner instead of the
# real test binaries. Prints TAP; exits 0 when every check passes.
#
# The boot tests use the kernel in $UFFDC_VMTEST_KERNEL (default debian:rwp,
# downloaded and cached by vmtest itself) and take about a minute in all.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
VMTEST=$ROOT/scripts/vmtest
KERNEL=${UFFDC_VMTEST_KERNEL:-debian:rwp}

T=$(mktemp -d "${TMPDIR:-/tmp}/vmtest-selftest.XXXXXX")
trap 'rm -rf "$T"' EXIT
# vmtest's run directories (and so its QEMU command lines) land under $T,
# which lets each check see that nothing was left behind.
export TMPDIR=$T

# A stub runner for the guest's busybox sh: prints TAP and a summary line;
# --stub-rc=N sets its exit code, --stub-hang makes it hang.
STUB=$T/bin
mkdir -p "$STUB"
# --stub-panic prints the first suite's results and a second suite's RUN line,
# then crashes the guest's kernel. On the host (vmtest salvaging the reports of
# a crashed run) the stub hands over to the real runner.
REAL_BIN=$("$ROOT/scripts/build" 2>/dev/null | tail -n1)
REAL_RUN=$REAL_BIN/uffdc_run
cat >"$STUB/uffdc_run" <<EOF
#!/bin/sh
case " \$* " in *" --salvage "*) exec "$REAL_RUN" "\$@" ;; esac
EOF
cat >>"$STUB/uffdc_run" <<'EOF'
rc=0 hang= panic= select= prev=
for a in "$@"; do
	[ "$prev" = --select ] && select=$a
	prev=$a
	case $a in
	--stub-rc=*) rc=${a#*=} ;;
	--stub-hang) hang=1 ;;
	--stub-panic) panic=1 ;;
	esac
done
echo "TAP version 13"
if [ -n "$select" ]; then  # booted again: the tests not run yet pass
	n=0
	echo "1..9"
	for b in anon shmem hugetlb; do
		echo "# selftests: uffd-conformance: uffd_rwp_$b"
		for name in $(echo "$select" | tr , ' '); do
			case $name in *".$b."*) n=$((n + 1)); echo "ok $n $name" ;; esac
		done
		n=$((n + 1)); echo "ok $n uffd-conformance.uffd_rwp_$b"
	done
	exit 0
fi
if [ -n "$panic" ]; then
	echo "1..9"
	echo "# kernel $(uname -r), UFFDIO_API features 0x7ffff"
	echo "# selftests: uffd-conformance: uffd_rwp_anon"
	echo "ok 1 a.anon.first"
	echo "ok 2 a.anon.second"
	echo "ok 3 uffd-conformance.uffd_rwp_anon"
	echo "# selftests: uffd-conformance: uffd_rwp_shmem"
	echo "#  RUN           a.shmem.first ..."
	sleep 1
	echo c >/proc/sysrq-trigger
	sleep 30
fi
echo "1..1"
for a in "$@"; do echo "# arg: [$a]"; done
# Who runs it, and under which userfaultfd settings (vmtest --user).
echo "# id: $(id -u):$(id -g) CapEff:$(sed -n 's/^CapEff:[[:space:]]*//p' /proc/self/status)" \
	"CapPrm:$(sed -n 's/^CapPrm:[[:space:]]*//p' /proc/self/status)" \
	"sysctl:$(cat /proc/sys/vm/unprivileged_userfaultfd) node:$(stat -c '%a %u:%g' /dev/userfaultfd)"
if [ -n "$hang" ]; then while :; do sleep 1000; done; fi
echo "ok 1 - stub"
echo "1 passed, 0 failed, 0 skipped"
exit "$rc"
EOF
cp "$REAL_BIN/render_report" "$STUB/"  # the host renders the reports
# Stub suites list two tests each, as the kselftest harness's -l does.
for b in anon shmem hugetlb; do
	cat >"$STUB/uffd_rwp_$b" <<EOF
#!/bin/sh
[ "\${1:-}" = -l ] && { printf '%-20s %-25s %s\\n' '# FIXTURE' VARIANT TEST a $b first '' '' second >&2; exit 4; }
exit 0
EOF
done
chmod +x "$STUB"/*
cp "$REAL_BIN/backings" "$STUB/"
export UFFDC_BINDIR=$STUB

# shellcheck source=scripts/lib/tap.sh
. "$ROOT/scripts/lib/tap.sh"
ok() { tap_ok "$1"; }
not_ok() {
	tap_not_ok "$@"
	sed 's/^/#   stderr: /' "$T/err" | tail -n 15
}

# run_vmtest [ENV=VALUE...] -- ARGS...: runs vmtest, sets rc and secs; its
# stdout goes to $T/out and its stderr to $T/err.
run_vmtest() {
	local -a env=()
	while [ "$1" != -- ]; do
		env+=("$1")
		shift
	done
	shift
	local start=$SECONDS
	rc=0
	env ${env[@]+"${env[@]}"} "$VMTEST" "$@" >"$T/out" 2>"$T/err" </dev/null || rc=$?
	secs=$((SECONDS - start))
}

# Nothing may outlive vmtest: no QEMU, no run directory.
leftovers() {
	local what='' pids
	pids=$(pgrep -f "qemu-system-x86_64.*$T/vmtest\." || true)
	if [ -n "$pids" ]; then
		what="QEMU still running; "
		# shellcheck disable=SC2086 # one id per word
		kill $pids 2>/dev/null || true # only ours: their command lines name $T
	fi
	if compgen -G "$T/vmtest.*" >/dev/null; then
		what+="run directory left: $(echo "$T"/vmtest.*)"
		rm -rf "$T"/vmtest.*
	fi
	echo "$what"
}

# check NAME WANT_RC MAX_SECS ERR_REGEX: the usual expectations of a failure:
# the exit code, the time bound, a one-line "vmtest: " error matching the
# regex, and no leftovers.
check() {
	local name=$1 want=$2 max=$3 re=$4 errs left
	errs=$(grep -c '^vmtest: ' "$T/err" || true)
	left=$(leftovers)
	if [ "$rc" != "$want" ]; then
		not_ok "$name" "exit code $rc, want $want"
	elif ((secs > max)); then
		not_ok "$name" "took ${secs}s, bound ${max}s"
	elif [ "$errs" != 1 ] || ! grep -Eq "^vmtest: .*($re)" "$T/err"; then
		not_ok "$name" "want one 'vmtest: ' line matching /$re/, got $errs"
	elif [ -n "$left" ]; then
		not_ok "$name" "$left"
	else
		ok "$name (${secs}s)"
	fi
}


# --- input errors: no kernel is booted, so they must be quick -------------
run_vmtest -- --kernel foo:bar
check "unknown --kernel form is rejected" 2 10 "unknown --kernel 'foo:bar'"

echo "this is not a kernel" >"$T/not-a-kernel"
run_vmtest -- --kernel "$T/not-a-kernel"
check "--kernel naming a non-kernel file is rejected" 2 10 "not a bzImage"

run_vmtest -- --kernel "$T/missing/bzImage"
check "--kernel naming a missing file is rejected" 2 10 "is not a file"

mkdir "$T/partial"
cp -p "$STUB/uffdc_run" "$STUB/uffd_rwp_anon" "$STUB/uffd_rwp_hugetlb" "$STUB/backings" "$T/partial/"
run_vmtest UFFDC_BINDIR="$T/partial" -- --kernel foo:bar
check "a missing test binary is named" 2 10 "uffd_rwp_shmem"

run_vmtest -- --timeout soon
check "a bad --timeout is rejected" 2 10 "--timeout 'soon'"

run_vmtest -- --hugepages lots
check "a bad --hugepages is rejected" 2 10 "--hugepages 'lots'"

run_vmtest -- --user=root
check "an unknown --user setting is rejected" 2 10 "--user: unknown setting 'root'"

run_vmtest -- --user sysctl0,sysctl1
check "contradicting --user settings are rejected" 2 10 "--user: sysctl0 and sysctl1 together"

# --- boots ------------------------------------------------------------------
# The good path first: the runner's output and exit code come through.
run_vmtest -- --kernel "$KERNEL" -- --stub-rc=5 "two words"
left=$(leftovers)
if [ "$rc" = 5 ] && grep -qx '1 passed, 0 failed, 0 skipped' "$T/out" &&
	grep -qx 'TAP version 13' "$T/out" && grep -qxF '# arg: [two words]' "$T/out" &&
	! grep -q 'UFFDC-' "$T/out" && [ -z "$left" ]; then
	ok "the runner's TAP, arguments and exit code come through (${secs}s)"
else
	not_ok "the runner's TAP, arguments and exit code come through" "exit code $rc, want 5; $left" \
		"stdout: $(head -c 300 "$T/out" | tr '\n' '|')"
fi

# --user: the runner is uid/gid 1000 without capabilities, under the
# vm.unprivileged_userfaultfd and /dev/userfaultfd mode asked for.
run_vmtest -- --kernel "$KERNEL" --user sysctl1,dev0600
left=$(leftovers)
want='# id: 1000:1000 CapEff:0000000000000000 CapPrm:0000000000000000 sysctl:1 node:600 0:0'
if [ "$rc" = 0 ] && grep -qxF "$want" "$T/out" && grep -qx '1 passed, 0 failed, 0 skipped' "$T/out" &&
	[ -z "$left" ]; then
	ok "--user runs the runner as uid 1000 without capabilities, sysctl and node as asked (${secs}s)"
else
	not_ok "--user runs the runner as uid 1000 without capabilities, sysctl and node as asked" \
		"exit code $rc, want 0; $left" "stdout: $(grep '^# id:' "$T/out" || true)"
fi

# A kernel that never reaches /init's first marker: the boot timeout.
run_vmtest UFFDC_TEST_INIT=sleep -- --kernel "$KERNEL" --boot-timeout 8
check "a guest that never reaches /init fails after the boot timeout" 3 30 \
	"kernel did not reach /init within 8s \(last kernel log lines: .+\)"

# /init exits: the kernel panics, the guest stops without a result.
run_vmtest UFFDC_TEST_INIT=exit -- --kernel "$KERNEL" --keep
kept=$(sed -n 's/.*kept the run directory //p' "$T/err")
if [ -n "$kept" ] && grep -q 'Kernel panic' "$kept/kernel.log"; then
	rm -rf "$kept"
	check "a guest crash is reported as such (and --keep keeps the kernel log)" 3 30 \
		"guest crashed: kernel panic \(Attempted to kill init"
else
	rm -rf "$kept"
	not_ok "a guest crash is reported as such (and --keep keeps the kernel log)" \
		"no kept run directory with a kernel panic in kernel.log (exit code $rc)"
fi
if grep -q '^# ' "$T/err"; then
	ok "the crash report quotes the kernel log"
else
	not_ok "the crash report quotes the kernel log" "no '# ' lines on stderr"
fi

# The runner hangs: the overall timeout.
run_vmtest -- --kernel "$KERNEL" --timeout 20 -- --stub-hang
check "a hanging runner hits the overall timeout" 3 45 "timeout: the tests did not finish within 20s"

# The kernel panics mid-run: the requested reports still come, from the console.
run_vmtest -- --kernel "$KERNEL" --json "$T/crash.json" --junit "$T/crash.xml" -- --stub-panic
check "a kernel panic mid-run is reported as a guest crash" 3 60 "guest crashed: kernel panic"
if python3 - "$T/crash.json" <<'PY' 2>"$T/py.err"; then
import json, sys
d = json.load(open(sys.argv[1]))
t = {x["name"]: x for s in d["suites"] for x in s["tests"]}
assert t["a.anon.first"]["verdict"] == "pass", t["a.anon.first"]
site = t["a.shmem.first"]
assert site["verdict"] == "fail" and site["reason"].startswith("crash site: guest crashed: kernel panic"), site
assert any("sysrq" in l for l in site["diagnostics"]), site["diagnostics"]
for name in ("a.shmem.second", "a.hugetlb.first", "a.hugetlb.second"):
    assert t[name]["verdict"] == "error" and t[name]["reason"].startswith("not run: guest crashed"), t[name]
PY
	ok "the reports of a crashed run: results received, the crash site, the tests never run"
else
	not_ok "the reports of a crashed run: results received, the crash site, the tests never run" "$(tail -n 3 "$T/py.err")"
fi
if [ -s "$T/crash.xml" ] && grep -q 'crash site' "$T/crash.xml"; then
	ok "the crashed run's JUnit is written too"
else
	not_ok "the crashed run's JUnit is written too"
fi

# --reboot-on-crash: a second boot runs the tests the crash left; one report.
run_vmtest -- --kernel "$KERNEL" --reboot-on-crash --json "$T/again.json" -- --stub-panic
if [ "$rc" = 1 ] && python3 - "$T/again.json" <<'PY' 2>"$T/py.err"; then
import json, sys
d = json.load(open(sys.argv[1]))
t = {x["name"]: x for s in d["suites"] for x in s["tests"]}
assert t["a.shmem.first"]["verdict"] == "fail" and t["a.shmem.first"]["reason"].startswith("crash site: guest crashed"), t["a.shmem.first"]
for name in ("a.anon.first", "a.anon.second", "a.shmem.second", "a.hugetlb.first", "a.hugetlb.second"):
    assert t[name]["verdict"] == "pass", t[name]
assert t["machine"]["verdict"] == "error" and "cut short 1 time" in t["machine"]["reason"], t["machine"]
PY
	ok "--reboot-on-crash runs the rest after the crash, in one report (${secs}s)"
else
	not_ok "--reboot-on-crash runs the rest after the crash, in one report" "exit code $rc" "$(tail -n 3 "$T/py.err" 2>/dev/null)"
fi

tap_done
