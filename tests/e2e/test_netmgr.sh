#!/usr/bin/env bash
# End to end on the booted board: netmgr, the network manager (issue 16;
# docs/netmgr.md). The flash holds devctl, netmgr and netprobe
# (tests/e2e/apps/netprobe/), an app whose manifest allows example.test,
# *.wild.test and three names the test's DNS server answers with defects.
# The network's servers run on the host (tests/e2e/net_servers.py) behind
# guestfwd rules: DNS at 10.0.2.53:53 and SNTP at 10.0.2.123:123 (TCP, the
# board's restrict=on user network passes nothing else), and a greeter at
# 10.0.2.100:80, example.test's address, and an HTTPS server (openssl
# s_server) at 10.0.2.110:443, secure.test's address.
#  1. netmgr runs as an app (its own uid, no capability) and gets eth0's
#     address by DHCP, which appmgr applies;
#  2. the clock is set from the SNTP server, which serves a time a year
#     ahead of the host's, and the app reads that time;
#  3. the app resolves example.test with getaddrinfo and connects to it;
#     other.test, not in its manifest, is NXDOMAIN, never reaches the DNS
#     server, and its address stays unreachable; a wildcard name resolves;
#  4. hostile answers (a compression loop, 2000 records, a wrong id) give
#     the app an error, publish nothing and leave netmgr serving;
#  5. when the TTL has run out, the address is unreachable again;
#  6. the SDK example https_get (examples/https_get), built as a user builds
#     it with a CA made here, fetches https://secure.test/ from openssl
#     s_server (guestfwd 10.0.2.110:443), verifying the server against that
#     CA, and cannot resolve forbidden.test, which is not in its manifest;
#  7. ipconf (tests/e2e/apps/ipconf/), granted NetworkConfig, sets eth0
#     statically through applibs (the lease's own address, so as not to
#     disturb the rest), appmgr applies it and says so, and the app gives
#     eth0 back to DHCP;
#  8. nothing but appmgr holds a capability or runs as root.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh

flash=$E2E_TMP/device.flash
YEAR_S=31536000

e2e_keygen
check "devctl, netmgr, netprobe and ipconf packed" bash -c "$(declare -f pack_as pack); SPHERULE=$SPHERULE E2E_TMP=$E2E_TMP
	pack devctl && pack netmgr && pack netprobe && pack ipconf"

# The HTTPS server: a CA of the test's own, secure.test's certificate (valid
# beyond the year the device's clock is set ahead), openssl s_server.
https=$E2E_TMP/https
server_cert "$https" secure.test DNS:secure.test
check "a test CA and secure.test's certificate (ECDSA P-256)" \
	quiet openssl verify -CAfile "$https/ca.pem" "$https/server.pem"
# https_get built as a user builds it, the test's CA as its build input.
cp -r examples/common examples/https_get "$E2E_TMP/"
rm -rf "$E2E_TMP/https_get/certs" "$E2E_TMP/https_get/out"
check "https_get: cmake --preset ARM-Release && cmake --build (HTTPS_GET_CA_CERT: the test's CA)" \
	build_example https_get HTTPS_GET_CA_CERT="$https/ca.pem"
