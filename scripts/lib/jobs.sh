# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# shellcheck disable=SC2154 # the vmtest part reads scripts/vmtest's globals
# Guests at once: the rule of how many a machine holds (scripts/matrix's
# kernels, scripts/vmtest --jobs's suites), and scripts/vmtest --jobs N, which
# deals the suites over N guests booted at once and merges their reports into
# the run one guest would have made (uffdc_run --merge). Needs vmlog.sh.

# jobs_default ITEMS: how many guests of 2 vCPUs and 2 GiB this machine runs
# at once: half its cores, a guest per 3 GiB of available memory, no more than
# ITEMS, at least 1.
jobs_default() {
	local cores gib n
	cores=$(nproc)
	gib=$(($(sed -n 's/^MemAvailable: *\([0-9]*\) kB/\1/p' /proc/meminfo) / 1048576))
	n=$((cores / 2 < gib / 3 ? cores / 2 : gib / 3))
	((n <= $1)) || n=$1
	((n >= 1)) || n=1
	echo "$n"
}

# jobs_tcg_thread GUESTS: TCG's threading for GUESTS guests at once: multi (a
# host thread per vCPU) when the machine has 2 cores per guest, else single.
jobs_tcg_thread() {
	if (($(nproc) >= 2 * $1)); then echo multi; else echo single; fi
}

# jobs_check VALUE GIVEN: exit 2 when --jobs was given (GIVEN not empty) and
# VALUE is not a count.
jobs_check() {
	[ -z "$2" ] || [[ $1 =~ ^[1-9][0-9]{0,3}$ ]] ||
		vm_die "$VM_EXIT_USAGE" "--jobs '$1' is not a number of guests (1 or more)"
}

# The rest serves scripts/vmtest and reads its globals: opt_jobs, bindir,
# GUEST_*, runner arguments (JOBS_RUNNER_ARGS, without the report flags),
# report_*, kcidb_args, opt_output_dir, opt_keep, opt_reboot, opt_kernel,
# hostbin, krec, WORK.

