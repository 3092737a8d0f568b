#!/usr/bin/env bash
# The kernel's littlefs beside jffs2 on the same "data" partition (make
# bench; docs/littlefs.md "Beside jffs2" has the method and the figures).
# Boots with bench/fsbench-init as PID 1 (its own root filesystem, the
# filesystem named in etc/fsbench), at --memory BENCH_FS_RAM_MIB (default 4,
# the device's RAM), with --icount (the guest clock counts instructions:
# host load does not move the times) and no NIC:
#  - the production kernel, init only: the baseline of the RAM at boot;
#  - the jffs2 kernel (build-kernel.sh --variant jffs2: the production
#    kernel plus jffs2 with its default compressors) twice with littlefs,
#    twice with jffs2, on one flash image per filesystem: the first boot
#    mounts the erased partition and writes the workload
#    (bench/fsbench-init/workload.h), the second mounts it with the
#    workload's files and opens 128 one-line files written after it.
# Prints one table with littlefs, jffs2 and their ratio: RAM at boot, RAM
# added by mounting the partition (erased, and with the workload's files),
# RAM per open file, write throughput, bytes programmed and blocks erased
# for the workload and for formatting and mounting.
#
# Bytes programmed and blocks erased are counted by QEMU itself: its
# qemu-system-arm runs through a wrapper in a directory put first in PATH
# that adds "-trace pflash_data_write* -trace pflash_write_block_erase"
# with the log written to a file per boot, and the init's markers (erases
# of partition app15) split the trace by step. Nothing is gated on a
# figure: the script fails only when a boot, a mount or the workload fails.
set -euo pipefail
cd "$(dirname "$0")/.."
SPHERULE=out/bin/spherule
work=$(mktemp -d /tmp/spherule-fsbench.XXXXXX)
export SPHERULE_STATE_DIR=$work/state
trap '"$SPHERULE" emulator stop --force >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
ram_mib=${BENCH_FS_RAM_MIB:-4}
jffs2_os=out/os/qemu-armv7-jffs2

bash scripts/build-kernel.sh --variant jffs2 qemu-armv7 "$jffs2_os" >/dev/null
cp out/os/qemu-armv7/boot.bin out/os/qemu-armv7/board.dtb "$jffs2_os/"
"$SPHERULE" keygen --output "$work/bench.key" >/dev/null

# QEMU with its flash trace, to FSBENCH_TRACE (an absolute path: QEMU
# changes to / when it detaches).
mkdir -p "$work/bin"
cat >"$work/bin/qemu-system-arm" <<EOF
#!/bin/sh
exec $(command -v qemu-system-arm) -trace 'pflash_data_write*' -trace pflash_write_block_erase -D "\$FSBENCH_TRACE" "\$@"
EOF
chmod +x "$work/bin/qemu-system-arm"

. bench/bench_lib.sh

# run FS OS_DIR N: boots the init with etc/fsbench saying FS on the kernel
# of OS_DIR, from $work/FS.flash (made at N=1, kept for N=2); keeps the
# console in $work/FS-N.console and QEMU's flash trace in $work/FS-N.trace.
run() {
	local fs=$1 os=$2 n=$3
	if [[ $n == 1 ]]; then
		cp -a out/bench/fsbench-rootfs "$work/rootfs-$fs"
		echo "$fs" >"$work/rootfs-$fs/etc/fsbench"
		"$SPHERULE" flash build --output "$work/$fs.flash" --trust-key "$work/bench.key.pub" \
			--rootfs-dir "$work/rootfs-$fs" --os-dir "$os" >/dev/null
	fi
	if ! FSBENCH_TRACE=$work/$fs-$n.trace PATH=$work/bin:$PATH \
		bench_boot "$work/$fs.flash" "$ram_mib" "^fsbench: (done|failed)" 900 --icount >/dev/null; then
		echo "littlefs vs jffs2: boot $n of $fs did not finish; its console:" >&2
		tail -20 "$BENCH_CONSOLE" >&2
		exit 1
	fi
	# The init powers off by itself; QEMU's end flushes the trace.
	"$SPHERULE" emulator stop --timeout 120 >/dev/null 2>&1 || true
	tr -d '\r' <"$BENCH_CONSOLE" >"$work/$fs-$n.console"
	if grep -q "^fsbench: failed" "$work/$fs-$n.console"; then
		echo "littlefs vs jffs2: $(grep -m1 "^fsbench: failed" "$work/$fs-$n.console") ($fs, boot $n)" >&2
		exit 1
	fi
}

run none out/os/qemu-armv7 1
for fs in littlefs jffs2; do
	run "$fs" "$jffs2_os" 1
	run "$fs" "$jffs2_os" 2
done

# ram BOOT LABEL KEY: a figure (KiB) of the init's "fsbench: ram LABEL" line
# on the console of BOOT (FS-N).
ram() { bench_ram_figure "$work/$1.console" fsbench "$2" "$3"; }

