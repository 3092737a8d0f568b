#!/usr/bin/env bash
# End to end on the booted board: per-app storage keeps state (issue 12's
# "done when"). examples/counter counts its starts in its storage directory
# ($SPHERULE_STORAGE_DIR) and prints "counter: N" once per start.
#
# 1. First boot: appmgr makes /mnt/data/apps/<id> with the app's quota,
#    counter prints 1; an orderly power off and a second boot print 2.
# 2. Power cuts (QEMU killed) 0 to 250 ms after appmgr set up the storage,
#    around the counter's write: each next boot prints one more than the
#    last count printed (printed after its commit: never lost), or two more
#    after a boot cut before it printed (the cut fell after its commit).
# 3. An update of the app that lands in another slot (another app installed
#    first; the data partition carried over): the count goes on, appmgr
#    re-owns the directory for the new uid.
# 4. Uninstalled (a flash without it, same data partition): appmgr erases
#    its storage; installed again, it starts from 1.
# The partition checks clean on the host (fsck.littlefs) at the end.
# SPHERULE_OS_DIR, when set, is the --os-dir of flash build (a kernel built
# outside make); STORAGE_CUTS the number of power cuts (5).
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh

COUNTER_ID=d64d51f8-dc59-4a7b-a6d8-6b1d4422e251
CUTS=${STORAGE_CUTS:-5}
# The data partition in the flash file: bank 1 (at 64 MiB) + 16 MiB, 16 MiB
# long (kernel/board/qemu-armv7/flash.layout).
DATA_OFFSET_MIB=80
DATA_MIB=16

os_dir=(${SPHERULE_OS_DIR:+--os-dir "$SPHERULE_OS_DIR"})
e2e_keygen
pack counter || { not_ok "pack counter"; e2e_done; }
pack hello || { not_ok "pack hello"; e2e_done; }

# build FLASH APP...: a flash with those apps (packages in $E2E_TMP).
build() {
	local flash=$1 app args=()
	shift
	for app in "$@"; do
		args+=(--app "$E2E_TMP/$app.imagepackage")
	done
	"$SPHERULE" flash build --output "$flash" --trust-key "$E2E_TMP/test.key.pub" "${args[@]}" \
		"${os_dir[@]}" >/dev/null
}

# carry_data FROM TO: copies the data partition of flash FROM into flash TO.
carry_data() {
	dd if="$1" of="$2" bs=1M skip=$DATA_OFFSET_MIB seek=$DATA_OFFSET_MIB count=$DATA_MIB \
		conv=notrunc status=none
}

# boot_once NAME FLASH: boots FLASH with a console of its own.
boot_once() { boot_as "$1" 4 "$2"; }

# printed: the count this boot's counter printed, or nothing.
printed() { tr -d '\r' <"$CONSOLE" | sed -n 's/^\[counter\] counter: \([0-9][0-9]*\)$/\1/p' | tail -1; }

# orderly_off: powers the board off through appmgr and waits for QEMU to end.
orderly_off() { "$SPHERULE" emulator stop >/dev/null 2>&1; }

flash=$E2E_TMP/device.flash
check "flash build with counter (MutableStorage 8 KiB) and hello" build "$flash" counter hello
check "the board boots (4 MiB)" boot_once first "$flash"
check "appmgr makes the storage directory with an 8 KiB quota" \
	wait_for "^appmgr: counter: storage /mnt/data/apps/$COUNTER_ID, quota 8 KiB" 120
check "first boot: counter: 1" wait_for "^\[counter\] counter: 1[[:space:]]*$" 60
check "no denial of the counter app in the kernel log" bash -c "! grep -q 'spherule: .*counter' '$CONSOLE'"
check "orderly power off" orderly_off
check "second boot" boot_once second "$flash"
check "second boot: counter: 2" wait_for "^\[counter\] counter: 2[[:space:]]*$" 120
check "orderly power off again" orderly_off

# Power cuts.
# A count is printed after its commit: the next boot prints one more; after
# a boot cut before it printed, one more or two (the cut fell after the commit).
last=2 failures=0 skipped=0
for ((cut = 1; cut <= CUTS; cut++)); do
	if ! boot_once "cut$cut" "$flash" || ! wait_for "^appmgr: counter: storage" 120; then
		not_ok "boot $cut before its power cut"
		failures=$((failures + 1))
		break
	fi
	cut_power_within 250
	got=$(printed)
	if [[ -n $got && $got -ne $((last + 1)) && ($skipped -eq 0 || $got -ne $((last + 2))) ]]; then
		not_ok "boot $cut printed counter: $got after counter: $last"
		failures=$((failures + 1))
		break
	fi
	echo "# cut $cut ${delay} ms after appmgr set up the storage: printed ${got:-nothing}"
	if [[ -n $got ]]; then
		last=$got skipped=0
	else
		skipped=1
	fi
done
check "after $CUTS power cuts the next boot counts on" boot_once after-cuts "$flash"
if wait_for "^\[counter\] counter: [0-9]+" 120; then
	got=$(printed)
	check "counter: $got follows the last printed count $last" \
		test "$got" -eq $((last + 1)) -o \( $skipped -eq 1 -a "$got" -eq $((last + 2)) \)
	last=$got
else
	not_ok "the counter printed after the power cuts"
fi
[[ $failures -eq 0 ]] && ok "$CUTS power cuts at random moments: no count lost or skipped"
check "orderly power off after the cuts" orderly_off

# An update in another slot: hello first, counter second.
update=$E2E_TMP/update.flash
check "flash build: hello in slot 0, counter in slot 1" build "$update" hello counter
carry_data "$flash" "$update"
check "the updated board boots" boot_once update "$update"
check "appmgr re-owns the storage for the new slot's uid" \
	wait_for "^appmgr: counter: storage .*re-owned" 120
check "after the update: counter: $((last + 1))" wait_for "^\[counter\] counter: $((last + 1))[[:space:]]*$" 60
check "orderly power off after the update" orderly_off

# Uninstalled, then installed again.
removed=$E2E_TMP/removed.flash
check "flash build without counter" build "$removed" hello
carry_data "$update" "$removed"
check "the board boots without counter" boot_once removed "$removed"
check "appmgr erases the uninstalled app's storage" \
	wait_for "^appmgr: storage of $COUNTER_ID erased: no installed app has that component id" 120
check "orderly power off without counter" orderly_off
carry_data "$removed" "$flash"
check "installed again" boot_once again "$flash"
check "installed again: counter: 1" wait_for "^\[counter\] counter: 1[[:space:]]*$" 120
check "orderly power off at the end" orderly_off

check "the data partition checks clean on the host (fsck.littlefs)" fsck_lists "$flash" "$E2E_TMP/host.list"
check "the host finds the counter file in the app's directory" \
	grep -qE "/apps/$COUNTER_ID/counter\$" "$E2E_TMP/host.list"
check "no kernel panic or oops in any boot" bash -c \
	"! grep -qE 'Kernel panic|Internal error|BUG:|Oops' $E2E_TMP/state-*/console.log"
e2e_done
