#!/usr/bin/env bash
# appmgr's image checks, run on the host against a real secmon: a flash file
# with a stand-in OS (no kernel) signed by a vendor key, its store
# manufactured with that key, the OEM key dev.key and a revoked key; its app
# slots hold the test images, the fake root's /dev/mtdN files are copies of
# those slots and its /proc/mtd names them. For each run `secmon boot`
# verifies the flash's OS and serves its mailbox on a Unix socket (one
# connection), and the static armhf appmgr runs under qemu-arm in --check
# mode, asking it to verify each slot. Checked: a valid, a tampered, a
# truncated, a duplicate and an empty slot; images signed by a key secmon
# does not trust or has revoked; an image whose security version is below
# its component's counter; no secmon at all (every image refused); an image
# over board.conf's image budget; programs asking for executable memory;
# apps asking for GPIO lines against the board's GPIO numbering (gpio.conf):
# a line granted twice, a number the board lacks, the power key's line
# (board.conf); apps whose storage quotas do not fit the board's storage
# budgets (board.conf); apps asking for a peripheral the board does not offer
# (board.conf's peripherals=) or for a real-time core. Each is reported with
# its reason.
# Packages are made with the spherule CLI.
set -u
cd "$(dirname "$0")/../.." || exit 1
APPMGR=out/device/rootfs/sbin/appmgr
SPHERULE=out/bin/spherule
SECMON=out/bin/secmon
tmp=$(mktemp -d /tmp/test_appmgr_check.XXXXXX)
secmon_pid=
secmon_pids=()
trap 'stop_secmon; [[ -n ${KEEP:-} ]] || rm -rf "$tmp"' EXIT
# TAP reporting: tap_check NAME COMMAND..., tap_done.
. tests/unit/littlefs_tools_lib.bash
# seen REGEX: the last appmgr run printed a line matching REGEX.
seen() { grep -qE "$1" "$tmp/out"; }

# The thumbprint of a PEM public key: SHA-256 of its 65-byte uncompressed
# point (the end of its DER form).
thumb() { openssl ec -pubin -in "$1" -outform DER 2>/dev/null | tail -c 65 | sha256sum | cut -d' ' -f1; }

pack() { # pack APP MANIFEST KEY OUTPUT [OPTION...]
	"$SPHERULE" image-package pack-application --package-directory "out/device/apps/$1" \
		--manifest "$2" --key "$3" --hardware-definition pkg/hwdef/qemu-armv7.json \
		--output "$4" "${@:5}" >/dev/null
}

# --- the device: a flash with a signed stand-in OS, its secmon store -------
F=$tmp/flash
layout() { sed -nE "s/^#define FLASH_APP_$1(\(i\))? \(?(0x[0-9a-f]+)u.*/\2/p" out/gen/flash_layout.h; }
APP0=$(($(layout OFFSET))) # app0's offset in the flash file
SLOT=$(($(layout SIZE)))   # the size of an app slot
mkdir -p "$tmp/os" "$tmp/osroot/sbin" "$tmp/root/proc" "$tmp/root/dev" "$tmp/root/etc/spherule"
printf 'boot stub' > "$tmp/os/boot.bin"
printf 'device tree' > "$tmp/os/board.dtb"
printf 'kernel' > "$tmp/os/xipImage"
printf 'appmgr' > "$tmp/osroot/sbin/appmgr"
for k in vendor dev other revoked; do "$SPHERULE" keygen --output "$tmp/$k.key" >/dev/null; done
"$SPHERULE" flash build --output "$F" --os-dir "$tmp/os" --rootfs-dir "$tmp/osroot" \
	--trust-key "$tmp/dev.key.pub" --os-key "$tmp/vendor.key" >/dev/null &&
	"$SPHERULE" device manufacture --flash "$F" --vendor-key "$tmp/vendor.key.pub" \
		--oem-key "$tmp/dev.key.pub" --revoked-key "$tmp/revoked.key.pub" >/dev/null
tap_check "flash with a signed OS built, its device manufactured" test -s "$F" -a -d "$F.secmon"
tap_check "app slots found in out/gen/flash_layout.h" test "$APP0" -gt 0 -a "$SLOT" -gt 0

