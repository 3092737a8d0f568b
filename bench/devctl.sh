#!/usr/bin/env bash
# What the device API costs and how fast it installs (make bench; docs/bench.md
# and docs/device-api.md "Cost" have the method and the figures). At
# --memory 4 (the device's RAM), with a flash holding devctl and counter:
#  1. Sideload against the flash file: an app of about 0.5 MiB ("big": hello
#     with 512 KiB of random bytes) is (a) deployed to the running board with
#     `spherule device sideload deploy` (host wall time of the command: the
#     upload over the service link, secmon's verification, the install) and
#     its first console line awaited, then deleted; (b) written into a free
#     slot of the flash file on the host (dd, the board off) and the board
#     booted until the same line. Alternately, BENCH_DEVCTL_RUNS times each
#     (default 3); medians. Throughput: the package's KiB over (a) the deploy,
#     (b) the write plus the boot to the app's first line; latency: from the
#     start to the app's first line. Each with its ratio.
#  2. RAM: MemAvailable (appmgr's memory report) of a flash with counter
#     alone booted without the service link (--no-service-link) and with it
#     (both without the apps' UART, --no-uart, so that the virtio-serial
#     device's ports are the mailbox's, then the link's)
#     (the port's queues and buffers; appmgr holds it open), and of the flash
#     with devctl serving it; BENCH_DEVCTL_RUNS times each, medians; devctl's
#     memory cgroup and resident set, appmgr's.
# Nothing is gated on a figure: the script fails only when a boot or a deploy
# fails.
set -euo pipefail
cd "$(dirname "$0")/.."
SPHERULE=out/bin/spherule
work=$(mktemp -d /tmp/spherule-bench-devctl.XXXXXX)
export SPHERULE_STATE_DIR=$work/state
trap '"$SPHERULE" emulator stop --force >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
runs=${BENCH_DEVCTL_RUNS:-3}
key=$work/test.key

. bench/bench_lib.sh

"$SPHERULE" keygen --output "$key" >/dev/null
pack() { # pack DIR MANIFEST OUTPUT
	"$SPHERULE" image-package pack-application --package-directory "$1" --manifest "$2" --key "$key" \
		--output "$3" >/dev/null
}
mkdir -p "$work/big"
cp -a out/device/apps/hello/. "$work/big/"
head -c $((512 * 1024)) /dev/urandom >"$work/big/blob"
sed -e 's/"Name": "hello"/"Name": "big"/' -e 's/4ea9de6638e1/0000000b1600/' \
	examples/hello/app_manifest.json >"$work/big.json"
pack out/device/apps/devctl device/devctl/app_manifest.json "$work/devctl.pkg"
pack out/device/apps/counter examples/counter/app_manifest.json "$work/counter.pkg"
pack "$work/big" "$work/big.json" "$work/big.pkg"
big_id=$(jq -r .ComponentId "$work/big.json")
size=$(stat -c %s "$work/big.pkg")
"$SPHERULE" flash build --output "$work/device.flash" --trust-key "$key.pub" \
	--app "$work/devctl.pkg" --app "$work/counter.pkg" >/dev/null
slot2=$(($(sed -nE 's/^#define FLASH_APP_OFFSET\(i\) \((0x[0-9a-f]+)u.*/\1/p' out/gen/flash_layout.h) +
	2 * $(sed -nE 's/^#define FLASH_APP_SIZE (0x[0-9a-f]+)u.*/\1/p' out/gen/flash_layout.h)))
slot_size=$(($(sed -nE 's/^#define FLASH_APP_SIZE (0x[0-9a-f]+)u.*/\1/p' out/gen/flash_layout.h)))
first_line="\[big\] hello from Spherule #1"
now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc; }
wait_line() { # wait_line REGEX SECONDS
	local i
	for ((i = 0; i < $2 * 20; i++)); do
		grep -qE -- "$1" "$BENCH_CONSOLE" 2>/dev/null && return 0
		sleep 0.05
	done
	return 1
}
erase_slot2() {
	head -c "$slot_size" /dev/zero | tr '\0' '\377' |
		dd of="$work/device.flash" bs=64K oflag=seek_bytes seek="$slot2" conv=notrunc status=none
}

