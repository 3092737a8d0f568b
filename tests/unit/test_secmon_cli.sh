#!/usr/bin/env bash
# test_secmon_cli.sh - secmon through the spherule CLI on the host, with a
# stand-in OS (no kernel) and a fake qemu-system-arm on PATH that only
# records that it ran (no board boots): `device manufacture` makes the store
# beside the flash file (development keys too) and refuses to replace it
# without --force, saying why; `device show-identity` gives the device id
# (SHA-256 of the public point) and public key, table and JSON; no output
# and not the flash file hold the private key; `flash build` signs the OS
# description with the development vendor key (two builds at once make one)
# unless --os-key, writes the factory order beside the flash (no app keys in
# the root filesystem), and lays out a description from `os-image pack` only
# when it describes that OS; `emulator start` manufactures a device without
# a store from its factory order or else with the development keys, warns
# when a store does not trust the order's OEM keys, starts QEMU only after
# secmon verified the OS, and refuses, in one line naming the partition and
# the reason and before QEMU starts, a tampered boot stub, device tree,
# kernel or root filesystem, a byte after one, a rolled-back OS, an OS
# signed by a key the device does not trust or has revoked.
set -u
cd "$(dirname "$0")/../.."
. tests/unit/littlefs_tools_lib.bash
. tests/unit/cli_lib.bash
BIN=$(realpath "${OUT:-out}/bin")
T=$(mktemp -d /tmp/test_secmon_cli.XXXXXX)
trap 'rm -rf "$T"' EXIT
# The CLI and secmon in a build tree of their own, so that the development
# keys they make (TREE/keys) are this test's.
mkdir -p "$T/tree/bin"
cp "$BIN/spherule" "$BIN/secmon" "$T/tree/bin/"
S=$T/tree/bin/spherule
KEYS=$T/tree/keys
cd "$T" || exit 1
export SPHERULE_STATE_DIR=$T/state
MiB=$((1 << 20))
# Partition offsets in the flash file (kernel/board/qemu-armv7/flash.layout).
declare -A OFFSET=([boot]=0 [dtb]=$((0x40000)) [kernel]=$((0x80000)) [rootfs]=$((0x800000)))
declare -A SIZE=([boot]=9 [dtb]=11 [kernel]=6)

# A stand-in OS: flash build lays out and describes these bytes.
mkdir -p os rootfs/sbin bin
printf 'boot stub' >os/boot.bin
printf 'device tree' >os/board.dtb
printf 'kernel' >os/xipImage
printf 'appmgr' >rootfs/sbin/appmgr
# The fake QEMU: records its arguments, boots nothing.
printf '#!/bin/sh\necho "$@" >"%s/qemu.ran"\n' "$T" >bin/qemu-system-arm
chmod +x bin/qemu-system-arm
export PATH=$T/bin:$PATH
for k in vendor oem other revoked dev; do run keygen --output $k.key; done
build() { run flash build --os-dir os --rootfs-dir rootfs --trust-key oem.key.pub "$@"; }
manufacture() { run device manufacture --vendor-key vendor.key.pub --oem-key oem.key.pub "$@"; }
# start FLASH: emulator start in the foreground, the fake QEMU's record removed first.
start() { rm -f qemu.ran; run emulator start --flash "$@"; }
# refused_before_qemu FLASH LINE [OPTIONS]: emulator start exits 1 with exactly LINE on stderr, QEMU never ran.
refused_before_qemu() {
	start "$1" "${@:3}"
	[[ $rc -eq 1 && "$(cat err)" == "$2" && ! -e qemu.ran ]] || {
		echo "# rc=$rc stderr: $(cat err)"
		echo "# want: $2"
		return 1
	}
}
# booted FLASH: emulator start ran QEMU on FLASH after secmon's verdict.
booted() {
	start "$1"
	[[ $rc -eq 0 && -e qemu.ran ]] && grep -q "file.filename=$1" qemu.ran &&
		grep -qE '^secmon: OS version [0-9]+, security version [0-9]+ verified; measurement [0-9a-f]{64} \(log .*\), slot A$' out ||
		{ echo "# rc=$rc stdout: $(cat out) stderr: $(cat err)"; return 1; }
}
# thumb PUB: the thumbprint of a public key file, as keygen prints it.
thumb() { openssl pkey -pubin -in "$1" -outform DER | tail -c 65 | sha256sum | cut -c1-64; }