# mtd_list N: /proc/mtd as on the board: bank 0's partitions (mtd0..mtd4),
# then N app slots, app<i> being mtd<5+i>, then the data partition.
mtd_list() {
	local i
	{
		echo 'dev:    size   erasesize  name'
		echo 'mtd0: 00040000 00040000 "boot"'
		echo 'mtd1: 00040000 00040000 "dtb"'
		echo 'mtd2: 00780000 00040000 "kernel"'
		echo 'mtd3: 00800000 00040000 "rootfs"'
		echo 'mtd4: 00040000 00040000 "osdesc"'
		for ((i = 0; i < $1; i++)); do printf 'mtd%d: %08x 00040000 "app%d"\n' $((i + 5)) "$SLOT" "$i"; done
		printf 'mtd%d: 01000000 00040000 "data"\n' $(($1 + 5))
	} > "$tmp/root/proc/mtd"
}

# slots FILE...: app slot i of the flash holds the i-th FILE's bytes ("": none)
# followed by erased flash; /proc/mtd lists those slots and /dev/mtd<5+i> is a
# copy of slot i read back from the flash file, the bytes secmon reads.
head -c "$SLOT" /dev/zero | tr '\0' '\377' > "$tmp/erased"
slots() {
	local i=0 f
	mtd_list $#
	for f in "$@"; do
		dd if="$tmp/erased" of="$F" bs="$SLOT" seek=$((APP0 / SLOT + i)) conv=notrunc status=none
		if [[ -n $f ]]; then
			dd if="$f" of="$F" bs=4096 oflag=seek_bytes seek=$((APP0 + i * SLOT)) conv=notrunc status=none
		fi
		dd if="$F" of="$tmp/root/dev/mtd$((i + 5))" bs="$SLOT" skip=$((APP0 / SLOT + i)) count=1 status=none
		i=$((i + 1))
	done
}

# start_secmon: secmon boots the flash and serves its mailbox on
# $tmp/mailbox; returns once its verdict is "ok".
start_secmon() {
	local _
	: > "$tmp/verdict"
	"$SECMON" boot --flash "$F" --mailbox "$tmp/mailbox" > "$tmp/verdict" 2>> "$tmp/secmon.log" &
	secmon_pid=$!
	secmon_pids+=("$secmon_pid")
	for _ in $(seq 100); do
		grep -q '^ok ' "$tmp/verdict" && return 0
		kill -0 "$secmon_pid" 2>/dev/null || break
		sleep 0.05
	done
	echo "# secmon's verdict: $(cat "$tmp/verdict"); its log: $(tail -3 "$tmp/secmon.log")"
	stop_secmon
	return 1
}

# secmon_ended: secmon ended by itself within 5 s (appmgr closed the mailbox);
# otherwise it is stopped and this fails.
secmon_ended() {
	local _
	for _ in $(seq 100); do
		if ! kill -0 "$secmon_pid" 2>/dev/null; then
			wait "$secmon_pid"
			secmon_pid=
			return
		fi
		sleep 0.05
	done
	echo "# secmon $secmon_pid still runs after appmgr ended"
	stop_secmon
	return 1
}

stop_secmon() {
	if [[ -n $secmon_pid ]]; then
		kill "$secmon_pid" 2>/dev/null
		wait "$secmon_pid" 2>/dev/null
		secmon_pid=
	fi
}

# run_check: appmgr --check against a secmon serving the mailbox; its output
# in $tmp/out, its exit status returned (2 when secmon did not boot, 3 when it
# did not end after appmgr).
run_check() {
	local rc
	start_secmon || return 2
	qemu-arm "$APPMGR" --check --root "$tmp/root" --mailbox "$tmp/mailbox" > "$tmp/out" 2>&1
	rc=$?
	secmon_ended || return 3
	return $rc
}

pack hello examples/hello/app_manifest.json "$tmp/dev.key" "$tmp/hello.pkg" &&
	pack crasher tests/e2e/apps/crasher/app_manifest.json "$tmp/dev.key" "$tmp/crasher.pkg" &&
	pack hello examples/hello/app_manifest.json "$tmp/other.key" "$tmp/untrusted.pkg" &&
	pack hello examples/hello/app_manifest.json "$tmp/revoked.key" "$tmp/revoked.pkg"
tap_check "test packages built" test -s "$tmp/hello.pkg" -a -s "$tmp/untrusted.pkg" -a -s "$tmp/revoked.pkg"

