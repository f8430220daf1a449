#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Self-test of scripts/vmtest's kernel inputs, resolved with --resolve-only (no
# boot): a kernel build tree (its modules installed with make modules_install),
# a tuxmake modules tarball, /boot/vmlinuz-REL with /lib/modules/REL, URLs of
# both (served from localhost), Debian kernels by ABI and by series, and every
# kind of bad input (exit 2, one line, before booting). The fakes are made from
# a cached Debian kernel ($UFFDC_VMTEST_KERNEL, default debian:rwp).
#
# Usage: kernel_inputs.sh [BINDIR]: with BINDIR (the suite binaries) it also
# boots the fake build tree once and runs an RWP test there. Prints TAP.
# shellcheck disable=SC2016,SC2317 # the checks are strings that tap_check evals
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
VMTEST=$ROOT/scripts/vmtest
BIN=${1:-}
T=$(mktemp -d "${TMPDIR:-/tmp}/kernel-inputs.XXXXXX")
server_pid=''
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	[ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
	rm -rf "$T"
}
trap cleanup EXIT

# shellcheck source=scripts/lib/tap.sh
. "$ROOT/scripts/lib/tap.sh"
# shellcheck source=scripts/lib/vmlog.sh
. "$ROOT/scripts/lib/vmlog.sh"
# shellcheck source=scripts/lib/kernel.sh
. "$ROOT/scripts/lib/kernel.sh"

# resolve ARGS...: vmtest --resolve-only into $T/rec (stderr $T/err) with the
# test's own cache; sets rc.
resolve() {
	rc=0
	UFFDC_CACHE=$T/cache "$VMTEST" --resolve-only "$@" >"$T/rec" 2>"$T/err" </dev/null || rc=$?
}
field() { kernel_field "$(cat "$T/rec")" "$1"; }
# resolved "what" 'CONDITION': resolution succeeded and CONDITION holds.
resolved() {
	tap_check "$1" "[ \$rc = 0 ] && ${2}" || true
	[ "$rc" = 0 ] || tap_show "$T/err" 3
}
bad() { tap_bad_input "$1" env UFFDC_CACHE="$T/cache" "$VMTEST" --resolve-only "${@:2}"; }

help=$("$VMTEST" --help)
missing=$(for w in --resolve-only debian:X.Y-FLAVOUR installed:REL 'build tree' tuxmake 'http(s) URL'; do
	grep -qF -- "$w" <<<"$help" || echo "$w"
done)
tap_check "--help names --resolve-only and every kernel input${missing:+ (missing: $missing)}" '[ -z "$missing" ]'

# The Debian kernel the fakes are made of (the real cache: downloaded once).
rc=0
"$VMTEST" --resolve-only --kernel "${UFFDC_VMTEST_KERNEL:-debian:rwp}" >"$T/debian" 2>"$T/err" || rc=$?
if [ $rc != 0 ]; then
	tap_skip "kernel inputs" "no Debian kernel to make fakes of (exit $rc: $(tail -n1 "$T/err"))"
	tap_done
