#!/usr/bin/env bash
# Attack suite on the booted board (docs/security-model.md): the hostile app
# (tests/attack/hostile/) runs every escape attempt next to a victim app and
# hello, and the gpio app (tests/attack/gpio/) drives its granted GPIO lines
# (one on the PL061, one on gpio-sim) and is refused the others, and the
# same binary as gpio-sim, granted a gpio-sim line only, cannot open the
# PL061; each prints one line per case, and each becomes a host TAP line
# here. Two rival apps asking for the gpio app's lines are refused at boot.
# The storage apps (tests/attack/store_victim/, store_hostile/, 8 KiB of
# storage each): the storage victim opens a secret to everyone in its
# storage directory, the storage hostile app attacks it and its own quota,
# and the victim checks every 2 s that its files are intact and that it
# still writes. Then: the Spherule LSM logged denials naming the hostile,
# gpio and storage hostile apps, and the victim, hello and appmgr are
# unaffected. The hostile app also asks appmgr's app service for what its
# manifest does not grant (a reboot, the UART, the hardware clock, update
# events) and sends it garbage: refused, and the device keeps running.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh

HOSTILE_ID=6f1d2c3e-8a47-4b5e-9c1d-2e3f4a5b6c7d
GPIO_ID=3b8e4f21-7c5d-4a96-8e0b-5d2c1f7a9e34
NET_ID=9a4c2e7b-5d13-4f86-a0b2-7c1e3d5f9a28
RESOLVER_ID=2d7f9b14-6e3a-4c58-b1d0-8f4a2c6e1b73
GPIO_SIM_ID=9d4a6e12-3b7f-4c85-a0d9-6f1e2b8c7a53
VICTIM_ID=0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a
# tests/attack/store_names.h
STORE_VICTIM_ID=e0b996e9-758c-4432-8569-e8ae6c44a83f
STORE_HOSTILE_ID=efe1307a-19c4-42fc-9b6a-8d2da22a21d7
HOG_MODES="pipes sockets shm fork"

# pack_attack NAME [DIR]: packs out/device/apps/DIR (default NAME) with
# tests/attack/NAME's manifest, resolving the board's GPIO names.
pack_attack() {
	"$SPHERULE" image-package pack-application --package-directory "out/device/apps/${2:-$1}" \
		--manifest "tests/attack/$1/app_manifest.json" --key "$E2E_TMP/test.key" \
		--hardware-definition pkg/hwdef/qemu-armv7.json \
		--output "$E2E_TMP/$1.imagepackage" >/dev/null
}

# The host's side of the network cases (tests/attack/net_names.h): a peer on
# 127.0.0.1 that the device reaches at 10.0.2.100:7 and 10.0.2.101:8, and a
# free host port forwarded to the net app's server port 8080.
HOST_PEER=out/tests/attack/host_peer
peer_pid=
stop_peer() {
	[[ -n $peer_pid ]] && kill "$peer_pid" 2>/dev/null
	e2e_cleanup
}
trap stop_peer EXIT
"$HOST_PEER" "$E2E_TMP/peer.port" & peer_pid=$!
for _ in $(seq 50); do [[ -s $E2E_TMP/peer.port ]] && break; sleep 0.1; done
peer_port=$(cat "$E2E_TMP/peer.port" 2>/dev/null)
server_port=$("$HOST_PEER" --free-port)
[[ -n $peer_port && -n $server_port ]] || { not_ok "the host peer listens on 127.0.0.1"; e2e_done; }
ok "the host peer listens on 127.0.0.1:$peer_port; host port $server_port goes to the device's 8080"

# host_to_device: connects to the net app's server port through the
# forward, sends a line and expects it echoed.
host_to_device() {
	local reply=
	exec 3<>"/dev/tcp/127.0.0.1/$server_port" || return 1
	printf 'hello device\n' >&3
	IFS= read -r -t 60 reply <&3
	exec 3<&-
	[[ $reply == "echo hello device" ]]
}

