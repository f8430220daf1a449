# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Initramfs assembly for scripts/vmtest. Needs vmlog.sh and kernel.sh.
#
# The initramfs is three cpio (newc) archives, concatenated (the kernel unpacks
# them one after the other). They are not compressed: under TCG the kernel took
# 0.6 s of boot to gunzip them, and copying 22 MB into the guest costs nothing.
#   1. busybox with its applet links and the empty top-level directories:
#      cached per busybox binary;
#   2. the kernel's modules for zram swap (decompressed, with a load order) and
#      its config: cached per Debian kernel;
#   3. /init, the test binaries and the runner's arguments: built every run.

# Modules the guest loads, with what they need before them: zram for swap.
GUEST_MODULES=(zram)

# initramfs_pack DIR OUT [GZIP_LEVEL]: DIR's contents as a root-owned cpio,
# gzip'd at GZIP_LEVEL when given.
initramfs_pack() {
	local dir=$1 out=$2 level=${3:-}
	(cd "$dir" && find . -mindepth 1 | LC_ALL=C sort |
		cpio --quiet -o -H newc -R 0:0) | if [ -n "$level" ]; then gzip "-$level"; else cat; fi >"$out.tmp"
	mv "$out.tmp" "$out"
}

# Does this 64-bit ELF file have a PT_INTERP program header (a dynamic loader)?
initramfs_elf_is_dynamic() {
	local f=$1 phoff phentsize phnum i
	read -r phoff < <(od -An -t u8 -j 32 -N 8 "$f")
	read -r phentsize phnum < <(od -An -t u2 -j 54 -N 4 "$f")
	for ((i = 0; i < phnum; i++)); do
		[ "$(od -An -t u4 -j $((phoff + i * phentsize)) -N 4 "$f" | tr -d ' ')" = 3 ] && return 0
	done
	return 1
}

# Prints the path of the busybox piece, building it when not cached.
initramfs_busybox() {
	local bb=${UFFDC_BUSYBOX:-} key out stage applet
	if [ -z "$bb" ]; then
		for bb in /bin/busybox /usr/bin/busybox ''; do
			[ -x "$bb" ] && break
		done
	fi
	if [ -z "$bb" ] || ! [ -x "$bb" ]; then
		vm_die "$VM_EXIT_USAGE" "no busybox found (install busybox-static)"
	fi
	# The guest has no libc: a dynamic busybox would not start there.
	if initramfs_elf_is_dynamic "$bb"; then
		vm_die "$VM_EXIT_USAGE" "$bb is not statically linked (install busybox-static)"
	fi
	key=$(sha256sum "$bb" | cut -c1-16)
	out=$UFFDC_CACHE/initramfs/busybox-$key.cpio
	if [ ! -s "$out" ]; then
		vm_log "building the busybox initramfs piece ..."
		mkdir -p "${out%/*}"
		stage=$(mktemp -d "${out%/*}/.stage.XXXXXX")
		mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,run,root,etc,mnt,uffdc/bin}
		cp "$bb" "$stage/bin/busybox"
		ln -s busybox "$stage/bin/sh"
		# A busybox of another architecture (an arm64 guest's) does not run
		# here: /init links its applets in the guest (busybox --install).
		for applet in $("$bb" --list-full 2>/dev/null); do
			[ -e "$stage/$applet" ] || [ -L "$stage/$applet" ] ||
				ln -s /bin/busybox "$stage/$applet"
		done
		initramfs_pack "$stage" "$out"
		rm -rf "$stage"
	fi
	echo "$out"
}

