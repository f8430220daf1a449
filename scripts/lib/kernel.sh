# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Kernel resolution for scripts/vmtest and scripts/lava-job: turns a --kernel
# SPEC (and --modules) into a bootable image, its modules tree and its config,
# downloading into a cache outside the clone when needed. Needs vmlog.sh.
#
# Resolution returns its result as a value: kernel_resolve prints a record of
# key=value lines on stdout and mutates nothing of its caller's; the caller
# runs it in a command substitution (set -e there passes on its exit status,
# after its one error line: 2 for bad input, 3 for the machinery) and reads the
# fields with kernel_field:
#   krec=$(kernel_resolve SPEC MODULES)
#   image=$(kernel_field "$krec" image)
# Fields:
#   image           the kernel image to boot (x86_64: a bzImage; arm64: an Image)
#   moddir          its lib/modules/<release> tree, or "" (no modules)
#   config          its config file, or "" (unknown)
#   label           a short name for progress lines
#   cache_dir       where per-kernel initramfs pieces may be cached, or ""
#   spec, modules   the --kernel and --modules that resolve to it again
#   package, package_version   its Debian package, or ""
#   sha256          the image's

# shellcheck source=scripts/lib/debian-apt.sh
. "$(dirname "${BASH_SOURCE[0]}")/debian-apt.sh"
# The resolvers run inside $(...), where bash drops set -e without this.
shopt -s inherit_errexit
# The guest's architecture (kernel_set_arch): x86_64 or arm64, and Debian's name
# of it (the suffix of its kernel ABIs, the architecture of its package lists).
KERNEL_ARCH=x86_64 KERNEL_DEBIAN_ARCH=amd64
# Debian kernel flavour of debian:rwp: the cloud one boots fastest (fewest drivers).
KERNEL_FLAVOUR=${UFFDC_KERNEL_FLAVOUR:-cloud-amd64}
KERNEL_RWP_SYMBOL=CONFIG_USERFAULTFD_RWP

# kernel_set_arch x86_64|arm64: the architecture the kernels must be for; the
# Debian kernels then come from that architecture's package lists.
kernel_set_arch() {
	case $1 in
	x86_64) KERNEL_ARCH=x86_64 KERNEL_DEBIAN_ARCH=amd64 ;;
	arm64) KERNEL_ARCH=arm64 KERNEL_DEBIAN_ARCH=arm64 ;;
	*) vm_die "$VM_EXIT_USAGE" "unknown architecture '$1' (expected x86_64 or arm64)" ;;
	esac
	KERNEL_FLAVOUR=${UFFDC_KERNEL_FLAVOUR:-cloud-$KERNEL_DEBIAN_ARCH}
	# shellcheck disable=SC2034 # read by debian-apt.sh
	DEBIAN_ARCH=$KERNEL_DEBIAN_ARCH APT_DIR='' APT_OPTS=()
}

# kernel_field RECORD KEY: one field of a record.
kernel_field() {
	awk -v k="$2=" 'index($0, k) == 1 { print substr($0, length(k) + 1); exit }' <<<"$1"
}

