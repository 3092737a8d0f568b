#!/usr/bin/env bash
# littlefs as a Linux filesystem (docs/littlefs.md, "In the kernel"): boots
# the board with tests/vm/littlefs_vfs_init.c as PID 1, twice.
#
# 1. The data partition erased: the init checks the blank-partition rules
#    and POSIX calls on `mount -t littlefs mtd:data /mnt/data` with their
#    errnos, remounts, prints RAM figures and the tree it leaves, and powers
#    off. The host then extracts the partition from the flash file, checks
#    it with fsck.littlefs and compares its --list with the device's.
# 2. The data partition made on the host (flash build --storage-root): the
#    init reads the host's files back and adds one, which fsck.littlefs
#    then finds.
# 3. appmgr as PID 1 on an erased data partition: it mounts /mnt/data,
#    formatting it, and the host finds a clean littlefs holding only the
#    apps' storage root /apps that appmgr makes.
# 4. appmgr with junk in the data partition: the mount fails, appmgr and
#    the kernel say why, and the partition is unchanged.
#
# SPHERULE_OS_DIR, when set, is the --os-dir of flash build (a kernel built
# outside make, e.g. while developing the filesystem).
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh

os_dir=(${SPHERULE_OS_DIR:+--os-dir "$SPHERULE_OS_DIR"})
e2e_keygen

# wait_off: waits until the board has powered itself off.
wait_off() {
	local i
	for ((i = 0; i < 600; i++)); do
		"$SPHERULE" emulator status 2>/dev/null | grep -q '^running' || return 0
		sleep 0.2
	done
	return 1
}

# Boot 1: an erased data partition.
flash=$E2E_TMP/blank.flash
check "flash build with the test init as PID 1, data erased" quiet "$SPHERULE" flash build \
	--output "$flash" --trust-key "$E2E_TMP/test.key.pub" --rootfs-dir out/tests/vm/lfsvfs-rootfs "${os_dir[@]}"
check "the board boots" boot 16 "$flash"
init_cases lfsvfs 600 || e2e_done
tr -d '\r' <"$CONSOLE" | grep -E '^lfsvfs: ram |littlefs: data mounted' | sed 's/^\[[^]]*\] //' | sort -u | sed 's/^/# /'
check "the board powers off" wait_off
tr -d '\r' <"$CONSOLE" | sed -n 's/^lfsvfs: list //p' | LC_ALL=C sort >"$E2E_TMP/device.list"
check "the device's partition checks clean on the host" fsck_lists "$flash" "$E2E_TMP/host.list"
check "fsck.littlefs --list shows the tree the device left" diff "$E2E_TMP/device.list" "$E2E_TMP/host.list"
check "no kernel panic or oops" bash -c "! grep -qE 'Kernel panic|Internal error|BUG:|Oops' '$CONSOLE'"

# Boot 2: a data partition made on the host.
mkdir -p "$E2E_TMP/root/dir"
printf 'made on the host\n' >"$E2E_TMP/root/from-host"
printf 'inner\n' >"$E2E_TMP/root/dir/inner"
flash=$E2E_TMP/host.flash
export SPHERULE_STATE_DIR=$E2E_TMP/state2
CONSOLE=$SPHERULE_STATE_DIR/console.log
check "flash build with a host-made data partition" quiet "$SPHERULE" flash build \
	--output "$flash" --trust-key "$E2E_TMP/test.key.pub" --rootfs-dir out/tests/vm/lfsvfs-rootfs \
	--storage-root "$E2E_TMP/root" "${os_dir[@]}"
check "the board boots again" boot 16 "$flash"
init_cases lfsvfs 300 || e2e_done
check "the board powers off again" wait_off
check "the partition still checks clean on the host" fsck_lists "$flash" "$E2E_TMP/host2.list"
check "the host finds the file the device added" grep -qxF "$(printf '22\t/dir/from-device')" "$E2E_TMP/host2.list"
check "no kernel panic or oops" bash -c "! grep -qE 'Kernel panic|Internal error|BUG:|Oops' '$CONSOLE'"

# Boots 3 and 4: appmgr (the OS root filesystem) mounts /mnt/data at boot.
# appmgr_boot NAME FLASH: boots with appmgr as PID 1, waits until it has
# started (no apps), presses the power key and waits for the power-off.
appmgr_boot() {
	boot_as "$1" 16 "$2" && wait_for "^appmgr: started 0 apps" 120 &&
		"$SPHERULE" emulator stop >/dev/null 2>&1 && wait_off
}
flash=$E2E_TMP/appmgr.flash
check "flash build with appmgr, data erased" quiet "$SPHERULE" flash build \
	--output "$flash" --trust-key "$E2E_TMP/test.key.pub" "${os_dir[@]}"
check "appmgr boots and powers off" appmgr_boot blank "$flash"
check "the first boot formats the erased data partition" \
	grep -q "littlefs: data is blank (erased): formatting" "$CONSOLE"
check "appmgr mounts it" bash -c "! grep -q 'cannot mount littlefs' '$CONSOLE'"
check "the formatted partition checks clean on the host" fsck_lists "$flash" "$E2E_TMP/appmgr.list"
# appmgr's own files: /apps (the root of the apps' storage), /deviceauth
# (where the device certificate is published for apps, made at each boot,
# empty without one: docs/security-model.md "Device certificate") and
# /appmgr-reports (the failure reports' ring, written at each boot with the
# boot number, docs/appmgr.md "Failure reports").
check "(only /apps, the empty /deviceauth and appmgr's failure reports listed)" \
	bash -c "[[ \$(wc -l < '$E2E_TMP/appmgr.list') == 3 ]] && grep -qx \$'dir\t/apps' '$E2E_TMP/appmgr.list' &&
		grep -qx \$'dir\t/deviceauth' '$E2E_TMP/appmgr.list' &&
		grep -qxE '[0-9]+'\$'\t''/appmgr-reports' '$E2E_TMP/appmgr.list'"

flash=$E2E_TMP/junk.flash
check "flash build with appmgr, junk at the start of data" quiet "$SPHERULE" flash build \
	--output "$flash" --trust-key "$E2E_TMP/test.key.pub" "${os_dir[@]}"
printf 'not a littlefs!!' | dd of="$flash" bs=1 seek=$((0x05000000)) conv=notrunc status=none
"$SPHERULE" flash extract --flash "$flash" --partition data --output "$E2E_TMP/junk-before.img" >/dev/null
check "appmgr boots and powers off with junk in data" appmgr_boot junk "$flash"
check "appmgr says why data did not mount" \
	grep -q "appmgr: cannot mount littlefs on /mnt/data: corrupted or not this filesystem (EUCLEAN)" "$CONSOLE"
check "the kernel says it left the partition untouched" \
	grep -q "littlefs: data holds no valid littlefs (error -117): left untouched" "$CONSOLE"
"$SPHERULE" flash extract --flash "$flash" --partition data --output "$E2E_TMP/junk-after.img" >/dev/null
check "the partition is byte for byte as before" cmp -s "$E2E_TMP/junk-before.img" "$E2E_TMP/junk-after.img"
e2e_done
