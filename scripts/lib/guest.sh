# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Boots the test guest under QEMU and follows it for scripts/vmtest.
# Needs vmlog.sh.
#
# guest_run WORKDIR KERNEL INITRD: boots, streams the test output to stdout,
# and returns the guest runner's exit code (or exits with VM_EXIT_INFRA).
# Settings (globals): GUEST_ARCH (x86_64|arm64), GUEST_ACCEL (tcg|kvm),
# GUEST_TCG_THREAD (single|multi), GUEST_MEMORY_MB, GUEST_TIMEOUT,
# GUEST_BOOT_TIMEOUT, GUEST_APPEND (extra kernel command line).
#
# The guest writes its test output to ttyS0 (a file here, WORKDIR/tests.out)
# and the kernel log to ttyS1 (WORKDIR/kernel.log). Plain files rather than
# pipes: QEMU never blocks on a slow reader and both stay for --keep.
# arm64's virt machine has one UART (ttyAMA0): it carries the kernel log, and
# the test output goes to a virtio console (hvc0) instead.
GUEST_ARCH=${GUEST_ARCH:-x86_64}
GUEST_QBOOT=${UFFDC_QBOOT:-/usr/share/qemu/qboot.rom}

# guest_qemu_binary: the QEMU of the guest's architecture.
guest_qemu_binary() {
	case $GUEST_ARCH in
	arm64) echo qemu-system-aarch64 ;;
	*) echo qemu-system-x86_64 ;;
	esac
}

GUEST_QEMU_PID=

# guest_is_elf FILE: an ELF file (a PVH vmlinux), not a bzImage or an Image.
guest_is_elf() {
	[ "$(head -c4 "$1" | od -An -c | tr -d ' ')" = '177ELF' ]
}

guest_qemu_cmd() {
	local work=$1 kernel=$2 initrd=$3 half=$((GUEST_MEMORY_MB / 2)) console=ttyS1
	local -a cmd
	cmd=("$(guest_qemu_binary)")
	# shellcheck disable=SC2054 # the commas belong to QEMU's option syntax
	[ "$GUEST_ARCH" != arm64 ] || cmd+=(-M virt,gic-version=3)
	if [ "$GUEST_ACCEL" = kvm ]; then
		cmd+=(-accel kvm -cpu host)
	else
		cmd+=(-accel "tcg,thread=$GUEST_TCG_THREAD" -cpu max)
	fi
	# shellcheck disable=SC2054 # the commas belong to QEMU's option syntax
	# qboot (Debian's qemu-system-data) only starts the kernel QEMU hands it, with
	# QEMU's ACPI tables (NUMA included): under TCG it reached the kernel 0.35 s
	# sooner than SeaBIOS. It starts a PVH vmlinux (an ELF); a bzImage keeps SeaBIOS.
	if [ "$GUEST_ARCH" = x86_64 ] && [ -f "$GUEST_QBOOT" ] && [ -z "${UFFDC_NO_QBOOT:-}" ] &&
		guest_is_elf "$kernel"; then
		cmd+=(-bios "$GUEST_QBOOT")
	fi
	cmd+=(
		-m "${GUEST_MEMORY_MB}M" -nographic -nodefaults -no-reboot
		# Two NUMA nodes, one socket (and one vCPU) each: a plain -smp 2 makes
		# the kernel warn about cache siblings on different nodes.
		-smp 2,sockets=2,cores=1,threads=1
		-object "memory-backend-ram,id=m0,size=${half}M"
		-object "memory-backend-ram,id=m1,size=$((GUEST_MEMORY_MB - half))M"
		-numa node,nodeid=0,cpus=0,memdev=m0 -numa node,nodeid=1,cpus=1,memdev=m1
		-kernel "$kernel" -initrd "$initrd"
	)
	if [ "$GUEST_ARCH" = arm64 ]; then
		console=ttyAMA0
		# shellcheck disable=SC2054
		cmd+=(
			-serial "file:$work/kernel.log"
			-device virtio-serial-pci -chardev "file,id=tests,path=$work/tests.out"
			-device virtconsole,chardev=tests
		)
	else
		cmd+=(-serial "file:$work/tests.out" -serial "file:$work/kernel.log")
	fi
	cmd+=(
		# panic=-1: a panicking guest reboots at once, which -no-reboot turns
		# into a QEMU exit instead of a hang until the timeout. init_on_alloc=0:
		# Debian's hardening default zeroes every page at allocation, which under
		# TCG made reserving the 64 huge pages alone take 0.9 s of boot (0.1 s
		# without); what user space reads is zeroed either way.
		# cryptomgr.notests=1: the crypto self-tests run when the kernel first
		# checks its built-in certificates, 0.33 s of boot under TCG; the suite
		# uses no kernel crypto. --append init_on_alloc=1 cryptomgr.notests=0
		# restores both (the last occurrence wins).
		-append "console=$console panic=-1 init_on_alloc=0 cryptomgr.notests=1 rdinit=/init${GUEST_APPEND:+ $GUEST_APPEND}"
		-monitor none
	)
	printf '%s\n' "${cmd[@]}"
}

