#!/usr/bin/env bash
# appmgr's image checks, run on the host: the static armhf appmgr runs under
# qemu-arm in --check mode against a fake root (a /proc/mtd listing app
# slots and 1 MiB slot files as /dev/mtdN) holding a valid, a tampered, an
# untrusted, a truncated, a duplicate and an empty slot, and must report each
# with its reason; then apps asking for GPIO lines against the board's GPIO
# numbering (gpio.conf): a line granted twice, a number the board lacks, the
# power key's line (board.conf); apps whose storage quotas do not fit the
# board's storage budgets (board.conf).
# Packages are made with the spherule CLI.
set -u
cd "$(dirname "$0")/../.."
APPMGR=out/device/rootfs/sbin/appmgr
SPHERULE=out/bin/spherule
tmp=$(mktemp -d /tmp/test_appmgr_check.XXXXXX)
trap '[[ -n ${KEEP:-} ]] || rm -rf "$tmp"' EXIT
# TAP reporting: tap_check NAME COMMAND..., tap_done.
. tests/unit/littlefs_tools_lib.bash
# seen REGEX: the last appmgr run printed a line matching REGEX.
seen() { grep -qE "$1" "$tmp/out"; }

# The 65-byte uncompressed point of a PEM public key (end of its DER form).
point_of() { openssl ec -pubin -in "$1" -outform DER 2>/dev/null | tail -c 65; }

pack() { # pack APP MANIFEST KEY OUTPUT
	"$SPHERULE" image-package pack-application --package-directory "out/device/apps/$1" \
		--manifest "$2" --key "$3" --hardware-definition pkg/hwdef/qemu-armv7.json \
		--output "$4" >/dev/null
}

# slot N FILE: /dev/mtd<N> = FILE's bytes followed by erased flash, 1 MiB.
slot() {
	local dev=$tmp/root/dev/mtd$1
	head -c 1048576 /dev/zero | tr '\0' '\377' > "$dev"
	if [[ -n $2 ]]; then dd if="$2" of="$dev" conv=notrunc status=none; fi
}

run_check() { qemu-arm "$APPMGR" --check --root "$tmp/root" > "$tmp/out" 2>&1; }

"$SPHERULE" keygen --output "$tmp/dev.key" >/dev/null &&
	"$SPHERULE" keygen --output "$tmp/other.key" >/dev/null &&
	pack hello examples/hello/app_manifest.json "$tmp/dev.key" "$tmp/hello.pkg" &&
	pack crasher tests/e2e/apps/crasher/app_manifest.json "$tmp/dev.key" "$tmp/crasher.pkg" &&
	pack hello examples/hello/app_manifest.json "$tmp/other.key" "$tmp/untrusted.pkg"
tap_check "test packages built" test -s "$tmp/hello.pkg" -a -s "$tmp/untrusted.pkg"

# Tampered: one payload byte changed. Truncated: the first 6000 bytes only.
cp "$tmp/hello.pkg" "$tmp/tampered.pkg"
printf '\x5a' | dd of="$tmp/tampered.pkg" bs=1 seek=4100 conv=notrunc status=none
head -c 6000 "$tmp/hello.pkg" > "$tmp/truncated.pkg"

mkdir -p "$tmp/root/proc" "$tmp/root/dev" "$tmp/root/etc/spherule/trusted-keys"
point_of "$tmp/dev.key.pub" > "$tmp/point"
thumb=$(sha256sum "$tmp/point" | cut -d' ' -f1)
other=$(point_of "$tmp/other.key.pub" | sha256sum | cut -d' ' -f1)
cp "$tmp/point" "$tmp/root/etc/spherule/trusted-keys/$thumb"
tap_check "trusted key is a 65-byte point" test "$(stat -c %s "$tmp/point")" -eq 65