# kernel_record KEY=VALUE...: a record; the image's sha256 comes with it.
kernel_record() {
	local kv image=''
	for kv in "$@"; do
		[ "${kv%%=*}" != image ] || image=${kv#image=}
	done
	printf '%s\n' "$@" "sha256=$(sha256sum "$image" | cut -c1-64)"
}

kernel_is_bzimage() {
	# x86 boot protocol: the setup header carries "HdrS" at offset 0x202.
	[ "$(dd if="$1" bs=1 skip=514 count=4 2>/dev/null | tr -d '\0')" = HdrS ]
}

# kernel_is_arm64_image FILE: arm64's Image header carries "ARM\x64" at offset
# 0x38; a gzip'd Image (vmlinuz.gz, Image.gz) carries it once decompressed.
kernel_is_arm64_image() {
	local magic
	if [ "$(head -c 2 "$1" | od -An -tx1 | tr -d ' ')" = 1f8b ]; then
		magic=$(gzip -dc "$1" 2>/dev/null | head -c 60 | tail -c 4 | od -An -tx1 | tr -d ' ')
	else
		magic=$(dd if="$1" bs=1 skip=56 count=4 2>/dev/null | od -An -tx1 | tr -d ' ')
	fi
	[ "$magic" = 41524d64 ]
}

# kernel_image_arch FILE: x86_64, arm64, or nothing when neither.
kernel_image_arch() {
	if kernel_is_bzimage "$1"; then
		echo x86_64
	elif kernel_is_arm64_image "$1"; then
		echo arm64
	fi
}

# kernel_image_name: what a bootable image of the guest's architecture is called.
kernel_image_name() {
	case $KERNEL_ARCH in
	x86_64) echo "bzImage (HdrS magic at offset 0x202)" ;;
	arm64) echo "arm64 Image (ARM\\x64 magic at offset 0x38)" ;;
	esac
}

kernel_config_has_rwp() {
	[ -n "$1" ] && grep -qx "$KERNEL_RWP_SYMBOL=y" "$1"
}

# kernel_check_image FILE: an image the guest's architecture boots, or exit 2.
kernel_check_image() {
	local image=$1 arch
	[ -f "$image" ] || vm_die "$VM_EXIT_USAGE" "kernel image '$image' is not a file"
	[ -r "$image" ] || vm_die "$VM_EXIT_USAGE" "kernel image '$image' is not readable (run as root?)"
	arch=$(kernel_image_arch "$image")
	[ "$arch" != "$KERNEL_ARCH" ] || return 0
	case $arch in
	x86_64) vm_die "$VM_EXIT_USAGE" "'$image' is an x86_64 bzImage: another architecture than the $KERNEL_ARCH guest (--arch)" ;;
	arm64) vm_die "$VM_EXIT_USAGE" "'$image' is an arm64 kernel Image: another architecture than the $KERNEL_ARCH guest (--arch)" ;;
	esac
	vm_die "$VM_EXIT_USAGE" "'$image' is not a $(kernel_image_name)"
}

# kernel_first FILE...: the first that exists (file or directory), or nothing.
kernel_first() {
	local f
	for f in "$@"; do
		if [ -e "$f" ]; then
			realpath "$f"
			return 0
		fi
	done
}

# --- downloads and modules archives ------------------------------------------

# kernel_cache_use ENTRY...: marks cache entries used now and drops their
# siblings unused for two weeks (each build's download or tarball is new).
kernel_cache_use() {
	touch "$@"
	find "${1%/*}" -mindepth 1 -maxdepth 1 -name '[!.]*' -mtime +14 -exec rm -rf {} + 2>/dev/null || true
}

