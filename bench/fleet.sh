#!/usr/bin/env bash
# The fleet figure (make bench; docs/bench.md and docs/ota.md "Fleet
# figures"): from a kernel change committed to N emulated devices running
# it and reporting healthy, without a human touching them:
#  1. a throwaway worktree of HEAD (under the bench's /tmp directory) gets
#     bench/fleet/9001-*.patch (a boot message) committed into
#     kernel/patches/; scripts/build-kernel.sh builds that kernel (content-
#     hash cached: the first run builds it, later runs hit the cache; which
#     one is printed, with the build's time), and `spherule os-image pack`
#     makes it a signed OS image of version FLEET_OS_VERSION (default 2,
#     security version FLEET_OS_SECURITY_VERSION, default 1) with the boot
#     stub and device tree of out/os/qemu-armv7;
#  2. a spherule-cloud of the bench's own (SQLite, loopback, any free port)
#     gets a product, a device group, the image and a deployment of it;
#  3. FLEET_DEVICES devices (default 8), FLEET_PARALLEL at a time (default
#     2): each its own flash (updated, packed with the service's metadata
#     key, and hello), manufactured (its own secmon identity), claimed into
#     the group, booted with its own state directory and the service behind
#     guestfwd 10.0.2.100:8443, until updated logs "OS version N confirmed
#     healthy"; then it is stopped. Each device's times from its power-on to
#     its first verified check-in (the plain boot, the baseline), to the OS
#     installed into its other slot, and to healthy; the bytes it
#     downloaded; the whole from the commit to the last device healthy;
#     the service's CPU time (/proc/PID/stat) per check-in it answered
#     while the devices ran and its resident set, and the CPU time of a
#     poll (each on a connection of its own, as updated polls), with which
#     the last lines argue how many devices one core serves.
# FLEET_KERNEL_DIR=DIR skips step 1's commit and build: DIR's xipImage (with
# its boot.bin and board.dtb) is packed as the new version. Before each
# device's boot the script waits while the load average is above
# FLEET_MAX_LOAD (default 3); the trial boot's deadline is FLEET_TRIAL_TIMEOUT
# (default 600 s: two boards share two cores). Nothing is gated on a time: the script fails
# only when a build, the service or a device fails.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD
SPHERULE=$top/out/bin/spherule
CLOUD=$top/out/bin/spherule-cloud
OS_DIR=$top/out/os/qemu-armv7
VENDOR_KEY=$top/out/keys/os-development.key
devices=${FLEET_DEVICES:-8}
parallel=${FLEET_PARALLEL:-2}
os_version=${FLEET_OS_VERSION:-2}
os_secver=${FLEET_OS_SECURITY_VERSION:-1}
max_load=${FLEET_MAX_LOAD:-3}
device_timeout=${FLEET_DEVICE_TIMEOUT:-1800}
trial_timeout=${FLEET_TRIAL_TIMEOUT:-600}
work=$(mktemp -d /tmp/spherule-bench-fleet.XXXXXX)
kernel_tree=$work/kernel-tree
service=