# The kernel-problem patterns the runner judges by too (one ERE per line).
GUEST_PROBLEMS_RE=$(grep -vE '^(#|$)' "$(dirname "${BASH_SOURCE[0]}")/../../harness/kernel_problems.txt" | paste -sd'|')
GUEST_CRASH_RE="Kernel panic - not syncing|$GUEST_PROBLEMS_RE"
# Why a guest stopped before the runner finished (set by guest_run), or "".
GUEST_STOP_CAUSE=

# Quotes the kernel log, "# "-prefixed, on stderr: N lines from the first
# sign of a crash when there is one (the cause comes before the stack trace),
# else its last N lines. The same lines go to $work/crash.console, for the
# reports salvaged from a run the guest did not finish.
guest_quote_kernel_log() {
	local work=$1 n=${2:-15} first
	first=$(tr -d '\r' <"$work/kernel.log" 2>/dev/null | grep -v '^[[:space:]]*$' |
		grep -nE -m1 "$GUEST_CRASH_RE" | cut -d: -f1 || true)
	tr -d '\r' <"$work/kernel.log" 2>/dev/null | grep -v '^[[:space:]]*$' |
		if [ -n "$first" ]; then tail -n "+$first" | head -n "$n"; else tail -n "$n"; fi \
		>"$work/crash.console" || true
	sed 's/^/# /' "$work/crash.console" >&2 || true
}

# guest_boot_image KERNEL: the image QEMU should boot for KERNEL. A bzImage
# decompresses itself in the guest, 1.5-2 s under TCG; a kernel with a PVH
# entry (CONFIG_PVH, an ELF note) is booted as the uncompressed vmlinux
# instead, extracted once into the cache. KERNEL itself when it has no PVH
# entry or cannot be extracted (UFFDC_NO_PVH=1 always boots KERNEL).
guest_boot_image() {
	local kernel=$1 key out magic off n
	if [ -n "${UFFDC_NO_PVH:-}" ] || ! command -v readelf >/dev/null ||
		guest_is_elf "$kernel"; then
		echo "$kernel"
		return
	fi
	key=$(sha256sum "$kernel" | cut -c1-16)
	out=$UFFDC_CACHE/pvh/$key.vmlinux
	if [ ! -s "$out" ] && [ ! -e "$out.none" ]; then
		mkdir -p "${out%/*}"
		# The payload starts at its compressor's magic; a false match decodes
		# to something that is not an ELF with the PVH note (type 0x12).
		for magic in '\x28\xb5\x2f\xfd:zstd' '\xfd7zXZ\x00:xz' '\x1f\x8b\x08:gzip' '\x02\x21\x4c\x18:lz4'; do
			command -v "${magic##*:}" >/dev/null || continue
			n=0
			for off in $(LC_ALL=C grep -aboP "${magic%:*}" "$kernel" 2>/dev/null | cut -d: -f1); do
				n=$((n + 1))
				((n <= 3)) || break
				tail -c "+$((off + 1))" "$kernel" | "${magic##*:}" -dc >"$out.$$" 2>/dev/null
				if readelf -n "$out.$$" 2>/dev/null | grep -q 'Xen.*0x00000012'; then
					mv "$out.$$" "$out"
					break 2
				fi
			done
		done
		rm -f "$out.$$"
		[ -s "$out" ] || : >"$out.none"
	fi
	if [ -s "$out" ]; then echo "$out"; else echo "$kernel"; fi
}

