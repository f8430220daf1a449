#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# scripts/vmtest --output-dir: the record written before booting (reproducer.sh,
# metadata.json), the reports and console logs after; and reproducer.sh, run
# again, reproduces the run's summary line. Fast: the real uffdc_run with fake
# suites (shell scripts printing TAP) in the guest, one suite, under Debian's
# RWP kernel (about 15 s per boot with TCG). Prints TAP.
# Usage: scripts/tests/reproducer_test.sh [BINDIR]   (default: scripts/build's)
# shellcheck disable=SC2016,SC2034,SC2317 # the checks are strings that check() evals
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
KERNEL=${UFFDC_VMTEST_KERNEL:-debian:rwp}
# shellcheck source=scripts/lib/tap.sh
. "$ROOT/scripts/lib/tap.sh"
tap_scratch reproducer_test

BIN=${1:-$(UFFDC_SKIP_SETUP=1 "$ROOT/scripts/build" 2>/dev/null | tail -n1)}
# The real runner and renderer; fake suites with one pass, one fail, one skip.
F=$W/bin
mkdir -p "$F"
cp "$BIN/uffdc_run" "$BIN/render_report" "$BIN/backings" "$F/"
while read -r b; do
	printf '#!/bin/sh\n[ "${1:-}" = -l ] && { printf "%%-20s %%-25s %%s\\n" "# FIXTURE" VARIANT TEST a %s one "" "" two "" "" three >&2; exit 4; }\necho "TAP version 13"\necho "1..3"\necho "ok 1 a.%s.one"\necho "not ok 2 a.%s.two"\necho "ok 3 a.%s.three # SKIP kernel lacks UFFD_FEATURE_RWP"\nexit 1\n' \
		"$b" "$b" "$b" "$b" >"$F/uffd_rwp_$b"
	chmod +x "$F/uffd_rwp_$b"
done <"$BIN/backings"
export UFFDC_BINDIR=$F

D=$W/run1
UFFDC_SKIP_SETUP=1 "$ROOT/scripts/vmtest" --kernel "$KERNEL" --output-dir "$D" --suite anon >"$W/run1.out" 2>"$W/run1.err"
rc1=$?
summary() { grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$1" | tail -n1; }
s1=$(summary "$W/run1.out")
tap_check "the first run ends with its summary (exit $rc1: $s1)" '[[ $s1 =~ ^[0-9]+\ passed,\ 1\ failed,\ 1\ skipped$ ]] && [ $rc1 -eq 1 ] || { tap_show "$W/run1.err"; false; }'
tap_check "--output-dir holds reproducer.sh, metadata.json, the reports and the console logs" \
	'for f in reproducer.sh metadata.json report.json report.xml report.html kcidb.json console-tests.log console-kernel.log; do [ -s "$D/$f" ] || { echo "# missing $f"; exit 1; }; done; [ -x "$D/reproducer.sh" ]'
tap_check "metadata.json has the suite commit, kernel sha256 and package, QEMU and the host" \
	'python3 - "$D/metadata.json" "$ROOT" <<"EOF"
import json, subprocess, sys
m = json.load(open(sys.argv[1]))
head = subprocess.run(["git", "-C", sys.argv[2], "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
assert m["suite"]["commit"] == head and isinstance(m["suite"]["dirty"], bool), m["suite"]
assert len(m["kernel"]["sha256"]) == 64 and m["kernel"]["package"].startswith("linux-binary-") and m["kernel"]["package_version"], m["kernel"]
assert m["qemu"]["version"].startswith("QEMU emulator version") and m["qemu"]["accelerator"] in ("tcg", "kvm"), m["qemu"]
assert "qemu-system-x86_64" in m["qemu"]["command"][0] and "rdinit=/init" in m["guest_cmdline"], m
assert m["host"]["name"] and m["host"]["kernel"], m["host"]
EOF'
tap_check "the JSON report carries the same metadata" \
	'python3 -c "import json,sys; r=json.load(open(sys.argv[1])); m=json.load(open(sys.argv[2])); assert r[\"metadata\"] == m" "$D/report.json" "$D/metadata.json"'
tap_check "the HTML report shows it" 'grep -q "run kernel" "$D/report.html" && grep -q "$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[\"kernel\"][\"sha256\"])" "$D/metadata.json")" "$D/report.html"'
tap_check "kcidb.json: version 5, the results as PASS, FAIL, SKIP under uffd-conformance.anon, the suite FAIL" \
	'python3 - "$D/kcidb.json" <<"EOF"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["version"]["major"] == 5, d["version"]
got = {t["path"]: t["status"] for t in d["tests"]}
want = {"uffd-conformance.anon.a.anon.one": "PASS", "uffd-conformance.anon.a.anon.two": "FAIL",
        "uffd-conformance.anon.a.anon.three": "SKIP", "uffd-conformance.anon": "FAIL"}
assert all(got.get(k) == v for k, v in want.items()), got
assert all(t["build_id"] == d["builds"][0]["id"] for t in d["tests"])
EOF'
tap_check "reproducer.sh pins the kernel by sha256 and reruns the same runner flags" \
	'grep -q -- "--kernel-sha256 [0-9a-f]\{64\}" "$D/reproducer.sh" && grep -q -- "-- --suite anon" "$D/reproducer.sh"'

"$D/reproducer.sh" --output-dir "$W/run2" >"$W/run2.out" 2>"$W/run2.err"
rc2=$?
s2=$(summary "$W/run2.out")
tap_check "reproducer.sh reproduces the summary line and exit code" '[ -n "$s1" ] && [ "$s2" = "$s1" ] && [ $rc2 -eq $rc1 ] || { tap_show "$W/run2.err"; false; }'
tap_check "the rerun recorded the same kernel" \
	'python3 -c "import json,sys; a,b=(json.load(open(f))[\"kernel\"][\"sha256\"] for f in sys.argv[1:]); assert a == b" "$D/metadata.json" "$W/run2/metadata.json"'
"$D/reproducer.sh" --kernel-sha256 "$(printf '0%.0s' $(seq 64))" --output-dir "$W/run3" >"$W/run3.out" 2>"$W/run3.err"
rc3=$?
tap_check "another kernel sha256 is refused before booting (exit 2)" '[ $rc3 -eq 2 ] && grep -q "not the --kernel-sha256" "$W/run3.err" || { tap_show "$W/run3.err"; false; }'
tap_done
