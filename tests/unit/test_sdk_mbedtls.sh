#!/usr/bin/env bash
# test_sdk_mbedtls.sh - the SDK's mbedTLS (docs/sdk.md, "mbedTLS") and the
# example https_get on the host: Debian's glibc-built archives link into a
# static musl app with nothing left undefined; x509's directory listing goes
# through the shim's glibc-layout readdir and stat, and works under qemu-arm;
# then https_get, built as a user builds it (a copy, HTTPS_GET_CA_CERT naming
# a CA made here, ECDSA P-256), runs under qemu-arm against `openssl s_server
# -www` on 127.0.0.1: it fetches from a server certified by that CA (TLS 1.2,
# the status line and the body's first line), refuses one certified by
# another CA and one certified for another name, and fails to resolve the
# denied host. Names resolve through qemu-arm's -L prefix (etc/hosts: the
# device's network manager is not there). Prints TAP lines.
set -u
cd "$(dirname "$0")/../.."
OUT=${OUT:-out}
SDK=$(realpath "$OUT/sdk")
SYSROOT=$SDK/Sysroots/16
T=$(mktemp -d /tmp/test_sdk_mbedtls.XXXXXX)
servers=()
trap 'for p in "${servers[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$T"' EXIT
. tests/unit/littlefs_tools_lib.bash
export AzureSphereDefaultSDKDir=$SDK
unset SPHERULE_SIGNING_KEY AzureSphereTargetApiSet