# Tampered: one payload byte changed. Truncated: the first 6000 bytes only.
cp "$tmp/hello.pkg" "$tmp/tampered.pkg"
printf '\x5a' | dd of="$tmp/tampered.pkg" bs=1 seek=4100 conv=notrunc status=none
head -c 6000 "$tmp/hello.pkg" > "$tmp/truncated.pkg"

slots "$tmp/hello.pkg" "$tmp/tampered.pkg" "$tmp/untrusted.pkg" "$tmp/truncated.pkg" "" \
	"$tmp/hello.pkg" "$tmp/crasher.pkg" "$tmp/revoked.pkg"
run_check
rc=$?
tap_check "appmgr --check exits 1 when images are refused" test "$rc" -eq 1
tap_check "secmon served appmgr's one connection, then ended" \
	grep -q '^secmon: mailbox closed by QEMU: ending$' "$tmp/secmon.log"
tap_check "8 app slots found" seen "^appmgr: found 8 app slots$"
tap_check "valid hello verified" seen "^appmgr: app0: hello \(20733d53-e646-4e2c-99ba-4ea9de6638e1\) verified$"
tap_check "tampered image refused: signature does not verify" \
	seen "^appmgr: app1: refused: signature does not verify"
tap_check "image signed by a key secmon does not trust refused, naming the key" \
	seen "^appmgr: app2: refused: untrusted: signed with key $(thumb "$tmp/other.key.pub"), which secmon does not trust for apps on this device$"
tap_check "truncated image refused with a reason" seen "^appmgr: app3: refused: .+"
tap_check "second image with hello's component id refused" \
	seen "^appmgr: app5: refused: component id 20733d53-e646-4e2c-99ba-4ea9de6638e1 is already installed in app0$"
tap_check "crasher verified after the refusals" seen "^appmgr: app6: crasher \(7d561af6-5c7a-49f9-8b39-51bdf652d782\) verified$"
tap_check "image signed by a key the device revoked refused, naming the key" \
	seen "^appmgr: app7: refused: revoked: signed with key $(thumb "$tmp/revoked.key.pub"), which this device revoked$"
tap_check "empty slot is silent" bash -c "! grep -q 'app4' '$tmp/out'"
tap_check "summary counts" seen "^appmgr: checked: 2 valid, 5 refused, 1 empty$"
tap_check "default budgets without board.conf" seen "board.conf absent: default budgets"

# secmon verifies the slot as the flash holds it, not the bytes appmgr read:
# the valid image in /dev/mtd5, the tampered one in the flash's slot.
slots "$tmp/hello.pkg"
dd if="$tmp/tampered.pkg" of="$F" bs=4096 oflag=seek_bytes seek="$APP0" conv=notrunc status=none
run_check
tap_check "secmon reads the slot from the flash itself: the flash's tampered bytes refused" \
	seen "^appmgr: app0: refused: signature does not verify"

# No secmon: a socket path nobody serves. The reason is logged once and
# every image is refused.
slots "$tmp/hello.pkg" "$tmp/crasher.pkg" ""
qemu-arm "$APPMGR" --check --root "$tmp/root" --mailbox "$tmp/nobody.sock" > "$tmp/out" 2>&1
rc=$?
tap_check "without secmon: exits 1" test "$rc" -eq 1
tap_check "without secmon: 'secmon unreachable' logged once, with the reason" bash -c "
	[[ \$(grep -c 'secmon unreachable' '$tmp/out') -eq 1 ]] &&
	grep -qx 'appmgr: secmon unreachable, no app can be verified: mailbox socket $tmp/nobody.sock: No such file or directory' '$tmp/out'"
tap_check "without secmon: every image refused" \
	bash -c "grep -qx 'appmgr: app0: refused: the mailbox is not open' '$tmp/out' &&
		grep -qx 'appmgr: app1: refused: the mailbox is not open' '$tmp/out'"
tap_check "without secmon: summary counts" seen "^appmgr: checked: 0 valid, 2 refused, 1 empty$"

# Anti-rollback: hello under another component id at security version 1,
# whose counter on the device is 2 (a file of the store, docs/secmon.md
# *Store*), refused; the same component at security version 2 accepted.
rolled=20733d53-e646-4e2c-99ba-00000000e105
sed "s/20733d53-e646-4e2c-99ba-4ea9de6638e1/$rolled/" examples/hello/app_manifest.json > "$tmp/rolled.json"
pack hello "$tmp/rolled.json" "$tmp/dev.key" "$tmp/sv1.pkg" --security-version 1 &&
	pack hello "$tmp/rolled.json" "$tmp/dev.key" "$tmp/sv2.pkg" --security-version 2
