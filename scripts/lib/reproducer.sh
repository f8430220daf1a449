# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# scripts/vmtest --output-dir: before booting, the record of a run.
#
# reproducer_write DIR WORKDIR writes
#   DIR/metadata.json  the suite's commit and dirty state, the kernel image's
#                      sha256 and Debian package and version, QEMU's version,
#                      accelerator and command line, the guest's kernel command
#                      line, the host;
#   DIR/reproducer.sh  reruns exactly this run: the same suite commit (it warns
#                      when the clone is elsewhere), the same kernel (pinned by
#                      sha256), the same QEMU settings and runner flags.
# Reads vmtest's globals: ROOT, krec (kernel_resolve's record), kernel_image,
# kernel_sha256, GUEST_*, bindir, rerun_args.
# shellcheck disable=SC2154 # those globals are set by scripts/vmtest

reproducer_write() {
	local dir=$1 work=$2 commit dirty='false' describe spec modules qemu_version
	commit=$(git -C "$ROOT" rev-parse HEAD 2>/dev/null || echo unknown)
	describe=$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)
	[ -z "$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null)" ] || dirty='true'
	spec=$(kernel_field "$krec" spec) modules=$(kernel_field "$krec" modules)
	qemu_version=$("$(guest_qemu_binary)" --version 2>/dev/null | head -n1)
	local -a qemu_cmd
	mapfile -t qemu_cmd < <(guest_qemu_cmd "$work" "$kernel_image" "$work/initrd.img")
	local cmdline='' i
	for ((i = 0; i < ${#qemu_cmd[@]}; i++)); do
		[ "${qemu_cmd[i]}" != -append ] || cmdline=${qemu_cmd[i + 1]}
	done

	# The rerun: vmtest's own settings made explicit, the kernel pinned.
	local -a args=(--kernel "$spec" --kernel-sha256 "$kernel_sha256"
		--accel "$GUEST_ACCEL" --tcg-thread "$GUEST_TCG_THREAD" --memory "$GUEST_MEMORY_MB"
		--timeout "$GUEST_TIMEOUT" --boot-timeout "$GUEST_BOOT_TIMEOUT")
	[ "${GUEST_ARCH:-x86_64}" = x86_64 ] || args=(--arch "$GUEST_ARCH" "${args[@]}")
	[ -z "$modules" ] || args+=(--modules "$modules")
	[ -z "$GUEST_APPEND" ] || args+=(--append "$GUEST_APPEND")
	# The same sharing of the suites between guests (scripts/vmtest --jobs).
	[ "${JOBS_GUESTS:-1}" -le 1 ] || args+=(--jobs "$JOBS_GUESTS")
	{
		echo '#!/usr/bin/env bash'
		echo '# SPDX-License-Identifier: GPL-2.0'
		echo "# Reruns the uffd-conformance run recorded in this directory ($(date -u +%FT%TZ))."
		echo '# Usage: reproducer.sh [--output-dir DIR] [other scripts/vmtest options]'
		echo '#   (default output: a new rerun-<time> directory beside this script)'
		echo 'set -euo pipefail'
		echo 'HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)'
		printf 'SUITE=${UFFDC_SUITE_DIR:-%q}\n' "$ROOT"
		printf 'COMMIT=%q DIRTY=%q\n' "$commit" "$dirty"
		echo 'head=$(git -C "$SUITE" rev-parse HEAD 2>/dev/null || echo unknown)'
		echo 'if [ "$head" != "$COMMIT" ]; then'
		echo '	echo "reproducer.sh: warning: $SUITE is at $head, the run was at $COMMIT (git -C $SUITE checkout $COMMIT)" >&2'
		echo 'fi'
		echo '[ "$DIRTY" = false ] || echo "reproducer.sh: warning: the run had uncommitted changes in the suite" >&2'
		if [ -n "${UFFDC_BINDIR:-}" ]; then
			printf 'export UFFDC_BINDIR=%q\n' "$(cd "$UFFDC_BINDIR" && pwd)"
		fi
		[ -z "${UFFDC_KERNEL_FLAVOUR:-}" ] || printf 'export UFFDC_KERNEL_FLAVOUR=%q\n' "$UFFDC_KERNEL_FLAVOUR"
		echo 'out=(--output-dir "$HERE/rerun-$(date -u +%Y%m%dT%H%M%SZ)")'
		echo 'for a in "$@"; do case $a in --output-dir | --output-dir=*) out=() ;; esac; done'
		printf 'exec "$SUITE/scripts/vmtest"'
		printf ' %q' "${args[@]}"
		printf ' "${out[@]}" "$@" --'
		[ ${#rerun_args[@]} -eq 0 ] || printf ' %q' "${rerun_args[@]}"
		echo
	} >"$dir/reproducer.sh"
	chmod 0755 "$dir/reproducer.sh"

	UFFDC_M_COMMIT=$commit UFFDC_M_DIRTY=$dirty UFFDC_M_DESCRIBE=$describe \
		UFFDC_M_SPEC=$spec UFFDC_M_IMAGE=$kernel_image UFFDC_M_SHA=$kernel_sha256 \
		UFFDC_M_PKG=$(kernel_field "$krec" package) UFFDC_M_PKGV=$(kernel_field "$krec" package_version) \
		UFFDC_M_LABEL=$(kernel_field "$krec" label) \
		UFFDC_M_QEMU=$qemu_version UFFDC_M_ACCEL=$GUEST_ACCEL UFFDC_M_THREAD=$GUEST_TCG_THREAD \
		UFFDC_M_CMDLINE=$cmdline UFFDC_M_BINDIR=$bindir \
		python3 -c '
import json, os, platform, sys
e = os.environ
os_name = ""
try:
    for line in open("/etc/os-release"):
        if line.startswith("PRETTY_NAME="):
            os_name = line.split("=", 1)[1].strip().strip("\"")
except OSError:
    pass
qemu_cmd = sys.argv[1:]
doc = {
    "created": __import__("datetime").datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"),
    "suite": {"commit": e["UFFDC_M_COMMIT"], "dirty": e["UFFDC_M_DIRTY"] == "true",
              "describe": e["UFFDC_M_DESCRIBE"], "bindir": e["UFFDC_M_BINDIR"]},
    "kernel": {"spec": e["UFFDC_M_SPEC"], "label": e["UFFDC_M_LABEL"], "image": e["UFFDC_M_IMAGE"],
               "sha256": e["UFFDC_M_SHA"], "package": e["UFFDC_M_PKG"],
               "package_version": e["UFFDC_M_PKGV"]},
    "qemu": {"version": e["UFFDC_M_QEMU"], "accelerator": e["UFFDC_M_ACCEL"],
             "tcg_thread": e["UFFDC_M_THREAD"], "command": qemu_cmd},
    "guest_cmdline": e["UFFDC_M_CMDLINE"],
    "host": {"name": platform.node(), "kernel": platform.release(), "machine": platform.machine(),
             "os": os_name, "cpus": os.cpu_count()},
}
json.dump(doc, open(os.path.join(sys.stdin.readline().strip()), "w"), indent=2)
' "${qemu_cmd[@]}" <<<"$dir/metadata.json"
}
