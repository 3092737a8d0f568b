#!/bin/sh
# Turns a board's flash layout (kernel/board/BOARD/flash.layout, format in
# its header) into the files that need its numbers, so that the layout is
# written once:
#
#   OUTDIR/flash_layout.dtsi  the banks' device-tree nodes with their
#                             partitions, included inside the root node of
#                             the board's .dts (dtc -i OUTDIR)
#   OUTDIR/flash_layout.mk    make variables FLASH_<NAME>_ADDR (physical
#                             address) and FLASH_<NAME>_SIZE (boot stub)
#   OUTDIR/flash_layout.h     C macros FLASH_<NAME>_OFFSET (in the flash file:
#                             the banks one after the other),
#                             FLASH_<NAME>_SIZE, FLASH_<NAME>_ERASE_SIZE (its
#                             bank's erase sector), FLASH_BANK<N>_*,
#                             FLASH_SLOT_<NAME>_* (a bank's other image),
#                             FLASH_FILE_SIZE and FLASH_PARTITION_TABLE (every
#                             partition by its label, in flash file order)
#
# A partition NAME[N] gives FLASH_<NAME>_COUNT and, in C, FLASH_<NAME>_OFFSET(i).
# The layout is checked first (banks in order, erase sizes powers of two that
# divide their bank, partitions inside their bank, in order, not overlapping,
# names unique, writable ones on erase-sector boundaries, a slot's bank above
# it); a wrong one writes nothing.
#
#   scripts/gen-flash-layout.sh LAYOUT OUTDIR
set -eu