# kernel_download URL: the URL's file in $UFFDC_CACHE/downloads (keyed by URL,
# its sha256 recorded beside it). An unreachable URL is the user's input: 2.
kernel_download() {
	local url=$1 dir name stage
	dir=$UFFDC_CACHE/downloads/$(printf '%s' "$url" | sha256sum | cut -c1-16)
	name=${url%%[?#]*}
	name=${name##*/}
	name=${name:-download}
	if [ -f "$dir/.complete" ]; then
		kernel_cache_use "$dir"
		echo "$dir/$name"
		return 0
	fi
	mkdir -p "$UFFDC_CACHE/downloads"
	stage=$(mktemp -d "$UFFDC_CACHE/downloads/.stage.XXXXXX")
	if ! curl -fsSL --connect-timeout 20 --retry 1 -o "$stage/$name" "$url" 2>"$stage/err"; then
		local why
		why=$(tail -n1 "$stage/err")
		rm -rf "$stage"
		vm_die "$VM_EXIT_USAGE" "cannot download $url: ${why:-curl failed}"
	fi
	sha256sum "$stage/$name" | cut -c1-64 >"$stage/sha256"
	echo "$url" >"$stage/url"
	rm -rf "$dir"
	mv "$stage" "$dir"
	touch "$dir/.complete"
	vm_log "downloaded $url (sha256 $(cat "$dir/sha256"))"
	echo "$dir/$name"
}

# kernel_modules_tarball FILE: the lib/modules/<release> tree of a modules
# tarball in tuxmake's layout (members lib/modules/<release>/...), unpacked
# once into $UFFDC_CACHE/modules/<its sha256>.
kernel_modules_tarball() {
	local tarball=$1 dir members bad release stage
	dir=$UFFDC_CACHE/modules/$(sha256sum "$tarball" | cut -c1-64)
	if [ ! -f "$dir/.complete" ]; then
		members=$(tar -tf "$tarball" 2>/dev/null) ||
			vm_die "$VM_EXIT_USAGE" "--modules '$tarball' is neither a directory nor a tar archive"
		bad=$(grep -vE '^(\./)?((usr/)?lib(/modules(/[^/]+(/.*)?)?)?/?)?$' <<<"$members" | head -n1 || true)
		[ -z "$bad" ] || vm_die "$VM_EXIT_USAGE" \
			"--modules '$tarball' is not in tuxmake's layout (lib/modules/<release>/...): it holds '$bad'"
		release=$(sed -nE 's|^(\./)?(usr/)?lib/modules/([^/]+).*|\3|p' <<<"$members" | sort -u)
		if [ -z "$release" ] || [ "$(wc -l <<<"$release")" != 1 ]; then
			vm_die "$VM_EXIT_USAGE" "--modules '$tarball' must hold one lib/modules/<release> tree, not '${release//$'\n'/ }'"
		fi
		mkdir -p "$UFFDC_CACHE/modules"
		stage=$(mktemp -d "$UFFDC_CACHE/modules/.stage.XXXXXX")
		if ! tar -xf "$tarball" -C "$stage" 2>"$stage/err"; then
			local why
			why=$(tail -n1 "$stage/err")
			rm -rf "$stage"
			vm_die "$VM_EXIT_USAGE" "cannot unpack --modules '$tarball': $why"
		fi
		echo "$release" >"$stage/release"
		rm -rf "$dir"
		mv "$stage" "$dir"
		touch "$dir/.complete"
	fi
	kernel_cache_use "$dir"
	release=$(cat "$dir/release")
	kernel_first "$dir/lib/modules/$release" "$dir/usr/lib/modules/$release"
}

# kernel_modules MODULES: the lib/modules/<release> tree that --modules names
# (a directory, a tuxmake tarball or its URL); nothing for "".
kernel_modules() {
	local m=$1
	case $m in
	'') ;;
	http://* | https://*)
		m=$(kernel_download "$m")
		kernel_modules_tarball "$m"
		;;
	*)
		if [ -d "$m" ]; then
			realpath "$m"
		elif [ -f "$m" ]; then
			kernel_modules_tarball "$m"
		else
			vm_die "$VM_EXIT_USAGE" "--modules '$m' is neither a directory nor a file"
		fi
		;;
	esac
}

# --- the cache of unpacked Debian kernels -----------------------------------
# $UFFDC_CACHE/kernels/<abi>_<version>/ holds root/ (the unpacked packages),
# abi, version, package and .complete once everything is in place.

kernel_cache_dir() { echo "$UFFDC_CACHE/kernels/${1}_${2//:/%}"; }

# kernel_cached_record DIR: the record of a complete cache entry.
kernel_cached_record() {
	local dir=$1 abi version moddir image
	abi=$(cat "$dir/abi") version=$(cat "$dir/version")
	moddir=$(kernel_first "$dir/root/usr/lib/modules/$abi" "$dir/root/lib/modules/$abi")
	image=$(kernel_first ${moddir:+"$moddir/vmlinuz"} "$dir/root/boot/vmlinuz-$abi")
	[ -n "$image" ] || vm_die "$VM_EXIT_INFRA" "no vmlinuz in cached kernel $dir (remove it and retry)"
	[ "$(kernel_image_arch "$image")" = "$KERNEL_ARCH" ] || vm_die "$VM_EXIT_INFRA" "$image is not a $(kernel_image_name)"
	kernel_record "image=$image" "moddir=$moddir" \
		"config=$(kernel_first ${moddir:+"$moddir/config"} "$dir/root/boot/config-$abi")" \
		"label=Debian $abi ($version)" "cache_dir=$dir" "spec=debian:$abi" "modules=" \
		"package=$(cat "$dir/package" 2>/dev/null || echo "linux-binary-$abi")" "package_version=$version"
}

# kernel_debian_abi_re ABI: the extended regex of the ABIs that debian:ABI
# names: ABI itself, or for a series (debian:7.2-cloud-amd64) every ABI of it.
kernel_debian_abi_re() {
	local abi=$1
	if [[ $abi =~ ^([0-9]+\.[0-9]+)-([a-z][a-z0-9-]*)$ ]]; then
		echo "^${BASH_REMATCH[1]//./\\.}(\\.[0-9]+)*(-[0-9]+)?(\\+[a-z0-9.]+)?-${BASH_REMATCH[2]}\$"
	else
		echo "^${abi//[.+]/\\&}\$"
	fi
}

# Newest complete cache entry whose ABI matches a regex, optionally with RWP.
# kernel_newest_cached ABI_RE|"" rwp|any -> prints its directory.
kernel_newest_cached() {
	local want_re=$1 want=$2 dir
	for dir in "$UFFDC_CACHE"/kernels/*/; do
		dir=${dir%/}
		[ -f "$dir/.complete" ] || continue
		grep -q -- "-$KERNEL_DEBIAN_ARCH\$" "$dir/abi" || continue
		[ -z "$want_re" ] || grep -qE "$want_re" "$dir/abi" || continue
		if [ "$want" = rwp ]; then
			kernel_config_has_rwp "$(kernel_field "$(kernel_cached_record "$dir")" config)" || continue
		fi
		echo "$(cat "$dir/version") $dir"
	done | debian_sort_versions | sed -n 1p | cut -d' ' -f2-
}

# kernel_debian_candidates ABI: "VERSION ABI PACKAGE..." for every kernel that
# debian:ABI names, newest first. Sid and experimental split a kernel into
# linux-binary/-modules/-base-<abi>; trixie and bookworm ship one
# linux-image-<abi>-unsigned (older builds only the signed linux-image-<abi>;
# linux-image-<x.y>-<flavour> there is a meta-package, never a kernel).
kernel_debian_candidates() {
	local re names name abi
	re=$(kernel_debian_abi_re "$1")
	names=$(apt-cache "${APT_OPTS[@]}" pkgnames "linux-binary-${1%%-*}" 2>/dev/null
		apt-cache "${APT_OPTS[@]}" pkgnames "linux-image-${1%%-*}" 2>/dev/null)
	names=$(while read -r name; do
			abi=${name#linux-*-} abi=${abi%-unsigned}
			[[ $abi =~ $re ]] || continue
			[[ $name == linux-image-* && $abi =~ ^[0-9]+\.[0-9]+- ]] || echo "$name"
		done <<<"$names" | sort -u)
	[ -n "$names" ] || return 0
	# shellcheck disable=SC2086 # one package name per word
	apt-cache "${APT_OPTS[@]}" madison $names 2>/dev/null |
		awk -F'|' '{ gsub(/ /, "", $1); gsub(/ /, "", $2); print $2, $1 }' | sort -u |
		while read -r version name; do
			case $name in
			linux-binary-*)
				abi=${name#linux-binary-}
				echo "$version $abi 1 $name linux-modules-$abi linux-base-$abi"
				;;
			*-unsigned) abi=${name#linux-image-} abi=${abi%-unsigned} && echo "$version $abi 2 $name" ;;
			*) echo "$version ${name#linux-image-} 3 $name" ;;
			esac
		done | sort -k2,2 -k3,3n | awk '!seen[$1 " " $2]++' | cut -d' ' -f1,2,4- |
		debian_sort_versions
}

# kernel_fetch_debian ABI VERSION PACKAGE...: download and unpack unless
# cached; prints the cache entry. Fails (status 1) when the download fails.
kernel_fetch_debian() {
	local abi=$1 version=$2 dir stage deb
	shift 2
	dir=$(kernel_cache_dir "$abi" "$version")
	if [ ! -f "$dir/.complete" ]; then
		mkdir -p "$UFFDC_CACHE/kernels"
		stage=$(mktemp -d "$UFFDC_CACHE/kernels/.stage.XXXXXX")
		vm_log "downloading $* ($version) ..."
		if ! debian_apt_download "$stage" "${@/%/=$version}"; then
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
		echo "$1" >"$stage/package"
		rm -rf "$dir"
		mv "$stage" "$dir"
		touch "$dir/.complete"
		# Older builds of the same ABI are superseded (about 60 MB each).
		local old
		for old in "$UFFDC_CACHE/kernels/${abi}"_*; do
			[ "$old" = "$dir" ] || [ "$(cat "$old/abi" 2>/dev/null)" != "$abi" ] || rm -rf "$old"
		done
	fi
	echo "$dir"
}

# Does the Debian kernel ABI at VERSION have RWP? Reads the cached tree or
# downloads only the small linux-base package; verdicts are remembered.
# Prints y or n; fails when the config cannot be fetched.
kernel_rwp_verdict() {
	local abi=$1 version=$2 dir verdicts=$UFFDC_CACHE/rwp-verdicts stage cfg v
	dir=$(kernel_cache_dir "$abi" "$version")
	if [ -f "$dir/.complete" ]; then
		kernel_config_has_rwp "$(kernel_field "$(kernel_cached_record "$dir")" config)" && echo y || echo n
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
	cfg=$(find "$stage/root" \( -path "*/modules/$abi/config" -o -name "config-$abi" \) -print -quit)
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

# kernel_cached_fallback WHY ABI_RE|"" rwp|any: the newest cached kernel that
# fits, when the network cannot tell; exit 3 without one.
kernel_cached_fallback() {
	local dir
	dir=$(kernel_newest_cached "$2" "$3")
	[ -n "$dir" ] || vm_die "$VM_EXIT_INFRA" "$1, and no fitting kernel cached in $UFFDC_CACHE/kernels"
	vm_log "$1: using cached $(cat "$dir/abi")"
	kernel_cached_record "$dir"
}

# debian:rwp - the newest Debian kernel (sid, experimental) with RWP.
kernel_resolve_rwp() {
	debian_apt_init
	if ! debian_apt_update; then
		kernel_cached_fallback "cannot refresh package lists" "" rwp
		return 0
	fi
	local candidates name version abi verdict dir
	# "VERSION ABI" for every linux-binary-<abi>-<flavour> version known.
	candidates=$(
		apt-cache "${APT_OPTS[@]}" pkgnames linux-binary- 2>/dev/null |
			grep -E "^linux-binary-[0-9][^ ]*-$KERNEL_FLAVOUR\$" | sort -u |
			while read -r name; do
				debian_apt_versions "$name" | sed "s|\$| ${name#linux-binary-}|"
			done | debian_sort_versions
	)
	if [ -z "$candidates" ]; then
		kernel_cached_fallback "no linux-binary-*-$KERNEL_FLAVOUR package in the lists" "" rwp
		return 0
	fi
	while read -r version abi; do
		if ! verdict=$(kernel_rwp_verdict "$abi" "$version"); then
			kernel_cached_fallback "cannot fetch the config of $abi $version" "" rwp
			return 0
		fi
		if [ "$verdict" = y ]; then
			vm_log "newest Debian kernel with RWP: $abi ($version)"
			if dir=$(kernel_fetch_debian "$abi" "$version" "linux-binary-$abi" "linux-modules-$abi" "linux-base-$abi"); then
				kernel_cached_record "$dir"
			else
				kernel_cached_fallback "cannot download $abi $version" "" rwp
			fi
			return 0
		fi
		vm_log "skipping $abi ($version): no $KERNEL_RWP_SYMBOL=y"
	done <<<"$candidates"
	vm_die "$VM_EXIT_INFRA" "no Debian $KERNEL_FLAVOUR kernel in sid/experimental has $KERNEL_RWP_SYMBOL=y"
}

# debian:ABI - one Debian kernel by its ABI name (7.2.13+deb14-cloud-amd64,
# 6.1.0-57-cloud-amd64, 6.12.118+deb13-rt-amd64), or the newest of a series
# and flavour (7.2-cloud-amd64), from any suite the private lists have.
kernel_resolve_debian() {
	local abi=$1 re cached newest=''
	re=$(kernel_debian_abi_re "$abi")
	debian_apt_init
	cached=$(kernel_newest_cached "$re" any)
	# A cached kernel is used without any network access; only lists that are
	# fresh anyway may point at a newer build of the same ABI.
	if [ -n "$cached" ] && ! debian_apt_lists_fresh; then
		kernel_cached_record "$cached"
		return 0
	fi
	if [ -z "$cached" ]; then
		debian_apt_update ||
			vm_die "$VM_EXIT_INFRA" "cannot refresh package lists and $abi is not cached"
	fi
	newest=$(kernel_debian_candidates "$abi" | sed -n 1p)
	if [ -z "$newest" ] && [ -z "$cached" ] && [ -n "$(find "$APT_DIR/updated" -mmin +5)" ]; then
		# Lists from earlier today may predate the package: refresh once.
		debian_apt_update force && newest=$(kernel_debian_candidates "$abi" | sed -n 1p)
	fi
	if [ -z "$newest" ]; then
		[ -n "$cached" ] && { kernel_cached_record "$cached"; return 0; }
		vm_die "$VM_EXIT_USAGE" "no Debian kernel $abi in ${DEBIAN_SUITES[*]} (no package linux-binary-$abi or linux-image-$abi)"
	fi
	local version abi packages dir
	read -r version abi packages <<<"$newest"
	# shellcheck disable=SC2086 # one package name per word
	if dir=$(kernel_fetch_debian "$abi" "$version" $packages); then
		kernel_cached_record "$dir"
	elif [ -n "$cached" ]; then
		vm_log "download failed: using cached $(cat "$cached/abi")"
		kernel_cached_record "$cached"
	else
		vm_die "$VM_EXIT_INFRA" "cannot download Debian kernel $abi ($version)"
	fi
}

# --- a developer's kernels ----------------------------------------------------

# kernel_resolve_image IMAGE MODULES LABEL SPEC [CONFIG]: a bzImage with the
# modules --modules names; its config as given, else where a usual layout shows
# it (Debian's lib/modules/<rel>/config, an installed build/ link).
kernel_resolve_image() {
	local image=$1 moddir config=${5:-}
	kernel_check_image "$image"
	moddir=$(kernel_modules "$2")
	[ -n "$config" ] || config=$(kernel_first ${moddir:+"$moddir/config" "$moddir/build/.config"})
	kernel_record "image=$(realpath "$image")" "moddir=$moddir" "config=$config" "label=$3" \
		"cache_dir=" "spec=$4" "modules=$(kernel_modules_spec "$2")" "package=" "package_version="
}

# kernel_modules_spec MODULES: the --modules that names the same modules
# from anywhere (an absolute path, or the URL).
kernel_modules_spec() {
	case $1 in
	'' | http://* | https://*) echo "$1" ;;
	*) realpath "$1" ;;
	esac
}

# An installed kernel: ROOT/boot/vmlinuz-REL with ROOT/lib/modules/REL and
# ROOT/boot/config-REL (installed:REL reads ROOT from $UFFDC_SYSROOT, default /).
kernel_resolve_installed() {
	local root=$1 rel=$2 modules=$3 image
	image=$root/boot/vmlinuz-$rel
	[ -e "$image" ] || vm_die "$VM_EXIT_USAGE" "no installed kernel $rel ($image does not exist)"
	[ -n "$modules" ] || modules=$(kernel_first "$root/lib/modules/$rel" "$root/usr/lib/modules/$rel")
	[ -n "$modules" ] || vm_log "no $root/lib/modules/$rel: the guest has no modules (zram swap needs them)"
	kernel_resolve_image "$image" "$modules" "installed $rel" "$(realpath "$image")" \
		"$(kernel_first "$root/boot/config-$rel")"
}

# kernel_tree_modules TREE: the tree's modules installed (make modules_install)
# into $UFFDC_CACHE/trees/<tree>/, again only when the tree's build changed.
kernel_tree_modules() {
	local tree=$1 rel dir stamp
	rel=$(cat "$tree/include/config/kernel.release" 2>/dev/null || make -s -C "$tree" kernelrelease 2>/dev/null) ||
		vm_die "$VM_EXIT_USAGE" "cannot tell the release of $tree (no include/config/kernel.release)"
	dir=$UFFDC_CACHE/trees/$(printf '%s' "$tree" | sha256sum | cut -c1-16)
	stamp="$rel $(stat -c %Y "$tree/$(kernel_tree_image)" "$tree/modules.order" 2>/dev/null | paste -sd' ')"
	if [ "$(cat "$dir.stamp" 2>/dev/null)" != "$stamp" ]; then
		vm_log "installing the modules of $tree (make modules_install) ..."
		rm -rf "$dir" "$dir.stamp"
		mkdir -p "$dir"
		make -C "$tree" modules_install INSTALL_MOD_PATH="$dir" </dev/null >"$dir.log" 2>&1 ||
			vm_die "$VM_EXIT_USAGE" "make -C $tree modules_install failed: $(tail -n1 "$dir.log")"
		echo "$stamp" >"$dir.stamp"
	fi
	kernel_cache_use "$dir" "$dir.stamp" "$dir.log"
	kernel_first "$dir/lib/modules/$rel" "$dir/usr/lib/modules/$rel" | grep . ||
		vm_die "$VM_EXIT_USAGE" "make -C $tree modules_install installed no lib/modules/$rel"
}

# kernel_tree_image: where a build tree of the guest's architecture has its image.
kernel_tree_image() {
	case $KERNEL_ARCH in
	x86_64) echo arch/x86/boot/bzImage ;;
	arm64) echo arch/arm64/boot/Image ;;
	esac
}

