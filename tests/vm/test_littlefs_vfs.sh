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
#
# SPHERULE_OS_DIR, when set, is the --os-dir of flash build (a kernel built
# outside make, e.g. while developing the filesystem).
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh

FSCK=out/bin/fsck.littlefs
GEOMETRY=(--block-size 262144 --block-count 64)
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

# fsck_lists FLASH LIST: extracts data, checks it, writes its sorted --list.
fsck_lists() {
	"$SPHERULE" flash extract --flash "$1" --partition data --output "$E2E_TMP/data.img" >/dev/null &&
		"$FSCK" "${GEOMETRY[@]}" "$E2E_TMP/data.img" >/dev/null &&
		"$FSCK" "${GEOMETRY[@]}" --list "$E2E_TMP/data.img" | LC_ALL=C sort >"$2"
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
e2e_done
