#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The LAVA job of scripts/lava-job, run by LAVA's own dispatcher: Debian's
# lava-dispatcher (installed here when missing), lava-run against a local QEMU
# device dictionary (LAVA's qemu device type from Debian's lava-server package,
# rendered with the job's context as a LAVA server would), offline, no server,
# on Debian's RWP kernel. The job must complete, and LAVA's results must list
# every result of the suite with the runner's verdict: per verdict, LAVA's
# counts equal the runner's "# Totals:" lines in the job log. Prints TAP.
# Takes about 10-15 minutes (software emulation); hold the heavy-job lock.
# Usage: scripts/tests/lava_test.sh [BINDIR]   (env: UFFDC_LAVA_KERNEL, default debian:rwp)
# shellcheck disable=SC2016,SC2034,SC2317 # the checks are strings that check() evals
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
KERNEL=${UFFDC_LAVA_KERNEL:-debian:rwp}
# shellcheck source=scripts/lib/tap.sh
. "$ROOT/scripts/lib/tap.sh"
tap_scratch lava_test

# 1. LAVA's dispatcher, from Debian.
if ! command -v lava-run >/dev/null; then
	SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
	install_lava() { DEBIAN_FRONTEND=noninteractive $SUDO apt-get -qq install -y --no-install-recommends lava-dispatcher; }
	# Stale package lists on a fresh machine: refresh them once and retry.
	install_lava >"$W/apt.out" 2>&1 || { $SUDO apt-get -qq update && install_lava; } >>"$W/apt.out" 2>&1 ||
		{ tap_show "$W/apt.out" 20; echo "Bail out! cannot install lava-dispatcher"; exit 1; }
fi
tap_check "lava-run is installed ($(dpkg-query -W -f='${Version}' lava-dispatcher 2>/dev/null))" 'command -v lava-run >/dev/null'

# 2. The job, its files and the device dictionary.
BIN=${1:-$(UFFDC_SKIP_SETUP=1 "$ROOT/scripts/build" 2>/dev/null | tail -n1)}
UFFDC_SKIP_SETUP=1 "$ROOT/scripts/lava-job" --kernel "$KERNEL" --bindir "$BIN" --output-dir "$W/job" >"$W/lava-job.out" 2>&1
rc=$?
tap_check "scripts/lava-job renders the job" '[ $rc -eq 0 ] && [ -s "$W/job/job.yaml" ] || { tap_show "$W/lava-job.out" 20; false; }'

tap_check "the QEMU device dictionary is rendered" '[ -s "$W/job/device.yaml" ] || { tap_show "$W/lava-job.out" 20; false; }'

# 3. lava-run, bounded: the job's own timeout plus a margin.
minutes=$(sed -n '/^timeouts:/,/^[a-z]/{/minutes:/{s/.*minutes: *//p;q}}' "$W/job/job.yaml")
start=$(date +%s)
timeout --kill-after=30 $(((${minutes:-60} + 5) * 60)) \
	lava-run --job-id 1 --output-dir "$W/lava" --device "$W/job/device.yaml" "$W/job/job.yaml" >"$W/lava.log" 2>&1
rc=$?
took=$(($(date +%s) - start))
cp "$W/lava.log" "${UFFDC_LAVA_LOG:-/dev/null}" 2>/dev/null
tap_check "lava-run completes the job (exit $rc after ${took}s)" '[ $rc -eq 0 ] || { tap_show "$W/lava.log" 40; false; }'

# 4. LAVA's results against the runner's verdicts, from LAVA's own log: each
# test case is a "results" record; each entry's runner printed kselftest's
# "# Totals: ..." line, nested once ("# # Totals:") by the kernel's runner.sh.
/usr/bin/python3 - "$W/lava.log" >"$W/compare.out" 2>&1 <<'EOF'
import re, sys, yaml
cases, runner = {}, dict(pass_=0, fail=0, skip=0)
job_ok = None
for line in open(sys.argv[1], errors="replace"):
    try:  # lava-run logs one YAML flow mapping per line
        rec = yaml.safe_load(line)
    except yaml.YAMLError:
        continue
    if not isinstance(rec, dict):
        continue
    msg = rec.get("msg")
    if rec.get("lvl") == "results" and isinstance(msg, dict):
        # The test definition's results: "<index>_uffd-conformance".
        if re.fullmatch(r"(\d+_)?uffd-conformance", str(msg.get("definition"))):
            cases[msg["case"]] = msg["result"]
        if msg.get("definition") == "lava" and msg.get("case") == "job":
            job_ok = msg.get("result")
    if rec.get("lvl") == "target" and isinstance(msg, str):
        m = re.search(r"# # Totals: pass:(\d+) fail:(\d+) xfail:(\d+) xpass:(\d+) skip:(\d+) error:(\d+)", msg)
        if m:
            p, f, xf, xp, s, e = map(int, m.groups())
            runner["pass_"] += p + xf
            runner["fail"] += f + e + xp
            runner["skip"] += s
lava = dict(pass_=0, fail=0, skip=0)
for r in cases.values():
    lava[{"pass": "pass_", "fail": "fail", "skip": "skip"}.get(r, "fail")] += 1
print("job result:", job_ok)
print("LAVA test cases: %d (pass %d, fail %d, skip %d)" % (len(cases), lava["pass_"], lava["fail"], lava["skip"]))
print("runner verdicts: %d (pass+xfail %d, fail+error+xpass %d, skip %d)" % (sum(runner.values()), runner["pass_"], runner["fail"], runner["skip"]))
sys.exit(0 if cases and lava == runner and job_ok == "pass" else 1)
EOF
rc=$?
sed 's/^/# /' "$W/compare.out"
tap_check "LAVA lists every result of the suite with the runner's verdict (counts equal)" '[ $rc -eq 0 ]'
tap_done