fi
DEB=$(cat "$T/debian")
IMAGE=$(kernel_field "$DEB" image) MODDIR=$(kernel_field "$DEB" moddir) CONFIG=$(kernel_field "$DEB" config)
REL=${MODDIR##*/}
SHA=$(sha256sum "$IMAGE" | cut -c1-64)

# --- a kernel build tree --------------------------------------------------------
# A built tree's visible parts, and a Makefile whose modules_install installs the
# Debian kernel's zram modules (and counts its runs).
TREE=$T/linux
mkdir -p "$TREE/arch/x86/boot" "$TREE/include/config"
cp "$IMAGE" "$TREE/arch/x86/boot/bzImage"
cp "$CONFIG" "$TREE/.config"
echo "$REL" >"$TREE/include/config/kernel.release"
echo kernel/drivers/block/zram/zram.ko >"$TREE/modules.order"
cat >"$TREE/Makefile" <<EOF
modules_install:
	echo run >>$T/modules_install.runs
	mkdir -p \$(INSTALL_MOD_PATH)/lib/modules/$REL
	cp -r $MODDIR/kernel $MODDIR/modules.builtin $MODDIR/modules.order \$(INSTALL_MOD_PATH)/lib/modules/$REL/
EOF
resolve --kernel "$TREE"
resolved "a build tree: its bzImage, its .config, its modules installed" \
	'[ "$(field image)" = "$TREE/arch/x86/boot/bzImage" ] && [ "$(field config)" = "$TREE/.config" ] &&
	 [ -f "$(field moddir)/kernel/drivers/block/zram/zram.ko.xz" ] && [[ $(field moddir) == $T/cache/trees/*/lib/modules/$REL ]] &&
	 [ "$(field spec)" = "$TREE" ] && [ "$(field sha256)" = "$SHA" ]'
resolve --kernel "$TREE"
resolved "a build tree's modules are installed once" '[ "$(wc -l <"$T/modules_install.runs")" = 1 ]'
touch -d '+1 minute' "$TREE/arch/x86/boot/bzImage"
resolve --kernel "$TREE"
resolved "... and again when the tree was rebuilt" '[ "$(wc -l <"$T/modules_install.runs")" = 2 ]'

mkdir -p "$T/nomods/arch/x86/boot"
cp "$IMAGE" "$T/nomods/arch/x86/boot/bzImage"
echo '# CONFIG_MODULES is not set' >"$T/nomods/.config"
resolve --kernel "$T/nomods/"
resolved "a build tree without modules: none installed" '[ -z "$(field moddir)" ] && [ "$(field config)" = "$T/nomods/.config" ]'

mkdir -p "$T/unbuilt/arch/x86/boot"
bad "a build tree without a built kernel" --kernel "$T/unbuilt"
# An arm64 Image: "ARMd" at offset 56.
mkdir -p "$T/arm/arch/arm64/boot"
{ head -c 56 /dev/zero; printf ARMd; head -c 1000 /dev/zero; } >"$T/arm/arch/arm64/boot/Image"
bad "an arm64 build tree" --kernel "$T/arm"
bad "an arm64 kernel Image" --kernel "$T/arm/arch/arm64/boot/Image"
mkdir -p "$T/broken/arch/x86/boot" "$T/broken/include/config"
cp "$IMAGE" "$T/broken/arch/x86/boot/bzImage"
cp "$TREE/include/config/kernel.release" "$T/broken/include/config/"
touch "$T/broken/modules.order"
printf 'modules_install:\n\tfalse\n' >"$T/broken/Makefile"
resolve --kernel "$T/broken"
# After the progress line of make modules_install, one error line.
tap_check "bad input: a build tree whose modules_install fails" \
	'[ $rc = 2 ] && [ "$(grep -c "^vmtest: " "$T/err")" = 1 ] && grep -q "modules_install failed" "$T/err" && [ ! -s "$T/rec" ]'

# --- modules tarballs (tuxmake's layout) ----------------------------------------
mkdir -p "$T/mods/lib/modules/$REL/kernel/drivers/block"
cp -r "$MODDIR/kernel/drivers/block/zram" "$T/mods/lib/modules/$REL/kernel/drivers/block/"
cp "$MODDIR/modules.builtin" "$T/mods/lib/modules/$REL/"
tar -cJf "$T/modules.tar.xz" -C "$T/mods" lib
resolve --kernel "$IMAGE" --modules "$T/modules.tar.xz"
resolved "--modules modules.tar.xz (tuxmake's layout) is unpacked into the cache" \
	'[ -f "$(field moddir)/kernel/drivers/block/zram/zram.ko.xz" ] && [[ $(field moddir) == $T/cache/modules/*/lib/modules/$REL ]] &&
	 [ "$(field modules)" = "$T/modules.tar.xz" ]'
resolve --kernel "$IMAGE" --modules "$T/mods/lib/modules/$REL"
resolved "--modules DIR" '[ "$(field moddir)" = "$T/mods/lib/modules/$REL" ]'
tar -cJf "$T/flat.tar.xz" -C "$T/mods/lib" modules
bad "a modules tarball of another layout" --kernel "$IMAGE" --modules "$T/flat.tar.xz"
echo "not a tarball" >"$T/notar.tar.xz"
bad "a modules file that is no tarball" --kernel "$IMAGE" --modules "$T/notar.tar.xz"
bad "--modules with a Debian kernel" --kernel debian:rwp --modules "$T/modules.tar.xz"

# --- an installed kernel: ROOT/boot/vmlinuz-REL, ROOT/lib/modules/REL --------
SYS=$T/sysroot
mkdir -p "$SYS/boot" "$SYS/lib/modules/6.99.0-test"
cp "$IMAGE" "$SYS/boot/vmlinuz-6.99.0-test"
cp "$CONFIG" "$SYS/boot/config-6.99.0-test"
UFFDC_SYSROOT=$SYS resolve --kernel installed:6.99.0-test
resolved "installed:REL: /boot/vmlinuz-REL, /lib/modules/REL, /boot/config-REL" \
	'[ "$(field image)" = "$SYS/boot/vmlinuz-6.99.0-test" ] && [ "$(field moddir)" = "$SYS/lib/modules/6.99.0-test" ] &&
	 [ "$(field config)" = "$SYS/boot/config-6.99.0-test" ]'
resolve --kernel "$SYS/boot/vmlinuz-6.99.0-test"
resolved "the path /boot/vmlinuz-REL is the same" \
	'[ "$(field moddir)" = "$SYS/lib/modules/6.99.0-test" ] && [ "$(field config)" = "$SYS/boot/config-6.99.0-test" ]'
UFFDC_SYSROOT=$SYS bad "installed:REL that is not installed" --kernel installed:6.98.0-none

# --- URLs, served from localhost ----------------------------------------------
mkdir -p "$T/www"
cp "$IMAGE" "$T/www/bzImage"
cp "$T/modules.tar.xz" "$T/www/"
python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$T/www" >"$T/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 50); do
	port=$(sed -n 's/.* port \([0-9]*\) .*/\1/p' "$T/server.log")
	[ -z "$port" ] || break
	sleep 0.1
