#!/usr/bin/env bash
# End to end, the device certificate (issue 18; docs/cloud.md, "Device
# certificates on the device"): a device of the board with its update agent
# updated (the test service's metadata key in its signed package), booting an
# OS packed as an .osimage, claimed on a spherule-cloud of the test's own
# (SQLite, guestfwd 10.0.2.100:8443) that issues certificates valid 900 s
# (--certificate-validity; 24 h by default, which test_cloud.sh checks), so
# that the device renews one within the test:
#  1. the OS it booted is not uploaded to the service: its certificate request
#     is refused (403, the measurements match no published OS image), the
#     refusal is on the console and recorded by the service, appmgr keeps
#     nothing;
#  2. the OS image uploaded (`spherule image add`): updated's retry (after
#     its backoff) gets a certificate, appmgr keeps it, the service lists it;
#  3. a reboot: appmgr reads it back, updated does not ask again (it is not
#     due before half its validity: 300 s after the issue, the validity
#     counting from 5 min before it);
#  3b. at half its validity updated renews it with a new key: appmgr keeps and
#     publishes the new one, and the example authenticates with it (the OEM's
#     server logs the new serial);
#  4. on the host, from the device's data partition: the certificate verifies
#     against the tenant CA (`spherule ca-certificate download`), is for the
#     device id, its public key is the one the service recorded and the
#     private key kept beside it is its own.
# netmgr runs too, with the host's SNTP server (tests/e2e/net_servers.py,
# the host's time, guestfwd 10.0.2.123:123): the example waits for
# networking to be ready, an address and the time synced, as Azure Sphere's
# samples do.
# The SDK example mutual_tls (examples/mutual_tls), built as a user builds it
# with the service's tenant in its manifest, connects every 10 s to the
# OEM's server of the test (tests/e2e/mtls_server.py, guestfwd
# 10.0.2.101:8444), which requires a client certificate of the tenant CA:
# while the device's OS is not published (as for a tampered OS: secure boot
# ran it, the service knows no such image) it has no certificate, and its
# handshake without one is refused; once the certificate is issued it
# authenticates as the device id (step 2), and after the reboot again.
# Beside updated run the device certificate's attack apps
# (tests/attack/devauth/): devauth-outsider (no DeviceAuthentication) is
# refused the published certificate by every path, before the first
# certificate and after it; devauth-reader (DeviceAuthentication) reads it
# once appmgr publishes it, and changes nothing there.
# The memory report's lines for appmgr and updated are printed as comments.
set -u
cd "$(dirname "$0")/../.." || exit
. tests/e2e/lib.sh

flash=$E2E_TMP/device.flash
cloud=$E2E_TMP/cloud
e2e_keygen
mkdir -p "$cloud"

# --- the service --------------------------------------------------------------
out/bin/spherule-cloud serve --db "sqlite:$cloud/cloud.db" --listen 127.0.0.1:0 --state "$cloud" --certificate-validity 900 \
	> "$cloud/serve.out" 2> "$cloud/serve.err" &
service=$!
trap 'kill $service 2>/dev/null; e2e_cleanup' EXIT
for _ in $(seq 100); do grep -q "listening on" "$cloud/serve.out" 2>/dev/null && break; sleep 0.1; done
cloud_port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$cloud/serve.out")
check "spherule-cloud serves on 127.0.0.1:${cloud_port:-?} (SQLite)" test -n "$cloud_port"
export SPHERULE_CLOUD_URL=http://127.0.0.1:$cloud_port SPHERULE_CLOUD_TOKEN_FILE=$cloud/admin-token
tenant=$(cat "$cloud/tenant-id")
check "the tenant CA downloaded" quiet "$SPHERULE" ca-certificate download --output "$E2E_TMP/ca.pem"

# --- the OEM's server: its own CA and certificate, the tenant CA for clients ---
srv=$E2E_TMP/mtls-server
check "the OEM server's CA and certificate (IP:10.0.2.101)" server_cert "$srv" 10.0.2.101 IP:10.0.2.101
python3 tests/e2e/mtls_server.py --port 0 --cert "$srv/server.pem" --key "$srv/server.key" \
	--client-ca "$E2E_TMP/ca.pem" --log "$E2E_TMP/mtls.log" > "$E2E_TMP/mtls.out" 2> "$E2E_TMP/mtls.err" &