tap_check "security version 1 and 2 packages built" test -s "$tmp/sv1.pkg" -a -s "$tmp/sv2.pkg"
printf '2\n' > "$F.secmon/counters/$rolled"
slots "$tmp/sv1.pkg" "$tmp/sv2.pkg"
run_check
tap_check "an image below its component's counter refused: rolled back" \
	seen "^appmgr: app0: refused: rolled back: security version 1 is below the device's counter 2 for $rolled$"
tap_check "the same component at the counter's security version verified" seen "^appmgr: app1: hello \($rolled\) verified$"

# An update cut short by a power loss leaves two images of one component:
# the higher version is kept wherever it is; of equal versions, the first.
pack hello examples/hello/app_manifest.json "$tmp/dev.key" "$tmp/hello-v2.pkg" --version 2
slots "$tmp/hello-v2.pkg" "$tmp/hello.pkg" "$tmp/crasher.pkg" "$tmp/hello.pkg"
run_check
tap_check "two versions of one component: the older one (app1) refused, naming the newer" \
	seen "^appmgr: app1: refused: component id 20733d53-e646-4e2c-99ba-4ea9de6638e1 is already installed in app0$"
slots "$tmp/hello.pkg" "$tmp/crasher.pkg" "$tmp/hello-v2.pkg"
run_check
tap_check "a newer version in a later slot replaces the older one" bash -c "
	grep -qx 'appmgr: app0: refused: component id 20733d53-e646-4e2c-99ba-4ea9de6638e1 has a newer version (2) in app2' '$tmp/out' &&
	grep -qx 'appmgr: app2: hello (20733d53-e646-4e2c-99ba-4ea9de6638e1) verified' '$tmp/out'"
tap_check "the newer version replaced: summary counts" seen "^appmgr: checked: 2 valid, 1 refused, 0 empty$"

# A board.conf with a 64 KiB image budget: an image of hello plus 80 KiB of
# data is refused, hello alone (about 24 KiB) still fits.
printf 'app_flash_kib=64\nbogus=1\n' > "$tmp/root/etc/spherule/board.conf"
mkdir -p "$tmp/big/bin" && cp out/device/apps/hello/bin/hello "$tmp/big/bin/hello" &&
	head -c 81920 /dev/urandom > "$tmp/big/data" &&
	"$SPHERULE" image-package pack-application --package-directory "$tmp/big" \
		--manifest examples/hello/app_manifest.json --key "$tmp/dev.key" \
		--output "$tmp/big.pkg" >/dev/null
slots "$tmp/hello.pkg" "$tmp/big.pkg"
run_check
tap_check "board.conf read, bad line reported" seen "board.conf: 1 lines ignored, first: line 2: unknown key 'bogus'"
tap_check "budgets logged from board.conf" seen "app budgets: RAM 256 KiB, image 64 KiB,"
tap_check "image within the 64 KiB budget accepted" seen "^appmgr: app0: hello .* verified$"
tap_check "image over the 64 KiB budget refused" seen "^appmgr: app1: refused: .*(65536|limit|budget|max)"
printf 'app_flash_kib=1024\n' > "$tmp/root/etc/spherule/board.conf"
slots "$tmp/hello.pkg"
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
slots "$tmp/execstack.pkg" "$tmp/rwxload.pkg" "$tmp/hello.pkg"
run_check
tap_check "an executable stack refused, naming the file" \
	seen "^appmgr: app0: refused: bin/execstack asks for an executable stack$"
tap_check "a writable and executable segment refused, naming the file" \
	seen "^appmgr: app1: refused: bin/rwxload asks for a writable and executable segment \(program header 0\)$"
tap_check "hello beside them verified" seen "^appmgr: app2: hello .* verified$"

# GPIO: the gpio attack app (GPIO 0 and 8), its two rivals (GPIO 2 and 0;
# 9 and 8) and an app asking for GPIO 3 and 81, which the board lacks.
sed 's/"Gpio": \[[^]]*\]/"Gpio": [3, 81]/; s/3b8e4f21-7c5d-4a96-8e0b-5d2c1f7a9e34/0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5/' \
	tests/attack/gpio/app_manifest.json > "$tmp/gpio40.json"