# A kernel build tree: arch/x86/boot/bzImage (arm64: arch/arm64/boot/Image), its
# .config, and its modules when it has any (modules.order, or CONFIG_MODULES=y).
kernel_resolve_tree() {
	local tree modules=$2 image
	tree=$(realpath "$1")
	image=$(kernel_tree_image)
	if [ ! -f "$tree/$image" ]; then
		if [ "$KERNEL_ARCH" != arm64 ] && [ -f "$tree/arch/arm64/boot/Image" ]; then
			vm_die "$VM_EXIT_USAGE" "$tree is an arm64 build tree (arch/arm64/boot/Image): another architecture than the $KERNEL_ARCH guest (--arch)"
		fi
		if [ "$KERNEL_ARCH" != x86_64 ] && [ -f "$tree/arch/x86/boot/bzImage" ]; then
			vm_die "$VM_EXIT_USAGE" "$tree is an x86 build tree (arch/x86/boot/bzImage): another architecture than the $KERNEL_ARCH guest (--arch)"
		fi
		vm_die "$VM_EXIT_USAGE" "$tree has no built kernel (no $image: run make there first)"
	fi
	if [ -z "$modules" ] && { [ -f "$tree/modules.order" ] || grep -qx CONFIG_MODULES=y "$tree/.config" 2>/dev/null; }; then
		modules=$(kernel_tree_modules "$tree")
	fi
	kernel_resolve_image "$tree/$image" "$modules" "build tree $tree" "$tree" \
		"$(kernel_first "$tree/.config")"
}

