#!/usr/bin/env bash
# test_netmgr_daemon.sh - the netmgr daemon built for the host, run in a
# network namespace of its own (unshare: user, network and mount; skipped
# where the host allows none) against a fake appmgr, a DHCP server on the
# loopback and an SNTP server over TCP one day ahead (netmgr_rig.py): the
# lease applied (NET_APPLY source DHCP, 10.0.2.15/24, no router, 86400 s)
# and logged, the clock set (TIME_SET source NETWORK, a day ahead) and
# logged, a clean exit on SIGTERM; without a DHCP server the static
# fallback after 10 s; with time sync disabled no TIME_SET. Boots nothing.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/unit/littlefs_tools_lib.bash
NETMGR=$(realpath "${OUT:-out}/tests/unit/netmgr_host")
RIG=$(realpath tests/unit/netmgr_rig.py)
T=$(mktemp -d /tmp/test_netmgr_daemon.XXXXXX)
trap 'rm -rf "$T"' EXIT
py=$(python3 -c 'import sys; print(sys.executable)')

if ! unshare -rnm true 2>/dev/null || ! command -v ip >/dev/null; then
	tap_skip "netmgr daemon: no user and network namespaces (unshare -rnm) or no ip"
	tap_done
	exit
fi
printf 'dhcp lo\nntp 127.0.0.1 12300 tcp\nntp-poll 15\n' >"$T/netmgr.conf"

# run NAME enabled|disabled dhcp|nodhcp SECONDS: netmgr in a namespace whose
# /etc is a tmpfs holding only spherule/netmgr.conf.
run() {
	unshare -rnm sh -c 'ip link set lo up && mount -t tmpfs none /etc && mkdir /etc/spherule &&
		cp "$1/netmgr.conf" /etc/spherule/ && exec "$2" "$3" "$4" "$1/$5" "$6" "$7" "$8"' \
		sh "$T" "$py" "$RIG" "$NETMGR" "$1" "$2" "$3" "$4"
}

now=$(date +%s)
run lease enabled dhcp 5
tap_check "lease: started" grep -qx "netmgr: started (dhcp lo, dns off, ntp on)" "$T/lease.log"
tap_check "lease: the lease line" grep -qx "netmgr: lo: DHCP lease 10.0.2.15/24 from 10.0.2.2 for 86400 s" "$T/lease.log"
# struct app_svc_net_config: "lo", source 1, prefix 24, 10.0.2.15, no gateway, 86400 s
tap_check "lease: NET_APPLY source DHCP 10.0.2.15/24, no router, 86400 s" \
	grep -qx "op 12 6c6f0000000000000000000000000000011800000a00020f0000000080510100" "$T/lease.ops"
tap_check "lease: TIMESYNC asked before the sync" grep -qx "op 15 " "$T/lease.ops"
# The offset is a day give or take the exchange's asymmetry.
tap_check "lease: the clock line" \
	grep -qE "^netmgr: clock set from 127.0.0.1 \(offset \+(86399\.[5-9]|86400\.[0-4])[0-9]{2} s\)$" "$T/lease.log"
set_sec=$("$py" -c 'import sys, struct
for l in open(sys.argv[1]):
    f = l.split()
    if f[:2] == ["op", "13"]:
        sec, nsec, source = struct.unpack("<qiI", bytes.fromhex(f[2])); print(sec if source == 1 else -1)' "$T/lease.ops")
tap_check "lease: TIME_SET source NETWORK a day ahead ($set_sec)" \
	test "${set_sec:-0}" -ge $((now + 86400)) -a "${set_sec:-0}" -le $((now + 86400 + 30))
tap_check "lease: no static fallback" test "$(grep -c 'no DHCP answer' "$T/lease.log")" = 0
tap_check "lease: SIGTERM: stopping, exit 0" sh -c "grep -qx 'netmgr: stopping' '$T/lease.log' && grep -qx 'exit 0' '$T/lease.ops'"

run fallback disabled nodhcp 11
tap_check "fallback: the fallback line" \
	grep -qx "netmgr: lo: no DHCP answer in 10 s, static configuration from net.conf" "$T/fallback.log"
tap_check "fallback: NET_APPLY source STATIC_FALLBACK" grep -qE "^op 12 6c6f0{28}02" "$T/fallback.ops"
tap_check "fallback: time sync disabled: no TIME_SET" test "$(grep -c '^op 13' "$T/fallback.ops")" = 0
tap_check "fallback: exit 0" grep -qx "exit 0" "$T/fallback.ops"
tap_done