mtls_server=$!
trap 'kill $service $mtls_server 2>/dev/null; e2e_cleanup' EXIT
for _ in $(seq 100); do grep -q "listening on" "$E2E_TMP/mtls.out" 2>/dev/null && break; sleep 0.1; done
mtls_port=$(sed -n 's|.*listening on 127.0.0.1:\([0-9]*\).*|\1|p' "$E2E_TMP/mtls.out")
check "the OEM's server listens on 127.0.0.1:${mtls_port:-?}, client certificates of the tenant CA required" \
	test -n "$mtls_port"
touch "$E2E_TMP/mtls.log"
python3 tests/e2e/net_servers.py --log "$E2E_TMP/net.log" > "$E2E_TMP/ports" 2> "$E2E_TMP/net_servers.err" &
net_servers=$!
trap 'kill $service $mtls_server $net_servers 2>/dev/null; e2e_cleanup' EXIT
for _ in $(seq 50); do [[ -s $E2E_TMP/ports ]] && break; sleep 0.1; done
read -r _ dns_port _ ntp_port _ < "$E2E_TMP/ports"
check "the host's DNS and SNTP servers listen (ports ${dns_port:-?} ${ntp_port:-?})" test -n "${ntp_port:-}"
# certificates: the service's record of the device's certificates and refusals into $E2E_TMP/certs.json.
certificates() {
	curl -sS --max-time 30 -H "Authorization: Bearer $(cat "$cloud/admin-token")" \
		"$SPHERULE_CLOUD_URL/v1/devices/$device_id/certificates" > "$E2E_TMP/certs.json"
}
certs_are() { certificates && jq -e "$1" "$E2E_TMP/certs.json" >/dev/null; }

# --- the images and the device ------------------------------------------------
# pack_devauth ROLE: the devauth binary with tests/attack/devauth_ROLE's manifest.
pack_devauth() {
	"$SPHERULE" image-package pack-application --package-directory out/device/apps/devauth \
		--manifest "tests/attack/devauth_$1/app_manifest.json" --key "$E2E_TMP/test.key" \
		--output "$E2E_TMP/devauth-$1.imagepackage" >/dev/null
}
check "updated packed with the service's metadata key" quiet pack_updated "$cloud"
check "devauth-reader packed (DeviceAuthentication)" pack_devauth reader
check "devauth-outsider packed (MutableStorage only)" pack_devauth outsider
check "netmgr packed" pack netmgr
# mutual_tls built as a user builds it: its manifest names the service's
# tenant, the OEM server's CA is its build input.
cp -r examples/common examples/mutual_tls "$E2E_TMP/"
rm -rf "$E2E_TMP/mutual_tls/certs" "$E2E_TMP/mutual_tls/out"
jq --arg t "$tenant" '.Capabilities.DeviceAuthentication = $t' examples/mutual_tls/app_manifest.json \
	> "$E2E_TMP/mutual_tls/app_manifest.json"
check "mutual_tls: cmake --preset ARM-Release && cmake --build (its tenant the service's)" \
	build_example mutual_tls MUTUAL_TLS_SERVER_CA="$srv/ca.pem"
