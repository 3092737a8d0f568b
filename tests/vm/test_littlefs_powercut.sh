#!/usr/bin/env bash
# littlefs under power cuts (docs/littlefs.md, "In the kernel"): boots the
# board with tests/vm/powercut_init.c as PID 1 on one flash file again and
# again, and cuts the power (kills QEMU) at a random moment while it writes
# (PCUT_CUTS times, default 50; make test-long: 500). After each cut the next
# boot must mount the data partition and every test file must hold a whole
# generation: the last one known to be on flash (reported committed, i.e.
# fsynced, or found after an earlier cut), or the one being written when
# the power was cut; nothing on flash may be lost.
# A last boot runs to the end and powers off; the partition, extracted on
# the host, then checks clean with fsck.littlefs.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh

CUTS=${PCUT_CUTS:-50}
e2e_keygen
flash=$E2E_TMP/device.flash
check "flash build with the power-cut init as PID 1, data erased" quiet "$SPHERULE" flash build \
	--output "$flash" --trust-key "$E2E_TMP/test.key.pub" --rootfs-dir out/tests/vm/pcut-rootfs

# boot_in N: boots the flash with its own state directory (console) N.
boot_in() { boot_as "$1" 16 "$flash"; }

# Per file, from the boots so far: the generation known to be on flash
# (reported committed, or found by a boot; 0: none) and the one being
# written when the power was cut (0: none). A boot writes generations from
# one past the highest it found, every file in turn, so a cut leaves each
# file with its known generation or the one in flight.
declare -a durable=(0 0 0 0 0 0) inflight=(0 0 0 0 0 0)
# console_lines: this boot's console without carriage returns.
console_lines() { tr -d '\r' <"$CONSOLE"; }
# found_ok: this boot's "found" lines against the state before; prints why
# not.
found_ok() {
	local idx found line
	if console_lines | grep -E "^pcut: (bad|mount failed)"; then
		return 1
	fi
	for idx in 0 1 2 3 4 5; do
		line=$(console_lines | grep -m1 "^pcut: found f$idx ")
		found=${line##* }
		[[ $found == absent ]] && found=0
		if ! [[ $found =~ ^[0-9]+$ ]] || ((found != durable[idx] && found != inflight[idx])); then
			echo "f$idx: found '${line#pcut: found f$idx }', on flash gen ${durable[idx]}, in flight ${inflight[idx]}"
			return 1
		fi
	done
}
# remember: what this boot found, committed and was writing when cut.
remember() {
	local idx gen start
	start=$(console_lines | sed -n 's/^pcut: writing from gen \([0-9]*\)$/\1/p')
	for idx in 0 1 2 3 4 5; do
		gen=$(console_lines | sed -n "s/^pcut: found f$idx gen \([0-9]*\)$/\1/p" | head -1)
		[[ -n $gen ]] && durable[idx]=$gen
		gen=$(console_lines | sed -n "s/^pcut: committed f$idx gen \([0-9]*\)$/\1/p" | tail -1)
		[[ -n $gen ]] && durable[idx]=$gen
		if [[ -n $gen ]]; then
			inflight[idx]=$((gen + 1))
		else
			inflight[idx]=${start:-0}
		fi
	done
}

failures=0
for ((cut = 1; cut <= CUTS; cut++)); do
	if ! boot_in "$cut" || ! wait_for "^pcut: (writing|done|mount failed)" 120; then
		not_ok "boot $cut reaches its writes"
		failures=$((failures + 1))
		break
	fi
	cut_power_within 2000
	if ! why=$(found_ok); then
		not_ok "boot $cut: the files hold whole generations, none committed lost ($why)"
		failures=$((failures + 1))
		break
	fi
	remember
done
[[ $failures -eq 0 ]] && ok "$CUTS power cuts at random moments of the writes: every boot mounted, every file whole, nothing committed lost"
echo "# generations on flash after the cuts: ${durable[*]}"

if boot_in final && wait_for "^pcut: done" 300; then
	check "after the cuts, a boot checks every file and writes to the end" found_ok
	remember
	"$SPHERULE" emulator stop --force >/dev/null 2>&1
	check "the partition checks clean on the host (fsck.littlefs)" fsck_lists "$flash" "$E2E_TMP/final.list"
	check "the host lists the six files" test "$(grep -cE '/f[0-5]$' "$E2E_TMP/final.list")" -eq 6
else
	not_ok "the last boot finished its writes"
fi
check "no kernel panic or oops in any boot" bash -c \
	"! cat '$E2E_TMP'/state-*/console.log | grep -qE 'Kernel panic|Internal error|BUG:|Oops'"
e2e_done
