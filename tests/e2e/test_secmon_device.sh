#!/usr/bin/env bash
# End to end on the booted board: secmon as the device sees it (issue 13,
# docs/secmon.md). The device is manufactured with an OEM key, a development
# key and a revoked key; its flash holds hello (security version 2),
# secmon_client (granted SecurityMonitor), crasher signed with the
# development key, probe signed with a key the device does not know, stubborn
# signed with the revoked key and spew with one payload byte changed.
#  1. appmgr has secmon verify every slot and refuses each bad one with its
#     reason; secmon_client talks to secmon through the mailbox port (device
#     id, random bytes, the OS boot state, an install with nothing staged
#     and a confirm outside a trial, an attestation the host verifies with
#     the device's public key, malformed messages answered with their
#     errors); hello's
#     newer security version is confirmed once it ran: the counter moves to 2
#     and survives power-off; the device's private key is nowhere in the
#     guest's RAM, the flash file, the console or the mailbox replies.
#  2. With a development capability for this device, crasher runs; hello
#     with security version 1 is refused as rolled back.
#  3. A capability issued for another device is refused: crasher is refused
#     again, and the counter still holds.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh

HELLO_ID=20733d53-e646-4e2c-99ba-4ea9de6638e1
ATTEST_CHECK=out/tests/e2e/attest_check
flash=$E2E_TMP/device.flash
store=$flash.secmon

thumb() { openssl ec -pubin -in "$1" -outform DER 2>/dev/null | tail -c 65 | sha256sum | cut -d' ' -f1; }
# build HELLO_PACKAGE: the flash with hello (given) and the five others.
build() {
	"$SPHERULE" flash build --output "$flash" --trust-key "$E2E_TMP/test.key.pub" --force \
		--app "$E2E_TMP/$1" --app "$E2E_TMP/secmon_client.imagepackage" \
		--app "$E2E_TMP/crasher.imagepackage" --app "$E2E_TMP/probe.imagepackage" \
		--app "$E2E_TMP/stubborn.imagepackage" --app "$E2E_TMP/spew.imagepackage" >/dev/null 2>&1
}
stop_board() { "$SPHERULE" emulator stop --timeout 60 >/dev/null 2>&1; }
seen() { tr -d '\r' < "$CONSOLE" | grep -qE -- "$1"; }

e2e_keygen
for k in devel revoked other; do "$SPHERULE" keygen --output "$E2E_TMP/$k.key" >/dev/null; done
nonce=$(head -c 32 /dev/urandom | od -An -v -tx1 | tr -d ' \n')
sed "s/\"CmdArgs\": \[\]/\"CmdArgs\": [\"$nonce\"]/" tests/e2e/apps/secmon_client/app_manifest.json \
	> "$E2E_TMP/secmon_client.json"
check "apps packed: hello v2 and v1, secmon_client, crasher (development key), probe (unknown key), stubborn (revoked key), spew" \
	bash -c "$(declare -f pack_as); SPHERULE=$SPHERULE E2E_TMP=$E2E_TMP
	pack_as test.key hello hello2.imagepackage --security-version 2 &&
	pack_as test.key hello hello1.imagepackage --security-version 1 &&
	MANIFEST=$E2E_TMP/secmon_client.json pack_as test.key secmon_client secmon_client.imagepackage &&
	pack_as devel.key crasher crasher.imagepackage && pack_as other.key probe probe.imagepackage &&
	pack_as revoked.key stubborn stubborn.imagepackage && pack_as test.key spew spew.imagepackage"
# One payload byte of spew changed (the package's payload starts at 0).
printf '\x5a' | dd of="$E2E_TMP/spew.imagepackage" bs=1 seek=4100 conv=notrunc status=none
check "flash build" build hello2.imagepackage
check "device manufactured: OEM, development and revoked keys" quiet "$SPHERULE" device manufacture \
	--flash "$flash" --vendor-key out/keys/os-development.key.pub --oem-key "$E2E_TMP/test.key.pub" \
	--development-key "$E2E_TMP/devel.key.pub" --revoked-key "$E2E_TMP/revoked.key.pub"
