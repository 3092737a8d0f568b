#!/usr/bin/env bash
# test_secmon_devmode.sh - development mode through the spherule CLI and
# secmon on the host (no board boots): `device enable-development` writes
# FLASH.devcap, bound to the device's id and signed by an OEM key, and
# refuses a key the device does not trust; secmon's power-on accepts it
# (logged), refuses and ignores one made for another device or changed,
# and says development mode is off once `device enable-cloud-test` removed
# it; --help on both verbs. The power-on is `secmon boot` on an empty flash
# file: it validates the capability before it refuses the OS.
set -u
cd "$(dirname "$0")/../.."
. tests/unit/littlefs_tools_lib.bash
. tests/unit/cli_lib.bash
BIN=$(realpath "${OUT:-out}/bin")
S=$BIN/spherule
T=$(mktemp -d /tmp/test_secmon_devmode.XXXXXX)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1

for k in vendor oem other; do run keygen --output $k.key; done
for d in a b; do
	: >$d.flash
	run device manufacture --flash $d.flash --vendor-key vendor.key.pub --oem-key oem.key.pub
	sed -n 's/^manufactured device \([0-9a-f]*\):.*/\1/p' out >$d.id
done
# power_on FLASH: secmon's power-on log (stderr) into log.
power_on() { "$BIN/secmon" boot --flash "$1" >/dev/null 2>log; }

for cmd in "device enable-development" "device enable-cloud-test"; do
	tap_check "spherule $cmd --help" bash -c "'$S' $cmd --help | head -1 | grep -q '^usage: spherule $cmd '"
done
tap_check "enable-development needs --oem-key" fails_with \
	"spherule: device enable-development: --oem-key KEY.pem is required (see --help)" \
	device enable-development --flash a.flash
run device enable-development --flash a.flash --oem-key oem.key
tap_check "enable-development binds the capability to the device" bash -c "[[ $rc -eq 0 &&
	\"\$(cat out)\" == \"development mode on for device \$(cat a.id): capability a.flash.devcap (from the next power-on)\" &&
	\$(stat -c %s a.flash.devcap) -eq 136 ]]"
power_on a.flash
tap_check "secmon accepts it at power-on" grep -q "^secmon: development capability accepted: AppDevelopment, signed by OEM key " log
cp a.flash.devcap a.ok
run device enable-development --flash a.flash --oem-key other.key
tap_check "a key that is not one of the device's OEM keys is refused, the capability unchanged" bash -c "[[ $rc -eq 1 ]] &&
	grep -q 'the device would refuse the capability: signed by key [0-9a-f]*, which is not an OEM key of the device' err &&
	cmp -s a.ok a.flash.devcap"

run device enable-development --flash b.flash --oem-key oem.key
cp b.flash.devcap a.flash.devcap
power_on a.flash
tap_check "a capability made for another device id is refused at power-on and ignored" grep -q \
	"^secmon: development capability a.flash.devcap refused: issued for device $(cat b.id), not this device; ignored$" log
tap_check "and the board is still powered on (secure boot goes on)" grep -q "^secmon: refused: flash: " log

cp a.ok a.flash.devcap
printf '\x01' | dd of=a.flash.devcap bs=1 seek=100 conv=notrunc status=none
power_on a.flash
tap_check "a changed capability is refused" grep -q "refused: signature does not verify with key" log

run device enable-cloud-test --flash a.flash
tap_check "enable-cloud-test removes it" bash -c "[[ $rc -eq 0 && ! -e a.flash.devcap ]] &&
	grep -qx 'development mode off: removed a.flash.devcap (from the next power-on)' out"
power_on a.flash
tap_check "secmon says development mode is off" grep -q "^secmon: development mode off: no capability a.flash.devcap$" log
run device enable-cloud-test --flash a.flash
tap_check "enable-cloud-test without a capability has nothing to do" test $rc -eq 0
tap_done
