#!/usr/bin/env bash
# test_mutual_tls.sh - device authentication's mutual TLS on the host: the
# test server tests/e2e/mtls_server.py (the OEM's server of the board test)
# and the example mutual_tls (examples/mutual_tls), with CAs made here
# (ECDSA P-256, as the tenant CA and the device certificates are).
#   - The server, against `openssl s_client`: a client certificate the
#     tenant CA issued is verified and answered ("verified client CN=<cn>",
#     "hello <cn>, you are authenticated"), over TLS 1.2 and TLS 1.3; one of
#     another CA, an expired one, or none, is refused ("refused: <reason>").
#   - The example, built as a user builds it (a copy, MUTUAL_TLS_SERVER_CA
#     naming the server's CA), under qemu-arm against the server: outside
#     appmgr (no app service) it presents the device certificate it finds,
#     /mnt/data/deviceauth/device.pem (the certificate, then its key) of
#     qemu-arm's -L prefix, is authenticated and logs the server's answer,
#     loads a renewed certificate at its next attempt, is refused with another
#     CA's certificate, says why without one, refuses a server of another
#     CA, and exits 0 on SIGTERM.
# Prints TAP lines.
set -u
cd "$(dirname "$0")/../.."
OUT=${OUT:-out}
SDK=$(realpath "$OUT/sdk")
T=$(mktemp -d /tmp/test_mutual_tls.XXXXXX)
server=
trap '[[ -n $server ]] && kill "$server" 2>/dev/null; rm -rf "$T"' EXIT
. tests/unit/littlefs_tools_lib.bash
export AzureSphereDefaultSDKDir=$SDK
unset SPHERULE_SIGNING_KEY AzureSphereTargetApiSet MUTUAL_TLS_SERVER_CA