"$SPHERULE" device show-identity --flash "$flash" > "$E2E_TMP/identity" 2>&1
device_id=$(sed -nE 's/^device id: *([0-9a-f]{64})$/\1/p' "$E2E_TMP/identity")
sed -n '/-----BEGIN PUBLIC KEY-----/,/-----END PUBLIC KEY-----/p' "$E2E_TMP/identity" > "$E2E_TMP/device.pub"
check "show-identity: the device id and its public key" test -n "$device_id" -a -s "$E2E_TMP/device.pub"

# 1. Without development mode; secmon keeps a transcript of the mailbox.
export SPHERULE_SECMON_TRANSCRIPT=$E2E_TMP/transcript
check "boot 1 (4 MiB)" boot_as one 4 "$flash"
check "hello verified by secmon" wait_for "^appmgr: app0: hello \($HELLO_ID\) verified" 120
check "secmon_client verified" seen "^appmgr: app1: secmon_client \(.*\) verified"
check "crasher refused: development key, development mode off" \
	seen "^appmgr: app2: refused: signed with development key $(thumb "$E2E_TMP/devel.key.pub"), trusted only in development mode"
check "probe refused: a key secmon does not trust" \
	seen "^appmgr: app3: refused: untrusted: signed with key $(thumb "$E2E_TMP/other.key.pub"), which secmon does not trust"
check "stubborn refused: revoked key" \
	seen "^appmgr: app4: refused: revoked: signed with key $(thumb "$E2E_TMP/revoked.key.pub")"
check "spew refused: signature" seen "^appmgr: app5: refused: signature does not verify"
check "none of the refused apps started" bash -c "! tr -d '\r' < '$CONSOLE' | grep -qE '^appmgr: (crasher|probe|stubborn|spew): started'"
check "secmon_client finished" wait_for "^\[secmon_client\] secmon_client: done" 90
report=$(tr -d '\r' < "$CONSOLE" | sed -nE 's/^\[secmon_client\] secmon_client: (ok|not ok) - (.*)$/\1|\2/p')
while IFS='|' read -r verdict what; do
	[[ -n $what ]] || continue
	if [[ $verdict == ok ]]; then ok "secmon_client: $what"; else not_ok "secmon_client: $what"; fi
done <<< "$report"
check "secmon_client: all cases passed" seen "secmon_client: done [0-9]+ passed, 0 failed"
check "the device id over the mailbox is show-identity's" seen "secmon_client: device id $device_id$"
attestation=$(tr -d '\r' < "$CONSOLE" | sed -nE 's/^\[secmon_client\] secmon_client: attestation [0-9]+ ([0-9a-f]+)$/\1/p' | tr -d '\n')
"$ATTEST_CHECK" "$E2E_TMP/device.pub" "$nonce" "$attestation" > "$E2E_TMP/attest.out" 2>&1
check "the attestation verifies with the device's public key, for the host's nonce" \
	grep -qE "^valid: device id $device_id, [1-8] measurements" "$E2E_TMP/attest.out"
"$ATTEST_CHECK" "$E2E_TMP/device.pub" "$(head -c 32 /dev/urandom | od -An -v -tx1 | tr -d ' \n')" "$attestation" \
	> "$E2E_TMP/attest2.out" 2>&1
check "and not for another nonce" grep -q "^invalid: it is for another nonce" "$E2E_TMP/attest2.out"
check "hello's security version 2 confirmed once it ran: counter 0 -> 2" \
	wait_for "^appmgr: hello: security version 2 confirmed: counter 0 -> 2" 60
check "secmon's store holds the counter" bash -c "[[ \$(cat '$store/counters/$HELLO_ID') == 2 ]]"

# The device key: its private scalar (big- and little-endian) and its PEM
# text are nowhere the device or the host's logs could show it.
priv=$(openssl pkey -in "$store/device.key" -noout -text 2>/dev/null |
	sed -n '/^priv:/,/^pub:/p' | grep -vE '^(priv|pub):' | tr -d ' :\n')
