#!/usr/bin/env bash
# Boot and RAM benchmark of board qemu-armv7 (make bench). Prints:
#  - kernel size (text/data/bss of vmlinux; text stays in flash);
#  - RAM in use after boot with hello running (MemTotal - MemAvailable, at
#    BENCH_RAM_MIB, default 4), the kernel's share, and per process (VmRSS,
#    of which RssFile is text mapped from flash), from appmgr's memory
#    report (apps themselves may not read /proc);
#  - boot time to hello's first line as a ratio against the same kernel
#    booting a trivial static init, both booted alternately in this run.
# The whole system's RAM at 4 MiB and the smallest RAM it runs in are
# bench/footprint.sh's.
# Times are host wall-clock under TCG and only reported as ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
SPHERULE=out/bin/spherule
work=$(mktemp -d /tmp/spherule-bench.XXXXXX)
export SPHERULE_STATE_DIR=$work/state
trap '"$SPHERULE" emulator stop --force >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
runs=${BENCH_BOOT_RUNS:-3}

"$SPHERULE" keygen --output "$work/bench.key" >/dev/null
"$SPHERULE" image-package pack-application --package-directory out/device/apps/hello \
	--manifest examples/hello/app_manifest.json --key "$work/bench.key" --output "$work/hello.imagepackage" >/dev/null
"$SPHERULE" flash build --output "$work/hello.flash" --trust-key "$work/bench.key.pub" \
	--app "$work/hello.imagepackage" >/dev/null
"$SPHERULE" flash build --output "$work/baseline.flash" --trust-key "$work/bench.key.pub" \
	--rootfs-dir out/bench/baseline-rootfs >/dev/null

. bench/bench_lib.sh

echo "== kernel (board qemu-armv7, $(cat out/os/qemu-armv7/kernel.hash 2>/dev/null || echo '?'))"
arm-linux-gnueabihf-size out/os/qemu-armv7/vmlinux | awk 'NR==2 { printf "vmlinux: text %d B (%.0f KiB, executed in place from flash), data %d B (%.0f KiB), bss %d B (%.0f KiB)\n", $1, $1/1024, $2, $2/1024, $3, $3/1024 }'
ls -l out/os/qemu-armv7/xipImage | awk '{ printf "xipImage in flash: %d B (%.0f KiB)\n", $5, $5/1024 }'

ram=${BENCH_RAM_MIB:-4}
echo "== RAM after boot with hello running (-m $ram)"
bench_boot "$work/hello.flash" "$ram" "appmgr: memory: end of report" 180 >/dev/null
grep -E "Memory: [0-9]+K/[0-9]+K available" "$BENCH_CONSOLE" | sed -E 's/^\[[ 0-9.]+\] //' || true
bench_memory_report appmgr
echo "== RAM of the same kernel with a trivial init instead (-m $ram)"
bench_boot "$work/baseline.flash" "$ram" "baseline-init: memory: kernel" 120 >/dev/null
bench_memory_report baseline-init

echo "== boot time to the first line, ratio against a trivial init (-m $ram, $runs runs each, medians)"
hello_times=()
base_times=()
for ((r = 0; r < runs; r++)); do
	base_times+=("$(bench_boot "$work/baseline.flash" "$ram" "baseline-init: up" 120)")
	hello_times+=("$(bench_boot "$work/hello.flash" "$ram" "\[hello\] hello from Spherule" 120)")
done
mh=$(bench_median "${hello_times[@]}")
mb=$(bench_median "${base_times[@]}")
printf 'trivial init: %.2f s, appmgr + hello first line: %.2f s, ratio %.2f\n' "$mb" "$mh" "$(echo "$mh / $mb" | bc -l)"