for cmd in "device manufacture" "device show-identity" "os-image pack"; do
	tap_check "spherule $cmd --help" bash -c "'$S' $cmd --help | head -1 | grep -q '^usage: spherule $cmd '"
done

# --- device manufacture and show-identity ---------------------------------
tap_check "manufacture needs an OS vendor key and an OEM key" fails_with \
	"spherule: device manufacture: at least one --vendor-key and one --oem-key are required: the device boots only an OS signed by a vendor key and runs only apps signed by an OEM key" \
	device manufacture --flash m.flash --vendor-key vendor.key.pub
manufacture --flash m.flash
tap_check "manufacture prints the device id and makes the store beside the flash file" \
	bash -c "[[ $rc -eq 0 ]] && grep -qE '^manufactured device [0-9a-f]{64}: store m.flash.secmon, 1 OS vendor key\(s\), 1 OEM key\(s\), 0 revoked$' out &&
		[[ -d m.flash.secmon && ! -e m.flash ]]"
id=$(sed -nE 's/^manufactured device ([0-9a-f]{64}).*/\1/p' out)
tap_check "the store is the owner's alone, the private key file too" \
	bash -c "[[ \$(stat -c %a m.flash.secmon) == 700 && \$(stat -c %a m.flash.secmon/device.key) == 600 ]]"
tap_check "the store trusts the keys given" bash -c "[[ -f m.flash.secmon/vendor-keys/$(thumb vendor.key.pub) &&
	-f m.flash.secmon/oem-keys/$(thumb oem.key.pub) ]]"
tap_check "a second manufacture is refused and says why" fails_with \
	"spherule: device manufacture: m.flash.secmon exists: the device was manufactured already (device id $id); --force replaces its identity and resets its counters" \
	device manufacture --flash m.flash --vendor-key vendor.key.pub --oem-key oem.key.pub
run device show-identity --flash m.flash
cp out identity.table
tap_check "show-identity: the device id and the public key (table)" \
	bash -c "[[ $rc -eq 0 && \$(sed -n 1p identity.table) == 'device id:  $id' && \$(sed -n 2p identity.table) == 'public key:' ]] &&
		sed -n '3,\$p' identity.table >device.pub && openssl pkey -pubin -in device.pub -noout"
tap_check "the device id is the hex SHA-256 of the public key's 65-byte uncompressed point" \
	bash -c "[[ \$(openssl pkey -pubin -in device.pub -outform DER | tail -c 65 | sha256sum | cut -c1-64) == '$id' ]]"
run device show-identity --flash m.flash --output json
tap_check "show-identity --output json" python3 -c "
import json, sys
j = json.load(open('out'))
sys.exit(not (j['deviceId'] == '$id' and j['publicKey'] == open('device.pub').read()))"
tap_check "show-identity refuses another format" fails_with \
	"spherule: device show-identity: --output yaml: expected json or table" device show-identity --flash m.flash --output yaml
tap_check "show-identity of a device never manufactured" fails_with \
	"spherule: device show-identity: none.flash.secmon: no store: the device was never manufactured ('spherule device manufacture' or the first 'spherule emulator start' makes one)" \
	device show-identity --flash none.flash
manufacture --flash m.flash --force
tap_check "--force makes a new identity" bash -c "[[ $rc -eq 0 ]] && ! grep -q '$id' out"
manufacture --flash k.flash --development-key dev.key.pub
tap_check "manufacture --development-key: counted, and the store holds it as a development key" \
	bash -c "[[ $rc -eq 0 ]] && grep -qE '^manufactured device [0-9a-f]{64}: store k.flash.secmon, 1 OS vendor key\(s\), 1 OEM key\(s\), 0 revoked, 1 development key\(s\)$' out &&
		[[ -f k.flash.secmon/development-keys/$(thumb dev.key.pub) && ! -e k.flash.secmon/oem-keys/$(thumb dev.key.pub) ]]"