# grew KEY BOOT LABEL [BOOT2] LABEL2: how much a figure grew from one
# snapshot to another, of the same boot or of BOOT2 (KiB).
grew() {
	local key=$1 boot=$2 label=$3 boot2=$2
	shift 3
	[[ $# -eq 1 ]] || boot2=$1
	echo $(($(ram "$boot2" "${!#}" "$key") - $(ram "$boot" "$label" "$key")))
}

# taken BOOT LABEL [BOOT2] LABEL2: the RAM taken from one snapshot to the
# other (KiB): what left the free lists.
taken() { echo $((-$(grew free_kib "$@"))); }

# breakdown BOOT LABEL LABEL2: where the RAM taken between two snapshots went.
breakdown() {
	echo "slab +$(grew slab_kib "$@") KiB (unreclaimable +$(grew sunreclaim_kib "$@"))," \
		"vmalloc +$(grew vmalloc_kib "$@") KiB (kernel stacks +$(grew kernel_stack_kib "$@"))"
}

# flash BOOT: "PROGRAMMED_MOUNT ERASED_MOUNT PROGRAMMED_WORKLOAD
# ERASED_WORKLOAD" from its trace: bytes programmed and blocks erased in the
# data partition between the markers start and mounted (step 1), and
# mounted and written (step 2).
flash() {
	local part
	# bank, offset in it (as QEMU's trace gives offsets) and size
	read -r -a part < <(awk '$1 == "part" && $2 == "data" { print $3, $4, $5 }' kernel/board/qemu-armv7/flash.layout)
	awk -v bank="virt.flash${part[0]}" -v base=$((part[1])) -v end=$((part[1] + part[2])) \
		-f bench/flash_trace.awk "$work/$1.trace" |
		awk '{ f[$1] = $2 " " $3 } END { print f[1], f[2] }'
}

kib() { printf '%.1f' "$(echo "$1 / 1024" | bc -l)"; }

# RAM at boot. littlefs allocates nothing at boot (it registers its type):
# its .data and .bss symbols (lfsvfs_*, the core's lfs_*). jffs2: what the
# jffs2 kernel has taken, idle before anything is mounted, more than the
# production kernel at the same point; its .data and .bss are what the
# jffs2 kernel has more.
lfs_static=0
while read -r size; do
	lfs_static=$((lfs_static + 16#$size))
done < <(arm-linux-gnueabihf-nm -S "$jffs2_os/vmlinux" | awk '$3 ~ /^[dDbB]$/ && $4 ~ /^(lfsvfs|lfs)_/ { print $2 }')
data_bss() { arm-linux-gnueabihf-size "$1" | awk 'NR == 2 { print $2 + $3 }'; }
jffs2_static=$(($(data_bss "$jffs2_os/vmlinux") - $(data_bss out/os/qemu-armv7/vmlinux)))
declare -A boot
boot[littlefs]=$(printf '%.2f' "$(echo "$lfs_static / 1024" | bc -l)")
boot[jffs2]=$(taken none-1 boot jffs2-1 boot)

declare -A mount_empty boot_mount mount_full per_file kibps prog_mount erase_mount prog_work erase_work
for fs in littlefs jffs2; do
	mount_empty[$fs]=$(taken "$fs-1" before-mount mounted)
	boot_mount[$fs]=$(echo "${boot[$fs]} + ${mount_empty[$fs]}" | bc)
	mount_full[$fs]=$(taken "$fs-2" before-mount mounted)
	files=$(sed -n 's/^fsbench: open files=//p' "$work/$fs-2.console")
	per_file[$fs]=$(($(taken "$fs-2" mounted opened) * 1024 / files))
	read -r bytes usec < <(sed -n 's/^fsbench: workload bytes=\([0-9]*\) usec=\([0-9]*\)$/\1 \2/p' "$work/$fs-1.console")
	kibps[$fs]=$((bytes * 1000000 / 1024 / usec))
	read -r prog_mount[$fs] erase_mount[$fs] prog_work[$fs] erase_work[$fs] < <(flash "$fs-1")
	prog_mount[$fs]=$(kib "${prog_mount[$fs]}")
	prog_work[$fs]=$(kib "${prog_work[$fs]}")
done

# row NAME ARRAY: one line of the table, littlefs, jffs2 and littlefs / jffs2.
row() {
	local -n figure=$2
	local ratio=-
	if [[ $(echo "${figure[jffs2]} != 0" | bc) == 1 ]]; then
		ratio=$(printf '%.3f' "$(echo "${figure[littlefs]} / ${figure[jffs2]}" | bc -l)")
	fi
	printf '%-56s %9s %9s %8s\n' "$1" "${figure[littlefs]}" "${figure[jffs2]}" "$ratio"
}

echo "== littlefs beside jffs2 on the data partition (16 MiB, 64 blocks of 256 KiB), --memory $ram_mib, --icount"
echo "workload: $bytes bytes of incompressible data: 32 files of 4 KiB, one file of 1 MiB in 4 KiB writes, sync"
printf '%-56s %9s %9s %8s\n' "" littlefs jffs2 ratio
row "RAM at boot (KiB)" boot
row "RAM added by mounting the erased partition (KiB)" mount_empty
row "RAM at boot + mount (KiB)" boot_mount
row "RAM added by mounting it with the workload's files (KiB)" mount_full
row "RAM per open file (bytes, $files one-line files held)" per_file
row "write throughput (KiB/s, guest clock)" kibps
row "bytes programmed by the workload (KiB)" prog_work
row "blocks erased by the workload" erase_work
row "bytes programmed formatting and mounting (KiB)" prog_mount
row "blocks erased formatting and mounting" erase_mount
echo "RAM at boot: littlefs $lfs_static bytes of .data/.bss, no allocation; jffs2 $jffs2_static bytes of .data/.bss," \
	"vmalloc +$(grew vmalloc_kib none-1 boot jffs2-1 boot) KiB (zlib's workspaces)," \
	"slab +$(grew slab_kib none-1 boot jffs2-1 boot) KiB; the jffs2 kernel's other boots:" \
	"$(for b in jffs2-2 littlefs-1 littlefs-2; do printf '%s ' "$(taken none-1 boot "$b" boot)"; done)KiB"
for fs in littlefs jffs2; do
	echo "$fs: mounting the erased partition: $(breakdown "$fs-1" before-mount mounted);" \
		"with the files: $(breakdown "$fs-2" before-mount mounted);" \
		"opening $files files: $(breakdown "$fs-2" mounted opened)"
done
grep -m1 -o "littlefs: data mounted: .*" "$work/littlefs-1.console" || true
