#!/usr/bin/env bash
# The flash and emulator commands of the spherule CLI on the host, without
# booting: the flash image's layout (bank 0 parts, the root filesystem
# without app keys, app slots, erased flash), the factory order naming the
# --trust-key beside it, its refusals with their one-line reasons, and the
# emulator's argument checks.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh

MiB=$((1 << 20))
e2e_keygen
pack hello || { not_ok "pack hello"; e2e_done; }
pack probe || { not_ok "pack probe"; e2e_done; }
flash=$E2E_TMP/device.flash
key=$E2E_TMP/test.key.pub

# fails_with REGEX CMD...: the command fails with one stderr line matching REGEX.
fails_with() {
	local re=$1 err
	shift
	if err=$("$@" 2>&1 >/dev/null); then
		echo "# succeeded: $*"
		return 1
	fi
	[[ $(printf '%s\n' "$err" | wc -l) -eq 1 && $err =~ $re ]] || { echo "# stderr: $err"; return 1; }
}
# slot_bytes N LEN: the first LEN bytes of app slot N of the flash image.
slot_bytes() { dd if="$flash" bs=$MiB skip=$((64 + $1)) count=1 status=none | head -c "$2"; }

check "flash build needs --output" fails_with "^spherule: flash build: --output FLASH is required" \
	"$SPHERULE" flash build --trust-key "$key"
check "flash build needs a trust key" fails_with "^spherule: flash build: at least one --trust-key" \
	"$SPHERULE" flash build --output "$flash"
check "flash build names a missing package" fails_with "^spherule: flash build: $E2E_TMP/none.imagepackage: No such file" \
	"$SPHERULE" flash build --output "$flash" --trust-key "$key" --app "$E2E_TMP/none.imagepackage"
check "flash build refuses a public key that is not P-256 PEM" fails_with "^spherule: flash build: --trust-key " \
	"$SPHERULE" flash build --output "$flash" --trust-key /etc/hostname
check "flash build refuses the same component id twice" fails_with "same component id as .*hello.imagepackage \(use --force" \
	"$SPHERULE" flash build --output "$flash" --trust-key "$key" --app "$E2E_TMP/hello.imagepackage" --app "$E2E_TMP/hello.imagepackage"
head -c $((MiB + 4096)) /dev/zero > "$E2E_TMP/big.imagepackage"
check "flash build refuses a package larger than a slot" fails_with "big.imagepackage: larger than the 1048576 bytes its flash area holds" \
	"$SPHERULE" flash build --output "$flash" --trust-key "$key" --app "$E2E_TMP/big.imagepackage"
check "a refused build leaves no image behind" test ! -e "$flash" -a ! -e "$flash.tmp"

check "flash build writes the image" "$SPHERULE" flash build --output "$flash" --trust-key "$key" \
	--app "$E2E_TMP/hello.imagepackage" --app "$E2E_TMP/probe.imagepackage"
check "the image is two 64 MiB banks and OS slot B" test "$(stat -c %s "$flash")" -eq $((192 * MiB))
check "bank 0 starts with the boot stub" cmp -n "$(stat -c %s out/os/qemu-armv7/boot.bin)" out/os/qemu-armv7/boot.bin "$flash"
check "the device tree is at 256 KiB" cmp -n "$(stat -c %s out/os/qemu-armv7/board.dtb)" out/os/qemu-armv7/board.dtb "$flash" 0 $((256 * 1024))
check "the XIP kernel is at 512 KiB" cmp -n "$(stat -c %s out/os/qemu-armv7/xipImage)" out/os/qemu-armv7/xipImage "$flash" 0 $((512 * 1024))
for i in 0 1; do
	name=$([[ $i -eq 0 ]] && echo hello || echo probe)
	size=$(stat -c %s "$E2E_TMP/$name.imagepackage")
	check "app slot $i holds $name byte for byte" cmp <(slot_bytes "$i" "$size") "$E2E_TMP/$name.imagepackage"
	check "app slot $i is erased after the package" bash -c "dd if='$flash' bs=1 skip=$((64 * MiB + i * MiB + size)) count=4096 status=none | tr -d '\377' | wc -c | grep -qx 0"
