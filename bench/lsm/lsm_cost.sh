#!/usr/bin/env bash
# Cost of the Spherule LSM (make bench): the lsmbench app times open, stat,
# open of /dev/null, an executable mmap, an AF_UNIX connect, a TCP connect and
# a UDP send on the loopback, fork+exec, a
# GPIO line request and GPIO line set+get
# (bench/lsm/lsmbench.c) on the product kernel and on the same kernel built
# without the LSM (build-kernel.sh --variant nolsm), booted side by side in
# this run; prints each operation's time as a ratio LSM / no LSM (the goal
# is at most 1.05), and the kernel's RAM at boot with and without the LSM.
# The emulators run with --icount (QEMU -icount shift=0): the guest clock
# counts executed instructions, so the times are instruction counts that
# host load does not disturb (BENCH_LSM_ICOUNT= runs on the host clock).
# Times are only reported as ratios.
set -euo pipefail
cd "$(dirname "$0")/../.."
SPHERULE=out/bin/spherule
runs=${BENCH_LSM_RUNS:-3}
icount=${BENCH_LSM_ICOUNT---icount}
work=$(mktemp -d /tmp/spherule-bench-lsm.XXXXXX)
stop_all() {
	for k in lsm nolsm; do
		SPHERULE_STATE_DIR=$work/$k "$SPHERULE" emulator stop --force >/dev/null 2>&1 || true
	done
	rm -rf "$work"
}
trap stop_all EXIT
nolsm_os=out/os/qemu-armv7-nolsm

bash scripts/build-kernel.sh --variant nolsm qemu-armv7 "$nolsm_os"
cp out/os/qemu-armv7/boot.bin out/os/qemu-armv7/board.dtb "$nolsm_os/"

"$SPHERULE" keygen --output "$work/bench.key" >/dev/null
"$SPHERULE" image-package pack-application --package-directory out/device/apps/lsmbench \
	--manifest bench/lsm/app_manifest.json --hardware-definition pkg/hwdef/qemu-armv7.json \
	--key "$work/bench.key" \
	--output "$work/lsmbench.imagepackage" >/dev/null
for k in lsm nolsm; do
	os=out/os/qemu-armv7
	[[ $k == nolsm ]] && os=$nolsm_os
	"$SPHERULE" flash build --os-dir "$os" --output "$work/$k.flash" \
		--trust-key "$work/bench.key.pub" --app "$work/lsmbench.imagepackage" >/dev/null
done

# Both kernels boot side by side (one emulator each, own state directory),
# so load on the host weighs on both alike.
start() {
	SPHERULE_STATE_DIR=$work/$1 "$SPHERULE" emulator stop --force >/dev/null 2>&1 || true
	rm -f "$work/$1/console.log"
	SPHERULE_STATE_DIR=$work/$1 "$SPHERULE" emulator start --detach --memory 16 \
		--flash "$work/$1.flash" $icount >/dev/null
}

# collect KERNEL N: waits for lsmbench's figures on that board, keeps them.
collect() {
	local console=$work/$1/console.log i
	for ((i = 0; i < 300 * 5; i++)); do
		grep -q "lsmbench: done" "$console" 2>/dev/null && break
		grep -q "Kernel panic" "$console" 2>/dev/null && { echo "lsm bench: $1 kernel panicked" >&2; exit 1; }
		sleep 0.2
	done
	grep -q "lsmbench: done" "$console" || { echo "lsm bench: no figures from the $1 kernel" >&2; exit 1; }
	if grep -q "lsmbench: .* failed" "$console"; then
		grep "lsmbench: .* failed" "$console" >&2
		exit 1
	fi
	# The console ends lines with CR LF.
	tr -d '\r' <"$console" | grep -E "^\[lsmbench\] lsmbench: [a-z_]+ [0-9]+$" \
		| sed -E "s/^.*lsmbench: /$1 $2 /" >>"$work/figures"
	grep -m1 -oE "Memory: [0-9]+K/[0-9]+K available" "$console" | sed -E "s/^/$1 /" >>"$work/memory"
	SPHERULE_STATE_DIR=$work/$1 "$SPHERULE" emulator stop --force >/dev/null 2>&1 || true
}

for ((n = 1; n <= runs; n++)); do
	start lsm
	start nolsm
	collect lsm "$n"
	collect nolsm "$n"
done

echo "== Spherule LSM cost ($runs boots of each kernel, side by side; ns per operation, median)"
printf "%-14s %10s %10s %8s\n" operation lsm nolsm ratio
for op in open stat open_dev_null mmap_exec connect tcp_connect udp_send fork_exec gpio_request \
	gpio_set_get; do
	lsm=$(awk -v op="$op" '$1 == "lsm" && $3 == op { print $4 }' "$work/figures" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
	nolsm=$(awk -v op="$op" '$1 == "nolsm" && $3 == op { print $4 }' "$work/figures" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
	awk -v op="$op" -v a="$lsm" -v b="$nolsm" 'BEGIN { printf "%-14s %10d %10d %8.3f\n", op, a, b, a / b }'
done
echo "== kernel RAM at boot (the LSM's code runs from flash)"
sort -u "$work/memory"
# The LSM states its blob sizes when it starts; each app process has one
# credential (shared by its threads), every inode one inode blob.
tr -d '\r' <"$work/lsm/console.log" | grep -m1 -oE "app isolation active \([^)]*\)" \
	| sed -E 's/^app isolation active \((.*)\)$/LSM state: \1/'