# ca NAME: an ECDSA P-256 CA. cert NAME CA CN EXT [DAYS]: a certificate it
# signs (DAYS -1: expired), its key as "EC PRIVATE KEY" (SEC1, as appmgr
# publishes it), and NAME.device.pem: the certificate, then the key.
ca() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
		-subj "/CN=$1" -keyout "$T/$1.key" -out "$T/$1.pem" 2>/dev/null
}
cert() {
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$3" \
		-keyout "$T/$1.p8" -out "$T/$1.csr" 2>/dev/null &&
		openssl ec -in "$T/$1.p8" -out "$T/$1.key" 2>/dev/null &&
		openssl x509 -req -in "$T/$1.csr" -CA "$T/$2.pem" -CAkey "$T/$2.key" -CAcreateserial \
			-days "${5:-2}" -extfile <(echo "$4") -out "$T/$1.pem" 2>/dev/null &&
		cat "$T/$1.pem" "$T/$1.key" >"$T/$1.device.pem"
}
# serve CERT: mtls_server.py with the server certificate CERT, clients
# verified against the tenant CA; its port in $port, its log $T/server.log.
serve() {
	[[ -n $server ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
	: >"$T/server.log"
	python3 tests/e2e/mtls_server.py --port 0 --cert "$T/$1.pem" --key "$T/$1.key" \
		--client-ca "$T/Tenant CA.pem" --log "$T/server.log" >"$T/server.out" 2>&1 &
	server=$!
	local i
	for ((i = 0; i < 50; i++)); do
		port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$T/server.out")
		[[ -n $port ]] && return 0
		sleep 0.1
	done
	return 1
}
# server_logged N LINE: the server's log has N lines (within 10 s), the last LINE.
server_logged() {
	local i
	for ((i = 0; i < 100; i++)); do
		[[ $(wc -l <"$T/server.log") -ge $1 ]] && break
		sleep 0.1
	done
	# A verified client's line ends in its certificate's serial number.
	[[ $(wc -l <"$T/server.log") -eq $1 && $(tail -1 "$T/server.log" | sed 's/ serial=[0-9A-F]*$//') == "$2" ]] ||
		{ echo "# expected $1 lines, the last '$2', in:"; sed 's/^/#   /' "$T/server.log"; return 1; }
}
# s_client ARGS...: one connection sending "hi", the answer in $T/answer.
s_client() {
	echo hi | timeout 20 openssl s_client -connect "127.0.0.1:$port" -CAfile "$T/Server CA.pem" \
		-verify_return_error -quiet "$@" >"$T/answer" 2>"$T/s_client.err"
}
answered() { grep -qxF -- "$1" "$T/answer" || { echo "# answer:"; sed 's/^/#   /' "$T/answer" "$T/s_client.err"; return 1; }; }

ca "Tenant CA" && ca "Other CA" && ca "Server CA"
device_id=$(openssl rand -hex 32)
client_ext="basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth"
cert server "Server CA" 127.0.0.1 "subjectAltName=IP:127.0.0.1"
cert device "Tenant CA" "$device_id" "$client_ext"
# (the renewed certificate's CN differs only to tell the two apart; a CN
# has 64 characters at most)
renewed_id=renewed-${device_id:0:32}
cert renewed "Tenant CA" "$renewed_id" "$client_ext"
cert stranger "Other CA" "$device_id" "$client_ext"
cert expired "Tenant CA" "$device_id" "$client_ext" -1

# --- the server -----------------------------------------------------------------
tap_check "mtls_server.py listens, printing its port" serve server
s_client -cert "$T/device.pem" -key "$T/device.key"
tap_check "a client certificate of the tenant CA (TLS 1.3): verified" server_logged 1 "verified client CN=$device_id"
tap_check "... and answered" answered "hello $device_id, you are authenticated"
s_client -cert "$T/device.pem" -key "$T/device.key" -tls1_2
tap_check "the same over TLS 1.2: verified" server_logged 2 "verified client CN=$device_id"
tap_check "... and answered" answered "hello $device_id, you are authenticated"
s_client -cert "$T/stranger.pem" -key "$T/stranger.key"
tap_check "a client certificate of another CA: refused" \
	server_logged 3 "refused: certificate verify failed: unable to get local issuer certificate"
tap_check "... and not answered" bash -c "! grep -q authenticated '$T/answer'"
s_client -cert "$T/expired.pem" -key "$T/expired.key" -tls1_2
tap_check "an expired client certificate: refused" \
	server_logged 4 "refused: certificate verify failed: certificate has expired"
s_client
tap_check "no client certificate (TLS 1.3): refused" server_logged 5 "refused: peer did not return a certificate"
s_client -tls1_2
tap_check "no client certificate (TLS 1.2): refused" server_logged 6 "refused: peer did not return a certificate"
tap_check "... and never answered" bash -c "! grep -q authenticated '$T/answer'"
(exec 3<>"/dev/tcp/127.0.0.1/$port" && echo "not TLS" >&3)
tap_check "a client that does not speak TLS: refused, and the server goes on" \
	server_logged 7 "refused: wrong version number"
s_client -cert "$T/device.pem" -key "$T/device.key"
tap_check "... to verify the next client" server_logged 8 "verified client CN=$device_id"

# --- the example ----------------------------------------------------------------
cp -r examples/mutual_tls examples/common "$T/"
rm -rf "$T/mutual_tls/certs" "$T/mutual_tls/out"
(cd "$T/mutual_tls" && cmake --preset ARM-Release) >"$T/configure.log" 2>&1
tap_check "mutual_tls without a server CA: configuring says what to do" \
	grep -q "no CA certificate: put the PEM certificate" "$T/configure.log"
rm -rf "$T/mutual_tls/out"
tap_check "mutual_tls builds with MUTUAL_TLS_SERVER_CA naming the server's CA (links tlsutils)" bash -c "
	cd '$T/mutual_tls' && MUTUAL_TLS_SERVER_CA='$T/Server CA.pem' cmake --preset ARM-Release >'$T/build.log' 2>&1 &&
	cmake --build out/ARM-Release >>'$T/build.log' 2>&1" || sed 's/^/#   /' "$T/build.log" | tail -20
approot=$(echo "$T"/mutual_tls/out/ARM-Release/approot*)
tap_check "its package holds that CA as certs/server-ca.pem" cmp "$T/Server CA.pem" "$approot/certs/server-ca.pem"

# The qemu-arm prefix: the app, its package's root (the app's image root is
# "/" there) and the directory appmgr publishes the device certificate in.
mkdir -p "$T/root/bin" "$T/root/certs" "$T/root/mnt/data/deviceauth"
cp "$approot/bin/app" "$T/root/bin/app" && cp "$approot/certs/server-ca.pem" "$T/root/certs/"
# run DEVICE-CERT PATTERN [ARGS...]: the example under qemu-arm with
# DEVICE-CERT as its device.pem (none: no file), until its log matches
# PATTERN (20 s at most), then SIGTERM; its log in $T/log, its status in $T/rc.
run() {
	local i
	rm -f "$T/root/mnt/data/deviceauth/device.pem"
	[[ $1 == none ]] || cp "$T/$1.device.pem" "$T/root/mnt/data/deviceauth/device.pem"
	: >"$T/log"
	qemu-arm -L "$T/root" "$T/root/bin/app" "${@:3}" >>"$T/log" 2>&1 &
	app=$!
	for ((i = 0; i < 100; i++)); do
		grep -qE -- "$2" "$T/log" && break
		sleep 0.2
	done
	kill -TERM "$app" 2>/dev/null
	wait "$app"
	echo $? >"$T/rc"
}
logged() { grep -qxF -- "$1" "$T/log" || { echo "# no '$1' in:"; sed 's/^/#   /' "$T/log"; return 1; }; }

serve server
n=0
run device "^mutual_tls: (authenticated|authentication failed)" "127.0.0.1:$port"
n=$((n + 1))
tap_check "the tenant's device certificate: authenticated, the server's answer logged" \
	logged "mutual_tls: authenticated as $device_id; server says: hello $device_id, you are authenticated"
tap_check "... the server verified it (its name checked against the certificate's IP SAN)" \
	server_logged $n "verified client CN=$device_id"
tap_check "... and SIGTERM ends it with exit code 0" test "$(cat "$T/rc")" = 0

# A renewal: the file replaced by rename while the app runs; its next
# attempt (10 s later) presents the new certificate.
cp "$T/device.device.pem" "$T/root/mnt/data/deviceauth/device.pem"
: >"$T/log"
qemu-arm -L "$T/root" "$T/root/bin/app" "127.0.0.1:$port" >>"$T/log" 2>&1 &
app=$!
for ((i = 0; i < 100; i++)); do grep -q "^mutual_tls: authenticated" "$T/log" && break; sleep 0.2; done
cp "$T/renewed.device.pem" "$T/root/mnt/data/deviceauth/.device.pem.new" &&
	mv "$T/root/mnt/data/deviceauth/.device.pem.new" "$T/root/mnt/data/deviceauth/device.pem"
for ((i = 0; i < 100; i++)); do grep -q "^mutual_tls: authenticated as renewed-" "$T/log" && break; sleep 0.2; done
kill -TERM "$app" 2>/dev/null
wait "$app"
n=$((n + 2))
tap_check "a renewed certificate is used at the next attempt (10 s later)" \
	logged "mutual_tls: authenticated as $renewed_id; server says: hello $renewed_id, you are authenticated"
tap_check "... the server verified it" server_logged $n "verified client CN=$renewed_id"

run stranger "^mutual_tls: (authenticated|authentication failed)" "127.0.0.1:$port"
n=$((n + 1))
tap_check "another CA's device certificate: the server refuses the handshake" \
	logged "mutual_tls: authentication failed: SSL - A fatal alert message was received from our peer (-0x7780)"
tap_check "... saying why" server_logged $n "refused: certificate verify failed: unable to get local issuer certificate"

run none "^mutual_tls: (authenticated|authentication failed)" "127.0.0.1:$port"
tap_check "no device certificate file: it says so" \
	grep -qE "^mutual_tls: authentication failed: cannot load the device certificate: .*\(-0x" "$T/log"
tap_check "... and never connects" server_logged $n "refused: certificate verify failed: unable to get local issuer certificate"

run device "^mutual_tls: (authenticated|authentication failed)" "127.0.0.1:$port" other.test
tap_check "a server whose certificate does not carry the name given: refused" \
	logged "mutual_tls: authentication failed: server certificate not verified: The certificate Common Name (CN) does not match with the expected CN"

cert rogue "Other CA" 127.0.0.1 "subjectAltName=IP:127.0.0.1"
serve rogue
run device "^mutual_tls: (authenticated|authentication failed)" "127.0.0.1:$port"
tap_check "a server certified by another CA than the server's: refused" \
	logged "mutual_tls: authentication failed: server certificate not verified: The certificate is not correctly signed by the trusted CA"
tap_check "... before presenting the device certificate (the server saw an alert)" \
	grep -q "^refused: " "$T/server.log"

run device "^ERROR" ""
tap_check "CmdArgs without a port: refused at start" \
	bash -c "grep -qxF 'ERROR: CmdArgs must be: host:port [server certificate name]' '$T/log' && test \"\$(cat '$T/rc')\" = 2"
tap_done
