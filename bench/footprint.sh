#!/usr/bin/env bash
# Where the RAM goes (make bench; docs/footprint.md keeps the figures and the
# reason for each big item). Prints:
#  - the production kernel at --memory 4 with the whole system (the NIC up,
#    the service link with devctl, appmgr, hello and the attack suite's
#    victim as the second user app):
#    the kernel's image (text in flash; data and bss in RAM), what the boot
#    reserved, MemTotal, MemAvailable, MemFree, the kernel's slab, stacks and
#    page tables, each app's memory cgroup and each process's resident set,
#    from appmgr's memory report;
#  - the kernel's allocations at boot by slab cache, by call site and by
#    driver (the initcall that made them), every one above 8 KiB, and the
#    kernel threads, from the diagnostic kernel (`--variant diag`, SLUB
#    allocation traces and page_owner, booted at --memory 32 with
#    bench/diag-init as PID 1); sysfs, debugfs and the tracing itself exist
#    only there and are left out;
#  - the smallest --memory that runs the whole system.
set -euo pipefail
cd "$(dirname "$0")/.."
SPHERULE=out/bin/spherule
work=$(mktemp -d /tmp/spherule-footprint.XXXXXX)
export SPHERULE_STATE_DIR=$work/state
trap '"$SPHERULE" emulator stop --force >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

"$SPHERULE" keygen --output "$work/bench.key" >/dev/null
"$SPHERULE" image-package pack-application --package-directory out/device/apps/hello \
	--manifest examples/hello/app_manifest.json --key "$work/bench.key" --output "$work/hello.imagepackage" >/dev/null
"$SPHERULE" image-package pack-application --package-directory out/device/apps/victim \
	--manifest tests/attack/victim/app_manifest.json --key "$work/bench.key" \
	--output "$work/victim.imagepackage" >/dev/null
"$SPHERULE" image-package pack-application --package-directory out/device/apps/devctl \
	--manifest device/devctl/app_manifest.json --key "$work/bench.key" --output "$work/devctl.imagepackage" >/dev/null
apps=(--app "$work/devctl.imagepackage" --app "$work/hello.imagepackage" --app "$work/victim.imagepackage")
"$SPHERULE" flash build --output "$work/system.flash" --trust-key "$work/bench.key.pub" "${apps[@]}" >/dev/null

. bench/bench_lib.sh

echo "== RAM at --memory 4, production kernel ($(cat out/os/qemu-armv7/kernel.hash)), the whole system: NIC up, service link, appmgr, devctl, hello, victim"
arm-linux-gnueabihf-size out/os/qemu-armv7/vmlinux | awk 'NR==2 { printf "vmlinux: text %d KiB (in flash, executed in place), data %d KiB, bss %d KiB (in RAM)\n", $1/1024, $2/1024, $3/1024 }'
bench_boot "$work/system.flash" 4 "appmgr: memory: end of report" 180 --net >/dev/null || { echo "the whole system does not run at --memory 4"; exit 1; }
grep -m1 -E "Memory: [0-9]+K/[0-9]+K available" "$BENCH_CONSOLE" | sed -E 's/^\[[ 0-9.]+\] //'
bench_memory_report appmgr

echo "== the kernel's allocations at boot (diagnostic kernel, slub_debug=U page_owner=on, --memory 32)"
diag_os=$work/os-diag
bash scripts/build-kernel.sh --variant diag qemu-armv7 "$diag_os" >/dev/null
cp out/os/qemu-armv7/boot.bin "$diag_os/"
sed 's|init=/sbin/appmgr|init=/sbin/diag slub_debug=U page_owner=on|' kernel/dts/qemu-armv7.dts > "$work/diag.dts"
dtc -q -i out/gen -I dts -O dtb -o "$diag_os/board.dtb" "$work/diag.dts"
cp -a out/device/rootfs "$work/diag-rootfs"
cp out/bench/diag-init "$work/diag-rootfs/sbin/diag"
"$SPHERULE" flash build --output "$work/diag.flash" --trust-key "$work/bench.key.pub" "${apps[@]}" \
	--os-dir "$diag_os" --rootfs-dir "$work/diag-rootfs" >/dev/null
bench_boot "$work/diag.flash" 32 "^diag: done" 300 --net >/dev/null || { echo "the diagnostic kernel did not finish its dump"; exit 1; }
tr -d '\r' < "$BENCH_CONSOLE" | awk -f bench/footprint_allocs.awk
echo "kernel threads: $(tr -d '\r' < "$BENCH_CONSOLE" | awk '/^TASK / && $3 !~ /^(diag|appmgr)$/ { printf "%s ", $3 }')"

echo "== the smallest --memory that runs the whole system (hello prints, the victim is alive)"
smallest=
for mib in 2 3 4; do
	if bench_boot "$work/system.flash" "$mib" "\[victim\] victim: alive 2" 120 --net >/dev/null; then
		smallest=$mib
		break
	fi
done
"$SPHERULE" emulator stop --force >/dev/null 2>&1 || true
echo "smallest --memory: ${smallest:-none up to 4} MiB"
[[ -n $smallest ]]