if [ $# -ne 2 ]; then
	echo "usage: $0 LAYOUT OUTDIR" >&2
	exit 2
fi
layout=$1
outdir=$2
mkdir -p "$outdir"
tmp=$(mktemp -d "$outdir/.flash_layout.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

awk -v src="$layout" -v tmp="$tmp" '
function fail(msg) {
	printf "%s:%d: %s\n", src, FNR, msg > "/dev/stderr"
	failed = 1
	exit 1
}
function num(s,   n, i) {
	if (s ~ /^0x[0-9a-fA-F]+$/) {
		n = 0
		for (i = 3; i <= length(s); i++)
			n = n * 16 + index("0123456789abcdef", tolower(substr(s, i, 1))) - 1
		return n
	}
	if (s ~ /^[0-9]+$/)
		return s + 0
	fail("not a number: " s)
}
function hex(n) { return sprintf("0x%08x", n) }
function power_of_two(n) {
	if (n < 1)
		return 0
	while (n % 2 == 0)
		n /= 2
	return n == 1
}

BEGIN { nbanks = 0; nparts = 0; nslots = 0 }

/^[ \t]*(#|$)/ { next }

$1 == "bank" {
	if (NF != 7)
		fail("expected: bank NUMBER ADDRESS SIZE BANK-WIDTH ERASE-SIZE COMPATIBLE")
	if ($2 != nbanks "")
		fail("bank " $2 ": expected bank " nbanks " next")
	b = nbanks++
	bank_addr[b] = num($3)
	bank_size[b] = num($4)
	bank_width[b] = num($5)
	bank_erase[b] = num($6)
	bank_compat[b] = $7
	bank_file[b] = b ? bank_file[b - 1] + bank_size[b - 1] : 0
	bank_used[b] = 0
	if (bank_size[b] == 0)
		fail("bank " b " has no size")
	if (!power_of_two(bank_erase[b]))
		fail("bank " b ": erase size " $6 " is not a power of two")
	if (bank_size[b] % bank_erase[b])
		fail("bank " b ": size " $4 " is not a whole number of " $6 "-byte erase sectors")
	if (b && bank_addr[b] < bank_addr[b - 1] + bank_size[b - 1])
		fail("bank " b " starts inside bank " b - 1)
	next
}

$1 == "part" {
	if (NF != 6)
		fail("expected: part NAME BANK OFFSET SIZE FLAGS")
	name = $2
	count = 0
	if (name ~ /^[a-z][a-z0-9_]*\[[0-9]+\]$/) {
		count = substr(name, index(name, "[") + 1) + 0
		name = substr(name, 1, index(name, "[") - 1)
		if (count == 0)
			fail("partition " name " repeated 0 times")
	} else if (name !~ /^[a-z][a-z0-9_]*$/) {
		fail("partition name " name ": expected lowercase letters, digits, _")
	}
	if (name in seen)
		fail("partition " name " named twice")
	seen[name] = 1
	b = $3
	if (b !~ /^[0-9]+$/ || b + 0 >= nbanks)
		fail("partition " name ": no bank " b " above it")
	b += 0
	off = num($4)
	size = num($5)
	if ($6 != "ro" && $6 != "-")
		fail("partition " name ": flags " $6 ", expected ro or -")
	if (size == 0)
		fail("partition " name " has no size")
	if (off < bank_used[b])
		fail("partition " name " starts before the end of the one above it in bank " b)
	bank_used[b] = off + size * (count ? count : 1)
	if (bank_used[b] > bank_size[b])
		fail("partition " name " ends past bank " b)
	# MTD makes a partition that does not start and end on an erase
	# sector read-only.
	if ($6 == "-" && (off % bank_erase[b] || size % bank_erase[b]))
		fail("partition " name ": writable, but not on the " hex(bank_erase[b]) "-byte erase sectors of bank " b)
	p = nparts++
	part_name[p] = name
	part_count[p] = count
	part_bank[p] = b
	part_off[p] = off
	part_size[p] = size
	part_ro[p] = $6 == "ro"
	next
}

$1 == "slot" {
	if (NF != 3)
		fail("expected: slot NAME BANK")
	if ($2 !~ /^[a-z][a-z0-9_]*$/)
		fail("slot name " $2 ": expected lowercase letters, digits, _")
	if (("slot " $2) in seen)
		fail("slot " $2 " named twice")
	seen["slot " $2] = 1
	if ($3 !~ /^[0-9]+$/ || $3 + 0 >= nbanks)
		fail("slot " $2 ": no bank " $3 " above it")
	s = nslots++
	slot_name[s] = $2
	slot_bank[s] = $3 + 0
	next
}

{ fail("expected a bank, part or slot line") }

END {
	if (failed)
		exit 1
	if (nparts == 0) {
		printf "%s: no partitions\n", src > "/dev/stderr"
		exit 1
	}
	generated = "generated by scripts/gen-flash-layout.sh from " src ": do not edit."

	dtsi = tmp "/flash_layout.dtsi"
	printf "/* flash_layout.dtsi - %s\n * The flash banks and their partitions, included inside the root node. */\n", generated > dtsi
	for (b = 0; b < nbanks; b++) {
		printf "\tflash@%x {\n", bank_addr[b] > dtsi
		printf "\t\tcompatible = \"%s\";\n", bank_compat[b] > dtsi
		printf "\t\treg = <%s %s>;\n", hex(bank_addr[b]), hex(bank_size[b]) > dtsi
		printf "\t\tbank-width = <%d>;\n", bank_width[b] > dtsi
		printf "\t\tpartitions {\n\t\t\tcompatible = \"fixed-partitions\";\n" > dtsi
		printf "\t\t\t#address-cells = <1>;\n\t\t\t#size-cells = <1>;\n" > dtsi
		for (p = 0; p < nparts; p++) {
			if (part_bank[p] != b)
				continue
			for (i = 0; i < (part_count[p] ? part_count[p] : 1); i++) {
				label = part_count[p] ? part_name[p] i : part_name[p]
				off = part_off[p] + i * part_size[p]
				printf "\t\t\t%s@%x { label = \"%s\"; reg = <%s %s>;%s };\n", label, off, label,
				       hex(off), hex(part_size[p]), (part_ro[p] ? " read-only;" : "") > dtsi
			}
		}
		printf "\t\t};\n\t};\n" > dtsi
	}

	mk = tmp "/flash_layout.mk"
	printf "# flash_layout.mk - %s\n# Physical addresses and sizes of the flash partitions.\n", generated > mk
	for (p = 0; p < nparts; p++) {
		var = "FLASH_" toupper(part_name[p])
		printf "%s_ADDR := %s\n%s_SIZE := %s\n", var, hex(bank_addr[part_bank[p]] + part_off[p]),
		       var, hex(part_size[p]) > mk
		if (part_count[p])
			printf "%s_COUNT := %d\n", var, part_count[p] > mk
	}

	h = tmp "/flash_layout.h"
	printf "/*\n * flash_layout.h - %s\n", generated > h
	printf " * Offsets in the flash file (the banks one after the other, then the slots) and sizes.\n */\n" > h
	printf "#ifndef SPHERULE_FLASH_LAYOUT_H\n#define SPHERULE_FLASH_LAYOUT_H\n\n" > h
	for (b = 0; b < nbanks; b++)
		printf "#define FLASH_BANK%d_OFFSET %su\n#define FLASH_BANK%d_SIZE %su\n", b, hex(bank_file[b]),
		       b, hex(bank_size[b]) > h
	file_size = bank_file[nbanks - 1] + bank_size[nbanks - 1]
	for (s = 0; s < nslots; s++) {
		var = "FLASH_SLOT_" toupper(slot_name[s])
		printf "/* slot %s: another image of bank %d, mapped in its place when selected */\n", slot_name[s],
		       slot_bank[s] > h
		printf "#define %s_BANK %du\n#define %s_OFFSET %su\n#define %s_SIZE %su\n", var, slot_bank[s],
		       var, hex(file_size), var, hex(bank_size[slot_bank[s]]) > h
		file_size += bank_size[slot_bank[s]]
	}
	printf "#define FLASH_FILE_SIZE %su\n", hex(file_size) > h
	for (p = 0; p < nparts; p++) {
		var = "FLASH_" toupper(part_name[p])
		off = bank_file[part_bank[p]] + part_off[p]
		printf "\n/* %s%s: bank %d%s */\n", part_name[p],
		       (part_count[p] ? "0.." part_name[p] (part_count[p] - 1) : ""), part_bank[p],
		       (part_ro[p] ? ", read-only" : "") > h
		if (part_count[p]) {
			printf "#define %s_COUNT %du\n", var, part_count[p] > h
			printf "#define %s_OFFSET(i) (%su + (unsigned)(i) * %s_SIZE)\n", var, hex(off), var > h
		} else {
			printf "#define %s_OFFSET %su\n", var, hex(off) > h
		}
		printf "#define %s_SIZE %su\n", var, hex(part_size[p]) > h
		printf "#define %s_ERASE_SIZE %su\n", var, hex(bank_erase[part_bank[p]]) > h
	}
	printf "\n/* Every partition by its label (NAME[N]: NAME0..NAME<N-1>), in flash file order:\n" > h
	printf " * { label, offset in the flash file, size }. */\n#define FLASH_PARTITION_TABLE" > h
	for (p = 0; p < nparts; p++)
		for (i = 0; i < (part_count[p] ? part_count[p] : 1); i++)
			printf " \\\n\t{ \"%s\", %su, %su },", (part_count[p] ? part_name[p] i : part_name[p]),
			       hex(bank_file[part_bank[p]] + part_off[p] + i * part_size[p]), hex(part_size[p]) > h
	printf "\n\n#endif\n" > h
}
' "$layout"

for f in flash_layout.dtsi flash_layout.mk flash_layout.h; do
	mv "$tmp/$f" "$outdir/$f"
done
