# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# Sourced by the installed entries (uffd-conformance/uffdc-entry.sh): on a root
# filesystem that is not the project's guest (a LAVA ramdisk, a distribution's
# image), prepare what the tests need and restore it afterwards:
#   - a hugetlbfs mount on /dev/hugepages, when none is mounted;
#   - UFFDC_HUGEPAGES_PER_NODE (default 32) 2 MiB huge pages on every NUMA node
#     that has fewer (the vm.nr_hugepages total without NUMA);
#   - a 512 MiB zram swap device, when no swap is active and zram is built in or
#     loadable (a new device through zram-control, or an unused zram0).
# What cannot be prepared is left alone: the tests that need it SKIP and say why.
# Root only; UFFDC_PREPARE=0 turns it off. POSIX sh (busybox too).
#
# uffdc_prepare   prepares, recording what it changed
# uffdc_restore   undoes exactly that, newest change first (idempotent)

UFFDC_RESTORE_STEPS=''

uffdc_say() { echo "# uffdc-prepare: $*"; }
uffdc_undo() {
	UFFDC_RESTORE_STEPS="$1
$UFFDC_RESTORE_STEPS"
}

uffdc_prepare_hugetlbfs() {
	grep -q ' hugetlbfs ' /proc/mounts 2>/dev/null && return 0
	if ! grep -q 'hugetlbfs$' /proc/filesystems 2>/dev/null; then
		uffdc_say "no hugetlbfs in this kernel"
		return 0
	fi
	made=''
	[ -d /dev/hugepages ] || { mkdir -p /dev/hugepages && made=1; }
	if mount -t hugetlbfs hugetlbfs /dev/hugepages 2>/dev/null; then
		uffdc_say "mounted hugetlbfs on /dev/hugepages"
		[ -z "$made" ] || uffdc_undo "rmdir /dev/hugepages"
		uffdc_undo "umount /dev/hugepages"
	else
		uffdc_say "cannot mount hugetlbfs on /dev/hugepages"
		[ -z "$made" ] || rmdir /dev/hugepages 2>/dev/null
	fi
}

# uffdc_raise_hugepages FILE WANT: raise FILE to WANT pages, remembering the old value.
uffdc_raise_hugepages() {
	old=$(cat "$1" 2>/dev/null) || return 0
	[ "$old" -lt "$2" ] || return 0
	echo "$2" >"$1" 2>/dev/null
	got=$(cat "$1")
	uffdc_undo "echo $old >$1"
	uffdc_say "huge pages $old -> $got ($1)"
	[ "$got" -ge "$2" ] || uffdc_say "only $got of $2 huge pages could be reserved"
}

uffdc_prepare_hugepages() {
	want=${UFFDC_HUGEPAGES_PER_NODE:-32} nodes=0
	for n in /sys/devices/system/node/node[0-9]*; do
		f=$n/hugepages/hugepages-2048kB/nr_hugepages
		[ -e "$f" ] || continue
		nodes=$((nodes + 1))
		uffdc_raise_hugepages "$f" "$want"
	done
	[ "$nodes" != 0 ] || uffdc_raise_hugepages /proc/sys/vm/nr_hugepages "$want"
}

uffdc_swap_active() { [ "$(grep -vc '^Filename' /proc/swaps 2>/dev/null)" -gt 0 ]; }

uffdc_prepare_swap() {
	uffdc_swap_active && return 0
	if [ ! -e /sys/class/zram-control ] && [ ! -e /sys/block/zram0 ] &&
		command -v modprobe >/dev/null && modprobe zram num_devices=0 2>/dev/null; then
		uffdc_undo "modprobe -r zram"
	fi
	dev=''
	if [ -r /sys/class/zram-control/hot_add ]; then
		if id=$(cat /sys/class/zram-control/hot_add 2>/dev/null) && [ -n "$id" ]; then
			dev=zram$id
			uffdc_undo "echo $id >/sys/class/zram-control/hot_remove"
		fi
	fi
	if [ -z "$dev" ] && [ "$(cat /sys/block/zram0/disksize 2>/dev/null)" = 0 ]; then
		dev=zram0
	fi
	if [ -z "$dev" ]; then
		uffdc_say "no zram device: running without swap (tests that need swap SKIP)"
		return 0
	fi
	# The device node appears shortly after hot_add (devtmpfs).
	i=0
	while [ ! -b "/dev/$dev" ] && [ $i -lt 20 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	out='cannot set its size'
	if echo 512M >"/sys/block/$dev/disksize" 2>/dev/null; then
		uffdc_undo "echo 1 >/sys/block/$dev/reset"
		if out=$(mkswap "/dev/$dev" 2>&1) && out=$(swapon "/dev/$dev" 2>&1); then
			uffdc_undo "swapoff /dev/$dev"
			uffdc_say "512 MiB of zram swap on /dev/$dev"
			return 0
		fi
	fi
	uffdc_say "zram swap on /dev/$dev failed: $out"
}

uffdc_prepare() {
	[ "${UFFDC_PREPARE:-1}" != 0 ] || return 0
	if [ "$(id -u)" != 0 ]; then
		uffdc_say "not root: nothing prepared (tests that need root, swap or huge pages SKIP)"
		return 0
	fi
	uffdc_prepare_hugetlbfs
	uffdc_prepare_hugepages
	uffdc_prepare_swap
}

uffdc_restore() {
	steps=$UFFDC_RESTORE_STEPS
	UFFDC_RESTORE_STEPS=''
	[ -n "$steps" ] || return 0
	echo "$steps" | while IFS= read -r step; do
		[ -z "$step" ] || eval "$step" 2>/dev/null || uffdc_say "restore step failed: $step"
	done
	uffdc_say "restored what was prepared"
}
