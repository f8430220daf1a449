# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Kernel resolution for scripts/vmtest: turns a --kernel SPEC into a bootable
# image, its modules tree and its config, downloading Debian's packages into a
# cache outside the clone when needed. Needs vmlog.sh.
#
# kernel_resolve SPEC MODULES_DIR sets:
#   KERNEL_IMAGE      the bzImage to boot
#   KERNEL_MODDIR     its lib/modules/<release> tree, or "" (no modules)
#   KERNEL_CONFIG     its config file, or "" (unknown)
#   KERNEL_LABEL      a short name for progress lines
#   KERNEL_CACHE_DIR  where per-kernel initramfs pieces may be cached, or ""

# shellcheck source=scripts/lib/debian-apt.sh
. "$(dirname "${BASH_SOURCE[0]}")/debian-apt.sh"
# Debian kernel flavour to use: the cloud one boots fastest (fewest drivers).
KERNEL_FLAVOUR=${UFFDC_KERNEL_FLAVOUR:-cloud-amd64}
KERNEL_RWP_SYMBOL=CONFIG_USERFAULTFD_RWP

# shellcheck disable=SC2034 # read by the callers
KERNEL_IMAGE='' KERNEL_MODDIR='' KERNEL_CONFIG='' KERNEL_LABEL='' KERNEL_CACHE_DIR=''

kernel_is_bzimage() {
	# x86 boot protocol: the setup header carries "HdrS" at offset 0x202.
	[ "$(dd if="$1" bs=1 skip=514 count=4 2>/dev/null)" = HdrS ]
}

kernel_config_has_rwp() {
	[ -n "$1" ] && grep -qx "$KERNEL_RWP_SYMBOL=y" "$1"
}

# --- the cache of unpacked Debian kernels -----------------------------------
# $UFFDC_CACHE/kernels/<abi>_<version>/ holds root/ (the unpacked packages),
# abi, version and .complete once everything is in place.

kernel_cache_dir() { echo "$UFFDC_CACHE/kernels/${1}_${2//:/%}"; }

# Sets the KERNEL_* globals from a complete cache entry.
kernel_use_cached() {
	local dir=$1 abi version
	abi=$(cat "$dir/abi") version=$(cat "$dir/version")
	KERNEL_MODDIR=
	local d
	for d in "$dir/root/usr/lib/modules/$abi" "$dir/root/lib/modules/$abi"; do
		[ -d "$d" ] && KERNEL_MODDIR=$d && break
	done
	KERNEL_IMAGE=
	local f
	for f in "$KERNEL_MODDIR/vmlinuz" "$dir/root/boot/vmlinuz-$abi"; do
		[ -f "$f" ] && KERNEL_IMAGE=$f && break
	done
	KERNEL_CONFIG=
	for f in "$KERNEL_MODDIR/config" "$dir/root/boot/config-$abi"; do
		[ -f "$f" ] && KERNEL_CONFIG=$f && break
	done
	[ -n "$KERNEL_IMAGE" ] || vm_die "$VM_EXIT_INFRA" "no vmlinuz in cached kernel $dir (remove it and retry)"
	KERNEL_LABEL="Debian $abi ($version)"
	KERNEL_CACHE_DIR=$dir
}