done
URL=http://127.0.0.1:$port
resolve --kernel "$URL/bzImage" --modules "$URL/modules.tar.xz"
resolved "--kernel URL --modules URL: downloaded into the cache, sha256 recorded" \
	'[[ $(field image) == $T/cache/downloads/*/bzImage ]] && [ "$(field sha256)" = "$SHA" ] &&
	 [ "$(cat "$(dirname "$(field image)")/sha256")" = "$SHA" ] && [ -f "$(field moddir)/modules.builtin" ] &&
	 [ "$(field spec)" = "$URL/bzImage" ] && [ "$(field modules)" = "$URL/modules.tar.xz" ]'
resolve --kernel "$URL/bzImage" --kernel-sha256 "$SHA"
resolved "--kernel URL with its --kernel-sha256" '[ "$(field sha256)" = "$SHA" ]'
bad "--kernel URL with another --kernel-sha256" --kernel "$URL/bzImage" --kernel-sha256 "$(printf '0%.0s' $(seq 64))"
bad "an unreachable --kernel URL" --kernel "$URL/missing/bzImage"
bad "an unreachable --modules URL" --kernel "$IMAGE" --modules "$URL/missing.tar.xz"

# --- Debian kernels (the real cache) ------------------------------------------
rc=0
"$VMTEST" --resolve-only --kernel debian:7.2-cloud-amd64 >"$T/rec" 2>"$T/err" </dev/null || rc=$?
if [ $rc = 3 ]; then
	tap_skip "debian:7.2-cloud-amd64, a series" "no network and nothing cached: $(tail -n1 "$T/err")"
else
	resolved "debian:7.2-cloud-amd64, a series: its newest kernel" \
		'[[ $(field spec) =~ ^debian:7\.2\.[0-9]+.*-cloud-amd64$ ]] && [ -n "$(field package_version)" ]'
fi
tap_bad_input "a Debian kernel of another architecture" "$VMTEST" --resolve-only --kernel debian:7.3-cloud-arm64
rc=0
"$VMTEST" --resolve-only --kernel debian:6.1.0-999-cloud-amd64 >"$T/rec" 2>"$T/err" </dev/null || rc=$?
if [ $rc = 3 ]; then
	tap_skip "a Debian ABI that does not exist" "package lists unreachable"
else
	tap_bad_input "a Debian ABI that does not exist" "$VMTEST" --resolve-only --kernel debian:6.1.0-999-cloud-amd64
fi
# No network is the machinery's failure (3), not the user's.
rc=0
UFFDC_DEBIAN_MIRROR=http://127.0.0.1:9/debian resolve --kernel debian:6.1.0-57-cloud-amd64
tap_check "debian: with no network and nothing cached: exit 3, one line" \
	'[ $rc = 3 ] && [ "$(grep -c "^vmtest: " "$T/err")" = 1 ] && [ ! -s "$T/rec" ]'

# --- one boot of the build tree ---------------------------------------------
if [ -n "$BIN" ]; then
	rc=0
	UFFDC_BINDIR=$BIN UFFDC_CACHE=$T/cache "$VMTEST" --kernel "$TREE" -- --suite anon \
		--select api.anon.offers_rwp_and_rwp_async_together >"$T/out" 2>"$T/err" </dev/null || rc=$?
	tap_check "a build tree boots, with its modules and config ($(tail -n1 "$T/out"))" \
		'[ $rc = 0 ] && grep -q "guest modules: .*zram" "$T/err" && grep -qE "^[0-9]+ passed, 0 failed" "$T/out"' ||
		tap_show "$T/err" 10
fi

tap_done