https_pkg=$(ls "$E2E_TMP"/https_get/out/ARM-Release/*.imagepackage 2>/dev/null | head -1)
https_name=$(jq -r .Name examples/https_get/app_manifest.json)

check "flash build" quiet "$SPHERULE" flash build --output "$flash" --trust-key "$E2E_TMP/test.key.pub" \
	--app "$E2E_TMP/devctl.imagepackage" --app "$E2E_TMP/netmgr.imagepackage" \
	--app "$E2E_TMP/netprobe.imagepackage" --app "$E2E_TMP/ipconf.imagepackage" --app "${https_pkg:-missing}"

python3 tests/e2e/net_servers.py --log "$E2E_TMP/net.log" --ntp-offset "$YEAR_S" \
	--zone example.test=10.0.2.100:6 --zone other.test=10.0.2.101:300 --zone a.wild.test=10.0.2.104:300 \
	--zone secure.test=10.0.2.110:300 --zone forbidden.test=10.0.2.111:300 \
	--hostile loop.test=loop --hostile big.test=oversized --hostile wrongid.test=wrong-id \
	> "$E2E_TMP/ports" 2> "$E2E_TMP/net_servers.err" &
servers=$!
https_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
openssl s_server -accept "127.0.0.1:$https_port" -cert "$https/server.pem" -key "$https/server.key" \
	-www -quiet > "$https/s_server.log" 2>&1 &
https_server=$!
trap 'kill $servers $https_server 2>/dev/null; e2e_cleanup' EXIT
for _ in $(seq 50); do [[ -s $E2E_TMP/ports ]] && break; sleep 0.1; done
read -r _ dns_port _ ntp_port _ greet_port < "$E2E_TMP/ports"
check "the host's DNS, SNTP and greeter servers listen (ports $dns_port $ntp_port $greet_port)" \
	test -n "${greet_port:-}"
check "openssl s_server listens on 127.0.0.1:$https_port" bash -c \
	"for i in \$(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$https_port) 2>/dev/null && exit 0; sleep 0.1; done; exit 1"

if ! boot 4 "$flash" --guestfwd "10.0.2.53:53:$dns_port" --guestfwd "10.0.2.123:123:$ntp_port" \
	--guestfwd "10.0.2.100:80:$greet_port" --guestfwd "10.0.2.110:443:$https_port"; then
	not_ok "boot with the three forwards"
	e2e_done
fi
ok "boot with the three forwards"

# --- 1. the network -----------------------------------------------------------
check "netmgr started as an app" wait_for "^appmgr: netmgr: started \(pid [0-9]+, uid [0-9]{4,}\)" 120
check "netmgr: a DHCP lease for eth0" \
	wait_for "^\[netmgr\] netmgr: eth0: DHCP lease 10\.0\.2\.15/24 from 10\.0\.2\.2 for 86400 s" 90
check "appmgr applied it" wait_for "^appmgr: eth0: 10\.0\.2\.15/24 \(dhcp, lease 86400 s\)" 30

# --- 2. time --------------------------------------------------------------------
check "netmgr set the clock from the SNTP server, a year ahead" \
	wait_for "^\[netmgr\] netmgr: clock set from 10\.0\.2\.123 \(offset \+315[0-9]{5}\.[0-9]{3} s\)" 90

# --- 3. names -------------------------------------------------------------------
check "netprobe resolved example.test with getaddrinfo" \
	wait_for "^\[netprobe\] netprobe: resolve example\.test: 10\.0\.2\.100" 120
check "netmgr published it for netprobe with the record's TTL" \
	wait_for "^\[netmgr\] netmgr: netprobe: example\.test -> 10\.0\.2\.100 \(ttl 6 s\)" 10
check "netprobe reached example.test by name" \
	wait_for "^\[netprobe\] netprobe: connect example\.test 10\.0\.2\.100: says \"hello from the host\"" 30
check "other.test (not in its manifest): NXDOMAIN" \
	wait_for "^\[netprobe\] netprobe: resolve other\.test: Name does not resolve" 30
check "netmgr said why" wait_for "^\[netmgr\] netmgr: netprobe: other\.test refused: not in its AllowedConnections" 10
check "other.test's address: EACCES (nothing published it)" \
	wait_for "^\[netprobe\] netprobe: connect other\.test 10\.0\.2\.101: Permission denied" 30
check "the denied name never reached the network's DNS server" bash -c "! grep -q '^dns other.test' '$E2E_TMP/net.log'"
check "a.wild.test resolves through *.wild.test" \
	wait_for "^\[netprobe\] netprobe: resolve a\.wild\.test: 10\.0\.2\.104" 30

# --- 4. hostile answers -------------------------------------------------------
for name in loop big wrongid; do
	check "$name.test (a hostile answer): the app gets an error" \
		wait_for "^\[netprobe\] netprobe: resolve $name\.test: (Try again|Name does not resolve)" 60
	check "... and nothing was published for it" \
		bash -c "! grep -qE 'netmgr: netprobe: $name\.test -> ' <(tr -d '\r' < '$CONSOLE')"
done

# --- 5. the TTL ------------------------------------------------------------------
check "after the TTL: example.test's address is unreachable without resolving again" \
	wait_for "^\[netprobe\] netprobe: connect after-ttl 10\.0\.2\.100: Permission denied" 60
check "netmgr still serves: example.test resolves again" \
	wait_for_more "netprobe: resolve example.test: 10.0.2.100" 1 30
now=$(date +%s)
probe_time=$(sed -n 's/.*\[netprobe\] netprobe: time \([0-9]*\).*/\1/p' "$CONSOLE" | head -1)
check "the app reads the network's time (${probe_time:-?} against the host's $now + a year)" \
	bash -c "[[ -n '$probe_time' ]] && (( $probe_time > $now + $YEAR_S - 600 && $probe_time < $now + $YEAR_S + 600 ))"

# --- 6. HTTPS ---------------------------------------------------------------------
check "https_get: TLS 1.2 with secure.test, the server verified by the test's CA" \
	wait_for "^\[$https_name\] https_get: https://secure\.test/: TLSv1\.2 [A-Z0-9-]+, server verified by certs/ca\.pem" 180
check "... the status line" wait_for "^\[$https_name\] https_get: https://secure\.test/: HTTP/1\.0 200 ok" 10
check "... the body's first line" \
	wait_for "^\[$https_name\] https_get: https://secure\.test/: body: <HTML><BODY BGCOLOR=\"#ffffff\">" 10
check "netmgr published secure.test for it" \
	wait_for "netmgr: $https_name: secure\.test -> 10\.0\.2\.110 \(ttl 300 s\)" 10
check "forbidden.test, outside its manifest, does not resolve" \
	wait_for "^\[$https_name\] https_get: https://forbidden\.test/: cannot resolve: Name does not resolve" 30
check "netmgr refused it" wait_for "netmgr: $https_name: forbidden\.test refused: not in its AllowedConnections" 10

# --- 7. an app's own IP configuration ---------------------------------------------
check "ipconf: networking ready, eth0's address from DHCP" wait_for "^\[ipconf\] ipconf: networking ready, eth0 dhcp" 60
check "ipconf's static configuration applied by appmgr, naming the app" \
	wait_for "^appmgr: eth0: 10\.0\.2\.15/24 \(static, by ipconf\)" 120
check "... and the app reads eth0 as static" wait_for "^\[ipconf\] ipconf: static 10\.0\.2\.15/24 applied, eth0 now static" 10
check "ipconf gives eth0 back to DHCP" wait_for "^appmgr: eth0: given back to DHCP by ipconf" 10
check "... applied" wait_for "^\[ipconf\] ipconf: dynamic applied" 10

# --- 8. who holds what -----------------------------------------------------------
check "netmgr: no root uid, no capability" wait_for \
	'^appmgr: process: pid=[0-9]+ name=netmgr uid=([1-9][0-9]{3,}),\1,\1,\1 cap_inh=0{16} cap_prm=0{16} cap_eff=0{16} cap_bnd=0{16} cap_amb=0{16}' 30
check "no crash, oops or kill" bash -c "! grep -qE 'netmgr: (exited|killed)|Oops|Kernel panic' '$CONSOLE'"
e2e_done
