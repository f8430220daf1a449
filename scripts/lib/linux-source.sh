# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Debian's linux-source-7.x, unpacked once into the cache: the one kernel source
# tree the project uses (kselftest headers, the kernel's own kselftest runner,
# kernel builds for mutants and configuration variants).
#
#   linux_source_tree   prints the path of the pristine unpacked tree
#                       ($UFFDC_CACHE/src/linux-source-<ver>/linux-source-<x.y>);
#                       downloads and unpacks it the first time.
# Needs debian-apt.sh sourced first.

# The package: linux-source-7.3 was verified; when the archive has moved on, the
# newest linux-source-7.x of sid or experimental.
linux_source_package() {
	local src=linux-source-7.3 version
	version=$(debian_apt_versions "$src" | head -n1)
	if [ -z "$version" ]; then
		src=$(apt-cache "${APT_OPTS[@]}" pkgnames linux-source-7. 2>/dev/null |
			grep -E '^linux-source-7\.[0-9]+$' | sort -V | tail -n1)
		[ -n "$src" ] || return 1
		version=$(debian_apt_versions "$src" | head -n1)
	fi
	[ -n "$version" ] && echo "$src $version"
}

linux_source_tree() {
	local found
	# A tree unpacked before: used offline too (newest first).
	debian_apt_init
	if ! debian_apt_lists_fresh; then
		debian_apt_update if-stale >/dev/null 2>&1 || true
	fi
	local pkg src version dir stage deb
	if pkg=$(linux_source_package); then
		src=${pkg% *} version=${pkg#* }
		dir=$UFFDC_CACHE/src/${src}_${version//:/%}
	else
		found=$(ls -d "$UFFDC_CACHE"/src/linux-source-*_*/ 2>/dev/null | sort -V | tail -n1)
		[ -n "$found" ] || vm_die "$VM_EXIT_INFRA" "no linux-source-7.x package in sid or experimental, and none cached"
		dir=${found%/}
	fi
	if [ ! -f "$dir/.complete" ]; then
		vm_log "downloading $src $version (about 170 MB, once)"
		mkdir -p "$UFFDC_CACHE/src"
		stage=$(mktemp -d "$UFFDC_CACHE/src/.stage.XXXXXX")
		debian_apt_download "$stage" "$src=$version" || { rm -rf "$stage"; vm_die "$VM_EXIT_INFRA" "download of $src failed"; }
		deb=$(ls "$stage"/"${src}"_*.deb)
		vm_log "unpacking $(basename "$deb")"
		dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$stage" --wildcards './usr/src/linux-source-*.tar.*'
		tar -x -C "$stage" -f "$stage"/usr/src/linux-source-*.tar.*
		rm -rf "$dir"
		mkdir -p "$dir"
		mv "$stage"/linux-source-*/ "$dir/"
		rm -rf "$stage"
		touch "$dir/.complete"
	fi
	found=$(ls -d "$dir"/linux-source-*/ | head -n1)
	echo "${found%/}"
}