tap_check "a key both development and revoked is refused" fails_with \
	"spherule: device manufacture: key $(thumb dev.key.pub) is both a development key and revoked" \
	device manufacture --flash k2.flash --vendor-key vendor.key.pub --oem-key oem.key.pub --development-key dev.key.pub --revoked-key dev.key.pub
tap_check "a key both OEM and development is refused" fails_with \
	"spherule: device manufacture: key $(thumb oem.key.pub) is both an OEM key and a development key" \
	device manufacture --flash k2.flash --vendor-key vendor.key.pub --oem-key oem.key.pub --development-key oem.key.pub

# --- flash build and os-image pack ----------------------------------------
for i in 1 2; do
	"$S" flash build --os-dir os --rootfs-dir rootfs --trust-key oem.key.pub --output c$i.flash >c$i.out 2>&1 &
done
wait
tap_check "two flash builds at once make one development vendor key, and both sign with it" bash -c "
	[[ \$(ls '$KEYS') == \$'os-development.key\nos-development.key.pub' ]] &&
	grep -qx 'OS description: version 1, security version 0, signed by key $(thumb "$KEYS/os-development.key.pub") ($KEYS/os-development.key)' c1.out &&
	[[ \$(sed -n 2p c1.out) == \$(sed -n 2p c2.out) ]]"
build --output d.flash
tap_check "flash build signs the OS with the development vendor key by default, and says so" \
	bash -c "[[ $rc -eq 0 ]] && grep -qx 'OS description: version 1, security version 0, signed by key $(thumb "$KEYS/os-development.key.pub") ($KEYS/os-development.key)' out"
tap_check "the description is in partition osdesc" \
	bash -c "[[ \$(dd if=d.flash bs=$MiB skip=16 count=1 status=none | head -c 4) == SPOD ]]"
tap_check "the store is never inside the flash file: it is 192 MiB" test "$(stat -c %s d.flash)" -eq $((192 * MiB))
tap_check "flash build writes the factory order beside the flash: the key that signed the OS, then the --trust-key" \
	bash -c "[[ $rc -eq 0 ]] &&
	grep -qx 'factory order d.flash.factory: OS vendor key $(thumb "$KEYS/os-development.key.pub"), 1 OEM key(s) (a device without a secmon store is manufactured with them)' out &&
	cmp d.flash.factory <(printf 'spherule-factory-order 1\nvendor-key\n'; cat '$KEYS/os-development.key.pub'; echo oem-key; cat oem.key.pub)"
tap_check "the root filesystem holds no app keys" bash -c "
	! grep -qa trusted-keys <(dd if=d.flash bs=$MiB skip=8 count=8 status=none)"
run os-image pack --key vendor.key --os-dir os --rootfs-dir rootfs --output os.desc --version 7 --security-version 3
tap_check "os-image pack signs a description of the four parts" bash -c "[[ $rc -eq 0 ]] &&
	grep -qx 'OS description os.desc (284 bytes): version 7, security version 3, signed by key $(thumb vendor.key.pub)' out &&
	grep -qE '^  kernel +6 bytes  SHA-256 $(printf kernel | sha256sum | cut -c1-64)$' out && [[ \$(stat -c %s os.desc) == 284 ]]"