# initramfs_modules_resolve MODDIR STAGE: decompress GUEST_MODULES and their
# dependencies into STAGE/uffdc/modules, with the load order in its file
# "order". Debian ships no modules.dep, so dependencies come from modinfo.
initramfs_modules_resolve() {
	local moddir=$1 stage=$2 f name
	local -A path=() builtin=() seen=()
	local -a order=()
	mkdir -p "$stage/uffdc/modules"
	while IFS= read -r f; do
		name=${f##*/}
		name=${name%%.ko*}
		path[${name//-/_}]=$f
	done < <(find "$moddir" -name '*.ko' -o -name '*.ko.xz' -o -name '*.ko.zst' -o -name '*.ko.gz')
	if [ -f "$moddir/modules.builtin" ]; then
		while IFS= read -r f; do
			name=${f##*/}
			builtin[${name%.ko}]=1
		done < <(tr - _ <"$moddir/modules.builtin")
	fi

	# Depth-first, dependencies first: the order busybox insmod needs.
	_initramfs_add_module() {
		local m=${1//-/_} src dst dep
		[ -z "${seen[$m]:-}" ] || return 0
		seen[$m]=1
		if [ -n "${builtin[$m]:-}" ]; then
			return 0
		fi
		src=${path[$m]:-}
		if [ -z "$src" ]; then
			vm_log "module $m not found in $moddir: the guest goes without it"
			return 0
		fi
		dst=$stage/uffdc/modules/$m.ko
		case $src in
		*.xz) xz -dc "$src" >"$dst" ;;
		*.zst) zstd -qdc "$src" >"$dst" ;;
		*.gz) gzip -dc "$src" >"$dst" ;;
		*) cp "$src" "$dst" ;;
		esac
		for dep in $(modinfo -F depends "$dst" | tr , ' '); do
			_initramfs_add_module "$dep"
		done
		order+=("$m.ko")
	}
	for name in "${GUEST_MODULES[@]}"; do
		_initramfs_add_module "$name"
	done
	unset -f _initramfs_add_module
	if ((${#order[@]})); then
		printf '%s\n' "${order[@]}" >"$stage/uffdc/modules/order"
		vm_log "guest modules: ${order[*]}"
	else
		vm_log "guest modules: none needed (${GUEST_MODULES[*]} built in or missing)"
	fi
}

# initramfs_kernel_piece OUT KREC: modules and config of the resolved kernel
# (KREC: kernel_resolve's record).
initramfs_kernel_piece() {
	local out=$1 stage moddir config
	moddir=$(kernel_field "$2" moddir) config=$(kernel_field "$2" config)
	stage=$(mktemp -d "${out%/*}/.stage.XXXXXX")
	mkdir -p "$stage/uffdc"
	if [ -n "$moddir" ]; then
		initramfs_modules_resolve "$moddir" "$stage"
	fi
	# Kernels built without IKCONFIG hide their config: ship it for the tests.
	if [ -n "$config" ]; then
		cp "$config" "$stage/uffdc/kernel-config"
	fi
	initramfs_pack "$stage" "$out"
	rm -rf "$stage"
}

# initramfs_build OUT KREC BINDIR INIT ARGS...: the whole initramfs, for the
# kernel of KREC (kernel_resolve's record).
# INITRAMFS_EXTRA_FILES (array of "SOURCE:/GUEST/PATH") adds files to it.
# Environment hook for vmtest's self-test: UFFDC_TEST_INIT=sleep|exit makes
# /init hang or exit at once (boot timeout and kernel panic paths).
initramfs_build() {
	local out=$1 krec=$2 bindir=$3 init=$4
	shift 4
	local work=${out%/*} base kpiece key stage f cache_dir
	base=$(initramfs_busybox)

	cache_dir=$(kernel_field "$krec" cache_dir)
	if [ -n "$cache_dir" ]; then
		# Rebuilt when the module list or this library changes.
		key=$(printf '%s\n' "${GUEST_MODULES[@]}" | cat - "${BASH_SOURCE[0]}" | sha256sum | cut -c1-12)
		kpiece=$cache_dir/initramfs-kernel-$key.cpio
		if [ ! -s "$kpiece" ]; then
			vm_log "building the kernel's initramfs piece (modules, config) ..."
			rm -f "$cache_dir"/initramfs-kernel-*.cpio* # superseded ones
			initramfs_kernel_piece "$kpiece" "$krec"
		fi
	else
		kpiece=$work/kernel.cpio
		initramfs_kernel_piece "$kpiece" "$krec"
	fi

	stage=$work/run-root
	mkdir -p "$stage/uffdc/bin"
	install -m 0755 "$init" "$stage/init"
	for f in "${VM_BINARIES[@]}"; do
		cp -L "$bindir/$f" "$stage/uffdc/bin/$f"
	done
	# The runner's arguments, one per line, so that spaces survive.
	: >"$stage/uffdc/args"
	if (($#)); then
		printf '%s\n' "$@" >"$stage/uffdc/args"
	fi
	if [ -n "${UFFDC_TEST_INIT:-}" ]; then
		echo "$UFFDC_TEST_INIT" >"$stage/uffdc/test-hook"
	fi
	# Files the caller adds (INITRAMFS_EXTRA_FILES: "SOURCE:/PATH" entries).
	local extra
	for extra in ${INITRAMFS_EXTRA_FILES[@]+"${INITRAMFS_EXTRA_FILES[@]}"}; do
		mkdir -p "$stage$(dirname "${extra#*:}")"
		cp -L "${extra%%:*}" "$stage${extra#*:}"
	done
	initramfs_pack "$stage" "$work/run.cpio"
	rm -rf "$stage"
	cat "$base" "$kpiece" "$work/run.cpio" >"$out"
	rm -f "$work/run.cpio"
}