{
	echo 'dev:    size   erasesize  name'
	echo 'mtd0: 00040000 00040000 "boot"'
	echo 'mtd1: 00800000 00040000 "rootfs"'
	for i in 0 1 2 3 4 5 6; do printf 'mtd%d: 00100000 00040000 "app%d"\n' $((i + 2)) "$i"; done
	echo 'mtd9: 01000000 00040000 "data"'
} > "$tmp/root/proc/mtd"
slot 2 "$tmp/hello.pkg"
slot 3 "$tmp/tampered.pkg"
slot 4 "$tmp/untrusted.pkg"
slot 5 "$tmp/truncated.pkg"
slot 6 ""
slot 7 "$tmp/hello.pkg"
slot 8 "$tmp/crasher.pkg"

run_check
rc=$?
tap_check "appmgr --check exits 1 when images are refused" test "$rc" -eq 1
tap_check "7 app slots found" seen "^appmgr: found 7 app slots$"
tap_check "valid hello verified" seen "^appmgr: app0: hello \(20733d53-e646-4e2c-99ba-4ea9de6638e1\) verified$"
tap_check "tampered image refused: signature does not verify" \
	seen "^appmgr: app1: refused: signature does not verify"
tap_check "image signed by an untrusted key refused, naming the key" \
	seen "^appmgr: app2: refused: untrusted: signed with key $other, which is not in .*/etc/spherule/trusted-keys$"
tap_check "truncated image refused with a reason" seen "^appmgr: app3: refused: .+"
tap_check "second image with hello's component id refused" \
	seen "^appmgr: app5: refused: component id 20733d53-e646-4e2c-99ba-4ea9de6638e1 is already installed in app0$"
tap_check "crasher verified after the refusals" seen "^appmgr: app6: crasher \(7d561af6-5c7a-49f9-8b39-51bdf652d782\) verified$"
tap_check "empty slot is silent" bash -c "! grep -q 'app4' '$tmp/out'"
tap_check "summary counts" seen "^appmgr: checked: 2 valid, 4 refused, 1 empty$"
tap_check "default budgets without board.conf" seen "board.conf absent: default budgets"

# A board.conf with a 64 KiB image budget: an image of hello plus 80 KiB of
# data is refused, hello alone (about 24 KiB) still fits.
printf 'app_flash_kib=64\nbogus=1\n' > "$tmp/root/etc/spherule/board.conf"
mkdir -p "$tmp/big/bin" && cp out/device/apps/hello/bin/hello "$tmp/big/bin/hello" &&
	head -c 81920 /dev/urandom > "$tmp/big/data" &&
	"$SPHERULE" image-package pack-application --package-directory "$tmp/big" \
		--manifest examples/hello/app_manifest.json --key "$tmp/dev.key" \
		--output "$tmp/big.pkg" >/dev/null
slot 3 "$tmp/big.pkg"
printf 'dev:    size   erasesize  name\nmtd2: 00100000 00040000 "app0"\nmtd3: 00100000 00040000 "app1"\n' \
	> "$tmp/root/proc/mtd"
run_check
tap_check "board.conf read, bad line reported" seen "board.conf: 1 lines ignored, first: line 2: unknown key 'bogus'"
tap_check "budgets logged from board.conf" seen "app budgets: RAM 256 KiB, image 64 KiB,"
tap_check "image within the 64 KiB budget accepted" seen "^appmgr: app0: hello .* verified$"
tap_check "image over the 64 KiB budget refused" seen "^appmgr: app1: refused: .*(65536|limit|budget|max)"
printf 'app_flash_kib=1024\n' > "$tmp/root/etc/spherule/board.conf"
printf 'dev:    size   erasesize  name\nmtd2: 00100000 00040000 "app0"\n' > "$tmp/root/proc/mtd"
run_check
tap_check "nothing refused: exit 0" test $? -eq 0