# Newest complete cache entry, optionally only for one ABI and/or with RWP.
# kernel_newest_cached ABI|"" rwp|any -> prints its directory.
kernel_newest_cached() {
	local want_abi=$1 want=$2 dir
	for dir in "$UFFDC_CACHE"/kernels/*/; do
		dir=${dir%/}
		[ -f "$dir/.complete" ] || continue
		[ -z "$want_abi" ] || [ "$(cat "$dir/abi")" = "$want_abi" ] || continue
		if [ "$want" = rwp ]; then
			kernel_use_cached "$dir"
			kernel_config_has_rwp "$KERNEL_CONFIG" || continue
		fi
		echo "$(cat "$dir/version") $dir"
	done | debian_sort_versions | head -n1 | cut -d' ' -f2-
}

# kernel_fetch_debian ABI VERSION: download and unpack unless cached.
kernel_fetch_debian() {
	local abi=$1 version=$2 dir stage deb
	dir=$(kernel_cache_dir "$abi" "$version")
	if [ ! -f "$dir/.complete" ]; then
		mkdir -p "$UFFDC_CACHE/kernels"
		stage=$(mktemp -d "$UFFDC_CACHE/kernels/.stage.XXXXXX")
		vm_log "downloading linux-binary-$abi, linux-modules-$abi, linux-base-$abi ($version) ..."
		if ! debian_apt_download "$stage" "linux-binary-$abi=$version" \
			"linux-modules-$abi=$version" "linux-base-$abi=$version"; then
			rm -rf "$stage"
			return 1
		fi
		vm_log "unpacking $abi ..."
		for deb in "$stage"/*.deb; do
			# Explicit checks: callers run this in an || list, where set -e is off.
			if ! dpkg-deb -x "$deb" "$stage/root"; then
				rm -rf "$stage"
				vm_log "cannot unpack ${deb##*/}"
				return 1
			fi
		done
		rm -f "$stage"/*.deb # the unpacked tree is all we need
		echo "$abi" >"$stage/abi"
		echo "$version" >"$stage/version"
		rm -rf "$dir"
		mv "$stage" "$dir"
		touch "$dir/.complete"
		# Older builds of the same ABI are superseded (about 60 MB each).
		local old
		for old in "$UFFDC_CACHE/kernels/${abi}"_*; do
			[ "$old" = "$dir" ] || [ "$(cat "$old/abi" 2>/dev/null)" != "$abi" ] || rm -rf "$old"
		done
	fi
	kernel_use_cached "$dir"
}

# Does the Debian kernel ABI at VERSION have RWP? Reads the cached tree or
# downloads only the small linux-base package; verdicts are remembered.
# Prints y or n; fails when the config cannot be fetched.
kernel_rwp_verdict() {
	local abi=$1 version=$2 dir verdicts=$UFFDC_CACHE/rwp-verdicts stage cfg v
	dir=$(kernel_cache_dir "$abi" "$version")
	if [ -f "$dir/.complete" ]; then
		kernel_use_cached "$dir"
		kernel_config_has_rwp "$KERNEL_CONFIG" && echo y || echo n
		return 0
	fi
	v=$(awk -v a="$abi" -v b="$version" '$1 == a && $2 == b { print $3 }' "$verdicts" 2>/dev/null | tail -n1)
	if [ -n "$v" ]; then
		echo "$v"
		return 0
	fi
	stage=$(mktemp -d "$UFFDC_CACHE/.verdict.XXXXXX")
	if ! debian_apt_download "$stage" "linux-base-$abi=$version"; then
		rm -rf "$stage"
		return 1
	fi
	dpkg-deb -x "$stage"/*.deb "$stage/root"
	cfg=$(find "$stage/root" -path "*/modules/$abi/config" -o -name "config-$abi" | head -n1)
	if [ -z "$cfg" ]; then
		rm -rf "$stage"
		vm_log "no kernel config in linux-base-$abi $version: treating it as without RWP"
		echo n
		return 0
	fi
	kernel_config_has_rwp "$cfg" && v=y || v=n
	rm -rf "$stage"
	echo "$abi $version $v" >>"$verdicts"
	echo "$v"
}

kernel_fallback_cached_rwp() {
	local dir
	dir=$(kernel_newest_cached "" rwp)
	[ -n "$dir" ] || vm_die "$VM_EXIT_INFRA" "$1, and no cached kernel with RWP in $UFFDC_CACHE/kernels"
	kernel_use_cached "$dir"
	vm_log "$1: using cached $KERNEL_LABEL"
}

# debian:rwp - the newest Debian kernel (sid, experimental) with RWP.
kernel_resolve_rwp() {
	debian_apt_init
	debian_apt_update || {
		kernel_fallback_cached_rwp "cannot refresh package lists"
		return 0
	}
	local candidates name version abi verdict
	# "VERSION ABI" for every linux-binary-<abi>-<flavour> version known.
	candidates=$(
		apt-cache "${APT_OPTS[@]}" pkgnames linux-binary- 2>/dev/null |
			grep -E "^linux-binary-[0-9][^ ]*-$KERNEL_FLAVOUR\$" | sort -u |
			while read -r name; do
				debian_apt_versions "$name" | sed "s|\$| ${name#linux-binary-}|"
			done | debian_sort_versions
	)
	if [ -z "$candidates" ]; then
		kernel_fallback_cached_rwp "no linux-binary-*-$KERNEL_FLAVOUR package in the lists"
		return 0
	fi
	while read -r version abi; do
		if ! verdict=$(kernel_rwp_verdict "$abi" "$version"); then
			kernel_fallback_cached_rwp "cannot fetch the config of $abi $version"
			return 0
		fi
		if [ "$verdict" = y ]; then
			vm_log "newest Debian kernel with RWP: $abi ($version)"
			kernel_fetch_debian "$abi" "$version" ||
				kernel_fallback_cached_rwp "cannot download $abi $version"
			return 0
		fi
		vm_log "skipping $abi ($version): no $KERNEL_RWP_SYMBOL=y"
	done <<<"$candidates"
	vm_die "$VM_EXIT_INFRA" "no Debian $KERNEL_FLAVOUR kernel in sid/experimental has $KERNEL_RWP_SYMBOL=y"
}

