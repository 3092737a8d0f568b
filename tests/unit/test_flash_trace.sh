#!/usr/bin/env bash
# bench/flash_trace.awk, the count of bytes programmed and blocks erased
# that bench/littlefs_vs_jffs2.sh reads from QEMU's pflash trace: on a made
# trace, programs and erases inside the partition are counted per step,
# erases of the bank outside it are markers that end a step, and programs
# outside it or on another bank are not counted; and QEMU still has the
# trace events the bench enables. Boots nothing.
set -u
cd "$(dirname "$0")/../.."
# TAP reporting: tap_check NAME COMMAND..., tap_done.
. tests/unit/littlefs_tools_lib.bash
tmp=$(mktemp -d /tmp/test_flash_trace.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

cat >"$tmp/trace" <<'TRACE'
pflash_reset virt.flash1: reset
pflash_data_write_block virt.flash1: data offset:0x1000000 size:4 value:0x20031985 counter:0x0000000000000002
pflash_write_block_erase virt.flash1: block erase offset:0xf00000 bytes:0x40000
pflash_write_block_erase virt.flash1: block erase offset:0x1fc0000 bytes:0x40000
pflash_data_write_block virt.flash1: data offset:0x1fc0000 size:4 value:0x1 counter:0x0000000000000001
pflash_data_write_block virt.flash1: data offset:0x1FC0004 size:4 value:0x2 counter:0x0000000000000000
pflash_data_write virt.flash1: data offset:0x1000010 size:2 value:0x3 counter:0x0000000000000000
pflash_data_write_block virt.flash1: data offset:0xf00000 size:4 value:0x4 counter:0x0000000000000000
pflash_data_write_block virt.flash0: data offset:0x1000000 size:4 value:0x5 counter:0x0000000000000000
pflash_write_block_erase virt.flash0: block erase offset:0x0 bytes:0x40000
pflash_write_block_erase virt.flash1: block erase offset:0xf00000 bytes:0x40000
pflash_write_block_erase virt.flash1: block erase offset:0x1000000 bytes:0x40000
pflash_data_write_block virt.flash1: data offset:0x2000000 size:4 value:0x6 counter:0x0000000000000000
pflash_write_block_erase virt.flash1: block erase offset:0xf00000 bytes:0x40000
TRACE
awk -v bank=virt.flash1 -v base=$((0x1000000)) -v end=$((0x2000000)) -f bench/flash_trace.awk "$tmp/trace" >"$tmp/steps"
step() { grep -qxF "$1" "$tmp/steps"; }
tap_check "one line per step, markers included" bash -c "[[ \$(wc -l <'$tmp/steps') -eq 4 ]]"
tap_check "step 0: a program before the first marker" step "0 4 0"
tap_check "step 1: buffered and one-word programs, an erase, in the partition" step "1 10 1"
tap_check "step 2: an erase; the partition's end and another bank are not counted" step "2 0 1"
tap_check "step 3: nothing after the last marker" step "3 0 0"
for event in pflash_data_write pflash_data_write_block pflash_write_block_erase; do
	tap_check "QEMU has trace event $event" bash -c "qemu-system-arm -trace help 2>/dev/null | grep -qx $event"
done
tap_done