e2e_keygen
pack hello && pack_attack victim && pack_attack hostile && pack_attack gpio &&
	pack_attack gpio_rival gpio && pack_attack gpio_rival_sim gpio && pack_attack gpio_sim gpio &&
	pack_attack net && pack_attack resolver && pack_attack hog_pipes hog && pack_attack hog_sockets hog &&
	pack_attack hog_shm hog && pack_attack hog_fork hog && pack_attack store_victim &&
	pack_attack store_hostile ||
	{ not_ok "pack hello, victim, hostile, gpio, gpio_rival, gpio_rival_sim, gpio_sim, net, resolver, hogs, store_victim, store_hostile"; e2e_done; }
ok "packed hello, victim, hostile, gpio, gpio_rival, gpio_rival_sim, gpio_sim, net, resolver, the four hogs, store_victim and store_hostile"

# Slots: hello app0 (uid 1000), victim app1 (uid 1001, the hostile app's
# CmdArgs name it; started just before the hostile app, which takes the
# highest pid below its own for the victim's), hostile app2, gpio app3
# (GPIO 0 and 8: line 0 of the PL061 and of sim0), gpio_rival app4 (GPIO 2
# and 0), gpio_rival_sim app5 (GPIO 9 and 8), gpio_sim app6 (GPIO 15: sim0
# line 7), net app7, resolver app8, and the hogs app9..app12 (each tries
# to hold more than its RAM budget its own way: pipes, sockets, shared
# memory, children), store_victim app13 (uid 1013) and store_hostile app14
# (started just after it; both MutableStorage 8 KiB).
flash=$E2E_TMP/device.flash
check "flash build" "$SPHERULE" flash build --output "$flash" --trust-key "$E2E_TMP/test.key.pub" \
	--app "$E2E_TMP/hello.imagepackage" --app "$E2E_TMP/victim.imagepackage" \
	--app "$E2E_TMP/hostile.imagepackage" --app "$E2E_TMP/gpio.imagepackage" \
	--app "$E2E_TMP/gpio_rival.imagepackage" --app "$E2E_TMP/gpio_rival_sim.imagepackage" \
	--app "$E2E_TMP/gpio_sim.imagepackage" --app "$E2E_TMP/net.imagepackage" \
	--app "$E2E_TMP/resolver.imagepackage" --app "$E2E_TMP/hog_pipes.imagepackage" \
	--app "$E2E_TMP/hog_sockets.imagepackage" --app "$E2E_TMP/hog_shm.imagepackage" \
	--app "$E2E_TMP/hog_fork.imagepackage" --app "$E2E_TMP/store_victim.imagepackage" \
	--app "$E2E_TMP/store_hostile.imagepackage"
# --gdb-port: the board gets the gdbserver port, which the hostile app must not open.
if ! boot 16 "$flash" --guestfwd "10.0.2.100:7:$peer_port" --guestfwd "10.0.2.101:8:$peer_port" \
	--hostfwd "tcp:$server_port:8080" --gdb-port "$("$HOST_PEER" --free-port)"; then
	not_ok "the board boots"
	e2e_done
fi
ok "the board boots"
check "the Spherule LSM is active" wait_for "spherule: app isolation active" 120
check "a second app asking for a granted PL061 line is refused" \
	wait_for "^appmgr: app4: refused: gpio-rival asks for GPIO 0 \\(line 0 of 9030000\\.pl061\\), already granted to gpio" 120
check "a second app asking for a granted gpio-sim line is refused" \
	wait_for "^appmgr: app5: refused: gpio-rival-sim asks for GPIO 8 \\(line 0 of sim0\\), already granted to gpio" 10
