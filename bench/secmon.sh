#!/usr/bin/env bash
# What secure boot and the secmon mailbox cost the board (make bench;
# docs/secmon.md "Cost" has the method and the figures). Three results, each
# a ratio beside both figures, at --memory BENCH_SECMON_RAM_MIB (default 4,
# the device's RAM):
#  1. Boot with secure boot against without: one flash (hello, signed by the
#     development OEM key out/keys/development.key) booted alternately,
#     BENCH_SECMON_RUNS times each (default 7), (a) by `spherule emulator
#     start --detach`: secmon checks the OS partitions, then QEMU starts;
#     (b) by qemu-system-arm run directly with the emulator's own command
#     line (read from /proc while (a) runs), the mailbox's chardev `null`
#     instead of secmon's socket: the guest has the same devices, nothing
#     checks the OS. Host wall time from the command's start to its return
#     (QEMU running) and to appmgr's "found N app slots", a line both reach
#     (without secmon no app verifies: hello never starts in (b)); medians.
#     Between the boots, secmon's check alone: `secmon boot` on the same
#     flash without a mailbox, timed as often.
#  2. App verification through secmon against in the guest:
#     bench/secmon-init as PID 1 (a root filesystem of its own) on a flash
#     with hello, crasher, counter and a 0.8 MiB app verifies every slot 5
#     times each way, alternately: in the guest, as appmgr did before secmon
#     (pkg_open, the key from /etc/spherule/trusted-keys, pkg_verify with
#     mbedTLS), and through the mailbox (MBOX_VERIFY_IMAGE: secmon reads the
#     slot from the flash file and verifies it with OpenSSL on the host).
#     Per slot the medians of the guest's CLOCK_MONOTONIC and their ratio.
#  3. The RAM the mailbox costs the device: the same init on a flash without
#     apps, booted alternately, BENCH_SECMON_RUNS times each, by `emulator
#     start` (the virtio-serial device and its port on secmon's socket) and
#     by QEMU directly without the device, its chardev and its port; the
#     kernel's figures once the board is idle (MemFree with the per-CPU free
#     lists, MemAvailable, slab, vmalloc, page cache), and again once the
#     init has opened the port; medians, against the 64 KiB budget.
# Every boot is without the service link and the apps' UART
# (--no-service-link --no-uart), so the virtio-serial device has the
# mailbox's port alone, as when these figures were first taken;
# bench/devctl.sh measures what the link adds.
# The guest runs under TCG: times are the host's wall clock (1) or the
# guest's clock, which follows the host's (2). Nothing is gated on a
# figure: the script fails only when a boot or a verification fails.
set -euo pipefail
cd "$(dirname "$0")/.."
SPHERULE=out/bin/spherule
work=$(mktemp -d /tmp/spherule-bench-secmon.XXXXXX)
export SPHERULE_STATE_DIR=$work/state
trap '"$SPHERULE" emulator stop --force >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
runs=${BENCH_SECMON_RUNS:-7}
ram=${BENCH_SECMON_RAM_MIB:-4}
key=out/keys/development.key
apps=(hello crasher counter big)

. bench/bench_lib.sh

# The development OEM key, made once as `make run` makes it: the key a
# device manufactured by `emulator start` trusts for apps.
if [[ ! -f $key ]]; then
	mkdir -p out/keys
	"$SPHERULE" keygen --output "$key" >/dev/null
fi

# The apps, and a larger one: hello with 768 KiB of random bytes beside it.
mkdir -p "$work/big"
cp -a out/device/apps/hello/. "$work/big/"
head -c $((768 * 1024)) /dev/urandom >"$work/big/blob"
sed -e 's/"Name": "hello"/"Name": "big"/' \
	-e 's/"ComponentId": "[^"]*"/"ComponentId": "5ec0b4e5-0000-4000-8000-00000000b16a"/' \
	examples/hello/app_manifest.json >"$work/big.json"
for app in "${apps[@]}"; do
	case $app in
	hello | counter) dir=out/device/apps/$app manifest=examples/$app/app_manifest.json ;;
	crasher) dir=out/device/apps/$app manifest=tests/e2e/apps/$app/app_manifest.json ;;
	big) dir=$work/big manifest=$work/big.json ;;
	esac
	"$SPHERULE" image-package pack-application --package-directory "$dir" --manifest "$manifest" \
		--key "$key" --output "$work/$app.imagepackage" >/dev/null
done

# flash NAME [FLASH BUILD OPTIONS]: $work/NAME.flash, trusting the key.
flash() {
	local name=$1
	shift
	"$SPHERULE" flash build --output "$work/$name.flash" --trust-key "$key.pub" "$@" >/dev/null
}
flash hello --app "$work/hello.imagepackage"
app_args=()
for app in "${apps[@]}"; do
	app_args+=(--app "$work/$app.imagepackage")