pack gpio tests/attack/gpio/app_manifest.json "$tmp/dev.key" "$tmp/gpio.pkg" &&
	pack gpio tests/attack/gpio_rival/app_manifest.json "$tmp/dev.key" "$tmp/rival.pkg" &&
	pack gpio tests/attack/gpio_rival_sim/app_manifest.json "$tmp/dev.key" "$tmp/rival_sim.pkg" &&
	pack gpio "$tmp/gpio40.json" "$tmp/dev.key" "$tmp/gpio40.pkg"
tap_check "GPIO test packages built" test -s "$tmp/gpio.pkg" -a -s "$tmp/gpio40.pkg"
slots "$tmp/gpio.pkg" "$tmp/rival.pkg" "$tmp/rival_sim.pkg" "$tmp/gpio40.pkg"
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
	seen "^appmgr: app3: refused: gpio asks for GPIO 81, which is not a line of this board$"

# The power key (board.conf power_key_gpio=3, as on qemu-armv7): an app
# asking for GPIO 3 is refused, the gpio app beside it (GPIO 0 and 8) is not.
sed 's/"Gpio": \[[^]]*\]/"Gpio": [3]/; s/3b8e4f21-7c5d-4a96-8e0b-5d2c1f7a9e34/5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b/' \
	tests/attack/gpio/app_manifest.json > "$tmp/gpio3.json"
pack gpio "$tmp/gpio3.json" "$tmp/dev.key" "$tmp/gpio3.pkg"
printf 'power_key_gpio=3\n' > "$tmp/root/etc/spherule/board.conf"
slots "$tmp/gpio3.pkg" "$tmp/gpio.pkg"
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
slots "$tmp/keep-a.pkg" "$tmp/keep-b.pkg" "$tmp/keep-big.pkg" "$tmp/keep-c.pkg" "$tmp/hello.pkg"
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

# What the board offers (board.conf name= and peripherals=): hello asking for
# the board's UART, for an ADC, and as a real-time app.
asks() { # asks NAME UUID-END CAPABILITIES [ApplicationType]: packs $tmp/NAME.pkg
	sed "s/\"Name\": \"hello\"/\"Name\": \"$1\"/; s/\"Capabilities\": {}/\"Capabilities\": {$3}/;
	     s/4ea9de6638e1/$2/; ${4:+s/\"Default\"/\"$4\"/}" \
		examples/hello/app_manifest.json > "$tmp/$1.json" &&
		pack hello "$tmp/$1.json" "$tmp/dev.key" "$tmp/$1.pkg"
}
asks uart 0000000e0001 '"Uart": ["ISU0"]' && asks adc 0000000e0002 '"Adc": ["ADC-CONTROLLER-0"]' &&
	asks rtapp 0000000e0003 '' RealTimeCapable
tap_check "peripheral test packages built" test -s "$tmp/uart.pkg" -a -s "$tmp/adc.pkg" -a -s "$tmp/rtapp.pkg"
printf 'name=qemu-armv7\nperipherals=Uart:ISU0\n' > "$tmp/root/etc/spherule/board.conf"
slots "$tmp/uart.pkg" "$tmp/adc.pkg" "$tmp/rtapp.pkg"
run_check
tap_check "an app asking for the board's UART accepted" seen "^appmgr: app0: uart \(.*\) verified$"
tap_check "an app asking for an ADC the board lacks refused, naming the board and what it offers" \
	seen "^appmgr: app1: refused: adc: Capabilities.Adc: ADC-CONTROLLER-0: board qemu-armv7 has no such peripheral \(its peripherals: Uart:ISU0\)$"
tap_check "a real-time app refused: no real-time core" \
	seen "^appmgr: app2: refused: rtapp: ApplicationType RealTimeCapable: board qemu-armv7 has no real-time core$"

printf 'dev:    size   erasesize  name\nmtd2 00100000\n' > "$tmp/root/proc/mtd"
run_check
tap_check "malformed /proc/mtd reported" seen "proc/mtd: unexpected format"
# none_running PID...: none of these processes runs.
none_running() {
	local p
	for p; do ! kill -0 "$p" 2>/dev/null || { echo "# secmon $p still runs"; return 1; }; done
}
tap_check "no secmon of this test left running" none_running "${secmon_pids[@]}"
tap_done
