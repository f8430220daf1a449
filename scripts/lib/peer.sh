# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# The peer of scripts/bench: the kernel's own tools/testing/selftests/mm
# uffd-unit-tests, built at run time from the linux-source tree scripts/setup
# unpacks, statically (the guest has no libc), into the cache; never committed.
# Needs vmlog.sh and UFFDC_CACHE.

# peer_unit_tests SRC: prints the path of SRC's uffd-unit-tests, building it when
# the cached one was built from other sources (or by another version of this file).
peer_unit_tests() {
	local src=$1 mm=$1/tools/testing/selftests/mm dir bin key
	dir=$UFFDC_CACHE/peer/$(basename "$(dirname "$src")")
	bin=$dir/uffd-unit-tests
	key=$(cat "$mm"/uffd-unit-tests.c "$mm"/uffd-common.[ch] "$mm"/vm_util.[ch] \
		"$mm"/hugepage_settings.[ch] "${BASH_SOURCE[0]}" | sha256sum | cut -c1-16)
	if [ -x "$bin" ] && [ "$(cat "$dir/key" 2>/dev/null)" = "$key" ]; then
		echo "$bin"
		return 0
	fi
	vm_log "building uffd-unit-tests from $(basename "$(dirname "$src")") ..."
	mkdir -p "$dir"
	rm -rf "$dir/obj"
	# The tests need this kernel's UAPI (RWP, PAGEMAP_SCAN's PAGE_IS_ACCESSED):
	# generated out of tree (O=), so the unpacked source stays pristine.
	# (headers_install would only copy them on, and needs rsync.)
	if ! make -s -C "$src" O="$dir/obj" headers >"$dir/build.log" 2>&1 ||
		! (cd "$mm" && gcc -static -O2 -Wall -U_FORTIFY_SOURCE -I "$src" \
			-isystem "$dir/obj/usr/include" -isystem "$src/tools/include/uapi" \
			-I "$src/tools/testing/selftests" -o "$bin.tmp" \
			uffd-unit-tests.c uffd-common.c vm_util.c hugepage_settings.c \
			-lrt -lpthread -lm) >>"$dir/build.log" 2>&1; then
		vm_error "building uffd-unit-tests failed; the last lines of $dir/build.log:"
		tail -n 5 "$dir/build.log" | sed 's/^/# /' >&2
		return 1
	fi
	rm -rf "$dir/obj"
	mv "$bin.tmp" "$bin"
	echo "$key" >"$dir/key"
	echo "$bin"
}