# Images whose programs ask for executable memory, packed with --force:
# refused with the file and the reason, the valid image beside them accepted.
pack_forced() { # pack_forced APP OUTPUT
	"$SPHERULE" image-package pack-application --package-directory "out/device/apps/$1" \
		--manifest "tests/e2e/apps/$1/app_manifest.json" --key "$tmp/dev.key" \
		--output "$2" --force >/dev/null 2>&1
}
pack_forced execstack "$tmp/execstack.pkg" && pack_forced rwxload "$tmp/rwxload.pkg"
tap_check "execstack and rwxload packed with --force" test -s "$tmp/execstack.pkg" -a -s "$tmp/rwxload.pkg"
{
	echo 'dev:    size   erasesize  name'
	for i in 0 1 2; do printf 'mtd%d: 00100000 00040000 "app%d"\n' $((i + 2)) "$i"; done
} > "$tmp/root/proc/mtd"
slot 2 "$tmp/execstack.pkg"
slot 3 "$tmp/rwxload.pkg"
slot 4 "$tmp/hello.pkg"
run_check
tap_check "an executable stack refused, naming the file" \
	seen "^appmgr: app0: refused: bin/execstack asks for an executable stack$"
tap_check "a writable and executable segment refused, naming the file" \
	seen "^appmgr: app1: refused: bin/rwxload asks for a writable and executable segment \(program header 0\)$"
tap_check "hello beside them verified" seen "^appmgr: app2: hello .* verified$"

# GPIO: the gpio attack app (GPIO 0 and 8), its two rivals (GPIO 2 and 0;
# 9 and 8) and an app asking for GPIO 3 and 40, which the board lacks.
sed 's/"Gpio": \[[^]]*\]/"Gpio": [3, 40]/; s/3b8e4f21-7c5d-4a96-8e0b-5d2c1f7a9e34/0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5/' \
	tests/attack/gpio/app_manifest.json > "$tmp/gpio40.json"
pack gpio tests/attack/gpio/app_manifest.json "$tmp/dev.key" "$tmp/gpio.pkg" &&
	pack gpio tests/attack/gpio_rival/app_manifest.json "$tmp/dev.key" "$tmp/rival.pkg" &&
	pack gpio tests/attack/gpio_rival_sim/app_manifest.json "$tmp/dev.key" "$tmp/rival_sim.pkg" &&
	pack gpio "$tmp/gpio40.json" "$tmp/dev.key" "$tmp/gpio40.pkg"
tap_check "GPIO test packages built" test -s "$tmp/gpio.pkg" -a -s "$tmp/gpio40.pkg"
{
	echo 'dev:    size   erasesize  name'
	for i in 0 1 2 3; do printf 'mtd%d: 00100000 00040000 "app%d"\n' $((i + 2)) "$i"; done
} > "$tmp/root/proc/mtd"
slot 2 "$tmp/gpio.pkg"
slot 3 "$tmp/rival.pkg"
slot 4 "$tmp/rival_sim.pkg"
slot 5 "$tmp/gpio40.pkg"
run_check
tap_check "without gpio.conf the board has no GPIO numbers" \
	seen "gpio.conf absent: the board has no GPIO lines for apps$"
tap_check "without gpio.conf an app asking for GPIO is refused" \
	seen "^appmgr: app0: refused: gpio asks for GPIO 0, which is not a line of this board$"
{ cat device/rootfs/etc/spherule/gpio.conf; echo '12 4 overlapping'; } > "$tmp/root/etc/spherule/gpio.conf"
run_check
bad=$(($(wc -l < device/rootfs/etc/spherule/gpio.conf) + 1))
tap_check "gpio.conf read, bad line reported" \
	seen "gpio.conf: 1 lines ignored, first: line $bad: numbers already mapped$"
tap_check "the gpio app (GPIO 0 and 8) accepted" seen "^appmgr: app0: gpio \(.*\) verified$"
tap_check "a rival asking for a granted PL061 line refused, naming chip, line and owner" \
	seen "^appmgr: app1: refused: gpio-rival asks for GPIO 0 \(line 0 of 9030000\.pl061\), already granted to gpio$"
tap_check "a rival asking for a granted gpio-sim line refused, naming chip, line and owner" \
	seen "^appmgr: app2: refused: gpio-rival-sim asks for GPIO 8 \(line 0 of sim0\), already granted to gpio$"
tap_check "an app asking for a number the board lacks refused" \
	seen "^appmgr: app3: refused: gpio asks for GPIO 40, which is not a line of this board$"

