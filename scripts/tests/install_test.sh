#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The kselftest install and tarball, run by the kernel's own run_kselftest.sh and
# kselftest/runner.sh (from the linux-source tree): scripts/install packs what
# `make -C tools/testing/selftests gen_tar` packs, at the archive's root; unpacked
# at the top of a scratch directory, each verdict reads there as intended:
# pass, fail, every test skipped (# SKIP), bad input (a failure), a hang
# (# TIMEOUT), and the runner's options (-l -t -c -s -p -o -n) work.
# Fake suites (shell scripts printing TAP) drive the verdicts through the real
# entries and uffdc_run (KSELFTEST_<ENTRY>_ARGS=--bindir ...); one real suite runs
# on the host kernel (no RWP). Prints TAP; exits 0 when every check passes.
# Usage: scripts/tests/install_test.sh [BINDIR]   (default: scripts/build's)
# shellcheck disable=SC2016,SC2034,SC2317 # the checks are strings that check() evals
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=scripts/lib/tap.sh
. "$ROOT/scripts/lib/tap.sh"
tap_scratch install_test
# runner.sh writes some lines with ">> /dev/stdout": into a regular file opened
# without O_APPEND the shell's own writes would overwrite them, so every output
# file is opened for appending.

BIN=${1:-$(UFFDC_SKIP_SETUP=1 "$ROOT/scripts/build" 2>/dev/null | tail -n1)}
# shellcheck source=scripts/lib/debian-apt.sh
. "$ROOT/scripts/lib/debian-apt.sh"
# shellcheck source=scripts/lib/linux-source.sh
. "$ROOT/scripts/lib/linux-source.sh"
KSRC=$(linux_source_tree 2>/dev/null)/tools/testing/selftests

# --- the install and the tarball --------------------------------------------
"$ROOT/scripts/install" --help >"$W/help" 2>&1; rc=$?
tap_check "install --help lists every option" \
	'[ $rc -eq 0 ] && grep -q -- "--kernel-source" "$W/help" && grep -q -- "--bindir" "$W/help" && grep -q -- "--no-tar" "$W/help"'
"$ROOT/scripts/install" --bogus >"$W/bad" 2>&1; rc=$?
tap_check "install rejects an unknown option in one line, exit 2" '[ $rc -eq 2 ] && [ $(wc -l <"$W/bad") -eq 1 ]'

"$ROOT/scripts/install" --bindir "$BIN" "$W/ks" >"$W/install.out" 2>&1; rc=$?
tap_check "install succeeds" '[ $rc -eq 0 ] || { tap_show "$W/install.out"; false; }'
P=$W/ks/kselftest-packages
tap_check "kselftest.tar.xz and kselftest.tar.gz in kselftest-packages/" '[ -s "$P/kselftest.tar.xz" ] && [ -s "$P/kselftest.tar.gz" ]'
tar tf "$P/kselftest.tar.xz" | sed 's|^\./||' | grep -v '^$' | sort >"$W/xz.list"
tar tf "$P/kselftest.tar.gz" | sed 's|^\./||' | grep -v '^$' | sort >"$W/gz.list"
tap_check "the archive has run_kselftest.sh, kselftest-list.txt, kselftest/ and the collection at its root" \
	'grep -qx run_kselftest.sh "$W/xz.list" && grep -qx kselftest-list.txt "$W/xz.list" && grep -qx kselftest/runner.sh "$W/xz.list" && grep -qx kselftest/ktap_helpers.sh "$W/xz.list" && grep -qx uffd-conformance/config "$W/xz.list" && grep -qx uffd-conformance/settings "$W/xz.list" && grep -qx uffd-conformance/uffd_rwp_anon "$W/xz.list" && grep -qx uffd-conformance/bin/uffdc_run "$W/xz.list"'
tap_check "no kselftest_install/ prefix and no kselftest-packages/ inside" \
	'! grep -q "kselftest_install\|kselftest-packages" "$W/xz.list"'
tap_check "the .xz and .gz archives hold the same files" 'cmp -s "$W/xz.list" "$W/gz.list"'
tap_check "run_kselftest.sh and kselftest/ are the kernel's own, unchanged" \
	'cmp -s "$W/ks/run_kselftest.sh" "$KSRC/run_kselftest.sh" && cmp -s "$W/ks/kselftest/runner.sh" "$KSRC/kselftest/runner.sh" && cmp -s "$W/ks/kselftest/ktap_helpers.sh" "$KSRC/kselftest/ktap_helpers.sh"'