mtls_pkg=$(ls "$E2E_TMP"/mutual_tls/out/ARM-Release/*.imagepackage 2>/dev/null | head -1)
m='^\[MutualTLS_HighLevelApp\] mutual_tls: '

vendor=$E2E_TMP/vendor.key
"$SPHERULE" keygen --output "$vendor" >/dev/null
check "the OS packed: its signed description and its .osimage" quiet "$SPHERULE" os-image pack --key "$vendor" \
	--output "$E2E_TMP/os.desc" --image "$E2E_TMP/os.osimage"
check "flash build with that description (updated)" quiet "$SPHERULE" flash build --output "$flash" \
	--trust-key "$E2E_TMP/test.key.pub" --app "$E2E_TMP/updated.imagepackage" \
	--app "$E2E_TMP/devauth-reader.imagepackage" --app "$E2E_TMP/devauth-outsider.imagepackage" \
	--app "$E2E_TMP/netmgr.imagepackage" --app "${mtls_pkg:-missing}" \
	--os-description "$E2E_TMP/os.desc"
check "the device manufactured (its secmon store)" quiet "$SPHERULE" device manufacture --flash "$flash" \
	--vendor-key "$vendor.pub" --oem-key "$E2E_TMP/test.key.pub"
device_id=$("$SPHERULE" device show-identity --flash "$flash" --output json | jq -r .deviceId)
check "product and device group created, the device claimed" quiet bash -c "'$SPHERULE' product create --name cert-e2e &&
	'$SPHERULE' device-group create --product cert-e2e --name field --check-period 600 &&
	'$SPHERULE' device claim --flash '$flash' --device-group field"

forwards=(--guestfwd "10.0.2.100:8443:${cloud_port:-1}" --guestfwd "10.0.2.101:8444:${mtls_port:-1}"
	--guestfwd "10.0.2.53:53:${dns_port:-1}" --guestfwd "10.0.2.123:123:${ntp_port:-1}")
if ! boot 4 "$flash" "${forwards[@]}"; then
	not_ok "boot with the service's forward"
	e2e_done
fi
ok "boot with the service's forward"
u='^\[updated\] updated: '

# --- 1. an OS the service does not have ----------------------------------------
check "updated started" wait_for "${u}started: service 10\.0\.2\.100:8443" 120
check "its OS not uploaded: the certificate refused, the reason on the console" \
	wait_for "${u}device certificate refused: HTTP 403: the measurements match no published OS image" 180
check "updated backs off" wait_for "${u}next device certificate request in 30 s" 10
check "the service recorded the refusal and issued nothing" \
	certs_are '(.refusals | length) >= 1 and (.refusals[0].reason | test("no published OS image")) and (.issued | length) == 0'
check "appmgr keeps no certificate" test "$(count 'device certificate stored')" -eq 0
app_cases devauth-outsider devauth-outsider 60 "outsider app, before any certificate"
check "the reader has nothing to read yet" test "$(count '^\[devauth-reader\] devauth-reader: start')" -eq 0
check "mutual_tls: no device certificate" wait_for "${m}device certificate not ready" 60
check "mutual_tls: its handshake without one refused" \
	wait_for "${m}handshake without a device certificate failed: " 60
check "the OEM's server refused it: no client certificate" grep -q "^refused: " "$E2E_TMP/mtls.log"
check "the OEM's server verified no client" test "$(grep -c '^verified client' "$E2E_TMP/mtls.log")" -eq 0

# --- 2. the OS uploaded: the retry gets one -------------------------------------
check "the device's OS image uploaded" quiet "$SPHERULE" image add --image "$E2E_TMP/os.osimage"
check "the retry: a certificate issued" wait_for "${u}device certificate issued, valid until 20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z" 240
check "appmgr keeps it, of the service's tenant" \
	wait_for "^appmgr: updated: device certificate stored: tenant $tenant, valid until " 30
now=$(date +%s)
check "the service lists it: one certificate, valid the 900 s it was told" \
	certs_are "(.issued | length) == 1 and .issued[0].not_after > $now + 800 and .issued[0].not_after <= $now + 900 and
		.issued[0].not_after - .issued[0].not_before == 1200"
app_cases devauth-reader devauth-reader 60 "reader app (DeviceAuthentication), once the certificate is published"
check "mutual_tls: authenticated with the device certificate, as the device id" \
	wait_for "${m}authenticated as $device_id; server says: hello ${device_id:0:16}" 60
check "the OEM's server verified it against the tenant CA: CN=<device id>" \
	grep -q "^verified client CN=$device_id serial=" "$E2E_TMP/mtls.log"
check "mutual_tls ran without a crash (its NEON code needs the kernel's CONFIG_NEON)" \
	test "$(count '^appmgr: MutualTLS_HighLevelApp: killed by signal')" -eq 0

# --- 3. a reboot ---------------------------------------------------------------
sleep 2
grep -E '^appmgr: memory: (process pid=[0-9]+ name=(appmgr|updated) |app name=updated )' "$CONSOLE" | sed 's/^/# first boot: /'
"$SPHERULE" emulator stop --force >/dev/null 2>&1
mv "$CONSOLE" "$E2E_TMP/console.first"
if ! boot 4 "$flash" "${forwards[@]}"; then
	not_ok "boot again"
	e2e_done
fi
check "after a reboot appmgr reads it back" wait_for "^appmgr: device certificate kept: valid until " 120
check "updated checks in" wait_for "${u}checked in \(idle\)" 120
app_cases devauth-outsider devauth-outsider 60 "outsider app, a certificate published"
app_cases devauth-reader devauth-reader 60 "reader app, the certificate published at boot"
verified=$(grep -c "^verified client CN=$device_id serial=" "$E2E_TMP/mtls.log")
check "mutual_tls authenticates after the reboot, with the certificate read back" \
	wait_for "${m}authenticated as $device_id; " 60
check "the OEM's server verified it again" \
	bash -c "for _ in \$(seq 50); do [[ \$(grep -c '^verified client CN=$device_id serial=' '$E2E_TMP/mtls.log') -gt $verified ]] && exit 0; sleep 0.2; done; exit 1"
check "the Spherule LSM logged the outsider's denials" \
	grep -qE "spherule: denied .* app=c3f1a7d2-5b84-4e69-9a0c-7d2e8f41b536 " "$CONSOLE"
check "the memory report lists updated" wait_for '^appmgr: memory: process pid=[0-9]+ name=updated ' 60
sleep 20
check "updated does not ask again (not due before half its validity)" \
	test "$(count 'device certificate (issued|refused|request failed)')" -eq 0
grep -E '^appmgr: memory: (process pid=[0-9]+ name=(appmgr|updated) |app name=updated )' "$CONSOLE" | sed 's/^/# second boot: /'
certificates
check "the service still lists one certificate" quiet jq -e '(.issued | length) == 1' "$E2E_TMP/certs.json"
first_serial=$(jq -r '.issued[0].serial' "$E2E_TMP/certs.json")

# --- 3b. the renewal -------------------------------------------------------------
check "at half its validity updated renews it" \
	wait_for "${u}device certificate issued, valid until 20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z" 360
check "appmgr keeps the new one" wait_for "^appmgr: updated: device certificate stored: tenant $tenant, valid until " 30
check "the service lists two: the new one later, another serial, another key" \
	certs_are '(.issued | length) == 2 and .issued[0].not_after > .issued[1].not_after and
		.issued[0].serial != .issued[1].serial and .issued[0].public_key != .issued[1].public_key'
certificates
new_serial=$(jq -r '.issued[0].serial' "$E2E_TMP/certs.json")
check "mutual_tls authenticates with the renewed certificate (the OEM's server logs its serial)" \
	bash -c "for _ in \$(seq 150); do grep -qi '^verified client CN=$device_id serial=0*$new_serial\$' '$E2E_TMP/mtls.log' && exit 0; sleep 0.2; done; exit 1"
check "the first certificate's serial was the one used before" \
	grep -qi "^verified client CN=$device_id serial=0*$first_serial\$" "$E2E_TMP/mtls.log"

# --- 4. the certificate on the host ----------------------------------------------
"$SPHERULE" emulator stop --force >/dev/null 2>&1
data=$E2E_TMP/data
"$SPHERULE" flash extract --flash "$flash" --partition data --output "$E2E_TMP/data.img" >/dev/null
mkdir -p "$data"
out/bin/fsck.littlefs --block-size 262144 --block-count 64 --extract "$data" "$E2E_TMP/data.img" >/dev/null
# The file: struct app_svc_deviceauth_store (not_after, tenant, three lengths) and the three PEMs.
check "appmgr's file holds the certificate, the chain and the key" python3 - "$data/appmgr-deviceauth" "$E2E_TMP" <<'PY'
import struct, sys
b = open(sys.argv[1], 'rb').read()
not_after, tenant, cl, chl, kl, _ = struct.unpack_from('<q16sHHHH', b, 0)
texts = b[32:]
if len(texts) != cl + chl + kl:
    sys.exit(1)
for name, part in (('cert', texts[:cl]), ('chain', texts[cl:cl + chl]), ('key', texts[cl + chl:])):
    open(f'{sys.argv[2]}/{name}.pem', 'wb').write(part)
PY
check "the certificate verifies against the tenant CA (openssl verify)" \
	quiet openssl verify -CAfile "$E2E_TMP/ca.pem" "$E2E_TMP/cert.pem"
check "it is the device's: subject CN=<device id>" bash -c \
	"openssl x509 -in '$E2E_TMP/cert.pem' -noout -subject | grep -q 'CN *= *$device_id'"
point() { openssl "$1" "${@:2}" -pubout -outform DER 2>/dev/null | tail -c 65 | od -An -v -tx1 | tr -d ' \n'; }
cert_point=$(openssl x509 -in "$E2E_TMP/cert.pem" -noout -pubkey | point pkey -pubin)
check "the private key kept beside it is its own" test "$(point ec -in "$E2E_TMP/key.pem")" = "$cert_point"
check "its public key is the one the service recorded" test "$(jq -r '.issued[0].public_key' "$E2E_TMP/certs.json")" = "$cert_point"
e2e_done