# sdk_cc OUTPUT ARGS...: the SDK's compiler and static link, as its toolchain file sets them.
sdk_cc() {
	local out=$1
	shift
	arm-linux-gnueabihf-gcc --sysroot="$SYSROOT" -specs="$SYSROOT/usr/lib/musl-gcc.specs" -std=c11 \
		-D_POSIX_C_SOURCE -Os -nodefaultlibs -static -Wl,--no-undefined -o "$out" "$@" \
		-Wl,--start-group -lc -lgcc -lgcc_eh -Wl,--end-group
}
# ca NAME / cert NAME CA DNSNAME: an ECDSA P-256 CA, and a server certificate it signs.
ca() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
		-subj "/CN=$1" -keyout "$T/$1.key" -out "$T/$1.pem" 2>/dev/null
}
cert() {
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$3" \
		-keyout "$T/$1.key" -out "$T/$1.csr" 2>/dev/null &&
		openssl x509 -req -in "$T/$1.csr" -CA "$T/$2.pem" -CAkey "$T/$2.key" -CAcreateserial \
			-days 2 -extfile <(echo "subjectAltName=DNS:$3") -out "$T/$1.pem" 2>/dev/null
}
# serve NAME: openssl s_server -www with certificate NAME on a free port of
# 127.0.0.1, recorded in $port once it accepts.
serve() {
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	openssl s_server -accept "127.0.0.1:$port" -cert "$T/$1.pem" -key "$T/$1.key" -www -quiet \
		>"$T/$1.server" 2>&1 &
	servers+=($!)
	for _ in $(seq 50); do
		(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}
# fetch HOST: https_get under qemu-arm with CmdArgs HOST / forbidden.test,
# until it has tried both (20 s at most); its log in $T/log.
# (The log is emptied first, so that the wait never sees the last run's.)
fetch() {
	: >"$T/log"
	qemu-arm -L "$T/root" "$T/root/bin/app" "$1" / forbidden.test >>"$T/log" 2>&1 &
	local app=$! i
	for ((i = 0; i < 100; i++)); do
		grep -q "https://forbidden.test/: " "$T/log" && break
		sleep 0.2
	done
	kill "$app" 2>/dev/null
	wait "$app" 2>/dev/null
}
logged() { grep -qxF -- "$1" "$T/log" || { echo "# no '$1' in:"; sed 's/^/#   /' "$T/log"; return 1; }; }

# --- the archives -------------------------------------------------------------
echo 'int main(void) { return 0; }' >"$T/empty.c"
tap_check "every member of the three archives links into a static musl program (nothing undefined)" \
	sdk_cc "$T/whole" "$T/empty.c" -Wl,--whole-archive -lmbedtls-glibc -lmbedx509-glibc -lmbedcrypto-glibc \
	-Wl,--no-whole-archive -lglibc-shim
tap_check "x509 lists directories with the shim's readdir and stat, not musl's" bash -c "
	u=\$(arm-linux-gnueabihf-nm -u '$SYSROOT/usr/lib/libmbedx509-glibc.a' 2>/dev/null | awk '{print \$2}')
	grep -qx __spherule_glibc_readdir <<<\"\$u\" && grep -qx __spherule_glibc_stat <<<\"\$u\" &&
	! grep -qxE 'readdir|stat' <<<\"\$u\""
tap_check "mbedtls_time_t is the library's 32-bit time_t" \
	grep -q '^#define MBEDTLS_PLATFORM_TIME_TYPE_MACRO long' "$SYSROOT/usr/include/mbedtls/config.h"

ca "Test CA" && ca "Other CA"
mkdir -p "$T/cadir/sub"
cp "$T/Test CA.pem" "$T/cadir/a.pem" && cp "$T/Other CA.pem" "$T/cadir/b.pem" && cp "$T/Test CA.pem" "$T/cadir/sub/"
echo "not a certificate" >"$T/cadir/c.pem"
sdk_cc "$T/parse_path" -Wall -Wextra -Werror tests/sdk/mbedtls/parse_path.c -lmbedx509 -lmbedcrypto
tap_check "mbedtls_x509_crt_parse_path: the directory's two certificates, its junk counted, its subdirectory skipped" \
	bash -c "qemu-arm '$T/parse_path' '$T/cadir' | grep -qx 'loaded 2, failed 1: CN=Test CA CN=Other CA'"

# --- https_get ----------------------------------------------------------------
cp -r examples/https_get examples/common "$T/"
rm -rf "$T/https_get/certs" "$T/https_get/out"
(cd "$T/https_get" && cmake --preset ARM-Release) >"$T/configure.log" 2>&1
tap_check "https_get without a CA certificate: configuring says what to do" \
	grep -q "no CA certificate: put the PEM certificate" "$T/configure.log"
rm -rf "$T/https_get/out"
tap_check "https_get builds with HTTPS_GET_CA_CERT naming a fresh CA" bash -c "
	cd '$T/https_get' && HTTPS_GET_CA_CERT='$T/Test CA.pem' cmake --preset ARM-Release >'$T/build.log' 2>&1 &&
	cmake --build out/ARM-Release >>'$T/build.log' 2>&1" || sed 's/^/#   /' "$T/build.log" | tail -20
approot=$(echo "$T"/https_get/out/ARM-Release/approot*)
tap_check "its package holds that CA as certs/ca.pem" cmp "$T/Test CA.pem" "$approot/certs/ca.pem"

# The qemu-arm prefix: the app, its package's root (the app's image root is
# "/" there) and the names.
mkdir -p "$T/root/bin" "$T/root/certs" "$T/root/etc"
cp "$approot/bin/app" "$T/root/bin/app" && cp "$approot/certs/ca.pem" "$T/root/certs/ca.pem"
echo "127.0.0.1 secure.test" >"$T/root/etc/hosts"
printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' >"$T/root/etc/resolv.conf"

cert good "Test CA" secure.test
tap_check "openssl s_server -www with the test CA's certificate for secure.test listens" serve good
fetch "secure.test:$port"
url="https://secure.test:$port/"
tap_check "TLS 1.2, the server verified by the CA and the name" \
	grep -qE "^https_get: $url: TLSv1\.2 [A-Z0-9-]+, server verified by certs/ca\.pem$" "$T/log"
tap_check "the status line" logged "https_get: $url: HTTP/1.0 200 ok"
tap_check "the body's first line" logged "https_get: $url: body: <HTML><BODY BGCOLOR=\"#ffffff\">"
tap_check "the denied host does not resolve" grep -qE "^https_get: https://forbidden.test/: cannot resolve: " "$T/log"

cert other "Other CA" secure.test
tap_check "openssl s_server -www with another CA's certificate for secure.test listens" serve other
fetch "secure.test:$port"
tap_check "a server certified by another CA is refused" \
	logged "https_get: https://secure.test:$port/: certificate not verified: The certificate is not correctly signed by the trusted CA"
tap_check "... and nothing fetched from it" bash -c "! grep -q 'HTTP/' '$T/log'"

cert misnamed "Test CA" other.test
tap_check "openssl s_server -www with the test CA's certificate for other.test listens" serve misnamed
fetch "secure.test:$port"
tap_check "a server certified for another name is refused" \
	logged "https_get: https://secure.test:$port/: certificate not verified: The certificate Common Name (CN) does not match with the expected CN"
tap_done