# appmgr found the board's two GPIO chips by label; their nodes name the
# chips in the LSM's audit lines below.
chip_node() {
	sed -nE "s|^appmgr: GPIO $1: lines [0-9.]+ of $2 \(/dev/(gpiochip[0-9]+), [0-9]+:[0-9]+\)\r?$|\1|p" "$CONSOLE" | head -1
}
# (appmgr logs them after the scan, so wait for the second.)
wait_for "^appmgr: GPIO 8\.\.80: " 60
pl061=$(chip_node 0..7 '9030000\.pl061')
sim0=$(chip_node 8..80 sim0)
check "appmgr found the PL061 ($pl061) and sim0 ($sim0) by label" test -n "$pl061" -a -n "$sim0"
check "hello prints" wait_for "^\[hello\] hello from Spherule" 120
check "the victim listens" wait_for "^\[victim\] victim: pid=[0-9]+ stream=listening dgram=bound" 60
check "the hostile app started" wait_for "^\[hostile\] attack: start, victim pid [0-9]+" 60
victim_pid=$(sed -n 's/^\[victim\] victim: pid=\([0-9]*\) .*/\1/p' "$CONSOLE" | head -1)
check "the hostile app found the victim (pid ${victim_pid:-?})" \
	grep -qE "^\[hostile\] attack: start, victim pid ${victim_pid:-none}([^0-9]|\$)" "$CONSOLE"
app_cases hostile attack 300 "hostile app" || e2e_done
app_cases gpio gpio 120 "gpio app"
check "audit line for a denied PL061 line" \
	grep -qE "spherule: denied gpio $pl061 line 1 app=$GPIO_ID pid=[0-9]+" "$CONSOLE"
check "audit line for a denied gpio-sim line" \
	grep -qE "spherule: denied gpio $sim0 line 1 app=$GPIO_ID pid=[0-9]+" "$CONSOLE"

app_cases gpio-sim gpio 60 "gpio-sim app"
check "audit line for opening a chip without a granted line" \
	grep -qE "spherule: denied open /dev/$pl061 app=$GPIO_SIM_ID pid=[0-9]+" "$CONSOLE"

# The network: the resolver publishes, the net app uses what it may.
app_cases resolver resolver 180 "resolver app"
if wait_for "^\[net\] net: listening on 8080" 300; then
	check "the host reaches the net app's granted port 8080 and gets its line echoed" host_to_device
else
	not_ok "the net app listens on its granted port"
fi
app_cases net net 300 "net app"
check "audit line for a denied connect (net app)" \
	grep -qE "spherule: denied connect 10\.0\.2\.99:7 app=$NET_ID pid=[0-9]+" "$CONSOLE"
check "audit line for a denied bind (net app)" \
	grep -qE "spherule: denied bind tcp port 8081 app=$NET_ID pid=[0-9]+" "$CONSOLE"
check "audit line for a denied hosts write (net app)" \
	grep -qE "spherule: denied write hosts .*app=$NET_ID pid=[0-9]+" "$CONSOLE"
check "audit line for a denied send to a loopback port but the resolver's (net app)" \
	grep -qE "spherule: denied send 127\.0\.0\.1:54 app=$NET_ID pid=[0-9]+" "$CONSOLE"
# The mark the resolver app read from the net app's datagram on 127.0.0.1:53
# is the net app's uid: slot 7, uid 1007 (docs/appmgr.md: 1000 + slot).
check "the resolver read uid 1007 (the net app's) as the mark of its datagram" \
	grep -qE '^\[resolver\] resolver: datagram "uid 1007" from port [0-9]+, mark 1007' "$CONSOLE"

# Per-app storage. The storage victim opened its directory (mode 0777) and
# its secret (0666) to everyone before the attacks on them (the storage
# hostile app's, and the hostile app's storage cases: it has no storage),
# so that only the LSM refuses them. The storage hostile app prints how
# far each quota case got ("# ..." lines, shown here as TAP comments).
app_cases store-victim store-victim 120 "storage victim"
app_cases store-hostile store-hostile 300 "storage hostile app"
sed -n 's/^\[store-hostile\] store-hostile: \(# .*\)/\1/p' "$CONSOLE" | tr -d '\r'
check "the storage victim was ready before the storage hostile app started" \
	precedes "^\[store-victim\] store-victim: ready" "^\[store-hostile\] store-hostile: start"