# guest_kvm_probe WORKDIR KERNEL BUSYBOX_PIECE: whether KVM runs an ordinary
# guest here, by booting KERNEL under KVM to a /init that prints a marker
# (bounded by UFFDC_KVM_PROBE_TIMEOUT, 20 s). A /dev/kvm that opens is not
# enough: a host's paravirtual KVM may abort QEMU on an MSR or kill the guest
# in early boot. Returns 0 when the marker came; else 1 with the reason on
# stdout (one line).
guest_kvm_probe() {
	local work=$1 kernel=$2 base=$3 bound=${UFFDC_KVM_PROBE_TIMEOUT:-20} pid i qrc=0
	if ! [ -r /dev/kvm ] || ! [ -w /dev/kvm ]; then
		echo "/dev/kvm is missing or not accessible"
		return 1
	fi
	mkdir -p "$work/kvm-probe"
	printf '#!/bin/sh\necho UFFDC-KVM-PROBE-OK\npoweroff -f\n' >"$work/kvm-probe/init"
	chmod 0755 "$work/kvm-probe/init"
	initramfs_pack "$work/kvm-probe" "$work/kvm-probe.cpio"
	cat "$base" "$work/kvm-probe.cpio" >"$work/kvm-probe.img"
	: >"$work/kvm-probe.out"
	qemu-system-x86_64 -accel kvm -cpu host -m 256M -smp 1 -nographic -nodefaults -no-reboot \
		-kernel "$(guest_boot_image "$kernel")" -initrd "$work/kvm-probe.img" \
		-append "console=ttyS0 panic=-1 rdinit=/init" -serial "file:$work/kvm-probe.out" \
		-monitor none </dev/null >/dev/null 2>"$work/kvm-probe.err" &
	pid=$!
	for ((i = 0; i < bound * 10; i++)); do
		grep -q UFFDC-KVM-PROBE-OK "$work/kvm-probe.out" 2>/dev/null && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null || qrc=$?
	if grep -q UFFDC-KVM-PROBE-OK "$work/kvm-probe.out" 2>/dev/null; then
		return 0
	fi
	if ((i >= bound * 10)); then
		echo "a KVM guest did not reach /init within ${bound}s"
	elif [ -s "$work/kvm-probe.err" ]; then
		echo "QEMU with KVM failed (exit $qrc): $(grep -v '^$' "$work/kvm-probe.err" | head -n1)"
	else
		echo "a KVM guest stopped before /init (QEMU exit $qrc; last console line: $(tr -d '\r' <"$work/kvm-probe.out" | grep -v '^[[:space:]]*$' | tail -n1))"
	fi
	return 1
}

guest_kill_qemu() {
	if [ -n "$GUEST_QEMU_PID" ] && kill -0 "$GUEST_QEMU_PID" 2>/dev/null; then
		kill "$GUEST_QEMU_PID" 2>/dev/null || true
		local _
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			kill -0 "$GUEST_QEMU_PID" 2>/dev/null || break
			sleep 0.2
		done
		kill -9 "$GUEST_QEMU_PID" 2>/dev/null || true
	fi
	if [ -n "$GUEST_QEMU_PID" ]; then
		wait "$GUEST_QEMU_PID" 2>/dev/null || true
	fi
	GUEST_QEMU_PID=
}