deploy=() side_first=() base_write=() base_first=()
for ((r = 0; r < runs; r++)); do
	# (a) the running board, the app sideloaded.
	bench_boot "$work/device.flash" 4 "appmgr: devctl: started" 180 >/dev/null || {
		echo "devctl bench: devctl did not start; the console:" >&2
		tail -20 "$BENCH_CONSOLE" >&2
		exit 1
	}
	sleep 2
	t0=$(now)
	"$SPHERULE" device sideload deploy --image-package "$work/big.pkg" >/dev/null
	deploy+=("$(since "$t0")")
	wait_line "$first_line" 120 || { echo "devctl bench: big did not start after its deploy" >&2; exit 1; }
	side_first+=("$(since "$t0")")
	"$SPHERULE" device sideload delete --component-id "$big_id" >/dev/null
	"$SPHERULE" emulator stop --force >/dev/null
	# (b) the same bytes into the flash file, then a boot.
	t0=$(now)
	dd if="$work/big.pkg" of="$work/device.flash" bs=64K oflag=seek_bytes seek="$slot2" conv=notrunc status=none
	base_write+=("$(since "$t0")")
	bench_run "$first_line" 180 "$SPHERULE" emulator start --detach --memory 4 --flash "$work/device.flash" >/dev/null || {
		echo "devctl bench: big did not start from the flash file" >&2
		exit 1
	}
	base_first+=("$(since "$t0")")
	"$SPHERULE" emulator stop --force >/dev/null
	erase_slot2
done
d=$(bench_median "${deploy[@]}")
s=$(bench_median "${side_first[@]}")
w=$(bench_median "${base_write[@]}")
b=$(bench_median "${base_first[@]}")
kib=$(echo "$size / 1024" | bc -l)
echo "== 1. sideload against writing the flash file and booting ($((size / 1024)) KiB package, --memory 4, $runs runs each, medians of the host's wall time)"
printf '%-44s %10s %10s %8s\n' "" sideload "flash+boot" ratio
printf '%-44s %10.1f %10.1f %8.3f\n' "throughput (KiB/s; install / write+boot)" "$(echo "$kib / $d" | bc -l)" \
	"$(echo "$kib / $b" | bc -l)" "$(echo "($kib / $d) / ($kib / $b)" | bc -l)"
printf '%-44s %10.2f %10.2f %8.3f\n' "latency to the app's first line (s)" "$s" "$b" "$(echo "$s / $b" | bc -l)"
echo "sideload: the deploy command $(printf '%.2f ' "${deploy[@]}")s, to the first line $(printf '%.2f ' "${side_first[@]}")s;" \
	"flash file: dd $(printf '%.3f ' "${base_write[@]}")s, with the boot to the first line $(printf '%.2f ' "${base_first[@]}")s"

# 2. RAM: counter alone without and with the link (the port costs the
# kernel; appmgr holds it open), then with devctl serving it.
"$SPHERULE" flash build --output "$work/counter.flash" --trust-key "$key.pub" --app "$work/counter.pkg" >/dev/null
available() { # available FLASH [OPTIONS]: MemAvailable of appmgr's first memory report
	bench_boot "$1" 4 "appmgr: memory: end of report" 180 "${@:2}" >/dev/null
	sed -n 's/^.*appmgr: memory: total_kib=[0-9]* available_kib=\([0-9]*\).*/\1/p' "$BENCH_CONSOLE" | head -1
}
none=() link=() served=()
for ((r = 0; r < runs; r++)); do
	none+=("$(available "$work/counter.flash" --no-service-link --no-uart)")
	link+=("$(available "$work/counter.flash" --no-uart)")
	served+=("$(available "$work/device.flash" --no-uart)")
	cp "$BENCH_CONSOLE" "$work/served.console"
done
"$SPHERULE" emulator stop --force >/dev/null
n=$(bench_median "${none[@]}")
l=$(bench_median "${link[@]}")
v=$(bench_median "${served[@]}")
echo "== 2. RAM (--memory 4, counter installed; MemAvailable in appmgr's memory report 5 s after the apps started; KiB, medians)"
printf 'without the service link %s, with it %s, with devctl serving it %s\n' "$n" "$l" "$v"
printf 'the link costs the kernel %s KiB (budget 96), devctl %s KiB more; each: without %s; with %s; with devctl %s\n' \
	"$((n - l))" "$((l - v))" "${none[*]}" "${link[*]}" "${served[*]}"
grep -E "appmgr: memory: (app name=devctl|process pid=[0-9]+ name=(devctl|appmgr))" "$work/served.console" |
	sed -E 's/^.*appmgr: memory: //'