check "the storage victim was ready before the hostile app's storage cases" \
	precedes "^\[store-victim\] store-victim: ready" "^\[hostile\] attack: (not )?ok [0-9]+ - storage: "
# Its checks (every 2 s) after both attackers finished and the storage
# hostile app filled its own quota: its secret intact, nothing added to its
# directory, and it still writes.
store_checks=$(count "^\[store-victim\] store-victim: check [0-9]+: ")
check "the storage victim checks its files after the attacks" \
	wait_for_more "^\[store-victim\] store-victim: check [0-9]+: " "$store_checks" 30
check "the storage victim's files stayed intact and it kept writing (every check)" \
	bash -c "! grep -E '^\[store-victim\] store-victim: check [0-9]+: ' '$CONSOLE' | grep -vqE ': check [0-9]+: intact'"
check "audit line for a denied access to the storage victim's directory (storage hostile app)" \
	grep -qE "spherule: denied [a-z_]+ (/mnt/data|littlefs:/?)/?apps/$STORE_VICTIM_ID[^ ]* app=$STORE_HOSTILE_ID pid=[0-9]+" "$CONSOLE"
# (The hostile app, without storage, may be stopped on its way there.)
check "audit line for a denied access to the data partition (hostile app)" \
	grep -qE "spherule: denied [a-z_]+ (/mnt/data|littlefs:)[^ ]* app=$HOSTILE_ID pid=[0-9]+" "$CONSOLE"

# The RAM budget holds each app whole: every hog is stopped by its memory
# cgroup (appmgr says so), never reaches its goal, and nothing else ends.
for mode in $HOG_MODES; do
	check "hog-$mode is stopped at its RAM budget" \
		wait_for "^appmgr: hog-$mode: stopped: it exceeded its RAM budget of 256 KiB" 120
	check "hog-$mode never held more than its budget" \
		bash -c "! grep -qE '^\[hog-$mode\] hog: $mode: not stopped' '$CONSOLE'"
done
check "appmgr restarts a stopped hog" wait_for "appmgr: hog-pipes: restarting in [0-9]+ s \(attempt 2\)" 60

# The audit limit is per app: while the hostile app floods denials (opens
# of /etc/spherule/gpio.conf for 12 s), the victim's own denial (it opens
# /sbin/appmgr every 2 s) is still logged, and the kernel says how many of
# the hostile app's it did not log. The window is the 12 s after the
# flood's first kernel line (the first run of the hostile app).
wait_for "^\[hostile\] attack: flood: end" 120 >/dev/null
flood_counts() {
	tr -d '\r' < "$CONSOLE" | awk -v h="app=$HOSTILE_ID " -v v="app=$VICTIM_ID " '
		/^\[ *[0-9.]+\] spherule: denied open / {
			ts = $0; sub(/^\[ */, "", ts); sub(/\].*/, "", ts); ts += 0
			flood = index($0, "/etc/spherule/gpio.conf " h) > 0
			if (flood && start == "") start = ts
			if (start == "" || ts > start + 12) next
			if (flood) hostile++
			if (index($0, "/sbin/appmgr " v)) victim++
		}
		END { printf "%d %d\n", hostile, victim }'
}
read -r flood_logged victim_logged < <(flood_counts)
check "the victim's denials are logged during the hostile app's flood ($victim_logged)" \
	test "${victim_logged:-0}" -ge 4
# 12 s meet at most four of its 5 s intervals of 100 lines.
flood_opens=$(sed -n 's/^\[hostile\] attack: flood: end, \([0-9]*\) denied opens.*/\1/p' "$CONSOLE" | head -1)
check "the hostile app's flood is cut ($flood_logged of ${flood_opens:-?} denials logged in 12 s)" \
	test "${flood_logged:-0}" -ge 100 -a "${flood_logged:-0}" -le 400 -a "${flood_opens:-0}" -gt "${flood_logged:-0}"