# The power key (board.conf power_key_gpio=3, as on qemu-armv7): an app
# asking for GPIO 3 is refused, the gpio app beside it (GPIO 0 and 8) is not.
sed 's/"Gpio": \[[^]]*\]/"Gpio": [3]/; s/3b8e4f21-7c5d-4a96-8e0b-5d2c1f7a9e34/5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b/' \
	tests/attack/gpio/app_manifest.json > "$tmp/gpio3.json"
pack gpio "$tmp/gpio3.json" "$tmp/dev.key" "$tmp/gpio3.pkg"
printf 'power_key_gpio=3\n' > "$tmp/root/etc/spherule/board.conf"
{
	echo 'dev:    size   erasesize  name'
	for i in 0 1; do printf 'mtd%d: 00100000 00040000 "app%d"\n' $((i + 2)) "$i"; done
} > "$tmp/root/proc/mtd"
slot 2 "$tmp/gpio3.pkg"
slot 3 "$tmp/gpio.pkg"
run_check
tap_check "an app asking for the power key's GPIO refused, naming chip and line" \
	seen "^appmgr: app0: refused: gpio asks for GPIO 3 \(line 3 of 9030000\.pl061\), reserved for the power key$"
tap_check "an app asking for other lines beside it accepted" seen "^appmgr: app1: gpio \(.*\) verified$"

# Storage: hello with MutableStorage under another name and component id.
# stored NAME KB UUID-END: packs it as $tmp/NAME.pkg.
stored() {
	sed "s/\"Name\": \"hello\"/\"Name\": \"$1\"/; s/\"Capabilities\": {}/\"Capabilities\": {\"MutableStorage\": {\"SizeKB\": $2}}/;
	     s/4ea9de6638e1/$3/" examples/hello/app_manifest.json > "$tmp/$1.json" &&
		pack hello "$tmp/$1.json" "$tmp/dev.key" "$tmp/$1.pkg"
}
stored keep-a 8 000000000a01 && stored keep-b 8 000000000b02 && stored keep-c 4 000000000c03 &&
	stored keep-big 32 000000000d04
tap_check "storage test packages built" test -s "$tmp/keep-a.pkg" -a -s "$tmp/keep-big.pkg"
printf 'app_storage_kib=16\napp_storage_total_kib=12\n' > "$tmp/root/etc/spherule/board.conf"
{
	echo 'dev:    size   erasesize  name'
	for i in 0 1 2 3 4; do printf 'mtd%d: 00100000 00040000 "app%d"\n' $((i + 2)) "$i"; done
} > "$tmp/root/proc/mtd"
slot 2 "$tmp/keep-a.pkg"
slot 3 "$tmp/keep-b.pkg"
slot 4 "$tmp/keep-big.pkg"
slot 5 "$tmp/keep-c.pkg"
slot 6 "$tmp/hello.pkg"
run_check
tap_check "storage budgets logged" seen "app budgets: .* storage 16 KiB \(12 KiB for all apps\),"
tap_check "the first app with 8 KiB of storage accepted" seen "^appmgr: app0: keep-a \(.*\) verified$"
tap_check "the second, past the 12 KiB for all apps, not started, with the reason and the fix" \
	seen "^appmgr: keep-b: not started: its storage quota of 8 KiB would take the apps' storage to 16 KiB, past the board's budget of 12 KiB \(app_storage_total_kib in /etc/spherule/board.conf\)$"
tap_check "an app past the 16 KiB one app may have not started" \
	seen "^appmgr: keep-big: not started: its storage quota of 32 KiB is more than one app may have, 16 KiB \(app_storage_kib in /etc/spherule/board.conf\)$"
tap_check "a later app whose 4 KiB still fit accepted" seen "^appmgr: app3: keep-c \(.*\) verified$"
tap_check "an app without storage accepted" seen "^appmgr: app4: hello \(.*\) verified$"
tap_check "storage refusals counted as refused" seen "^appmgr: checked: 3 valid, 2 refused, 0 empty$"

printf 'dev:    size   erasesize  name\nmtd2 00100000\n' > "$tmp/root/proc/mtd"
run_check
tap_check "malformed /proc/mtd reported" seen "proc/mtd: unexpected format"
tap_done