# debian:ABI - one Debian kernel by its ABI name, e.g. 7.2.13+deb14-cloud-amd64.
kernel_resolve_debian_abi() {
	local abi=$1 cached newest=
	debian_apt_init
	cached=$(kernel_newest_cached "$abi" any)
	# A cached kernel is used without any network access; only lists that are
	# fresh anyway may point at a newer build of the same ABI.
	if [ -n "$cached" ] && ! debian_apt_lists_fresh; then
		kernel_use_cached "$cached"
		return 0
	fi
	if [ -z "$cached" ]; then
		debian_apt_update ||
			vm_die "$VM_EXIT_INFRA" "cannot refresh package lists and $abi is not cached"
	fi
	newest=$(debian_apt_versions "linux-binary-$abi" | head -n1)
	if [ -z "$newest" ] && [ -z "$cached" ] && [ -f "$APT_DIR/updated" ] &&
		[ -n "$(find "$APT_DIR/updated" -mmin +5)" ]; then
		# Lists from earlier today may predate the package: refresh once.
		debian_apt_update force && newest=$(debian_apt_versions "linux-binary-$abi" | head -n1)
	fi
	if [ -z "$newest" ]; then
		[ -n "$cached" ] && { kernel_use_cached "$cached"; return 0; }
		vm_die "$VM_EXIT_USAGE" "no Debian package linux-binary-$abi in sid or experimental"
	fi
	if ! kernel_fetch_debian "$abi" "$newest"; then
		[ -n "$cached" ] || vm_die "$VM_EXIT_INFRA" "cannot download Debian kernel $abi ($newest)"
		kernel_use_cached "$cached"
		vm_log "download failed: using cached $KERNEL_LABEL"
	fi
}

# A developer's own bzImage, with an optional lib/modules/<release> tree.
kernel_resolve_path() {
	local image=$1 moddir=$2 tree
	[ -f "$image" ] || vm_die "$VM_EXIT_USAGE" "kernel image '$image' is not a file"
	kernel_is_bzimage "$image" ||
		vm_die "$VM_EXIT_USAGE" "'$image' is not a bzImage (no HdrS magic at offset 0x202)"
	KERNEL_IMAGE=$(realpath "$image")
	KERNEL_LABEL=$KERNEL_IMAGE
	# shellcheck disable=SC2034 # read by the callers
	KERNEL_MODDIR='' KERNEL_CONFIG='' KERNEL_CACHE_DIR=''
	if [ -n "$moddir" ]; then
		[ -d "$moddir" ] || vm_die "$VM_EXIT_USAGE" "--modules '$moddir' is not a directory"
		KERNEL_MODDIR=$(realpath "$moddir")
	fi
	# The config, where a usual layout shows it: Debian's lib/modules/<rel>/config,
	# an installed build/ link, or the build tree around arch/x86/boot/bzImage.
	local f
	tree=$(dirname "$KERNEL_IMAGE")/../../..
	for f in ${KERNEL_MODDIR:+"$KERNEL_MODDIR/config" "$KERNEL_MODDIR/build/.config"} \
		"$tree/.config"; do
		if [ -f "$f" ]; then
			KERNEL_CONFIG=$(realpath "$f")
			break
		fi
	done
}

kernel_resolve() {
	local spec=$1 moddir=$2
	case $spec in
	debian:*)
		[ -z "$moddir" ] || vm_die "$VM_EXIT_USAGE" "--modules applies only to a bzImage path, not to $spec"
		;;
	esac
	case $spec in
	debian:rwp)
		kernel_resolve_rwp
		;;
	debian:*)
		local abi=${spec#debian:}
		[[ $abi =~ ^[0-9][A-Za-z0-9.+~_-]*$ ]] ||
			vm_die "$VM_EXIT_USAGE" "bad Debian kernel ABI '$abi' (expected e.g. debian:7.2.13+deb14-cloud-amd64)"
		kernel_resolve_debian_abi "$abi"
		;;
	*/* | *.bzImage | bzImage* | vmlinuz*)
		kernel_resolve_path "$spec" "$moddir"
		;;
	*)
		if [ -e "$spec" ]; then
			kernel_resolve_path "$spec" "$moddir"
		else
			vm_die "$VM_EXIT_USAGE" "unknown --kernel '$spec' (expected debian:rwp, debian:<abi> or a path to a bzImage)"
		fi
		;;
	esac
	kernel_is_bzimage "$KERNEL_IMAGE" ||
		vm_die "$VM_EXIT_INFRA" "$KERNEL_IMAGE is not a bzImage"
}