# jobs_plan: JOBS_SUITES, the suites the run covers (--suite's, else every
# backing the build lists; with --select, those it names a test of), and
# JOBS_GUESTS, how many guests share them (--jobs, default jobs_default), each
# guest's suites in JOBS_DEAL (comma-separated, index = guest - 1). Several
# guests at once each get TCG's single thread unless --tcg-thread (or
# UFFDC_TCG_THREAD) says otherwise and there are not 2 cores per guest: a
# thread=multi guest keeps two host cores busy.
jobs_plan() {
	local -a sel=() s
	local i a b want
	JOBS_SUITES=()
	for ((i = 0; i < ${#JOBS_RUNNER_ARGS[@]}; i++)); do
		a=${JOBS_RUNNER_ARGS[i]}
		case $a in
		--suite=* | --select=*) IFS=, read -ra s <<<"${a#*=}" ;;
		--suite | --select) IFS=, read -ra s <<<"${JOBS_RUNNER_ARGS[i + 1]:-}" ;;
		*) continue ;;
		esac
		case $a in
		--suite*) JOBS_SUITES=("${s[@]#uffd_rwp_}") ;;
		*) for b in "${s[@]}"; do [[ $b != *.*.* ]] || { b=${b#*.}; sel+=("${b%%.*}"); }; done ;;
		esac
	done
	((${#JOBS_SUITES[@]})) || mapfile -t JOBS_SUITES <"$bindir/backings"
	if ((${#sel[@]})) && [[ " ${sel[*]} " != *" * "* ]]; then
		# A guest whose suites have no selected test would be the runner's bad input.
		want=" ${sel[*]#uffd_rwp_} "
		s=()
		for b in "${JOBS_SUITES[@]}"; do [[ $want != *" $b "* ]] || s+=("$b"); done
		JOBS_SUITES=(${s[@]+"${s[@]}"})
	fi
	JOBS_GUESTS=${opt_jobs:-$(jobs_default "${#JOBS_SUITES[@]}")}
	((JOBS_GUESTS <= ${#JOBS_SUITES[@]})) || JOBS_GUESTS=${#JOBS_SUITES[@]}
	((JOBS_GUESTS >= 1)) || JOBS_GUESTS=1
	JOBS_DEAL=()
	((JOBS_GUESTS > 1)) || return 0
	# The three suites take about as long each: dealt round robin, the first
	# guests take the extra one.
	for i in "${!JOBS_SUITES[@]}"; do
		b=$((i % JOBS_GUESTS))
		JOBS_DEAL[b]=${JOBS_DEAL[b]:+${JOBS_DEAL[b]},}${JOBS_SUITES[i]}
	done
	[ -n "${opt_tcg_thread_set:-}${UFFDC_TCG_THREAD:-}" ] || GUEST_TCG_THREAD=$(jobs_tcg_thread "$JOBS_GUESTS")
}

# jobs_stop: ends the guests' vmtests still running (each stops its QEMU).
jobs_stop() {
	local pid _ alive
	for pid in ${JOBS_PIDS[@]+"${JOBS_PIDS[@]}"}; do [ -z "$pid" ] || kill -TERM "$pid" 2>/dev/null || true; done
	# Each stops its QEMU within about 2 s (guest_kill_qemu); 10 s at most.
	for _ in $(seq 50); do
		alive=''
		for pid in ${JOBS_PIDS[@]+"${JOBS_PIDS[@]}"}; do
			[ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null || alive=1
		done
		[ -n "$alive" ] || break
		sleep 0.2
	done
	for pid in ${JOBS_PIDS[@]+"${JOBS_PIDS[@]}"}; do [ -z "$pid" ] || kill -KILL "$pid" 2>/dev/null || true; done
}

# jobs_run: boots JOBS_GUESTS guests at once, each a vmtest of its own (the
# same kernel record, accelerator, options and binaries; its suites only; its
# stdout in WORK/gN.out, its stderr prefixed with "[gN] "), waits for them
# (bounded by GUEST_TIMEOUT and set-up), merges their JSON documents with
# uffdc_run --merge into one KTAP stream on stdout and the reports asked for,
# and returns what one guest would have: the runner's status, or the
# machinery's (3) when a guest broke or left no report.
jobs_run() {
	local -a cmd child=() runner=() merge parts=()
	local i a rc=0 start now deadline bound pid left
	JOBS_PIDS=()
	# Each guest's vmtest: the parent's resolved settings made explicit.
	child=("$ROOT/scripts/vmtest" --jobs 1 --arch "$GUEST_ARCH" --kernel "$opt_kernel"
		--accel "$GUEST_ACCEL" --tcg-thread "$GUEST_TCG_THREAD" --memory "$GUEST_MEMORY_MB"
		--boot-timeout "$GUEST_BOOT_TIMEOUT" --append "$GUEST_APPEND")
	# Their run directories stay (inside ours) for --keep and --output-dir's consoles.
	[ -z "$opt_keep$opt_output_dir" ] || child+=(--keep)
	[ -z "${vm_user_timeout:-}" ] || child+=(--timeout "$GUEST_TIMEOUT")
	[ "$opt_reboot" = 0 ] || child+=(--reboot-on-crash)
	for ((i = 0; i < ${#JOBS_RUNNER_ARGS[@]}; i++)); do
		a=${JOBS_RUNNER_ARGS[i]}
		case $a in
		--suite) i=$((i + 1)) ;;
		--suite=*) ;;
		*) runner+=("$a") ;;
		esac
	done
	start=$(vm_now_us)
	for i in "${!JOBS_DEAL[@]}"; do
		mkdir -p "$WORK/g$((i + 1))"
		cmd=("${child[@]}" -- ${runner[@]+"${runner[@]}"} --suite "${JOBS_DEAL[i]}"
			--json "$WORK/g$((i + 1)).json")
		vm_log "guest $((i + 1)): ${JOBS_DEAL[i]//,/, }"
		# UFFDC_KERNEL_RECORD: the kernel as the parent resolved it, not again.
		UFFDC_KERNEL_RECORD=$krec UFFDC_BINDIR=$bindir UFFDC_HOST_BINDIR=$hostbin \
			UFFDC_SKIP_SETUP=1 TMPDIR=$WORK/g$((i + 1)) \
			"${cmd[@]}" </dev/null >"$WORK/g$((i + 1)).out" \
			2> >(sed -u "s/^/[g$((i + 1))] /" >&2) &
		JOBS_PIDS[i]=$!
	done
	trap 'jobs_stop; on_signal 130' INT
	trap 'jobs_stop; on_signal 143' TERM
	# Each guest bounds itself (every boot of it); this bounds them all, set-up included.
	bound=$(((opt_reboot + 1) * GUEST_TIMEOUT + 120))
	deadline=$((start + bound * 1000000))
	left=${#JOBS_PIDS[@]}
	while ((left)); do
		for i in "${!JOBS_PIDS[@]}"; do
			pid=${JOBS_PIDS[i]}
			if [ -z "$pid" ] || kill -0 "$pid" 2>/dev/null; then continue; fi
			a=0
			wait "$pid" || a=$?
			echo "$a" >"$WORK/g$((i + 1)).rc"
			JOBS_PIDS[i]='' left=$((left - 1))
			vm_log "guest $((i + 1)) (${JOBS_DEAL[i]//,/, }): $(vm_elapsed "$start") s, exit $a"
		done
		now=$(vm_now_us)
		if ((left && now > deadline)); then
			vm_error "timeout: the guests did not finish within ${bound}s"
			jobs_stop
			rc=$VM_EXIT_INFRA
			break
		fi
		((left == 0)) || sleep 0.2
	done
	trap 'on_signal 130' INT
	trap 'on_signal 143' TERM
	vm_log "${#JOBS_DEAL[@]} guests: $(vm_elapsed "$start") s wall"

	# Each guest's status: a machinery failure (not the runner's 0, 1 or 4) is
	# the whole run's, as it would have been one guest's.
	for i in "${!JOBS_DEAL[@]}"; do
		a=$(cat "$WORK/g$((i + 1)).rc" 2>/dev/null || echo "$VM_EXIT_INFRA")
		case $a in 0 | 1 | 4) ;; *) [ "$rc" != 0 ] || rc=$a ;; esac
		if [ -s "$WORK/g$((i + 1)).json" ]; then
			parts+=("$WORK/g$((i + 1)).json")
		else
			vm_error "guest $((i + 1)) (${JOBS_DEAL[i]//,/, }) left no report (its vmtest exit $a)"
			rc=$VM_EXIT_INFRA
		fi
	done
	if [ -n "$opt_output_dir" ]; then
		# Every guest's consoles, one after the other.
		for a in tests:console-tests kernel.log:console-kernel; do
			for i in "${!JOBS_DEAL[@]}"; do
				echo "==> guest $((i + 1)) (${JOBS_DEAL[i]//,/, }) <=="
				cat "$WORK/g$((i + 1))"/vmtest.*/"${a%%:*}"* 2>/dev/null | grep -v '^$' || true
			done >"$opt_output_dir/${a#*:}.log"
		done
	fi
	((${#parts[@]})) || return "$VM_EXIT_INFRA"

	merge=("$hostbin/uffdc_run" --merge "$(IFS=,; echo "${parts[*]}")"
		--suite "$(IFS=,; echo "${JOBS_SUITES[*]}")")
	[ -z "$report_json" ] || merge+=(--json "$report_json")
	[ -z "$report_junit" ] || merge+=(--junit "$report_junit")
	[ -z "$report_html" ] || merge+=(--html "$report_html")
	[ -z "$report_kcidb" ] || merge+=(--kcidb "$report_kcidb" ${kcidb_args[@]+"${kcidb_args[@]}"})
	[ -z "$opt_output_dir" ] || merge+=(--metadata "$opt_output_dir/metadata.json")
	for a in ${runner[@]+"${runner[@]}"}; do
		case $a in --claims | --claims=* | --noclaims | --claims_by_source*) merge+=("$a") ;; esac
	done
	a=0
	"${merge[@]}" >"$WORK/merged.out" 2>"$WORK/merge.err" || a=$?
	if ! grep -qE '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$WORK/merged.out"; then
		vm_error "merging the guests' reports failed: $(head -n1 "$WORK/merge.err")"
		return "$VM_EXIT_INFRA"
	fi
	cat "$WORK/merged.out"
	[ -z "$report_json$report_junit$report_html$report_kcidb" ] ||
		vm_log "reports written: ${report_json:+$report_json }${report_junit:+$report_junit }${report_html:+$report_html }${report_kcidb}"
	[ -z "$opt_output_dir" ] || vm_log "run recorded in $opt_output_dir (rerun: $opt_output_dir/reproducer.sh)"
	[ "$rc" != 0 ] || rc=$a
	return "$rc"
}