cp out pack.out
run os-image pack --key vendor.key --os-dir os --rootfs-dir rootfs --image os.osimage --version 7 --security-version 3
tap_check "os-image pack --image writes the description, then boot, dtb, kernel, rootfs, each its described size" bash -c "
	[[ $rc -eq 0 ]] && grep -qE '^OS image os.osimage \([0-9]+ bytes\): version 7, security version 3, signed by key $(thumb vendor.key.pub)$' out &&
	cmp <(head -c 284 os.osimage | tail -c +25 | head -c 20) <(head -c 284 os.desc | tail -c +25 | head -c 20) &&
	cmp <(tail -c +285 os.osimage | head -c \$(stat -c %s os/boot.bin)) os/boot.bin &&
	cmp <(tail -c +\$((285 + \$(stat -c %s os/boot.bin))) os.osimage | head -c \$(stat -c %s os/board.dtb)) os/board.dtb &&
	[[ \$(stat -c %s os.osimage) == \$((284 + \$(sed -nE 's/^  [a-z]+ +([0-9]+) bytes.*/\1/p' pack.out | paste -sd+ | bc))) ]]"
tap_check "os-image pack needs --output or --image" fails_with \
	"spherule: os-image pack: --output DESC or --image FILE.osimage is required (see --help)" \
	os-image pack --key vendor.key --os-dir os --rootfs-dir rootfs
run os-image pack --key vendor.key --trust-key oem.key.pub --os-dir os --rootfs-dir rootfs --output os2.desc --version 7 \
	--security-version 3
tap_check "os-image pack still takes --trust-key, which no longer changes the OS it describes" bash -c "[[ $rc -eq 0 ]] &&
	diff <(sed 1d pack.out) <(sed 1d out)"
run os-image pack --key vendor.key --trust-key os/boot.bin --os-dir os --rootfs-dir rootfs --output os3.desc
tap_check "os-image pack refuses a --trust-key that is not a public key" bash -c "[[ $rc -eq 1 && ! -e os3.desc ]] &&
	grep -q '^spherule: os-image pack: --trust-key os/boot.bin: not a PEM public key' err"
build --output p.flash --os-description os.desc
tap_check "flash build lays out a description packed from the same OS" \
	bash -c "[[ $rc -eq 0 ]] && cmp -n 284 os.desc <(dd if=p.flash bs=$MiB skip=16 count=1 status=none)"
tap_check "without the vendor's public key, flash build writes no factory order, and says so" bash -c "[[ ! -e p.flash.factory ]] &&
	grep -qx \"no factory order: the public key of the vendor that signed os.desc is not known here (manufacture the device with 'spherule device manufacture')\" out"
cp -r rootfs rootfs2
printf 'x' >rootfs2/extra
tap_check "flash build refuses a description of another OS" fails_with \
	"spherule: flash build: os.desc does not describe this OS: its rootfs is not the one laid out ($(sed -nE 's/^  rootfs +([0-9]+) bytes.*/\1/p' pack.out) bytes described, $(( $(sed -nE 's/^  rootfs +([0-9]+) bytes.*/\1/p' pack.out) + 4096 )) laid out, the SHA-256 not compared); pack it from the same OS directory and root filesystem tree (use --force to lay it out anyway)" \
	flash build --os-dir os --rootfs-dir rootfs2 --trust-key oem.key.pub --output x.flash --os-description os.desc
tap_check "flash build refuses --os-key with --os-description" fails_with \
	"spherule: flash build: --os-key signs a description, --os-description gives one: not both" \
	flash build --os-dir os --rootfs-dir rootfs --trust-key oem.key.pub --output x.flash --os-description os.desc --os-key vendor.key
tap_check "a refused build writes nothing" test ! -e x.flash

# --- emulator start: secure boot before QEMU ------------------------------
cp d.flash e.flash
tap_check "a flash without a store: manufactured with its factory order, then booted" \
	bash -c "$(declare -f start booted run); S='$S'; booted d.flash && grep -qE '^d.flash has no secmon store: manufactured the device with its factory order d.flash.factory \(OS vendor key $(thumb "$KEYS/os-development.key.pub"), OEM key\(s\) $(thumb oem.key.pub), development key $KEYS/development.key.pub\): device-id [0-9a-f]{64}$' out"
tap_check "that device trusts the factory order's vendor and OEM keys, and the development key only as one" bash -c "
	[[ \$(ls d.flash.secmon/vendor-keys) == $(thumb "$KEYS/os-development.key.pub") && \$(ls d.flash.secmon/oem-keys) == $(thumb oem.key.pub) &&
	\$(ls d.flash.secmon/development-keys) == $(thumb "$KEYS/development.key.pub") ]]"
