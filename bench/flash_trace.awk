# flash_trace.awk — bytes programmed and blocks erased in one partition,
# from QEMU's trace of its pflash device (bench/littlefs_vs_jffs2.sh runs
# QEMU with -trace 'pflash_data_write*' -trace pflash_write_block_erase and
# the log backend), split into steps by markers. Lines read:
#
#   pflash_data_write_block BANK: data offset:0xOFF size:N ...  (buffered program)
#   pflash_data_write BANK: data offset:0xOFF size:N ...        (one-word program)
#   pflash_write_block_erase BANK: block erase offset:0xOFF bytes:0xN
#
# Offsets are from the start of the bank. Variables: bank (QEMU's name of
# the device, "virt.flash1"), base and end (the partition: offsets base to
# end - 1 of that bank). A marker is an erase of that bank outside the
# partition: it ends a step. Prints one line per step, "STEP PROGRAMMED
# ERASED" (bytes, blocks), from step 0 (before the first marker) to the
# step after the last one. Anything else, other banks included, is skipped.

function hex(s,    i, v) {
	v = 0
	s = tolower(s)
	sub(/^0x/, "", s)
	for (i = 1; i <= length(s); i++)
		v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
	return v
}

# The value of "name:value" among the fields.
function field(name,    i) {
	for (i = 3; i <= NF; i++)
		if (index($i, name ":") == 1)
			return substr($i, length(name) + 2)
	return ""
}

BEGIN { step = 0 }

$2 != bank ":" { next }

$1 == "pflash_write_block_erase" {
	off = hex(field("offset"))
	if (off < base || off >= end)
		step++
	else
		erased[step]++
}

$1 == "pflash_data_write" || $1 == "pflash_data_write_block" {
	off = hex(field("offset"))
	if (off >= base && off < end)
		programmed[step] += field("size")
}

END {
	for (i = 0; i <= step; i++)
		printf "%d %d %d\n", i, programmed[i], erased[i]
}
