#!/usr/bin/env bash
# Writing the flash chip that apps execute from (docs/board-qemu-armv7.md):
# boots the board with tests/vm/xip_write_init.c as PID 1 and an app image
# (slot app0, flash bank 1) holding tests/vm/heartbeat.c, which executes in
# place and beats every 100 ms, reading its own code back each time, while
# the init writes littlefs on the "data" partition of the same chip until
# 5,000 programs and erases. The init's "xipw: ok/not ok" lines become host
# TAP lines; then the console shows the heartbeat beating throughout, one
# process from first beat to last, and no oops.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh

manifest=$E2E_TMP/app_manifest.json
cat > "$manifest" <<JSON
{
  "SchemaVersion": 1,
  "Name": "heartbeat",
  "ComponentId": "8b1f2c4e-3d5a-4f60-9e7b-1a2c3d4e5f60",
  "EntryPoint": "/bin/heartbeat",
  "CmdArgs": [],
  "Capabilities": {},
  "ApplicationType": "Default"
}
JSON
e2e_keygen
check "pack the heartbeat app" quiet "$SPHERULE" image-package pack-application \
	--package-directory out/tests/vm/xipw-image --manifest "$manifest" \
	--key "$E2E_TMP/test.key" --output "$E2E_TMP/heartbeat.imagepackage"
flash=$E2E_TMP/device.flash
check "flash build with the test init as PID 1" quiet "$SPHERULE" flash build --force \
	--output "$flash" --trust-key "$E2E_TMP/test.key.pub" \
	--rootfs-dir out/tests/vm/xipw-rootfs --app "$E2E_TMP/heartbeat.imagepackage"
check "the board boots" boot 16 "$flash"
init_cases xipw 900 || e2e_done

# The beats, in console order: numbered 1, 2, 3... without a gap or a
# restart, some of them between the start and the end of the writes.
console=$(tr -d '\r' <"$CONSOLE")
beats=$(grep -E "^heartbeat [0-9]+$" <<<"$console" | awk '{print $2}')
check "the heartbeat numbers run 1..N without a gap or a restart" \
	awk 'NR != $1 { exit 1 } END { exit NR < 2 }' <<<"$beats"
during=$(sed -n '/^xipw: writes start$/,/^xipw: writes done/p' <<<"$console" | grep -cE "^heartbeat [0-9]+$")
check "the app kept beating while the chip was written ($during beats during the writes)" \
	test "$during" -gt 0
echo "# $(grep -m1 '^xipw: writes done' <<<"$console")"
check "no kernel panic or oops" bash -c "! grep -qE 'Kernel panic|Internal error|BUG:|Oops' '$CONSOLE'"
e2e_done
