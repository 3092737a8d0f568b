#!/usr/bin/env bash
# Builds the Spherule kernel for a board, cached by a content hash of every
# input outside the clone, so an unchanged kernel is never rebuilt.
#
#   scripts/build-kernel.sh [--variant NAME] BOARD OUTDIR
#
# Inputs hashed: the Debian linux-source tarball (its package version and
# size), the config fragments of the variant, kernel/patches/*.patch, the
# overlay trees kernel/security/, kernel/fs/ and kernel/include/, the
# littlefs core lfs/*.c lfs/*.h (copied into fs/littlefs/core/: the kernel
# builds the same sources as the host tools), the variant and this script.
# The result (xipImage, vmlinux, .config, System.map) is kept in
# $SPHERULE_CACHE/kernel/<hash>/ and copied to OUTDIR.
#
# Variants (docs/kernel-configs.md):
#   default  the production kernel: base, board and lsm fragments
#   test     the production kernel plus kernel/config/test.config (KUnit
#            and the Spherule LSM's KUnit tests), booted by make test only
#            to run them
#   nolsm    the production kernel without the Spherule LSM, the baseline
#            of `make bench`
#   diag     the production kernel plus kernel/config/diag.config (SLUB
#            allocation traces, page_owner), for bench/footprint.sh
#   jffs2    the production kernel plus kernel/config/jffs2.config (jffs2
#            with its default compressors), for bench/littlefs_vs_jffs2.sh
set -euo pipefail

variant=default
if [[ ${1:-} == --variant ]]; then
	variant=$2
	shift 2
fi
if [[ $# -ne 2 || ${1:-} == --help ]]; then
	echo "usage: $0 [--variant default|test|nolsm|diag|jffs2] BOARD OUTDIR" >&2
	exit 2
fi
board=$1
outdir=$2
top=$(cd "$(dirname "$0")/.." && pwd)
cache=${SPHERULE_CACHE:-$HOME/.cache/spherule}
tarball=/usr/src/linux-source-6.1.tar.xz
cross=arm-linux-gnueabihf-

[[ -f $tarball ]] || { echo "build-kernel: $tarball missing: run scripts/deps.sh (package linux-source-6.1)" >&2; exit 1; }
board_frag=$top/kernel/config/board-$board.config
[[ -f $board_frag ]] || { echo "build-kernel: unknown board '$board': no $board_frag" >&2; exit 1; }

frags=("$top/kernel/config/base.config" "$board_frag")
case $variant in
default) frags+=("$top/kernel/config/lsm.config") ;;
test) frags+=("$top/kernel/config/lsm.config" "$top/kernel/config/test.config") ;;
diag) frags+=("$top/kernel/config/lsm.config" "$top/kernel/config/diag.config") ;;
jffs2) frags+=("$top/kernel/config/lsm.config" "$top/kernel/config/jffs2.config") ;;
nolsm) ;;
*) echo "build-kernel: unknown variant '$variant'" >&2; exit 2 ;;
esac

hash=$( {
	echo "variant=$variant board=$board"
	dpkg-query -W -f='${Version}\n' linux-source-6.1 2>/dev/null || true
	stat -c %s "$tarball"
	arm-linux-gnueabihf-gcc --version | head -1
	cat "${frags[@]}" "$0" "$top/scripts/check-lsm-facilities.sh" "$top/kernel/config/lsm-facilities.list"
	for d in patches security fs include; do
		if [[ -d $top/kernel/$d ]]; then find "$top/kernel/$d" -type f; fi
	done | LC_ALL=C sort | while read -r f; do echo "${f#$top/}"; cat "$f"; done
	printf '%s\n' "$top"/lfs/*.c "$top"/lfs/*.h | LC_ALL=C sort |
		while read -r f; do echo "${f#$top/}"; cat "$f"; done
} | sha256sum | cut -c1-16)

# The kernel's own make runs with its own -j: when this script is called
# from a make recipe, the caller's jobserver is not ours to use.
unset MAKEFLAGS MFLAGS MAKELEVEL

result=$cache/kernel/$hash
mkdir -p "$cache/kernel"
exec 9>"$cache/kernel/.lock"
flock 9
if [[ ! -f $result/xipImage ]]; then
	work=$cache/build/$hash
	rm -rf "$work"
	mkdir -p "$work/obj"
	echo "build-kernel: building $board kernel ($variant) $hash (a few minutes, cached afterwards)"
	tar -C "$work" -xf "$tarball"
	src=$work/linux-source-6.1
	for p in "$top"/kernel/patches/*.patch; do
		[[ -e $p ]] || continue
		patch -s -p1 -d "$src" < "$p"
	done
	for d in security fs include; do
		if [[ -d $top/kernel/$d ]]; then cp -r "$top/kernel/$d/." "$src/$d/"; fi
	done
	mkdir -p "$src/fs/littlefs/core"
	cp "$top"/lfs/*.c "$top"/lfs/*.h "$src/fs/littlefs/core/"
	make -s -C "$src" O="$work/obj" ARCH=arm CROSS_COMPILE=$cross tinyconfig >/dev/null
	ARCH=arm "$src/scripts/kconfig/merge_config.sh" -m -O "$work/obj" "$work/obj/.config" "${frags[@]}" >"$work/merge.log"
	make -s -C "$src" O="$work/obj" ARCH=arm CROSS_COMPILE=$cross olddefconfig >/dev/null
	# Every option the fragments ask for must have survived olddefconfig,
	# those they turn off included.
	missing=0
	for f in "${frags[@]}"; do
		while read -r line; do
			case $line in
			CONFIG_*=*) grep -qxF -- "$line" "$work/obj/.config" || { echo "build-kernel: $line did not take (dependencies?)" >&2; missing=1; } ;;
			"# CONFIG_"*" is not set")
				opt=${line#"# "}
				opt=${opt%% *}
				! grep -q "^$opt=" "$work/obj/.config" || { echo "build-kernel: $line did not take (selected by another option?)" >&2; missing=1; } ;;
			esac
		done < "$f"
	done
	[[ $missing -eq 0 ]] || exit 1
	if [[ $variant != nolsm ]]; then
		bash "$top/scripts/check-lsm-facilities.sh" "$work/obj/.config"
	fi
	make -C "$src" O="$work/obj" ARCH=arm CROSS_COMPILE=$cross -j"$(nproc)" xipImage >"$work/build.log" 2>&1 \
		|| { tail -40 "$work/build.log" >&2; echo "build-kernel: failed, full log in $work/build.log" >&2; exit 1; }
	mkdir -p "$result.tmp"
	cp "$work/obj/arch/arm/boot/xipImage" "$work/obj/vmlinux" "$work/obj/.config" "$work/obj/System.map" "$result.tmp/"
	mv "$result.tmp" "$result"
	rm -rf "$work"
fi
mkdir -p "$outdir"
for f in xipImage vmlinux .config System.map; do
	cp -p "$result/$f" "$outdir/"
done
echo "$hash" > "$outdir/kernel.hash"
