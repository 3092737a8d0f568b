#!/usr/bin/env bash
# Executable memory, the kernel's own rule (docs/security-model.md): boots
# the board with tests/vm/wx_init.c as PID 1 and an app image (slot app0)
# holding programs that ask for an executable stack, a writable and
# executable segment, and brkprobe; appmgr would refuse such an image, so
# the init takes app identities itself, as appmgr's children do, and runs
# each program. Its "wx: ok/not ok" lines become host TAP lines; then the
# kernel logged the denials, naming the test identity.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh

TEST_APP_ID=5c0a9e3d-7f21-4b6e-8d4c-2a1f0e9b7c35
manifest=$E2E_TMP/app_manifest.json
cat > "$manifest" <<JSON
{
  "SchemaVersion": 1,
  "Name": "wx-cases",
  "ComponentId": "$TEST_APP_ID",
  "EntryPoint": "/bin/brkprobe",
  "CmdArgs": [],
  "Capabilities": {},
  "ApplicationType": "Default"
}
JSON
e2e_keygen
# --force: the image check refuses these programs, which is the point.
check "pack the test programs (the image check refuses them without --force)" \
	quiet "$SPHERULE" image-package pack-application --force --package-directory out/tests/vm/wx-image \
	--manifest "$manifest" --key "$E2E_TMP/test.key" --output "$E2E_TMP/wx.imagepackage"
flash=$E2E_TMP/device.flash
check "flash build with the test init as PID 1" quiet "$SPHERULE" flash build --force --output "$flash" \
	--trust-key "$E2E_TMP/test.key.pub" --rootfs-dir out/tests/vm/wx-rootfs \
	--app "$E2E_TMP/wx.imagepackage"
check "the board boots" boot 16 "$flash"
init_cases wx 180 || e2e_done
check "audit line: writable and executable brk memory refused" \
	grep -qE "spherule: denied mmap writable and executable app=$TEST_APP_ID pid=[0-9]+" "$CONSOLE"
check "no kernel panic or oops" bash -c "! grep -qE 'Kernel panic|Internal error|BUG:' '$CONSOLE'"
e2e_done
