# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# The project's own kernels: tinyconfig plus scripts/kconfig/uffd-conformance.config
# (plus a variant's overrides), built with ccache in a copy of the source (built
# in place: every path on the compiler's command line and in its preprocessed
# output is relative, so ccache serves one tree's objects to another). Used by
# scripts/mutate (one tree, patched per mutant) and scripts/configs (one tree per
# configuration). Needs UFFDC_CACHE set by the caller.

# The fragment every project kernel starts from.
KBUILD_FRAGMENT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../kconfig" && pwd)/uffd-conformance.config

# kbuild_init JOBS: the compiler (through ccache when there is one) and make -j.
kbuild_init() {
	KBUILD_JOBS=$1
	export CCACHE_DIR=$UFFDC_CACHE/ccache
	KBUILD_CC=gcc
	if command -v ccache >/dev/null; then KBUILD_CC="ccache gcc"; fi
}

# kbuild_copy SRC TREE: TREE becomes a copy of the source tree SRC (.git left
# out); a copy interrupted before is redone. Existing files are left alone.
kbuild_copy() {
	local src=$1 tree=$2
	if [ -d "$tree" ] && [ ! -f "$tree/.uffdc-copied" ]; then rm -rf "$tree"; fi
	[ -d "$tree" ] && return 0
	mkdir -p "$tree"
	tar -C "$src" --exclude=.git -cf - . | tar -C "$tree" -xf - || return 1
	touch "$tree/.uffdc-copied"
}

# kbuild_make TREE ARGS...: make in TREE.
kbuild_make() {
	make -C "$1" -j"$KBUILD_JOBS" CC="$KBUILD_CC" "${@:2}"
}

# kbuild_configure TREE LOG FRAGMENT...: tinyconfig, then the fragments merged in
# order (a later one overrides an earlier one), then olddefconfig; the output goes
# to LOG. Prints each fragment setting the tree did not take (an option this
# kernel lacks, or one whose dependencies the fragments do not meet).
kbuild_configure() {
	local tree=$1 log=$2
	shift 2
	{
		kbuild_make "$tree" -s tinyconfig &&
			(cd "$tree" && scripts/kconfig/merge_config.sh -m .config "$@") &&
			kbuild_make "$tree" -s olddefconfig
	} >"$log" 2>&1 || return 1
	# The last fragment to set an option decides it.
	cat "$@" | sed -n 's/^\(CONFIG_[A-Z0-9_]*\)=.*/\1 &/p; s/^# \(CONFIG_[A-Z0-9_]*\) is not set$/\1 &/p' |
		awk '{ want[$1] = $0 } END { for (k in want) print want[k] }' | LC_ALL=C sort |
		while read -r opt line; do
			case $line in
			"# $opt is not set") ! grep -q "^$opt=" "$tree/.config" || printf '%s\n' "$line" ;;
			*) grep -qxF "$line" "$tree/.config" || printf '%s\n' "$line" ;;
			esac
		done
}

# kbuild_image TREE LOG: builds bzImage; prints its path. Output goes to LOG.
kbuild_image() {
	kbuild_make "$1" bzImage >"$2" 2>&1 || return 1
	echo "$1/arch/x86/boot/bzImage"
}
