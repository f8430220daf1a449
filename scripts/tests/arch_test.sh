#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Self-test of the guest architectures (vmtest --arch, scripts/build --arch)
# without a boot: what kernel_image_arch makes of x86 bzImages and arm64 Images
# (plain and gzip'd), and every input of the wrong architecture refused with
# exit 2 and one line before any set-up, download or build. Prints TAP.
# shellcheck disable=SC2016 # the checks are strings that tap_check evals
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
VMTEST=$ROOT/scripts/vmtest
# shellcheck source=scripts/lib/tap.sh
. "$ROOT/scripts/lib/tap.sh"
# shellcheck source=scripts/lib/vmlog.sh
. "$ROOT/scripts/lib/vmlog.sh"
# shellcheck source=scripts/lib/kernel.sh
. "$ROOT/scripts/lib/kernel.sh"
tap_scratch arch-test
# Nothing here may reach the network or the shared cache.
export UFFDC_CACHE=$W/cache UFFDC_DEBIAN_MIRROR=http://127.0.0.1:9/debian

# Fakes: the magics are all the detection reads.
{ head -c 514 /dev/zero; printf HdrS; head -c 2000 /dev/zero; } >"$W/bzImage"
{ head -c 56 /dev/zero; printf 'ARM\x64'; head -c 2000 /dev/zero; } >"$W/Image"
gzip -c "$W/Image" >"$W/Image.gz"
head -c 4096 /dev/zero >"$W/zeros"
tap_check "a bzImage is x86_64" '[ "$(kernel_image_arch "$W/bzImage")" = x86_64 ]'
tap_check "an Image (ARM\\x64 at 0x38) is arm64" '[ "$(kernel_image_arch "$W/Image")" = arm64 ]'
tap_check "a gzip'd Image is arm64" '[ "$(kernel_image_arch "$W/Image.gz")" = arm64 ]'
tap_check "anything else is neither" '[ -z "$(kernel_image_arch "$W/zeros")" ]'

# Build trees of each architecture.
mkdir -p "$W/x86/arch/x86/boot" "$W/arm/arch/arm64/boot"
cp "$W/bzImage" "$W/x86/arch/x86/boot/bzImage"
cp "$W/Image" "$W/arm/arch/arm64/boot/Image"

# Resolution of the right architecture's inputs works without a boot.
rc=0
"$VMTEST" --arch arm64 --resolve-only --kernel "$W/Image" >"$W/rec" 2>"$W/err" </dev/null || rc=$?
tap_check "--arch arm64 resolves an arm64 Image" '[ $rc = 0 ] && [ "$(kernel_field "$(cat "$W/rec")" image)" = "$W/Image" ]'
rc=0
"$VMTEST" --arch arm64 --resolve-only --kernel "$W/arm" >"$W/rec" 2>"$W/err" </dev/null || rc=$?
tap_check "--arch arm64 resolves an arm64 build tree (arch/arm64/boot/Image)" \
	'[ $rc = 0 ] && [ "$(kernel_field "$(cat "$W/rec")" image)" = "$W/arm/arch/arm64/boot/Image" ]'

# The wrong architecture: exit 2, one line, before anything else (no
# --resolve-only: vmtest would otherwise set up, build and boot).
tap_bad_input "--arch arm64 with an x86 bzImage" "$VMTEST" --arch arm64 --kernel "$W/bzImage"
tap_bad_input "--arch arm64 with an x86 build tree" "$VMTEST" --arch arm64 --kernel "$W/x86"
tap_bad_input "--arch arm64 with an amd64 Debian kernel" "$VMTEST" --arch arm64 --kernel debian:7.3-cloud-amd64
tap_bad_input "x86 (the default) with an arm64 Image" "$VMTEST" --kernel "$W/Image"
tap_bad_input "x86 with a gzip'd arm64 Image" "$VMTEST" --kernel "$W/Image.gz"
tap_bad_input "x86 with an arm64 build tree" "$VMTEST" --kernel "$W/arm"
tap_bad_input "x86 with an arm64 Debian kernel" "$VMTEST" --kernel debian:7.3-cloud-arm64
tap_bad_input "--arch arm64 with neither image" "$VMTEST" --arch arm64 --kernel "$W/zeros"
tap_bad_input "an unknown --arch" "$VMTEST" --arch sparc64
tap_bad_input "scripts/build with an unknown --arch" "$ROOT/scripts/build" --arch sparc64
"$VMTEST" --arch arm64 --kernel "$W/bzImage" 2>"$W/err" || true
tap_check "the line names both architectures" 'grep -q "x86_64 bzImage: another architecture than the arm64 guest" "$W/err"'

# Test binaries of another architecture than the guest's (an x86 out/bin for an
# arm64 guest) are refused too, before the kernel is resolved.
mkdir -p "$W/bin"
echo anon >"$W/bin/backings"
for b in uffdc_run uffd_rwp_anon; do
	{ printf '\177ELF\002\001\001'; head -c 11 /dev/zero; printf '\076\000'; head -c 200 /dev/zero; } >"$W/bin/$b"
	chmod +x "$W/bin/$b"
done
if [ -x "$ROOT/scripts/setup" ] && ! "$ROOT/scripts/setup" --arch arm64 >/dev/null 2>&1; then
	tap_skip "x86 binaries for an arm64 guest" "scripts/setup --arch arm64 failed here"
else
	tap_bad_input "x86 binaries for an arm64 guest" env UFFDC_BINDIR="$W/bin" UFFDC_BUSYBOX="$W/zeros" "$VMTEST" --arch arm64 --kernel "$W/Image"
fi
tap_check "vmtest --help and scripts/build --help name --arch" \
	'"$VMTEST" --help | grep -qE "^  --arch x86_64\|arm64" && "$ROOT/scripts/build" --help | grep -q -- "--arch"'
tap_done
