#!/usr/bin/env bash
# The device certificate's device code under qemu-arm (mbedTLS, musl):
# a key pair made as updated makes it is read by OpenSSL (the PEM and its
# point); a certificate OpenSSL issues for it passes appmgr's check
# (deviceauth_check: the key's point computed by mbedTLS is the
# certificate's), another key or a not_after that is not the certificate's
# does not.
set -u
cd "$(dirname "$0")/../.." || exit
DEV=$(realpath "${OUT:-out}/tests/unit/device/deviceauth_device")
tmp=$(mktemp -d /tmp/test_deviceauth_mbedtls.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
. tests/unit/littlefs_tools_lib.bash

if ! command -v qemu-arm >/dev/null; then
	tap_skip "qemu-arm is not installed"
	tap_done
	exit
fi
qemu-arm "$DEV" keygen >"$tmp/key.pem"
qemu-arm "$DEV" keygen >"$tmp/other.pem"
point() { openssl ec -in "$1" -pubout -outform DER 2>/dev/null | tail -c 65 | od -An -v -tx1 | tr -d ' \n'; }
tap_check "a key pair made on the device: OpenSSL reads the EC PRIVATE KEY, its point is on P-256" \
	bash -c "openssl ec -in '$tmp/key.pem' -check -noout >/dev/null 2>&1"
tap_check "two key pairs differ" test "$(point "$tmp/key.pem")" != "$(point "$tmp/other.pem")"
openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$tmp/ca.key" \
	-subj "/CN=Spherule tenant test" -days 2 -out "$tmp/ca.pem" 2>/dev/null
openssl req -new -key "$tmp/key.pem" -subj "/CN=device" -out "$tmp/req.csr" 2>/dev/null
openssl x509 -req -in "$tmp/req.csr" -CA "$tmp/ca.pem" -CAkey "$tmp/ca.key" -days 1 -sha256 \
	-set_serial 7 -out "$tmp/cert.pem" 2>/dev/null
not_after=$(date -d "$(openssl x509 -in "$tmp/cert.pem" -noout -enddate | cut -d= -f2)" +%s)
tap_check "appmgr's check on the device: the key is the certificate's, kept" \
	bash -c "[[ \$(qemu-arm '$DEV' check '$tmp/cert.pem' '$tmp/ca.pem' '$tmp/key.pem' $not_after) == kept ]]"
tap_check "another key: refused, not the certificate's" \
	bash -c "qemu-arm '$DEV' check '$tmp/cert.pem' '$tmp/ca.pem' '$tmp/other.pem' $not_after | grep -q \"the private key is not the certificate's\""
tap_check "a not_after that is not the certificate's: refused" \
	bash -c "qemu-arm '$DEV' check '$tmp/cert.pem' '$tmp/ca.pem' '$tmp/key.pem' $((not_after + 1)) | grep -q 'is not the certificate'"
tap_done