# A bzImage by path; one named ROOT/boot/vmlinuz-REL is an installed kernel.
kernel_resolve_path() {
	local image=$1 modules=$2 tree
	[ -f "$image" ] || vm_die "$VM_EXIT_USAGE" "kernel image '$image' is not a file"
	image=$(realpath "$image")
	if [[ $image =~ ^(.*)/boot/vmlinuz-([^/]+)$ ]]; then
		kernel_resolve_installed "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" "$modules"
		return 0
	fi
	# In a build tree (TREE/arch/<arch>/boot/<image>), the tree's .config.
	tree=$(dirname "$image")/../../..
	kernel_resolve_image "$image" "$modules" "$image" "$image" "$(kernel_first "$tree/.config")"
}

# kernel_check_arch SPEC: exit 2 when SPEC names a kernel of another
# architecture than the guest's, where that shows without any download or
# build (a Debian ABI's suffix, an image file, a build tree), so that vmtest
# refuses it before setting anything up.
kernel_check_arch() {
	local spec=$1 abi
	case $spec in
	debian:rwp) ;;
	debian:*)
		abi=${spec#debian:}
		[[ $abi != *-amd64 && $abi != *-arm64 ]] || [[ $abi == *-"$KERNEL_DEBIAN_ARCH" ]] ||
			vm_die "$VM_EXIT_USAGE" "debian:$abi is not an $KERNEL_DEBIAN_ARCH kernel: another architecture than the $KERNEL_ARCH guest (--arch)"
		;;
	installed:* | http://* | https://*) ;;
	*)
		if [ -d "$spec" ] && [ ! -f "$spec/$(kernel_tree_image)" ]; then
			kernel_resolve_tree "$spec" "" # its one line on the other architecture
		elif [ -f "$spec" ] && [ -r "$spec" ]; then
			kernel_check_image "$spec"
		fi
		;;
	esac
}

