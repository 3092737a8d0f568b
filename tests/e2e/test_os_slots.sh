#!/usr/bin/env bash
# End to end on the booted board: the A/B OS slots and the power loop
# (docs/secmon.md, OS slots; docs/cli.md, emulator start). A device that
# never updated boots slot A, and Linux sees the writable osstage partition;
# a reboot is a power cycle (QEMU ends, secmon selects and checks the slot
# again, a new QEMU starts, the console goes on). Then slot B gets the same
# OS and the state an install leaves ("pending"): the next power-on boots it
# as a trial, QEMU mapping slot B (offset 128 MiB of the flash file) as bank
# 0, and the XIP kernel runs from it; not confirmed, the board's watchdog
# power-cycles it at the --trial-timeout deadline, slot B is marked bad and
# slot A boots again; emulator stop ends the loop, leaving no secmon.
# Last, an OS update through the mailbox: a new OS (version 2, security
# version 1, packed with os-image pack --image) staged in osstage as the
# update agent writes it; secmon_client, playing the agent's mailbox part,
# has secmon install it (type 8) into slot B; after a reboot slot B runs its
# trial, which secmon_client confirms (types 9 and 10): slot B becomes the
# primary, the OS counter 1; the next reboot boots slot B, no trial.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh

MiB=$((1 << 20))
STATE=$SPHERULE_STATE_DIR
flash=$E2E_TMP/device.flash
e2e_keygen

# bank0_offset: the offset of bank 0's drive in the running QEMU's command line.
bank0_offset() {
	tr '\0' ' ' < "/proc/$(cat "$STATE/qemu.pid")/cmdline" |
		sed -n 's/.*if=pflash,unit=0,driver=raw,offset=\([0-9]*\),.*/\1/p'
}
# log_has FILE REGEX [SECONDS]: waits until FILE has a line matching REGEX.
log_has() {
	for ((i = 0; i < ${3:-60} * 10; i++)); do
		grep -qE -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}
# qmp_reset: the board's reset through QEMU's QMP socket.
qmp_reset() {
	python3 - "$STATE/qmp.sock" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); f = s.makefile("rw")
f.readline(); f.write('{"execute":"qmp_capabilities"}\n'); f.flush(); f.readline()
f.write('{"execute":"system_reset"}\n'); f.flush(); f.readline()
PY
}

check "flash build (192 MiB, slot B erased)" quiet "$SPHERULE" flash build --output "$flash" \
	--trust-key "$E2E_TMP/test.key.pub"
check "the board boots" boot 4 "$flash"
check "appmgr runs" wait_for "^appmgr: memory: end of report" 120
check "secmon booted slot A, which QEMU maps as bank 0" bash -c "
	grep -qx 'secmon: booting slot A' '$STATE/secmon.log' && [[ \$($(declare -f bank0_offset); STATE='$STATE'; bank0_offset) == 0 ]]"
check "Linux sees osstage, writable, at 32 MiB of bank 1" \
	grep -q '0x000002000000-0x000003080000 : "osstage"' "$CONSOLE"

first=$(cat "$STATE/qemu.pid")
check "QMP system_reset" qmp_reset
check "a reset is a power cycle: the loop says so" \
	log_has "$STATE/emulator.log" "the device rebooted: power-cycling the board" 30
check "a new QEMU, the same emulator" bash -c "
	pid=\$('$SPHERULE' emulator status | sed -n 's/^running (pid \([0-9]*\)).*/\1/p'); [[ -n \$pid && \$pid != $first ]]"
check "secmon powered the board on again" bash -c "[[ \$(grep -c '^secmon: power-on:' '$STATE/secmon.log') -eq 2 ]]"
check "Linux boots again, the console log goes on" wait_for_more "^appmgr: memory: end of report" 1 120
check "emulator stop" quiet "$SPHERULE" emulator stop
# secmon_left: a secmon of this board still runs.
secmon_left() {
	local p
	for p in $(pgrep -x secmon); do grep -qF "$flash" "/proc/$p/cmdline" 2>/dev/null && return 0; done
	return 1
}
check "no power loop, no secmon left" bash -c "[[ ! -e '$STATE/power.pid' ]] && ! { $(declare -f secmon_left); flash='$flash'; secmon_left; }"

# Slot B: the same OS, pending its trial (what an install leaves).
dd if="$flash" of="$flash" bs=$((256 * 1024)) count=65 seek=512 conv=notrunc status=none
printf 'A good pending\n' > "$flash.secmon/os-slots"
check "the board boots with a 30 s trial timeout" boot 4 "$flash" --trial-timeout 30
check "secmon boots slot B as a trial, recorded" bash -c "
	grep -qx 'secmon: booting slot B: its trial boot, to be confirmed healthy' '$STATE/secmon.log' &&
	[[ \$(cat '$flash.secmon/os-slots') == 'A good trial' ]]"
check "QEMU maps slot B (128 MiB into the flash file) as bank 0" bash -c "
	[[ \$($(declare -f bank0_offset); STATE='$STATE'; bank0_offset) == $((128 * MiB)) ]]"
