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
NETMGR=$(realpath "${OUT:-out}/tests/unit/netmgr_host")
RIG=$(realpath tests/unit/netmgr_rig.py)
T=$(mktemp -d /tmp/test_netmgr_daemon.XXXXXX)
trap 'rm -rf "$T"' EXIT
py=$(python3 -c 'import sys; print(sys.executable)')
n=0
fail=0
check() {
	local name=$1
	shift
	n=$((n + 1))
	if "$@"; then
		echo "ok $n - $name"
	else
		echo "not ok $n - $name"
		fail=1
	fi
}

if ! unshare -rnm true 2>/dev/null || ! command -v ip >/dev/null; then
	echo "ok 1 - netmgr daemon # SKIP no user and network namespaces (unshare -rnm) or no ip"
	echo "1..1"
	exit 0
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
run lease enabled dhcp 3
check "lease: started" grep -qx "netmgr: started (dhcp lo, dns off, ntp on)" "$T/lease.log"
check "lease: the lease line" grep -qx "netmgr: lo: DHCP lease 10.0.2.15/24 from 10.0.2.2 for 86400 s" "$T/lease.log"
# struct app_svc_net_config: "lo", source 1, prefix 24, 10.0.2.15, no gateway, 86400 s
check "lease: NET_APPLY source DHCP 10.0.2.15/24, no router, 86400 s" \
	grep -qx "op 12 6c6f0000000000000000000000000000011800000a00020f0000000080510100" "$T/lease.ops"
check "lease: TIMESYNC asked before the sync" grep -qx "op 15 " "$T/lease.ops"
check "lease: the clock line" grep -qE "^netmgr: clock set from 127.0.0.1 \(offset \+86400\.[0-9]{3} s\)$" "$T/lease.log"
set_sec=$("$py" -c 'import sys, struct
for l in open(sys.argv[1]):
    f = l.split()
    if f[:2] == ["op", "13"]:
        sec, nsec, source = struct.unpack("<qiI", bytes.fromhex(f[2])); print(sec if source == 1 else -1)' "$T/lease.ops")
check "lease: TIME_SET source NETWORK a day ahead ($set_sec)" \
	test "${set_sec:-0}" -ge $((now + 86400)) -a "${set_sec:-0}" -le $((now + 86400 + 30))
check "lease: no static fallback" test "$(grep -c 'no DHCP answer' "$T/lease.log")" = 0
check "lease: SIGTERM: stopping, exit 0" sh -c "grep -qx 'netmgr: stopping' '$T/lease.log' && grep -qx 'exit 0' '$T/lease.ops'"

run fallback disabled nodhcp 11
check "fallback: the fallback line" \
	grep -qx "netmgr: lo: no DHCP answer in 10 s, static configuration from net.conf" "$T/fallback.log"
check "fallback: NET_APPLY source STATIC_FALLBACK" grep -qE "^op 12 6c6f0{28}02" "$T/fallback.ops"
check "fallback: time sync disabled: no TIME_SET" test "$(grep -c '^op 13' "$T/fallback.ops")" = 0
check "fallback: exit 0" grep -qx "exit 0" "$T/fallback.ops"
echo "1..$n"
exit $fail