tap_check "config is the kernel config fragment" 'cmp -s "$W/ks/uffd-conformance/config" "$ROOT/scripts/kconfig/uffd-conformance.config" && grep -qx CONFIG_USERFAULTFD_RWP=y "$W/ks/uffd-conformance/config"'
tap_check "kselftest-list.txt names the three entries" \
	'[ "$(cat "$W/ks/kselftest-list.txt")" = "$(printf "uffd-conformance:uffd_rwp_%s\n" anon shmem hugetlb)" ]'

# Unpacked at the top of a scratch directory, as Linaro's kselftest.sh does.
K=$W/unpacked
mkdir -p "$K" && tar xf "$P/kselftest.tar.xz" -C "$K"
tap_check "-l lists the entries" '[ "$("$K/run_kselftest.sh" -l)" = "$(cat "$K/kselftest-list.txt")" ]'

# --- verdicts through the kernel's runner, with fake suites -----------------
F=$W/fake
mkdir -p "$F/pass" "$F/fail" "$F/skip" "$F/hang"
suite() { # suite DIR "TEST..." BODY: every uffd_rwp_* in DIR lists TESTs (-l) and runs BODY
	local b t listing=''
	for t in $2; do listing+=" ${listing:+'' ''} $t"; done
	for b in anon shmem hugetlb; do
		printf '#!/bin/sh\n[ "${1:-}" = -l ] && { printf "%%-20s %%-25s %%s\\n" "# FIXTURE" VARIANT TEST a x %s >&2; exit 4; }\necho "TAP version 13"\n%s\n' \
			"$listing" "$3" >"$F/$1/uffd_rwp_$b"
		chmod +x "$F/$1/uffd_rwp_$b"
	done
}
suite pass "one two" 'echo "1..2"; echo "ok 1 a.x.one"; echo "ok 2 a.x.two"; exit 0'
suite fail "one two" 'echo "1..2"; echo "ok 1 a.x.one"; echo "not ok 2 a.x.two"; echo "# a.x.two: value 1, expected 2"; exit 1'
suite skip "one two" 'echo "1..2"; echo "ok 1 a.x.one # SKIP [rwp] kernel lacks UFFD_FEATURE_RWP"; echo "ok 2 a.x.two # SKIP [rwp] kernel lacks UFFD_FEATURE_RWP"; exit 4'
# Bounded: kselftest's timeout kills uffdc_run, not the suite in its own group.
suite hang "late" 'echo "1..1"; sleep 20; echo "ok 1 a.x.late"'

export UFFDC_PREPARE=0 # the fakes need nothing, and the host stays as it is
(
	export KSELFTEST_UFFD_RWP_ANON_ARGS="--bindir $F/pass" KSELFTEST_UFFD_RWP_SHMEM_ARGS="--bindir $F/fail"
	export KSELFTEST_UFFD_RWP_HUGETLB_ARGS="--bindir $F/skip"
	cd "$K" && ./run_kselftest.sh
) >>"$W/v.out" 2>&1
rc=$?
tap_check "pass reads ok" 'grep -qx "ok 1 selftests: uffd-conformance: uffd_rwp_anon" "$W/v.out" || { tap_show "$W/v.out" 40; false; }'
tap_check "fail reads not ok, exit=1" 'grep -qx "not ok 2 selftests: uffd-conformance: uffd_rwp_shmem # exit=1" "$W/v.out"'
tap_check "every test skipped reads # SKIP (entry exit 4)" 'grep -qx "ok 3 selftests: uffd-conformance: uffd_rwp_hugetlb # SKIP" "$W/v.out"'
tap_check "one TAP plan of the kernel runner's and its totals" \
	'[ "$(grep -c "^1\.\.3$" "$W/v.out")" = 1 ] && grep -qx "# Totals: pass:1 fail:1 xfail:0 xpass:0 skip:1 error:0" "$W/v.out"'
tap_check "run_kselftest.sh exits 1 when one failed" '[ $rc -eq 1 ]'
tap_check "the suites' output is nested under its entry" 'grep -q "^# .*not ok 2 a.x.two" "$W/v.out"'

(cd "$K" && KSELFTEST_UFFD_RWP_ANON_ARGS="--no-such-flag" ./run_kselftest.sh -t uffd-conformance:uffd_rwp_anon) >>"$W/bad.out" 2>&1
tap_check "bad input reads as a failure, with its message" \
	'grep -qx "not ok 1 selftests: uffd-conformance: uffd_rwp_anon # exit=1" "$W/bad.out" && grep -q "^# .*no-such-flag" "$W/bad.out" || { tap_show "$W/bad.out"; false; }'