# kernel_resolve SPEC MODULES: prints the record (see the top).
kernel_resolve() {
	local spec=$1 modules=$2
	case $spec in
	debian:*)
		[ -z "$modules" ] || vm_die "$VM_EXIT_USAGE" "--modules does not apply to $spec (Debian's kernels bring their own)"
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
		[[ $abi == *-"$KERNEL_DEBIAN_ARCH" ]] ||
			vm_die "$VM_EXIT_USAGE" "debian:$abi is not an $KERNEL_DEBIAN_ARCH kernel: another architecture than the $KERNEL_ARCH guest (--arch)"
		kernel_resolve_debian "$abi"
		;;
	installed:*)
		local rel=${spec#installed:}
		kernel_resolve_installed "${UFFDC_SYSROOT:-}" "${rel:-$(uname -r)}" "$modules"
		;;
	http://* | https://*)
		local image
		image=$(kernel_download "$spec")
		kernel_resolve_image "$image" "$modules" "$spec" "$spec"
		;;
	*)
		if [ -d "$spec" ]; then
			kernel_resolve_tree "$spec" "$modules"
		elif [ -e "$spec" ] || [[ $spec == */* || $spec == *bzImage* || $spec == *Image* || $spec == vmlinuz* ]]; then
			kernel_resolve_path "$spec" "$modules"
		else
			vm_die "$VM_EXIT_USAGE" "unknown --kernel '$spec' (expected debian:rwp, debian:<abi>, installed:<release>, a URL, a build tree or a path to a kernel image)"
		fi
		;;
	esac
}