tap_check "a flash without a store nor a factory order: manufactured with the development keys" \
	bash -c "$(declare -f start booted run); S='$S'; booted e.flash && grep -qE '^e.flash has no secmon store: manufactured the device with the development keys \(OS vendor key $KEYS/os-development.key.pub, OEM key $KEYS/development.key.pub\): device-id [0-9a-f]{64}$' out &&
	[[ \$(ls e.flash.secmon/oem-keys) == $(thumb "$KEYS/development.key.pub") && -z \$(ls e.flash.secmon/development-keys) ]]"
build --output f.flash --trust-key "$KEYS/development.key.pub"
tap_check "a factory order naming the development key as an OEM key: no development key" \
	bash -c "$(declare -f start booted run); S='$S'; booted f.flash && grep -qF 'OEM key(s) $(thumb oem.key.pub), $(thumb "$KEYS/development.key.pub"), no development key: $KEYS/development.key.pub is an OEM key): device-id ' out &&
	[[ -z \$(ls f.flash.secmon/development-keys) && \$(ls f.flash.secmon/oem-keys | wc -l) == 2 ]]"
build --output g.flash
sed -i 's/^oem-key$/oem-kee/' g.flash.factory
tap_check "a malformed factory order: not manufactured, nothing started" refused_before_qemu g.flash \
	'spherule: emulator start: g.flash.factory: malformed factory order: line 7: not "vendor-key" nor "oem-key"'
tap_check "and no store made" test ! -e g.flash.secmon
tap_check "secmon logged what it measured, then the measurement" bash -c "
	grep -qE '^secmon: measured kernel $(printf kernel | sha256sum | cut -c1-64)$' state/secmon.log &&
	grep -qE '^secmon: OS version 1, security version 0 verified; measurement [0-9a-f]{64}$' state/secmon.log"
tap_check "the same OS boots again" booted d.flash
tap_check "QEMU gets the mailbox: a virtio-serial port on secmon's socket, after the NIC" bash -c "
	grep -qF -- '-device virtio-serial-device,max_ports=5 -chardev socket,id=secmon,path=$T/state/secmon.sock -device virtserialport,chardev=secmon,name=org.spherule.secmon,nr=1' qemu.ran"
# service_port: the host port of the service link QEMU was given (port 3 of that device).
service_port() { sed -n 's/.*-chardev socket,id=servicelink,host=127\.0\.0\.1,port=\([0-9]*\),server=on,wait=off -device virtserialport,chardev=servicelink,name=org\.spherule\.servicelink,nr=3.*/\1/p' qemu.ran; }
port=$(service_port)
tap_check "the service link by default: port 3 of that device (4 ports), a server on a free port of 127.0.0.1" \
	test -n "$port"
tap_check "... recorded in STATE/service-link" test "$(cat state/service-link)" == "127.0.0.1:$port"
# uart_port: the host port of the apps' UART ISU0 QEMU was given (port 4 of that device).
uart_port() { sed -n 's/.*-chardev socket,id=uartisu0,host=127\.0\.0\.1,port=\([0-9]*\),server=on,wait=off -device virtserialport,chardev=uartisu0,name=org\.spherule\.uart\.isu0,nr=4.*/\1/p' qemu.ran; }
uport=$(uart_port)
tap_check "the apps' UART ISU0 by default: port 4 of that device (5 ports), a server on another free port" \
	bash -c "[[ -n '$uport' && '$uport' != '$port' ]]"
tap_check "... recorded in STATE/uart-isu0" test "$(cat state/uart-isu0)" == "127.0.0.1:$uport"
tap_check "-no-reboot: a guest reset ends QEMU, whose QMP monitor on STATE/power.sock tells the power loop" bash -c "
	grep -qF -- '-no-reboot -chardev socket,id=power,path=$T/state/power.sock,server=on,wait=off -mon chardev=power,mode=control' qemu.ran"