runs=()
cleanup() {
	local st
	((${#runs[@]} == 0)) || kill "${runs[@]}" 2>/dev/null || true
	for st in "$work"/dev*/state; do
		[[ ! -d $st ]] || SPHERULE_STATE_DIR=$st "$SPHERULE" emulator stop --force >/dev/null 2>&1 || true
	done
	[[ -z $service ]] || kill "$service" 2>/dev/null || true
	if [[ -d $kernel_tree ]]; then
		git worktree remove --force "$kernel_tree" >/dev/null 2>&1 || true
		git worktree prune
	fi
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# bench_median (each device sets its own state directory).
SPHERULE_STATE_DIR=$work/state
. bench/bench_lib.sh

now() { date +%s.%N; }
# seconds FROM TO: TO - FROM, one decimal.
seconds() { printf '%.1f' "$(echo "$2 - $1" | bc -l)"; }

# --- 1. the kernel change, committed and built ------------------------------
t_commit=$(now)
if [[ -n ${FLEET_KERNEL_DIR:-} ]]; then
	os_dir=$(realpath "$FLEET_KERNEL_DIR")
	kernel_line="kernel: not built (FLEET_KERNEL_DIR=$FLEET_KERNEL_DIR, packed as version $os_version)"
	t_built=$t_commit
else
	git worktree add --quiet --detach "$kernel_tree" HEAD
	cp bench/fleet/9001-init-the-fleet-bench-boot-message.patch "$kernel_tree/kernel/patches/"
	git -C "$kernel_tree" add kernel/patches
	git -C "$kernel_tree" -c user.name="bench/fleet.sh" -c user.email=fleet-bench@spherule.invalid \
		commit --quiet -m "init: a boot message of the fleet bench's kernel (bench/fleet.sh)"
	t_commit=$(now)
	os_dir=$work/os
	bash "$kernel_tree/scripts/build-kernel.sh" qemu-armv7 "$os_dir" > "$work/build-kernel.out"
	t_built=$(now)
	cp "$OS_DIR/boot.bin" "$OS_DIR/board.dtb" "$os_dir/"
	if grep -q "^build-kernel: building" "$work/build-kernel.out"; then
		kernel_line="kernel: built $(cat "$os_dir/kernel.hash") in $(seconds "$t_commit" "$t_built") s ($(nproc) cores)"
	else
		kernel_line="kernel: $(cat "$os_dir/kernel.hash") from the cache (built by an earlier run; $(seconds "$t_commit" "$t_built") s)"
	fi
fi
"$SPHERULE" os-image pack --key "$VENDOR_KEY" --os-dir "$os_dir" --version "$os_version" \
	--security-version "$os_secver" --image "$work/fleet.osimage" >/dev/null

# --- 2. published on a service of the bench's own ----------------------------
cloud=$work/cloud
mkdir -p "$cloud"
"$CLOUD" serve --db "sqlite:$cloud/cloud.db" --listen 127.0.0.1:0 --state "$cloud" \
	> "$cloud/serve.out" 2> "$cloud/serve.err" &
service=$!
for _ in $(seq 100); do grep -q "listening on" "$cloud/serve.out" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$cloud/serve.out")
[[ -n $port ]] || { cat "$cloud/serve.err" >&2; echo "fleet.sh: the service did not start" >&2; exit 1; }
export SPHERULE_CLOUD_URL=http://127.0.0.1:$port SPHERULE_CLOUD_TOKEN_FILE=$cloud/admin-token
"$SPHERULE" product create --name fleet-bench >/dev/null
"$SPHERULE" device-group create --product fleet-bench --name fleet --check-period 3600 >/dev/null
image=$("$SPHERULE" image add --image "$work/fleet.osimage" --output json | jq -r .id)
"$SPHERULE" deployment create --device-group fleet --images "$image" >/dev/null
t_published=$(now)

# --- 3. the devices ---------------------------------------------------------
# updated trusts the service's metadata key: a line of its signed package's
# etc/updated.conf (as tests/e2e/test_ota.sh packs it).
key=$work/oem.key
"$SPHERULE" keygen --output "$key" >/dev/null
"$CLOUD" metadata-key --state "$cloud" > "$cloud/metadata.pub"
cp -r out/device/apps/updated "$work/updated-dir"
printf 'metadata-key %s\n' "$(openssl ec -pubin -in "$cloud/metadata.pub" -outform DER 2>/dev/null |
	tail -c 65 | od -An -v -tx1 | tr -d ' \n')" >> "$work/updated-dir/etc/updated.conf"
"$SPHERULE" image-package pack-application --package-directory "$work/updated-dir" \
	--manifest device/updated/app_manifest.json --key "$key" --output "$work/updated.imagepackage" >/dev/null
"$SPHERULE" image-package pack-application --package-directory out/device/apps/hello \
	--manifest examples/hello/app_manifest.json --key "$key" --output "$work/hello.imagepackage" >/dev/null
"$SPHERULE" flash build --output "$work/base.flash" --trust-key "$key.pub" \
	--app "$work/updated.imagepackage" --app "$work/hello.imagepackage" >/dev/null

# wait_for_load: waits while the load average is above max_load.
wait_for_load() {
	local said=
	while (($(echo "$(cut -d' ' -f1 /proc/loadavg) > $max_load" | bc))); do
		[[ -n $said ]] || echo "fleet.sh: load $(cut -d' ' -f1 /proc/loadavg) above $max_load: waiting" >&2
		said=1
		sleep 10
	done
}

u='^\[updated\] updated: '
# device_run I: device I from its flash to healthy; writes its figures to
# dev I/result: "I first_checkin installed healthy bytes new_kernel_lines"
# (seconds from its power-on), or "I failed REASON".
device_run() {
	local i=$1 dir=$work/dev$1 start t line first='' installed='' healthy='' bytes
	local flash=$dir/device.flash console=$dir/state/console.log
	export SPHERULE_STATE_DIR=$dir/state
	wait_for_load
	start=$(now)
	if ! "$SPHERULE" emulator start --detach --memory 4 --flash "$flash" --trial-timeout "$trial_timeout" \
		--guestfwd "10.0.2.100:8443:$port" > "$dir/emulator.out" 2>&1; then
		echo "$i failed emulator start: $(tail -1 "$dir/emulator.out")" > "$dir/result"
		return
	fi
	while [[ -z $healthy ]]; do
		sleep 0.2
		t=$(now)
		if (($(echo "$t - $start > $device_timeout" | bc))); then
			echo "$i failed not healthy after $device_timeout s" > "$dir/result"
			break
		fi
		[[ -f $console ]] || continue
		if grep -qE "Kernel panic|${u}(OS rolled back|download failed|staging the OS failed|secmon refused)" "$console"; then
			line=$(grep -m1 -E "Kernel panic|${u}(OS rolled back|download failed|staging|secmon refused)" "$console")
			echo "$i failed ${line//$'\r'/}" > "$dir/result"
			break
		fi
		[[ -n $first ]] || ! grep -qE "${u}checked in \(" "$console" || first=$(seconds "$start" "$t")
		[[ -n $installed ]] || ! grep -qE "${u}OS version $os_version installed into slot" "$console" ||
			installed=$(seconds "$start" "$t")
		! grep -qE "${u}OS version $os_version confirmed healthy" "$console" || healthy=$(seconds "$start" "$t")
	done
	"$SPHERULE" emulator stop --force >/dev/null 2>&1 || true
	[[ -n $healthy ]] || return 0
	bytes=$(sed -nE "s/.*${u#^}downloading .* \(([0-9]+) bytes\).*/\1/p" "$console" | tr -d '\r' |
		awk '{ s += $1 } END { print s + 0 }')
	echo "$i $first $installed $healthy $bytes $(grep -c "Spherule: kernel of the fleet bench" "$console")" \
		> "$dir/result"
}

for ((i = 1; i <= devices; i++)); do
	mkdir -p "$work/dev$i/state"
	cp --sparse=always "$work/base.flash" "$work/dev$i/device.flash"
	"$SPHERULE" device manufacture --flash "$work/dev$i/device.flash" --vendor-key "$VENDOR_KEY.pub" \
		--oem-key "$key.pub" >/dev/null
	"$SPHERULE" device claim --flash "$work/dev$i/device.flash" --device-group fleet >/dev/null
done
t_claimed=$(now)
# cpu_ms: the service's user + system CPU time so far, in milliseconds.
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) * 1000 / hz }' "/proc/$service/stat"; }
cpu_claimed=$(cpu_ms)
# FLEET_PARALLEL devices at a time (the service is a job too: wait for the
# devices' own).
for ((i = 1; i <= devices; i++)); do
	if ((${#runs[@]} >= parallel)); then
		wait -n "${runs[@]}" || true
		for j in "${!runs[@]}"; do kill -0 "${runs[j]}" 2>/dev/null || unset "runs[j]"; done
	fi
	device_run "$i" &
	runs+=($!)
	sleep 1
done
wait "${runs[@]}" || true
t_done=$(now)

# --- the service's cost ------------------------------------------------------
checkin_cpu=$(echo "$(cpu_ms) - $cpu_claimed" | bc -l)
checkins=$(sqlite3 "$cloud/cloud.db" 'SELECT COUNT(*) FROM checkins')
rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$service/status")
peak=$(awk '/^VmHWM/ { print $2 }' "/proc/$service/status")
# A poll's cost: FLEET_POLLS polls of one device, each on a connection of its
# own, as updated asks (Connection: close).
polls=${FLEET_POLLS:-1000}
device_id=$("$SPHERULE" device show-identity --flash "$work/dev1/device.flash" --output json | jq -r .deviceId)
before=$(cpu_ms)
# shellcheck disable=SC2046 # one URL per poll
curl -sf -H "Connection: close" $(yes "$SPHERULE_CLOUD_URL/v1/device/poll?device_id=$device_id" | head -n "$polls") >/dev/null
poll_ms=$(echo "($(cpu_ms) - $before) / $polls" | bc -l)

# --- 4. the table -------------------------------------------------------------
failed=0
echo "== fleet: a kernel change to $devices devices healthy on OS version $os_version ($parallel at a time; host seconds under QEMU TCG)"
echo "$kernel_line"
printf '%-7s %14s %14s %10s %12s %18s\n' device "first check-in" "OS installed" healthy "downloaded B" "healthy / boot"
firsts=() installs=() healthies=() sizes=() total_bytes=0
for ((i = 1; i <= devices; i++)); do
	n=$i first=failed installed="no result" healthy='' bytes='' banner=''
	[[ ! -f $work/dev$i/result ]] || read -r n first installed healthy bytes banner < "$work/dev$i/result"
	if [[ $first == failed ]]; then
		echo "device $i: $installed $healthy $bytes $banner"
		failed=$((failed + 1))
		continue
	fi
	if [[ -z ${FLEET_KERNEL_DIR:-} && $banner -lt 1 ]]; then
		echo "device $i: healthy, but its console never showed the bench kernel's boot message"
		failed=$((failed + 1))
	fi
	printf '%-7s %14s %14s %10s %12s %18.2f\n' "$n" "$first" "$installed" "$healthy" "$bytes" \
		"$(echo "$healthy / $first" | bc -l)"
	firsts+=("$first") installs+=("$installed") healthies+=("$healthy") sizes+=("$bytes")
	total_bytes=$((total_bytes + bytes))
done
if ((${#healthies[@]} > 0)); then
	printf '%-7s %14s %14s %10s %12s %18.2f\n' median "$(bench_median "${firsts[@]}")" \
		"$(bench_median "${installs[@]}")" "$(bench_median "${healthies[@]}")" "$(bench_median "${sizes[@]}")" \
		"$(echo "$(bench_median "${healthies[@]}") / $(bench_median "${firsts[@]}")" | bc -l)"
	echo "total downloaded by the fleet: $total_bytes B"
fi
echo "(first check-in: power-on to updated's first verified check-in, the plain boot of the same device, the"
echo " baseline; OS installed: downloaded, staged in osstage and installed by secmon into the other slot;"
echo " healthy: the power cycle into its trial, then confirmed)"
echo "whole: commit to the last device healthy $(seconds "$t_commit" "$t_done") s" \
	"(kernel $(seconds "$t_commit" "$t_built") s, image and publishing $(seconds "$t_built" "$t_published") s," \
	"devices made and claimed $(seconds "$t_published" "$t_claimed") s, devices booted to healthy $(seconds "$t_claimed" "$t_done") s)"
per_checkin=$(echo "$checkin_cpu / $checkins" | bc -l)
printf 'service: %.0f ms CPU over the devices'"'"' %d check-ins: %.2f ms per check-in (all it did for them: nonces, polls, image downloads); resident %d KiB (peak %d KiB); a poll %.3f ms\n' \
	"$checkin_cpu" "$checkins" "$per_checkin" "$rss" "$peak" "$poll_ms"
# On paper: a device checking in every P s and polling every 10 s costs the
# service c/P + p/10 ms of CPU per second; one core has 1000.
for period in 3600 86400; do
	printf 'on paper: a device checking in every %d s and polling every 10 s costs %.3f ms/s: one core serves about %.0f devices\n' \
		"$period" "$(echo "$per_checkin / $period + $poll_ms / 10" | bc -l)" \
		"$(echo "1000 / ($per_checkin / $period + $poll_ms / 10)" | bc -l)"
done
((failed == 0)) || { echo "fleet.sh: $failed device(s) failed" >&2; exit 1; }