priv=${priv: -64}
priv_le=$(echo "$priv" | fold -w2 | tac | tr -d '\n')
check "the device's private key was read from its store (32 bytes)" test ${#priv} -eq 64
check "emulator dump-memory writes the guest's RAM" quiet "$SPHERULE" emulator dump-memory --output "$E2E_TMP/ram.elf"
hexdump_of() { od -An -v -tx1 "$1" | tr -d ' \n'; }
hexdump_of "$E2E_TMP/ram.elf" > "$E2E_TMP/ram.hex"
check "the dump holds the device id secmon_client received last (the scan finds 32 known bytes)" \
	grep -q "$device_id" "$E2E_TMP/ram.hex"
check "the guest's RAM does not hold the device's private key" \
	bash -c "! grep -qE '$priv|$priv_le' '$E2E_TMP/ram.hex'"
hexdump_of "$flash" > "$E2E_TMP/flash.hex"
check "the flash file does not hold it" bash -c "! grep -qE '$priv|$priv_le' '$E2E_TMP/flash.hex'"
pem_line=$(sed -n 2p "$store/device.key")
check "no console line or secmon log line holds it" \
	bash -c "! { tr -d '\r\n ' < '$CONSOLE'; cat '$SPHERULE_STATE_DIR/secmon.log'; } | grep -qiE '$priv|$priv_le|${pem_line:0:40}'"
check "power off" stop_board
unset SPHERULE_SECMON_TRANSCRIPT
replies=$(grep -c '^out ' "$E2E_TMP/transcript" 2>/dev/null)
check "the transcript has every reply: 6 verifications, the development-mode check, 1 confirmation, secmon_client's 11 ($replies)" \
	test "${replies:-0}" -eq 19
check "no mailbox reply holds the private key" bash -c "! grep '^out ' '$E2E_TMP/transcript' | grep -qiE '$priv|$priv_le'"

# 2. Development mode for this device; hello rolled back to version 1.
check "enable-development" quiet "$SPHERULE" device enable-development --flash "$flash" --oem-key "$E2E_TMP/test.key"
check "flash rebuilt with hello v1" build hello1.imagepackage
check "boot 2" boot_as two 4 "$flash"
check "secmon accepted the capability" wait_for "^appmgr: app0: " 120
check "secmon's log: development capability accepted" grep -q "development capability accepted" "$SPHERULE_STATE_DIR/secmon.log"
check "hello v1 refused: rolled back below the counter" \
	seen "^appmgr: app0: refused: rolled back: security version 1 is below the device's counter 2 for $HELLO_ID"
check "crasher (development key) verified in development mode" seen "^appmgr: app2: crasher \(.*\) verified"
check "probe and stubborn still refused" bash -c "$(declare -f seen); CONSOLE=$CONSOLE
	seen '^appmgr: app3: refused: untrusted' && seen '^appmgr: app4: refused: revoked'"
check "power off" stop_board

# 3. A capability for another device.
cp "$flash" "$E2E_TMP/other.flash"
quiet "$SPHERULE" device manufacture --flash "$E2E_TMP/other.flash" --vendor-key out/keys/os-development.key.pub \
	--oem-key "$E2E_TMP/test.key.pub" --development-key "$E2E_TMP/devel.key.pub"
quiet "$SPHERULE" device enable-development --flash "$E2E_TMP/other.flash" --oem-key "$E2E_TMP/test.key"
check "another device's capability copied beside this flash" cp "$E2E_TMP/other.flash.devcap" "$flash.devcap"
check "boot 3" boot_as three 4 "$flash"
check "crasher refused again" wait_for "^appmgr: app2: refused: signed with development key" 120
check "secmon's log: the capability is refused" grep -qE "development capability .* refused: .*device" \
	"$SPHERULE_STATE_DIR/secmon.log"
check "the counter survived: hello v1 still refused" seen "^appmgr: app0: refused: rolled back"
check "power off" stop_board
check "enable-cloud-test removes the capability" bash -c "'$SPHERULE' device enable-cloud-test --flash '$flash' >/dev/null && [[ ! -e '$flash.devcap' ]]"
e2e_done
