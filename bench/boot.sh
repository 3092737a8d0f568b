#!/usr/bin/env bash
# Boot and RAM benchmark of board qemu-armv7 (make bench). Prints:
#  - kernel size (text/data/bss of vmlinux; text stays in flash);
#  - RAM in use after boot with hello running (MemTotal - MemAvailable, at
#    BENCH_RAM_MIB, default 8), the kernel's share, and per process (VmRSS,
#    of which RssFile is text mapped from flash), from appmgr's memory
#    report (apps themselves may not read /proc);
#  - boot time to hello's first line as a ratio against the same kernel
#    booting a trivial static init, both booted alternately in this run;
#  - the smallest -m (MiB) at which the board boots and hello runs.
# Times are host wall-clock under TCG and only reported as ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
SPHERULE=out/bin/spherule
work=$(mktemp -d /tmp/spherule-bench.XXXXXX)
export SPHERULE_STATE_DIR=$work/state
trap '"$SPHERULE" emulator stop --force >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
console=$work/state/console.log
runs=${BENCH_BOOT_RUNS:-3}

"$SPHERULE" keygen --output "$work/bench.key" >/dev/null
"$SPHERULE" image-package pack-application --package-directory out/device/apps/hello \
	--manifest examples/hello/app_manifest.json --key "$work/bench.key" --output "$work/hello.imagepackage" >/dev/null
"$SPHERULE" flash build --output "$work/hello.flash" --trust-key "$work/bench.key.pub" \
	--app "$work/hello.imagepackage" >/dev/null
"$SPHERULE" flash build --output "$work/baseline.flash" --trust-key "$work/bench.key.pub" \
	--rootfs-dir out/bench/baseline-rootfs >/dev/null

# boot_until FLASH MIB REGEX TIMEOUT: boots, waits for REGEX on the console;
# prints the seconds it took, or fails. Leaves the emulator running.
boot_until() {
	local start end i
	"$SPHERULE" emulator stop --force >/dev/null 2>&1 || true
	rm -f "$console"
	start=$(date +%s.%N)
	"$SPHERULE" emulator start --detach --memory "$2" --flash "$1" >/dev/null
	for ((i = 0; i < $4 * 20; i++)); do
		if grep -qE -- "$3" "$console" 2>/dev/null; then
			end=$(date +%s.%N)
			echo "$end - $start" | bc
			return 0
		fi
		grep -q "Kernel panic\|Out of memory" "$console" 2>/dev/null && return 1
		sleep 0.05
	done
	return 1
}

echo "== kernel (board qemu-armv7, $(cat out/os/qemu-armv7/kernel.hash 2>/dev/null || echo '?'))"
arm-linux-gnueabihf-size out/os/qemu-armv7/vmlinux | awk 'NR==2 { printf "vmlinux: text %d B (%.0f KiB, executed in place from flash), data %d B (%.0f KiB), bss %d B (%.0f KiB)\n", $1, $1/1024, $2, $2/1024, $3, $3/1024 }'
ls -l out/os/qemu-armv7/xipImage | awk '{ printf "xipImage in flash: %d B (%.0f KiB)\n", $5, $5/1024 }'

ram=${BENCH_RAM_MIB:-8}
echo "== RAM after boot with hello running (-m $ram)"
boot_until "$work/hello.flash" "$ram" "appmgr: memory: end of report" 180 >/dev/null
grep -E "Memory: [0-9]+K/[0-9]+K available" "$console" | sed -E 's/^\[[ 0-9.]+\] //' || true
report_memory() {
	grep -E "$1: memory: (total|kernel|process)" "$console" | sed -E "s/^.*$1: memory: //" \
	| awk '/^total/ { for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
		printf "MemTotal %d KiB, MemAvailable %d KiB, in use (MemTotal - MemAvailable) %d KiB, MemFree %d KiB\n", v["total_kib"], v["available_kib"], v["used_kib"], v["free_kib"] }
	/^kernel/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); k[kv[1]] = kv[2] }
		printf "  kernel: slab %d KiB (unreclaimable %d), kernel stacks %d KiB, page tables %d KiB, page cache %d KiB\n", k["slab_kib"], k["slab_unreclaimable_kib"], k["kernel_stack_kib"], k["page_tables_kib"], k["cached_kib"] }
	/^process/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); p[kv[1]] = kv[2] }
		printf "  %-10s pid %-4s VmRSS %4d KiB (file-backed, from flash: %d KiB)\n", p["name"], p["pid"], p["rss_kib"], p["rss_file_kib"] }'
}
report_memory appmgr
echo "== RAM of the same kernel with a trivial init instead (-m $ram)"
boot_until "$work/baseline.flash" "$ram" "baseline-init: memory: kernel" 120 >/dev/null
report_memory baseline-init

echo "== boot time to the first line, ratio against a trivial init (-m 8, $runs runs each, medians)"
hello_times=()
base_times=()
for ((r = 0; r < runs; r++)); do
	base_times+=("$(boot_until "$work/baseline.flash" 8 "baseline-init: up" 120)")
	hello_times+=("$(boot_until "$work/hello.flash" 8 "\[hello\] hello from Spherule" 120)")
done
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
mh=$(median "${hello_times[@]}")
mb=$(median "${base_times[@]}")
printf 'trivial init: %.2f s, appmgr + hello first line: %.2f s, ratio %.2f\n' "$mb" "$mh" "$(echo "$mh / $mb" | bc -l)"

echo "== smallest RAM that boots and runs hello"
smallest=
for mib in 2 3 4 5 6 7 8; do
	if boot_until "$work/hello.flash" "$mib" "\[hello\] hello from Spherule #2" 90 >/dev/null; then
		smallest=$mib
		break
	fi
done
"$SPHERULE" emulator stop --force >/dev/null 2>&1 || true
if [[ -n $smallest ]]; then
	echo "smallest -m: $smallest MiB (hello printed twice)"
else
	echo "smallest -m: none up to 8 MiB"
	exit 1
fi
