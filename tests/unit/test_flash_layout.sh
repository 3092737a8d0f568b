#!/usr/bin/env bash
# scripts/gen-flash-layout.sh: a small two-bank layout becomes device-tree
# nodes dtc compiles, a C header whose offsets are in the flash file (banks
# one after the other, whatever their addresses) and make variables with the
# physical addresses, each partition's erase size and a table of every
# partition by label; a slot (another image of a bank) follows the banks in
# the flash file and is not in the device tree; a wrong layout is refused
# with its line and writes nothing. The board's own layout generates, with 256 KiB erase sectors.
set -u
cd "$(dirname "$0")/../.."
. tests/unit/littlefs_tools_lib.bash
tmp=$(mktemp -d /tmp/test_flash_layout.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
gen() { sh scripts/gen-flash-layout.sh "$@"; }

cat >"$tmp/good.layout" <<'EOF'
# two banks, the second not right after the first
bank 0 0x00000000 0x00100000 2 0x1000 mtd-rom
bank 1 0x00200000 0x00100000 4 0x8000 cfi-flash

part boot   0 0x00000000 0x00001000 ro
part slot[2] 1 0x00010000 0x00008000 -
slot alt 0
EOF
tap_check "a good layout generates" gen "$tmp/good.layout" "$tmp/good"

dtsi_has() { grep -qxF "$1" "$tmp/good/flash_layout.dtsi"; }
tap_check "dtsi: bank 0 node" dtsi_has $'\tflash@0 {'
tap_check "dtsi: bank 1 node at its address" dtsi_has $'\tflash@200000 {'
tap_check "dtsi: compatible and bank width" bash -c "grep -qxF \$'\t\tcompatible = \"cfi-flash\";' '$tmp/good/flash_layout.dtsi' &&
	grep -qxF \$'\t\tbank-width = <2>;' '$tmp/good/flash_layout.dtsi'"
tap_check "dtsi: read-only partition" \
	dtsi_has $'\t\t\tboot@0 { label = "boot"; reg = <0x00000000 0x00001000>; read-only; };'
tap_check "dtsi: NAME[2] is two partitions one after the other" bash -c "
	grep -qxF \$'\t\t\tslot0@10000 { label = \"slot0\"; reg = <0x00010000 0x00008000>; };' '$tmp/good/flash_layout.dtsi' &&
	grep -qxF \$'\t\t\tslot1@18000 { label = \"slot1\"; reg = <0x00018000 0x00008000>; };' '$tmp/good/flash_layout.dtsi'"
printf '/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n/include/ "flash_layout.dtsi"\n};\n' >"$tmp/board.dts"
tap_check "dtsi: compiles inside a root node" dtc -q -i "$tmp/good" -I dts -O dtb -o "$tmp/board.dtb" "$tmp/board.dts"
tap_check "dtb: label of slot1" bash -c "[[ \$(fdtget '$tmp/board.dtb' /flash@200000/partitions/slot1@18000 label) == slot1 ]]"

cat >"$tmp/values.c" <<'EOF'
#include <stdio.h>
#include "flash_layout.h"
int main(void)
{
	static const struct {
		const char *label;
		unsigned offset, size;
	} table[] = { FLASH_PARTITION_TABLE };

	printf("%x %x %x %x %x %x %x %u\n", FLASH_BANK1_OFFSET, FLASH_FILE_SIZE, FLASH_BOOT_OFFSET,
	       FLASH_BOOT_SIZE, FLASH_SLOT_OFFSET(0), FLASH_SLOT_OFFSET(1), FLASH_SLOT_SIZE, FLASH_SLOT_COUNT);
	printf("%x %x\n", FLASH_BOOT_ERASE_SIZE, FLASH_SLOT_ERASE_SIZE);
	printf("%x %x %u\n", FLASH_SLOT_ALT_OFFSET, FLASH_SLOT_ALT_SIZE, FLASH_SLOT_ALT_BANK);
	for (unsigned i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		printf("%s %x %x\n", table[i].label, table[i].offset, table[i].size);
	return 0;
}
EOF
tap_check "header: compiles" cc -std=c11 -Wall -Werror -I"$tmp/good" -o "$tmp/values" "$tmp/values.c"
tap_check "header: offsets in the flash file, sizes, count" \
	bash -c "[[ \$('$tmp/values' | sed -n 1p) == '100000 300000 0 1000 110000 118000 8000 2' ]]"
tap_check "header: each partition has its bank's erase size" \
	bash -c "[[ \$('$tmp/values' | sed -n 2p) == '1000 8000' ]]"
tap_check "header: a slot after the banks, its bank's size" \
	bash -c "[[ \$('$tmp/values' | sed -n 3p) == '200000 100000 0' ]]"
tap_check "dtsi: a slot is no node" bash -c "[[ \$(grep -c '^'\$'\t''flash@' '$tmp/good/flash_layout.dtsi') == 2 ]]"
tap_check "header: the partition table, NAME[2] as two labels, in flash file order" \
	bash -c "[[ \$('$tmp/values' | sed -n '4,\$p' | tr '\n' ,) == 'boot 0 1000,slot0 110000 8000,slot1 118000 8000,' ]]"
tap_check "make: physical addresses, sizes, count" bash -c "
	[[ \$(sed -n 's/^FLASH_BOOT_ADDR := //p' '$tmp/good/flash_layout.mk') == 0x00000000 &&
	   \$(sed -n 's/^FLASH_SLOT_ADDR := //p' '$tmp/good/flash_layout.mk') == 0x00210000 &&
	   \$(sed -n 's/^FLASH_SLOT_SIZE := //p' '$tmp/good/flash_layout.mk') == 0x00008000 &&
	   \$(sed -n 's/^FLASH_SLOT_COUNT := //p' '$tmp/good/flash_layout.mk') == 2 ]]"

# refused LINE REGEX: the good layout with LINE appended is refused with one
# message matching REGEX, naming the line, and the previous outputs stay.
refused() {
	local err
	cp "$tmp/good.layout" "$tmp/bad.layout"
	echo "$1" >>"$tmp/bad.layout"
	cp -r "$tmp/good" "$tmp/bad"
	if err=$(gen "$tmp/bad.layout" "$tmp/bad" 2>&1); then
		echo "# accepted: $1"
		return 1
	fi
	[[ $err =~ ^$tmp/bad.layout:8:\ $2$ ]] || { echo "# stderr: $err"; return 1; }
	diff -r "$tmp/good" "$tmp/bad" >/dev/null || { echo "# outputs changed"; return 1; }
	rm -rf "$tmp/bad"
}
tap_check "refused: overlapping partitions" refused "part over 1 0x00014000 0x1000 -" \
	"partition over starts before the end of the one above it in bank 1"
tap_check "refused: past the end of the bank" refused "part big 1 0x00020000 0x00100000 -" \
	"partition big ends past bank 1"
tap_check "refused: a name twice" refused "part boot 1 0x00020000 0x1000 -" "partition boot named twice"
tap_check "refused: an unknown bank" refused "part far 2 0x0 0x1000 -" "partition far: no bank 2 above it"
tap_check "refused: unknown flags" refused "part rw 1 0x00020000 0x1000 rw" \
	"partition rw: flags rw, expected ro or -"
tap_check "refused: a writable partition off the erase sectors" refused "part odd 1 0x00020000 0x1000 -" \
	"partition odd: writable, but not on the 0x00008000-byte erase sectors of bank 1"
tap_check "refused: a bank out of order" refused "bank 3 0x00400000 0x1000 4 0x1000 cfi-flash" \
	"bank 3: expected bank 2 next"
tap_check "refused: a bank inside the one before" refused "bank 2 0x00280000 0x1000 4 0x1000 cfi-flash" \
	"bank 2 starts inside bank 1"
tap_check "refused: an erase size that is not a power of two" refused "bank 2 0x00400000 0x3000 4 0x3000 cfi-flash" \
	"bank 2: erase size 0x3000 is not a power of two"
tap_check "refused: a bank that is not whole erase sectors" refused "bank 2 0x00400000 0x1800 4 0x1000 cfi-flash" \
	"bank 2: size 0x1800 is not a whole number of 0x1000-byte erase sectors"
tap_check "refused: a bank line without an erase size" refused "bank 2 0x00400000 0x1000 4 cfi-flash" \
	"expected: bank NUMBER ADDRESS SIZE BANK-WIDTH ERASE-SIZE COMPATIBLE"
tap_check "refused: a number that is not one" refused "part odd 1 0x0002g000 0x1000 -" "not a number: 0x0002g000"
tap_check "refused: an unknown line" refused "partition x 1 0x0 0x1000 -" "expected a bank, part or slot line"
tap_check "refused: a slot of no bank" refused "slot far 2" "slot far: no bank 2 above it"
tap_check "refused: a slot named twice" refused "slot alt 1" "slot alt named twice"

tap_check "the board's layout generates" gen kernel/board/qemu-armv7/flash.layout "$tmp/board"
# QEMU virt's pflash erases 256 KiB sectors (hw/arm/virt.c VIRT_FLASH_SECTOR_SIZE):
# littlefs on the data partition uses them as its blocks.
tap_check "the board's data partition: 256 KiB erase sectors" \
	grep -qxF "#define FLASH_DATA_ERASE_SIZE 0x00040000u" "$tmp/board/flash_layout.h"
tap_check "the board's flash file: bank 0 (OS slot A), bank 1, OS slot B: 192 MiB" bash -c "
	grep -qxF '#define FLASH_SLOT_B_OFFSET 0x08000000u' '$tmp/board/flash_layout.h' &&
	grep -qxF '#define FLASH_FILE_SIZE 0x0c000000u' '$tmp/board/flash_layout.h'"
tap_check "the board's osstage: writable, in bank 1 at 32 MiB, in the device tree" grep -qF \
	$'\t\t\tosstage@2000000 { label = "osstage"; reg = <0x02000000 0x01080000>; };' "$tmp/board/flash_layout.dtsi"
tap_done
