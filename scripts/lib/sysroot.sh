# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# A private arm64 sysroot for the cross build of the guest binaries: Debian's
# arm64 abseil and nlohmann-json (the versions the host has, so both builds
# agree) and the arm64 busybox-static for the guest's initramfs, unpacked with
# dpkg-deb -x under the cache. The host's dpkg architectures and apt sources
# stay untouched: the packages come through debian-apt.sh's private lists of
# that architecture. Needs vmlog.sh.
#
#   dir=$(sysroot_arm64)   # creates or reuses $UFFDC_CACHE/sysroot-arm64

# shellcheck source=scripts/lib/debian-apt.sh
. "$(dirname "${BASH_SOURCE[0]}")/debian-apt.sh"

SYSROOT_PACKAGES=(libabsl-dev nlohmann-json3-dev busybox-static)

# sysroot_version PKG: the host's installed version when the arm64 lists have
# it, else the bookworm one (what scripts/setup installs on the host).
sysroot_version() {
	local pkg=$1 want
	want=$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null || true)
	if [ -n "$want" ] && debian_apt_versions "$pkg" | grep -qxF "$want"; then
		echo "$want"
		return 0
	fi
	apt-cache "${APT_OPTS[@]}" madison "$pkg" 2>/dev/null |
		awk -F'|' -v p="$pkg" '{ gsub(/ /, "", $1); gsub(/ /, "", $2) } $1 == p && $3 ~ / bookworm\// { print $2; exit }'
}

sysroot_arm64() {
	local dir=$UFFDC_CACHE/sysroot-arm64 stage pkg v deb
	local -a want=()
	# A complete sysroot is used as it is: no network needed once it exists.
	if [ -f "$dir/.complete" ]; then
		echo "$dir"
		return 0
	fi
	(
		DEBIAN_ARCH=arm64 APT_DIR='' APT_OPTS=()
		debian_apt_init
		debian_apt_update || vm_die "$VM_EXIT_INFRA" "cannot refresh the arm64 package lists for the sysroot"
		for pkg in "${SYSROOT_PACKAGES[@]}"; do
			v=$(sysroot_version "$pkg")
			[ -n "$v" ] || vm_die "$VM_EXIT_INFRA" "no arm64 $pkg in the package lists"
			want+=("$pkg=$v")
		done
		vm_log "building the arm64 sysroot: ${want[*]} ..."
		mkdir -p "$UFFDC_CACHE"
		stage=$(mktemp -d "$UFFDC_CACHE/.sysroot.XXXXXX")
		debian_apt_download "$stage" "${want[@]}" || { rm -rf "$stage"; vm_die "$VM_EXIT_INFRA" "cannot download the arm64 sysroot packages"; }
		for deb in "$stage"/*.deb; do
			dpkg-deb -x "$deb" "$stage/root" || { rm -rf "$stage"; vm_die "$VM_EXIT_INFRA" "cannot unpack ${deb##*/}"; }
		done
		printf '%s\n' "${want[@]}" >"$stage/root/packages"
		rm -rf "$dir"
		mv "$stage/root" "$dir"
		rm -rf "$stage"
		touch "$dir/.complete"
	) >&2 || return
	echo "$dir"
}