tap_check "bank 0 is OS slot A of the flash file, read-only" bash -c "
	grep -qF -- '-drive if=pflash,unit=0,driver=raw,offset=0,size=67108864,readonly=on,file.driver=file,file.filename=d.flash' qemu.ran"
start d.flash --service-port 12346
tap_check "--service-port 12346: the service link on 127.0.0.1:12346, recorded" bash -c "
	[[ $rc -eq 0 && \$($(declare -f service_port); service_port) == 12346 && \$(cat state/service-link) == 127.0.0.1:12346 ]]"
start d.flash --uart-port 12347
tap_check "--uart-port 12347: the UART ISU0 on 127.0.0.1:12347, recorded" bash -c "
	[[ $rc -eq 0 && \$($(declare -f uart_port); uart_port) == 12347 && \$(cat state/uart-isu0) == 127.0.0.1:12347 ]]"
start d.flash --no-uart
tap_check "--no-uart: no port 4 (4 ports), no STATE/uart-isu0" bash -c "
	[[ $rc -eq 0 ]] && grep -qF -- 'virtio-serial-device,max_ports=4 -chardev' qemu.ran && ! grep -q uartisu0 qemu.ran && [[ ! -e state/uart-isu0 ]]"
start d.flash --no-service-link
tap_check "--no-service-link: no port 3, no STATE/service-link; the UART's port 4 (5 ports)" bash -c "
	[[ $rc -eq 0 ]] && grep -qF -- 'virtio-serial-device,max_ports=5 -chardev' qemu.ran && ! grep -q servicelink qemu.ran && [[ ! -e state/service-link && -e state/uart-isu0 ]]"
start d.flash --no-service-link --no-uart
tap_check "--no-service-link --no-uart: the mailbox alone (2 ports)" bash -c "
	[[ $rc -eq 0 ]] && grep -qF -- 'virtio-serial-device,max_ports=2 -chardev' qemu.ran && ! grep -qE 'servicelink|uartisu0' qemu.ran"
start d.flash --gdb-port 12345 --no-service-link --no-uart
tap_check "--gdb-port: port 2 of that virtio-serial device (3 ports), a server on the host's 127.0.0.1:PORT" bash -c "
	[[ $rc -eq 0 ]] && grep -qF -- 'virtio-serial-device,max_ports=3 -chardev' qemu.ran && grep -qF -- 'name=org.spherule.secmon,nr=1 -chardev socket,id=gdb,host=127.0.0.1,port=12345,server=on,wait=off -device virtserialport,chardev=gdb,name=org.spherule.gdbserver,nr=2' qemu.ran"
start d.flash --gdb-port 12345
tap_check "--gdb-port, the service link and the UART: ports 2, 3 and 4 (5 ports)" bash -c "
	[[ $rc -eq 0 ]] && grep -qF -- 'virtio-serial-device,max_ports=5 -chardev' qemu.ran && grep -qF -- 'name=org.spherule.gdbserver,nr=2 -chardev socket,id=servicelink,' qemu.ran &&
	grep -qF -- 'name=org.spherule.servicelink,nr=3 -chardev socket,id=uartisu0,' qemu.ran"
tap_check "--trial-timeout 0: refused before QEMU" refused_before_qemu d.flash \
	"spherule: emulator start: --trial-timeout 0: expected seconds from 1 to 86400" --trial-timeout 0
tap_check "--uart-port equal to --gdb-port: refused" refused_before_qemu d.flash \
	'spherule: emulator start: --uart-port 12345: another of the board'"'"'s ports has it; choose another port' \
	--gdb-port 12345 --uart-port 12345
start d.flash --gdb-port 65536
tap_check "--gdb-port 65536: refused before QEMU" bash -c "
	[[ $rc -ne 0 && ! -e qemu.ran ]] && grep -qF -- '--gdb-port 65536: expected a TCP port from 1 to 65535' err"
