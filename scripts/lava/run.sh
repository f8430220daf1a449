#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The LAVA test definition's step (scripts/lava/job.yaml.in): runs the kselftest
# collection with the kernel's own run_kselftest.sh, keeps each entry's JSON
# report, and turns every result in them into one LAVA test case with the
# runner's verdict (pass, xfail -> pass; skip -> skip; fail, error, xpass -> fail).
# The ramdisk's busybox timeout lacks --foreground, which runner.sh passes, so
# the ramdisk has no /usr/bin/timeout: uffdc_run bounds each suite itself.
cd /opt/kselftest || exit 1
BACKINGS=$(cat uffd-conformance/bin/backings) # written by the build
for b in $BACKINGS; do
	B=$(echo "$b" | tr a-z A-Z)
	export "KSELFTEST_UFFD_RWP_${B}_ARGS=--json /tmp/uffdc-$b.json"
done
./run_kselftest.sh -c uffd-conformance
echo "uffdc-lava: run_kselftest.sh exit $?"
for b in $BACKINGS; do
	f=/tmp/uffdc-$b.json
	if [ ! -s "$f" ]; then
		lava-test-case "uffd_rwp_$b.report" --result fail
		continue
	fi
	# Pretty-printed by nlohmann-json with sorted keys: a test object's "name"
	# comes before its "verdict"; quotes inside strings are escaped.
	awk '
		/^ *"name": "/ { n = $0; sub(/^ *"name": "/, "", n); sub(/",?$/, "", n) }
		/^ *"verdict": "/ { v = $0; sub(/^ *"verdict": "/, "", v); sub(/",?$/, "", v); print n, v }
	' "$f" | while read -r name verdict; do
		case $verdict in
		pass | xfail) result=pass ;;
		skip) result=skip ;;
		*) result=fail ;;
		esac
		# The runner's own checks (kernel_health, finding.*) come once per entry:
		# named after their entry so that each stays its own test case.
		case $name in
		*".$b."* | "uffd_rwp_$b") ;;
		*) name="uffd_rwp_$b.$name" ;;
		esac
		lava-test-case "$name" --result "$result"
	done
done
