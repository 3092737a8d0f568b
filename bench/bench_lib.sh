# bench/bench_lib.sh — what the board benchmarks share, sourced by
# bench/boot.sh, bench/footprint.sh, bench/littlefs_vs_jffs2.sh and
# bench/secmon.sh after they set SPHERULE and SPHERULE_STATE_DIR: booting a
# flash image and waiting for a console line, the median of a run's
# figures, a bench init's memory figures, and printing appmgr's (or the
# trivial init's) memory report.

BENCH_CONSOLE=$SPHERULE_STATE_DIR/console.log

# bench_boot FLASH MIB REGEX SECONDS [EMULATOR OPTIONS]: stops the emulator
# of the state directory, boots FLASH with MIB of RAM and waits for REGEX on
# the console; prints the seconds it took; fails on a kernel panic, an
# out-of-memory kill or the timeout. Leaves the emulator running.
bench_boot() {
	local flash=$1 mib=$2 re=$3 seconds=$4
	shift 4
	bench_run "$re" "$seconds" "$SPHERULE" emulator start --detach --memory "$mib" --flash "$flash" "$@"
}

# bench_run REGEX SECONDS COMMAND...: as bench_boot, with COMMAND starting
# the board in the background with its console in BENCH_CONSOLE (emulator
# start --detach, or QEMU run directly with the detached emulator's
# -pidfile and -serial, and -daemonize); the seconds are from COMMAND's start.
# With BENCH_RETURNED set to a file, the seconds COMMAND took to return
# (QEMU running) are written there.
bench_run() {
	local re=$1 seconds=$2 start end i
	shift 2
	"$SPHERULE" emulator stop --force >/dev/null 2>&1 || true
	rm -f "$BENCH_CONSOLE"
	start=$(date +%s.%N)
	"$@" >/dev/null
	[[ -z ${BENCH_RETURNED:-} ]] || echo "$(date +%s.%N) - $start" | bc >"$BENCH_RETURNED"
	for ((i = 0; i < seconds * 20; i++)); do
		if grep -qE -- "$re" "$BENCH_CONSOLE" 2>/dev/null; then
			end=$(date +%s.%N)
			echo "$end - $start" | bc
			return 0
		fi
		grep -qE "Kernel panic|Out of memory" "$BENCH_CONSOLE" 2>/dev/null && return 1
		sleep 0.05
	done
	return 1
}

# bench_median FIGURE...: the median of the figures (the lower middle one of
# an even count).
bench_median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# bench_ram_figure CONSOLE WHO LABEL KEY: a figure (KiB) of a bench init's
# "WHO: ram LABEL ..." line (bench/init-common/ram_snapshot.h) in the
# console file CONSOLE.
bench_ram_figure() { sed -n "s/^.*$2: ram $3 //p" "$1" | tr ' ' '\n' | sed -n "s/^$4=//p"; }

# bench_memory_report TAG: the "TAG: memory: ..." lines of the console as a
# table: the system, the kernel, each app's memory cgroup, each process.
bench_memory_report() {
	grep -E "$1: memory: " "$BENCH_CONSOLE" | sed -E "s/^.*$1: memory: //" | awk '
	function field(k,    i, kv) { for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) return kv[2] } return "?" }
	/^total/ { printf "MemTotal %s KiB, MemAvailable %s KiB, MemFree %s KiB, in use (MemTotal - MemAvailable) %s KiB\n", field("total_kib"), field("available_kib"), field("free_kib"), field("used_kib") }
	/^kernel/ { printf "  kernel: slab %s KiB (unreclaimable %s), kernel stacks %s KiB, page tables %s KiB, page cache %s KiB\n", field("slab_kib"), field("slab_unreclaimable_kib"), field("kernel_stack_kib"), field("page_tables_kib"), field("cached_kib") }
	/^app / { printf "  app %-10s memory cgroup %4s KiB of its %s KiB budget (peak %s KiB)\n", field("name"), field("current_kib"), field("budget_kib"), field("peak_kib") }
	/^process/ { printf "  process %-10s pid %-4s resident %4s KiB (from flash %s KiB)\n", field("name"), field("pid"), field("rss_kib"), field("rss_file_kib") }'
}