start d.flash --service-port 0
tap_check "--service-port 0: refused before QEMU" bash -c "
	[[ $rc -ne 0 && ! -e qemu.ran ]] && grep -qF -- '--service-port 0: expected a TCP port from 1 to 65535' err"
tap_check "--service-port with --no-service-link: refused" refused_before_qemu d.flash \
	'spherule: emulator start: --service-port and --no-service-link exclude each other' --service-port 9 --no-service-link
tap_check "--uart-port with --no-uart: refused" refused_before_qemu d.flash \
	'spherule: emulator start: --uart-port and --no-uart exclude each other' --uart-port 9 --no-uart
python3 -c 'import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1); print(s.getsockname()[1], flush=True); time.sleep(30)' > busy.port &
busy=$!
for _ in $(seq 50); do [[ -s busy.port ]] && break; sleep 0.1; done
tap_check "--service-port in use on 127.0.0.1: refused before QEMU, saying so" refused_before_qemu d.flash \
	"spherule: emulator start: --service-port $(cat busy.port): in use on 127.0.0.1; choose another port, or leave it out for a free one" \
	--service-port "$(cat busy.port)"
kill "$busy"; wait "$busy" 2>/dev/null
# no_secmon_left: no secmon of this test runs (within 5 s of its QEMU ending).
no_secmon_left() {
	for _ in $(seq 50); do
		left=$(for p in $(pgrep -x secmon); do [[ $(readlink /proc/$p/cwd) == "$T" ]] && echo $p; done)
		[[ -z $left ]] && return 0
		sleep 0.1
	done
	echo "# secmon left: $left"
	return 1
}
tap_check "no secmon left once the fake QEMU (never connecting) ended" no_secmon_left
tap_check "nor its socket" test ! -e "$T/state/secmon.sock"
run emulator start --flash d.flash --net --detach
tap_check "detached: the mailbox after the NIC, no secmon left once QEMU and the CLI ended" bash -c "
	[[ $rc -eq 0 ]] && grep -qF -- 'virtio-net-device,netdev=wan -device virtio-serial-device,max_ports=5 -chardev socket,id=secmon' qemu.ran" && no_secmon_left
# A fake QEMU that connects to the mailbox, asks for the device id, reads the answer and ends.
cat >bin/qemu-system-arm <<'QEMU'
#!/bin/sh
echo "$@" >"$PWD/qemu.ran"
sock=$(echo "$@" | sed -n 's/.*socket,id=secmon,path=\([^ ]*\).*/\1/p')
exec python3 -c '
import socket, struct, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
s.sendall(b"SM\x01\x00" + struct.pack("<IIHH", 16, 7, 3, 0))
hdr = s.recv(16, socket.MSG_WAITALL); body = s.recv(struct.unpack("<I", hdr[4:8])[0] - 16, socket.MSG_WAITALL)
open("answer", "wb").write(hdr + body)' "$sock"
QEMU
tap_check "a QEMU connected to the mailbox gets the device id" bash -c "$(declare -f start booted run); S='$S'; booted d.flash &&
	[[ \$(od -An -tx1 -j12 -N4 answer | tr -d ' ') == 03800000 && \$(stat -c %s answer) -gt 100 ]]"
tap_check "no secmon left once that QEMU ended, which closed the mailbox" bash -c "$(declare -f no_secmon_left); T='$T'; no_secmon_left &&
	grep -q 'secmon: mailbox closed by QEMU: ending' '$T/state/secmon.log'"
printf '#!/bin/sh\necho "$@" >"%s/qemu.ran"\n' "$T" >bin/qemu-system-arm
cp d.flash good.flash
for part in boot dtb kernel rootfs; do
	cp good.flash d.flash
	at=$((OFFSET[$part] + 5))
	byte=$(dd if=d.flash bs=1 skip=$at count=1 status=none | od -An -tu1 | tr -d ' ')
	printf "\\$(printf %o $(((byte + 1) % 256)))" | dd of=d.flash bs=1 seek=$at conv=notrunc status=none
	size=${SIZE[$part]:-$(dd if=good.flash bs=1 skip=$((OFFSET[rootfs] + 4)) count=4 status=none | od -An -tu4 | tr -d ' ')}
	tap_check "a tampered $part does not boot" refused_before_qemu d.flash \
		"spherule: emulator start: secure boot refused the OS: $part: does not match the signed OS description (SHA-256 of its $size bytes differs)"