done
# The in-guest half verifies with the key as the root filesystem held it
# before secmon (/etc/spherule/trusted-keys/<thumbprint>: its 65-byte point):
# a copy of the init's tree with the key added.
cp -a out/bench/secmon-rootfs "$work/verify-rootfs"
mkdir -p "$work/verify-rootfs/etc/spherule/trusted-keys"
openssl ec -pubin -in "$key.pub" -outform DER 2>/dev/null | tail -c 65 >"$work/point"
cp "$work/point" "$work/verify-rootfs/etc/spherule/trusted-keys/$(sha256sum <"$work/point" | cut -d' ' -f1)"
flash verify --rootfs-dir "$work/verify-rootfs" "${app_args[@]}"
flash ram --rootfs-dir out/bench/secmon-rootfs

# until_power_off NAME: waits for the init's power-off to end QEMU, keeps
# the console as $work/NAME.console.
until_power_off() {
	"$SPHERULE" emulator stop --timeout 60 >/dev/null 2>&1 || true
	tr -d '\r' <"$BENCH_CONSOLE" >"$work/$1.console"
}

# The first boot manufactures the device (development keys) and shows that
# hello runs, verified by secmon; its QEMU's command line is the one the
# direct boots reuse.
if ! bench_boot "$work/hello.flash" "$ram" "\[hello\] hello from Spherule" 180 --no-service-link --no-uart >/dev/null; then
	echo "secmon bench: hello did not start; the console:" >&2
	tail -20 "$BENCH_CONSOLE" >&2
	exit 1
fi
mapfile -d '' -t qemu_argv <"/proc/$(cat "$SPHERULE_STATE_DIR/qemu.pid")/cmdline"
"$SPHERULE" emulator stop --force >/dev/null

# direct FLASH null|none: QEMU's command line for FLASH without secmon, in
# direct_argv: the captured one on FLASH, with the mailbox's chardev null
# (the device and its port kept) or without the device, chardev and port,
# and -daemonize (the emulator runs QEMU as its power loop's child; run
# directly, QEMU detaches itself as a detached emulator's QEMU used to).
direct() {
	local a
	direct_argv=()
	for a in "${qemu_argv[@]}"; do
		a=${a//"$work/hello.flash"/$1}
		case $2:$a in
		null:socket,id=secmon,*) a=null,id=secmon ;;
		none:virtio-serial-device* | none:socket,id=secmon,* | none:virtserialport,*)
			unset 'direct_argv[-1]' # its -device or -chardev
			continue
			;;
		esac
		direct_argv+=("$a")
	done
	direct_argv+=(-daemonize)
}

found="appmgr: found [0-9]+ app slots"
export BENCH_RETURNED=$work/returned
with=() with_up=() without=() without_up=() check=()
for ((r = 0; r < runs; r++)); do
	with+=("$(bench_boot "$work/hello.flash" "$ram" "$found" 120 --no-service-link --no-uart)")
	with_up+=("$(cat "$BENCH_RETURNED")")
	direct "$work/hello.flash" null
	without+=("$(bench_run "$found" 120 "${direct_argv[@]}")")
	without_up+=("$(cat "$BENCH_RETURNED")")
	"$SPHERULE" emulator stop --force >/dev/null
	start=$(date +%s.%N)
	verdict=$(out/bin/secmon boot --flash "$work/hello.flash" 2>"$work/secmon-check.log")
	check+=("$(echo "$(date +%s.%N) - $start" | bc)")
	[[ $verdict == ok* ]] || { echo "secmon bench: secmon boot: $verdict" >&2; exit 1; }
done
unset BENCH_RETURNED
# row WHAT WITH... -- WITHOUT...: the medians of both and their ratio.
row() {
	local what=$1 w o
	shift
	w=$(bench_median "${@:1:runs}")
	o=$(bench_median "${@:runs+2}")
	printf '%-42s %8.3f %8.3f %8.3f\n' "$what" "$w" "$o" "$(echo "$w / $o" | bc -l)"
}
echo "== 1. boot with secure boot against without (--memory $ram, $runs boots each, alternately, medians of the host's wall time from the command's start; s)"
printf '%-42s %8s %8s %8s\n' "" secure "direct" ratio
row "QEMU running (the command returned)" "${with_up[@]}" -- "${without_up[@]}"
row "appmgr: found N app slots" "${with[@]}" -- "${without[@]}"
echo "secure: spherule emulator start --detach (secmon checks the OS, then QEMU starts); direct: qemu-system-arm with" \
	"the same command line, the mailbox's chardev null (the same devices, nothing checked)"
echo "each, in order: secure $(printf '%.2f ' "${with[@]}"); direct $(printf '%.2f ' "${without[@]}")"
printf "secmon's check alone (secmon boot on the same flash, no mailbox): %.3f s (each: %s)\n" \
	"$(bench_median "${check[@]}")" "$(printf '%.3f ' "${check[@]}")"