done
check "app slot 2 is erased" bash -c "dd if='$flash' bs=$MiB skip=66 count=1 status=none | tr -d '\377' | wc -c | grep -qx 0"
dd if="$flash" bs=$MiB skip=8 count=8 status=none > "$E2E_TMP/rootfs.img"
thumb=$("$SPHERULE" image-package show "$E2E_TMP/hello.imagepackage" --trust-key "$key" | sed -nE 's/.*signature: +valid \(key ([0-9a-f]{64})\).*/\1/p')
check "the root filesystem holds appmgr" bash -c "out/bin/mkcramfs-xip --list '$E2E_TMP/rootfs.img' | grep -q ' /sbin/appmgr$'"
check "the root filesystem holds no app keys" bash -c "out/bin/mkcramfs-xip --list '$E2E_TMP/rootfs.img' >'$E2E_TMP/rootfs.list' &&
	grep -q ' /etc/spherule$' '$E2E_TMP/rootfs.list' && ! grep -q ' /etc/spherule/trusted-keys' '$E2E_TMP/rootfs.list'"
check "the factory order beside the flash names the key as an OEM key" bash -c "[[ -n '$thumb' ]] &&
	[[ \$(sed -n '/^oem-key$/,/^-----END/p' '$flash.factory' | sed 1d | openssl pkey -pubin -outform DER | tail -c 65 | sha256sum | cut -c1-64) == '$thumb' ]]"

check "emulator start needs --flash" fails_with "^spherule: emulator start: --flash FLASH is required" \
	"$SPHERULE" emulator start
check "emulator start refuses a file that is not a flash image" fails_with "^spherule: emulator start: .*hello.imagepackage: [0-9]+ bytes, a qemu-armv7 flash image has 201326592" \
	"$SPHERULE" emulator start --flash "$E2E_TMP/hello.imagepackage"
check "emulator start refuses a memory size out of range" fails_with "^spherule: emulator start: --memory 1: expected MiB from 2 to 1024" \
	"$SPHERULE" emulator start --flash "$flash" --memory 1
check "emulator start refuses a guest forward to the device's own address" fails_with "^spherule: emulator start: --guestfwd 10.0.2.15:80:9000: the address must be in 10.0.2.4..10.0.2.254" \
	"$SPHERULE" emulator start --flash "$flash" --guestfwd 10.0.2.15:80:9000
check "emulator start refuses two guest forwards on one port" fails_with "^spherule: emulator start: --guestfwd 10.0.2.101:7:9001: another --guestfwd uses port 7" \
	"$SPHERULE" emulator start --flash "$flash" --guestfwd 10.0.2.100:7:9000 --guestfwd 10.0.2.101:7:9001
check "emulator start refuses a host forward with a bad port" fails_with "^spherule: emulator start: --hostfwd udp:70000:53: expected \[tcp:\|udp:\]HOSTPORT:GUESTPORT" \
	"$SPHERULE" emulator start --flash "$flash" --hostfwd udp:70000:53
check "emulator start refuses a ninth forward" fails_with "^spherule: emulator start: at most 8 forwards" \
	"$SPHERULE" emulator start --flash "$flash" $(for p in 1 2 3 4 5 6 7 8 9; do echo --hostfwd "900$p:$p"; done)
check "emulator stop says when nothing runs" fails_with "^spherule: emulator stop: no emulator is running" \
	"$SPHERULE" emulator stop
check "emulator status says not running" bash -c "! '$SPHERULE' emulator status | grep -q running || '$SPHERULE' emulator status | grep -qx 'not running'"
for cmd in "flash build" "emulator start" "emulator stop" "emulator status"; do
	check "spherule $cmd --help" bash -c "'$SPHERULE' $cmd --help | head -1 | grep -q '^usage: spherule $cmd'"
done
e2e_done