done
cp good.flash d.flash
printf 'X' | dd of=d.flash bs=1 seek=$((OFFSET[kernel] + 4096)) conv=notrunc status=none
tap_check "a byte written after the kernel does not boot" refused_before_qemu d.flash \
	"spherule: emulator start: secure boot refused the OS: kernel: not erased after the 6 signed bytes (byte 0x1000)"
tap_check "the flash file left as it was boots" bash -c "$(declare -f start booted run); S='$S'; cp good.flash d.flash && booted d.flash"

# Anti-rollback: the device's OS counter follows the highest security version booted.
manufacture --flash r.flash --revoked-key revoked.key.pub
build --output r.flash --os-key vendor.key --os-security-version 2
tap_check "security version 2 signed by the device's vendor key boots" booted r.flash
tap_check "the OS counter is now 2" bash -c "[[ \$(cat r.flash.secmon/counters/os) == 2 ]]"
build --output r.flash --os-key vendor.key --os-security-version 1
tap_check "a rolled-back OS (security version 1) does not boot" refused_before_qemu r.flash \
	"spherule: emulator start: secure boot refused the OS: osdesc: security version 1 is below the device's OS counter 2: a rolled-back OS"
build --output r.flash --os-security-version 2
tap_check "an OS signed by the development vendor key does not boot on a device that does not trust it" \
	refused_before_qemu r.flash \
	"spherule: emulator start: secure boot refused the OS: osdesc: signed by key $(thumb "$KEYS/os-development.key.pub"), which is not an OS vendor key of the device"
build --output r.flash --os-key revoked.key --os-security-version 2
tap_check "an OS signed by a revoked key does not boot" refused_before_qemu r.flash \
	"spherule: emulator start: secure boot refused the OS: osdesc: signed by key $(thumb revoked.key.pub), which the device has revoked"
tap_check "the counter is still 2" bash -c "[[ \$(cat r.flash.secmon/counters/os) == 2 ]]"
build --output r.flash --os-key vendor.key --os-security-version 2
tap_check "a factory order whose OEM keys the store trusts: no warning" bash -c "$(declare -f start booted run); S='$S'; booted r.flash && ! grep -q warning err"
build --output r.flash --os-key vendor.key --os-security-version 2 --trust-key other.key.pub
tap_check "a factory order naming an OEM key the store does not trust: one warning naming it and the fix, then booted" \
	bash -c "$(declare -f start booted run); S='$S'; booted r.flash && [[ \$(grep -c warning err) == 1 ]] &&
	grep -qxF \"spherule: emulator start: warning: r.flash.factory names OEM key(s) $(thumb other.key.pub), which the device's store r.flash.secmon does not trust: the device refuses apps signed by them; manufacture it again with them ('spherule device manufacture --force --flash r.flash ...', a new identity) or rebuild the flash with its OEM keys\" err"

# --- the private key never leaves the store -------------------------------
priv=$(openssl pkey -in d.flash.secmon/device.key -text -noout | sed -n '/^priv:/,/^pub:/p' | sed '1d;$d' | tr -d ' :\n')
tap_check "the device's private key (a 32-byte scalar) is in its store" test ${#priv} -eq 64
tap_check "no output of the CLI holds it" bash -c "
	'$S' device show-identity --flash d.flash >o1 && '$S' device show-identity --flash d.flash --output json >o2 &&
	! grep -q PRIVATE o1 o2 out err identity.table && ! grep -qF \"\$(sed -n 2p d.flash.secmon/device.key)\" o1 o2"
tap_check "the flash file does not hold it" python3 -c "
import sys
sys.exit(bytes.fromhex('$priv') in open('d.flash', 'rb').read())"
tap_done