# Why did the guest stop without reporting a result? One line.
guest_crash_cause() {
	local work=$1 qrc=$2 log panic oops
	log=$(tr -d '\r' <"$work/kernel.log" 2>/dev/null || true)
	panic=$(grep -m1 -o 'Kernel panic - not syncing: .*' <<<"$log" || true)
	oops=$(grep -m1 -E "$GUEST_PROBLEMS_RE" <<<"$log" |
		sed 's/^\[[ 0-9.]*\] //' || true)
	if [ -n "$panic" ]; then
		echo "guest crashed: kernel panic (${panic#Kernel panic - not syncing: })${oops:+ after \"$oops\"}"
	elif [ -s "$work/qemu.err" ] && [ "$qrc" != 0 ]; then
		echo "QEMU failed (exit $qrc): $(head -n1 "$work/qemu.err")"
	elif [ -n "$oops" ]; then
		echo "guest crashed: $oops"
	else
		echo "guest stopped without reporting a result (QEMU exit $qrc)"
	fi
}

guest_run() {
	local work=$1 kernel=$2 initrd=$3
	local -a cmd
	# A PVH entry is x86's; an arm64 Image boots as it is.
	[ "$GUEST_ARCH" != x86_64 ] || kernel=$(guest_boot_image "$kernel")
	mapfile -t cmd < <(guest_qemu_cmd "$work" "$kernel" "$initrd")
	printf '%q ' "${cmd[@]}" >"$work/qemu.cmd"
	echo >>"$work/qemu.cmd"
	: >"$work/tests.out"
	: >"$work/kernel.log"

	local start state=boot line partial='' rc='' qrc=0 t qemu_gone='' first_result=''
	local tests_fd
	start=$(vm_now_us)
	"${cmd[@]}" </dev/null >"$work/qemu.out" 2>"$work/qemu.err" &
	GUEST_QEMU_PID=$!
	exec {tests_fd}<"$work/tests.out"

	# state: boot (before /init) -> init (guest set-up) -> run -> finished.
	local boot_limit=$((GUEST_BOOT_TIMEOUT * 1000000)) limit=$((GUEST_TIMEOUT * 1000000))
	while :; do
		if IFS= read -r -u "$tests_fd" line; then
			line=${partial}${line}
			partial=
			line=${line//$'\r'/}
			case $state in
			boot | init)
				if [[ $line == *UFFDC-GUEST-INIT ]]; then
					state=init
					vm_log "kernel reached /init after $(vm_elapsed "$start")s"
				elif [[ $line == *UFFDC-GUEST-READY ]]; then
					state=run
					vm_log "guest ready after $(vm_elapsed "$start")s"
				elif [ "$state" = init ] && [ -n "$line" ]; then
					vm_out "$line" >&2 # set-up diagnostics from /init (stderr)
				fi # before /init: firmware noise, only in tests.out
				;;
			report) # the runner's JSON document (gzip, base64), kept out of stdout
				if [[ $line == *UFFDC-REPORT-END ]]; then
					state=run
					base64 -d <"$work/report.b64" 2>/dev/null | gunzip >"$work/report.json" 2>/dev/null ||
						{ vm_log "the guest's report arrived damaged (gzip/base64 did not decode)"; : >"$work/report.json"; }
				else
					printf '%s\n' "$line" >>"$work/report.b64"
				fi
				;;
			run)
				if [[ $line == *UFFDC-REPORT-BEGIN ]]; then
					state=report
					: >"$work/report.b64"
					continue
				fi
				if [[ $line =~ ^(.*)UFFDC-EXIT=([0-9]+)$ ]]; then
					[ -z "${BASH_REMATCH[1]}" ] || vm_out "${BASH_REMATCH[1]}"
					rc=${BASH_REMATCH[2]}
					state=finished
					vm_log "tests finished after $(vm_elapsed "$start")s (exit code $rc)"
					break
				fi
				vm_out "$line"
				printf '%s\n' "$line" >>"$work/runner.out"
				[[ $line != "# selftests: "* ]] || vm_log "running ${line##*: } ..."
				if [ -z "$first_result" ] && [[ $line =~ ^(not )?ok\ [0-9] ]]; then
					first_result=1 # what a boot costs the user: QEMU start to first verdict
					vm_log "first result after $(vm_elapsed "$start")s"
				fi
				;;
			esac
			continue
		fi
		# At the end of what the guest wrote so far; keep an incomplete line.
		partial+=$line
		if ! kill -0 "$GUEST_QEMU_PID" 2>/dev/null; then
			# Gone: one more pass picks up what it wrote last.
			if [ -z "$qemu_gone" ]; then
				qemu_gone=1
				continue
			fi
			break
		fi
		t=$(($(vm_now_us) - start))
		if [ "$state" = boot ] && ((t > boot_limit)); then
			local last
			last=$(tr -d '\r' <"$work/kernel.log" | grep -v '^[[:space:]]*$' | tail -n 3 |
				sed 's/^\[[ 0-9.]*\] //' | paste -sd'|' | sed 's/|/ | /g')
			guest_kill_qemu
			vm_error "kernel did not reach /init within ${GUEST_BOOT_TIMEOUT}s (last kernel log lines: ${last:-none})"
			guest_quote_kernel_log "$work"
			return "$VM_EXIT_INFRA"
		fi
		if [ "$state" = init ] && ((t > boot_limit)); then
			guest_kill_qemu
			vm_error "guest set-up did not finish within ${GUEST_BOOT_TIMEOUT}s of boot"
			guest_quote_kernel_log "$work"
			return "$VM_EXIT_INFRA"
		fi
		if ((t > limit)); then
			guest_kill_qemu
			if [ "$state" = run ] || [ "$state" = report ]; then
				GUEST_STOP_CAUSE="timeout: the tests did not finish within ${GUEST_TIMEOUT}s"
				vm_error "$GUEST_STOP_CAUSE"
				guest_quote_kernel_log "$work" 2>/dev/null
			else
				vm_error "timeout: the guest did not finish set-up within ${GUEST_TIMEOUT}s"
				guest_quote_kernel_log "$work"
			fi
			return "$VM_EXIT_INFRA"
		fi
		sleep 0.1
	done
	exec {tests_fd}<&-
	[ -z "$partial" ] || [ "$state" != run ] || printf '%s\n' "${partial//$'\r'/}"

	if [ "$state" = finished ]; then
		# /init powers off right after the marker; give it a moment.
		local _
		for _ in $(seq 50); do
			kill -0 "$GUEST_QEMU_PID" 2>/dev/null || break
			sleep 0.1
		done
		guest_kill_qemu
		guest_report_kernel_warnings "$work"
		return "$rc"
	fi

	wait "$GUEST_QEMU_PID" 2>/dev/null || qrc=$?
	GUEST_QEMU_PID=
	GUEST_STOP_CAUSE=$(guest_crash_cause "$work" "$qrc")
	vm_error "$GUEST_STOP_CAUSE"
	guest_quote_kernel_log "$work"
	return "$VM_EXIT_INFRA"
}

# A kernel warning or oops during a run that otherwise finished is worth a
# line: the kernel, not the test, may be what broke.
guest_report_kernel_warnings() {
	local work=$1 n
	n=$(tr -d '\r' <"$work/kernel.log" | grep -cE "$GUEST_PROBLEMS_RE" || true)
	if [ "${n:-0}" -gt 0 ]; then
		vm_log "note: the kernel log has $n line(s) reporting a kernel problem:"
		tr -d '\r' <"$work/kernel.log" | grep -E "$GUEST_PROBLEMS_RE" |
			head -n 5 | sed 's/^/# /' >&2
	fi
}