check "the kernel counts the denials it did not log" \
	wait_for "spherule: app=$HOSTILE_ID: [0-9]+ denials not logged" 60

# Denials are logged by the kernel, naming the hostile app. (Where the
# kernel's own checks refuse first, e.g. signals and ptrace across uids,
# the LSM is not asked and logs nothing.)
for op in open stat proc mmap mprotect traceme getpgid getsid getscheduler capget socket connect send \
	mount setuid setgid syslog personality statfs readlink getxattr listxattr access bind; do
	check "audit line for a denied $op" grep -qE "spherule: denied $op .* app=$HOSTILE_ID pid=[0-9]+" "$CONSOLE"
done
check "audit line for appmgr's /proc/1 (world-readable entries)" \
	grep -qE "spherule: denied proc /1 app=$HOSTILE_ID pid=[0-9]+" "$CONSOLE"
check "audit line for a stat of appmgr's /proc/1" \
	grep -qE "spherule: denied stat /proc/1 app=$HOSTILE_ID pid=[0-9]+" "$CONSOLE"

# The app service: appmgr read the board's UARTs, refused the hostile app's
# privileged requests (each said in the app's own log) and did none of them.
check "appmgr read the board's UART for apps" \
	grep -qE "^appmgr: UART ISU0 \(id 4\): virtio-serial port 4" "$CONSOLE"
check "appmgr told the hostile app why it refused its reboot" \
	grep -qE "^\[hostile\] appmgr: POWER_REBOOT refused \(Permission denied\): its manifest does not grant PowerControls ForceReboot" "$CONSOLE"
check "the hostile app's garbage is refused in its own log, not appmgr's" \
	grep -qE "^\[hostile\] appmgr: request refused \(Invalid argument\): unknown op 77" "$CONSOLE"
check "no reboot, power down or other shutdown started" \
	bash -c "! grep -qE '^appmgr: (shutdown: |[a-z-]+: asked (for a reboot|to power down))' '$CONSOLE'"

check "no denial names another app (but the victim's own probe)" \
	bash -c "! grep -E 'spherule: denied ' '$CONSOLE' | grep -vE 'denied open /sbin/appmgr app=$VICTIM_ID ' |
		grep -vqE 'app=($HOSTILE_ID|$GPIO_ID|$GPIO_SIM_ID|$NET_ID|$RESOLVER_ID|$STORE_HOSTILE_ID)'"
check "the victim never opened /sbin/appmgr" bash -c "! grep -q 'appmgr opened' '$CONSOLE'"

# Nothing reached the others: appmgr sees the hostile app exit normally and
# restarts it; the victim and hello keep printing and never ended.
check "appmgr logs the hostile app's normal exit" wait_for "appmgr: hostile: exited with status 0" 60
check "appmgr restarts it" wait_for "appmgr: hostile: restarting in 1 s" 30
alive=$(count "^\[victim\] victim: alive")
hellos=$(count "^\[hello\] hello from Spherule")
check "the victim keeps running" wait_for_more "^\[victim\] victim: alive" "$alive" 30
check "hello keeps printing" wait_for_more "^\[hello\] hello from Spherule" "$hellos" 30
check "the victim never ended" bash -c "! grep -qE 'appmgr: victim: (exited|killed)' '$CONSOLE'"
check "hello never ended" bash -c "! grep -qE 'appmgr: hello: (exited|killed)' '$CONSOLE'"
for app in gpio gpio-sim net resolver store-victim store-hostile; do
	check "the $app app never ended" bash -c "! grep -qE 'appmgr: $app: (exited|killed)' '$CONSOLE'"
done
check "no kernel panic or oops" bash -c "! grep -qE 'Kernel panic|Internal error|BUG:' '$CONSOLE'"
e2e_done