# 2. One boot: the init verifies the slots both ways and powers off.
if ! bench_boot "$work/verify.flash" "$ram" "secmonbench: (done|failed)" 900 --no-service-link --no-uart >/dev/null ||
	grep -q "secmonbench: failed" "$BENCH_CONSOLE"; then
	echo "secmon bench: the verification boot failed; its console:" >&2
	tail -20 "$BENCH_CONSOLE" >&2
	exit 1
fi
until_power_off verify
echo "== 2. app verification through secmon against in the guest (bench/secmon-init, 5 rounds each way, alternately, medians of the guest's clock under TCG)"
printf '%-5s %-8s %9s %12s %14s %11s %10s\n' slot app "package" "pkg_open ms" "in guest ms" "secmon ms" "secmon/guest"
sed -n 's/^.*secmonbench: slot \([0-9]*\) bytes=\([0-9]*\) open_ms=\([0-9.]*\) guest_ms=\([0-9.]*\) secmon_ms=\([0-9.]*\)$/\1 \2 \3 \4 \5/p' \
	"$work/verify.console" | while read -r slot bytes open guest sec; do
	printf '%-5s %-8s %5d KiB %12s %14s %11s %10.3f\n' "$slot" "${apps[$slot]}" $((bytes / 1024)) "$open" "$guest" \
		"$sec" "$(echo "$sec / $guest" | bc -l)"
done
echo "in guest: pkg_open, the key from the root filesystem, pkg_verify (mbedTLS); secmon: the MBOX_VERIFY_IMAGE round trip;" \
	"appmgr runs pkg_open before it asks secmon"

# 3. The init's RAM figures with and without the mailbox's device.
for ((r = 0; r < runs; r++)); do
	bench_boot "$work/ram.flash" "$ram" "secmonbench: (done|failed)" 300 --no-service-link --no-uart >/dev/null
	until_power_off "ram-with-$r"
	direct "$work/ram.flash" none
	bench_run "secmonbench: (done|failed)" 300 "${direct_argv[@]}" >/dev/null
	until_power_off "ram-without-$r"
	grep -q "secmonbench: no mailbox port" "$work/ram-without-$r.console" || {
		echo "secmon bench: the board without the mailbox's device still has its port" >&2
		exit 1
	}
done

# fig KEY LABEL BOOT: a figure (KiB) of the init's "secmonbench: ram LABEL"
# line on the console of BOOT (ram-with-N, ram-without-N).
fig() { bench_ram_figure "$work/$3.console" secmonbench "$2" "$1"; }
# median_fig KEY LABEL WITH|WITHOUT: its median over the runs.
median_fig() {
	local r v=()
	for ((r = 0; r < runs; r++)); do
		v+=("$(fig "$1" "$2" "ram-$3-$r")")
	done
	bench_median "${v[@]}"
}

echo "== 3. the RAM the mailbox costs the device (--memory $ram, $runs boots each, alternately, medians, the board idle; KiB)"
printf '%-44s %9s %9s %8s\n' "" "mailbox" "none" "cost"
declare -A cost
for k in free_kib available_kib slab_kib sunreclaim_kib vmalloc_kib cached_kib; do
	w=$(median_fig $k boot with)
	o=$(median_fig $k boot without)
	case $k in
	free_kib | available_kib) cost[$k]=$((o - w)) ;;
	*) cost[$k]=$((w - o)) ;;
	esac
	case $k in
	free_kib) label="MemFree + per-CPU free lists" ;;
	available_kib) label="MemAvailable" ;;
	slab_kib) label="slab" ;;
	sunreclaim_kib) label="  of which unreclaimable" ;;
	vmalloc_kib) label="vmalloc (kernel stacks included)" ;;
	cached_kib) label="page cache" ;;
	esac
	printf '%-44s %9s %9s %8s\n' "$label" "$w" "$o" "${cost[$k]}"
done
rest=$((cost[free_kib] - cost[slab_kib] - cost[vmalloc_kib] - cost[cached_kib]))
printf '%-44s %9s %9s %8s\n' "pages outside slab, vmalloc and page cache" "" "" "$rest"
each_free() { for ((r = 0; r < runs; r++)); do printf '%s ' "$(fig free_kib boot "ram-$1-$r")"; done; }
echo "MemFree + per-CPU free lists of each boot: mailbox $(each_free with); none $(each_free without)"
# taken LABEL LABEL2: the RAM the mailbox's boots took from one snapshot to
# the next (median, KiB), and how much of it went to slab.
taken() {
	echo "$(($(median_fig free_kib "$1" with) - $(median_fig free_kib "$2" with))) KiB" \
		"(slab +$(($(median_fig slab_kib "$2" with) - $(median_fig slab_kib "$1" with))))"
}
echo "the mailbox costs ${cost[free_kib]} KiB of RAM (MemAvailable ${cost[available_kib]} KiB) of its 64 KiB budget;" \
	"opening the port takes $(taken again port-open); reading the figures a second time took $(taken boot again)"
