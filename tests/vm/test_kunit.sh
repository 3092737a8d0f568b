#!/usr/bin/env bash
# The Spherule LSM's KUnit tests (kernel/security/spherule/*_test.c: the
# policy decoder, host name checks and matching): boots the test kernel
# (docs/kernel-configs.md), which runs them at boot and reports in KTAP on
# the console; each test case becomes a host TAP line, and each suite's
# result another.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh

os=out/os-test/qemu-armv7
e2e_keygen
flash=$E2E_TMP/device.flash
check "flash build with the test kernel" quiet "$SPHERULE" flash build --output "$flash" \
	--trust-key "$E2E_TMP/test.key.pub" --os-dir "$os"
check "the board boots the test kernel" boot 16 "$flash"
# KUnit runs among the last initcalls, before the kernel starts init.
if ! wait_for "Run /sbin/appmgr as init process" 180; then
	not_ok "the KUnit suites ran"
	e2e_done
fi
results=0
while IFS= read -r line; do
	results=$((results + 1))
	name=${line#*ok [0-9]* }
	name=${name#- }
	case $line in
	*"not ok "*) not_ok "kunit: $name" ;;
	*) ok "kunit: $name" ;;
	esac
done < <(sed -nE 's/^\[ *[0-9.]+\] +((not )?ok [0-9]+ .*)$/\1/p' "$CONSOLE")
check "the KUnit suites reported their cases ($results results)" test "$results" -ge 10
check "no kernel panic or oops" bash -c "! grep -qE 'Kernel panic|Internal error|BUG:' '$CONSOLE'"
e2e_done