check "Linux boots from slot B" wait_for "^appmgr: memory: end of report" 120
check "not confirmed: the watchdog power-cycles the board at the deadline" \
	log_has "$STATE/emulator.log" "the trial boot of slot B was not confirmed in time: power-cycling the board \(watchdog\)" 90
check "slot B is marked bad, slot A boots" bash -c "
	$(declare -f log_has); log_has '$STATE/secmon.log' '^secmon: slot B: its trial boot was not confirmed: marked bad' 30 &&
	[[ \$(grep '^secmon: booting slot' '$STATE/secmon.log' | tail -1) == 'secmon: booting slot A' ]] &&
	[[ \$(cat '$flash.secmon/os-slots') == 'A good bad' ]]"
check "Linux boots from slot A again" wait_for_more "^appmgr: memory: end of report" 1 120
check "QEMU maps slot A again" bash -c "[[ \$($(declare -f bank0_offset); STATE='$STATE'; bank0_offset) == 0 ]]"
check "Linux booted twice on that console (slot B, slot A)" bash -c "[[ \$(grep -c 'Booting Linux' '$CONSOLE') -eq 2 ]]"
check "emulator stop: powered off by the device" bash -c "'$SPHERULE' emulator stop | grep -q 'powered off by the device'"
check "no power loop, no secmon left" bash -c "[[ ! -e '$STATE/power.pid' ]] && ! { $(declare -f secmon_left); flash='$flash'; secmon_left; }"

# An OS update through the mailbox.
check "os-image pack --image: version 2, security version 1" quiet "$SPHERULE" os-image pack \
	--key out/keys/os-development.key --image "$E2E_TMP/v2.osimage" --version 2 --security-version 1
hash=$(head -c "$(od -An -tu4 -j8 -N4 "$E2E_TMP/v2.osimage" | tr -d ' ')" "$E2E_TMP/v2.osimage" | sha256sum | cut -c1-64)
sed "s/\"CmdArgs\": \[\]/\"CmdArgs\": [\"os-update\", \"$hash\"]/" tests/e2e/apps/secmon_client/app_manifest.json \
	> "$E2E_TMP/agent.json"
check "secmon_client packed as the agent, with the description's hash" \
	bash -c "$(declare -f pack_as); SPHERULE=$SPHERULE E2E_TMP=$E2E_TMP MANIFEST=$E2E_TMP/agent.json pack_as test.key secmon_client agent.imagepackage"
check "flash build with it (the store kept: slot B bad)" quiet "$SPHERULE" flash build --output "$flash" \
	--trust-key "$E2E_TMP/test.key.pub" --app "$E2E_TMP/agent.imagepackage"
# stage OSIMAGE FLASH: the OS image file written into osstage in bank 0's
# layout (docs/os-image.md, OS image file), as the update agent writes it.
stage() {
	python3 - "$1" "$2" <<'PY'
import struct, sys
img = open(sys.argv[1], "rb").read()
count, size = struct.unpack_from("<HI", img, 6)
osstage, offsets = 0x06000000, {1: 0, 2: 0x40000, 3: 0x80000, 4: 0x800000}
with open(sys.argv[2], "r+b") as f:
    f.seek(osstage + 0x1000000); f.write(img[:size])
    at = size
    for i in range(count):
        pid, _, psize = struct.unpack_from("<HHI", img, 24 + 40 * i)
        f.seek(osstage + offsets[pid]); f.write(img[at:at + psize]); at += psize
    assert at == len(img)
PY
}
check "the new OS staged in osstage" stage "$E2E_TMP/v2.osimage" "$flash"
check "the board boots (slot A)" boot 4 "$flash" --trial-timeout 300
check "secmon_client: slot A, no trial, slot B bad" wait_for "secmon_client: boot state slot A trial 0 version 1 other 3 deadline 0" 120
check "install staged OS: OK, into slot B, version 2" wait_for "secmon_client: install status OK slot B version 2" 60
check "secmon wrote slot B, pending its trial" bash -c "
	grep -q '^secmon: installed OS version 2, security version 1 in slot B: pending its trial boot' '$STATE/secmon.log' &&
	[[ \$(cat '$flash.secmon/os-slots') == 'A good pending' ]]"
check "the device reboots (QMP system_reset)" qmp_reset
check "slot B boots as its trial" wait_for "secmon_client: boot state slot B trial 1 version 2 other 1 deadline [0-9]+" 120
check "confirm OS health: OK, the counter 1" wait_for "secmon_client: confirm status OK counter 1" 60
check "slot B good and the primary, slot A its fallback; the OS counter 1" bash -c "
	[[ \$(cat '$flash.secmon/os-slots') == 'B good good' && \$(cat '$flash.secmon/counters/os') == 1 ]]"
check "the device reboots again" qmp_reset
check "slot B boots, no trial" wait_for "secmon_client: boot state slot B trial 0 version 2 other 1 deadline 0" 120
check "QEMU maps slot B as bank 0" bash -c "[[ \$($(declare -f bank0_offset); STATE='$STATE'; bank0_offset) == $((128 * MiB)) ]]"
check "emulator stop" quiet "$SPHERULE" emulator stop
e2e_done