start=$(date +%s)
(cd "$K" && KSELFTEST_UFFD_RWP_ANON_ARGS="--bindir $F/hang" ./run_kselftest.sh -o 3 -t uffd-conformance:uffd_rwp_anon) >>"$W/hang.out" 2>&1
took=$(($(date +%s) - start))
tap_check "a hang reads # TIMEOUT with -o's bound" \
	'grep -qx "not ok 1 selftests: uffd-conformance: uffd_rwp_anon # TIMEOUT 3 seconds" "$W/hang.out" && grep -qx "# overriding timeout to 3" "$W/hang.out" && [ $took -lt 15 ] || { tap_show "$W/hang.out"; false; }'

# --- the runner's options ---------------------------------------------------
export KSELFTEST_UFFD_RWP_ANON_ARGS="--bindir $F/pass" KSELFTEST_UFFD_RWP_SHMEM_ARGS="--bindir $F/pass" KSELFTEST_UFFD_RWP_HUGETLB_ARGS="--bindir $F/pass"
(cd "$K" && ./run_kselftest.sh -c uffd-conformance -s) >>"$W/s.out" 2>&1; rc=$?
tap_check "-c runs the collection; -s keeps the detail in output.log" \
	'[ $rc -eq 0 ] && [ $(grep -c "^ok [1-3] selftests: uffd-conformance: " "$W/s.out") -eq 3 ] && ! grep -q "a.x.one" "$W/s.out" && grep -q "a.x.one" "$K/output.log"'
(cd "$K" && ./run_kselftest.sh -p "$W/logs" -t uffd-conformance:uffd_rwp_shmem) >>"$W/p.out" 2>&1; rc=$?
tap_check "-p writes a per-test log" '[ $rc -eq 0 ] && grep -q "a.x.one" "$W/logs/uffd_rwp_shmem"'
(cd "$K" && ./run_kselftest.sh -t uffd-conformance:no_such_entry) >>"$W/t.out" 2>&1; rc=$?
tap_check "-t with an unknown entry fails before running" '[ $rc -ne 0 ] && grep -q "No such test" "$W/t.out"'
# -n: the kernel's runner.sh writes "in_netns $netns &> $tmplog", which only bash
# reads as a redirection (dash backgrounds it), so -n works where /bin/sh is bash.
if [ "$(readlink -f /bin/sh)" != "$(readlink -f "$(command -v bash)")" ]; then
	tap_skip "-n runs the entry in a network namespace" "/bin/sh is not bash: the kernel's runner.sh -n needs bash ('&>')"
elif command -v ip >/dev/null && ip netns add "uffdc-probe-$$" 2>/dev/null && ip netns del "uffdc-probe-$$"; then
	(cd "$K" && ./run_kselftest.sh -n -t uffd-conformance:uffd_rwp_anon) >>"$W/n.out" 2>&1; rc=$?
	tap_check "-n runs the entry in a network namespace" '[ $rc -eq 0 ] && grep -qx "ok 1 selftests: uffd-conformance: uffd_rwp_anon" "$W/n.out" || { tap_show "$W/n.out"; false; }'
else
	tap_skip "-n runs the entry in a network namespace" "this machine cannot create network namespaces"
fi
unset KSELFTEST_UFFD_RWP_ANON_ARGS KSELFTEST_UFFD_RWP_SHMEM_ARGS KSELFTEST_UFFD_RWP_HUGETLB_ARGS

# --- one real suite on the host kernel --------------------------------------
# The host kernel has no RWP: the entry reads # SKIP exactly when uffdc_run saw
# every test skip, and ok when something ran and nothing failed.
(cd "$K" && ./run_kselftest.sh -t uffd-conformance:uffd_rwp_anon) >>"$W/host.out" 2>&1; rc=$?
summary=$(grep -E '^# [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$W/host.out" | tail -n1)
if [[ $summary =~ ^#\ 0\ passed,\ 0\ failed,\ [1-9][0-9]*\ skipped$ ]]; then
	want="ok 1 selftests: uffd-conformance: uffd_rwp_anon # SKIP"
elif [[ $summary =~ ^#\ [0-9]+\ passed,\ 0\ failed, ]]; then
	want="ok 1 selftests: uffd-conformance: uffd_rwp_anon"
else
	want="not ok 1 selftests: uffd-conformance: uffd_rwp_anon # exit=1"
fi
tap_check "the real anon suite on the host ($summary) reads '${want#ok 1 selftests: uffd-conformance: }'" \
	'grep -qx "$want" "$W/host.out" || { tap_show "$W/host.out"; false; }'

tap_done
