#!/usr/bin/env bash
# Tests of the littlefs host tools mkfs.littlefs and fsck.littlefs: an image
# made from a directory tree lists and extracts identically, corruption and
# misuse are reported with a clear one-line reason, --stats reports counters.
set -u
source "$(dirname "$0")/littlefs_tools_lib.bash"
mkfs=$LFS_BIN/mkfs.littlefs
fsck=$LFS_BIN/fsck.littlefs
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

geometry=(--block-size 4096 --block-count 1024)
make_sample_tree "$work/src"
img=$work/flash.img

# --- usage and option errors -------------------------------------------
for tool in "$mkfs" "$fsck" "$LFS_BIN/littlefs-fuse"; do
	tap_check "$(basename "$tool") --help prints usage" \
		bash -c '"$1" --help | grep -q "^Usage: $(basename "$1") "' _ "$tool"
done
# expect_error NAME PATTERN COMMAND...: COMMAND fails with one stderr line
# (plus an optional "Try ... --help" hint) that matches PATTERN.
expect_error() {
	local name=$1 pattern=$2 err rc
	shift 2
	err=$("$@" 2>&1 >/dev/null)
	rc=$?
	tap_check "$name" bash -c '[[ $1 -ne 0 ]] && grep -v "^Try " <<<"$2" | grep -qE "$3" &&
		[[ $(grep -vc "^Try " <<<"$2") -eq 1 ]]' _ "$rc" "$err" "$pattern"
}
expect_error "mkfs without an image" '^mkfs\.littlefs: .*IMAGE' "$mkfs" "${geometry[@]}"
expect_error "mkfs without a block count" '^mkfs\.littlefs: .*--block-count' \
	"$mkfs" --block-size 4096 "$img"
expect_error "mkfs with a bad block size" "^mkfs\.littlefs: --block-size: 'four' is not a size" \
	"$mkfs" --block-size four --block-count 16 "$img"
expect_error "mkfs with an unknown option" '^mkfs\.littlefs: .*--colour' \
	"$mkfs" --colour "${geometry[@]}" "$img"
expect_error "mkfs with a cache size that does not divide the block" '^mkfs\.littlefs: .*cache' \
	"$mkfs" --block-size 4096 --block-count 16 --cache-size 3000 "$img"
expect_error "mkfs --root of a missing directory" "^mkfs\.littlefs: $work/nope: No such file" \
	"$mkfs" "${geometry[@]}" --root "$work/nope" "$img"
expect_error "fsck of a missing image" "^fsck\.littlefs: $work/missing\.img: No such file" \
	"$fsck" --block-size 4096 "$work/missing.img"
expect_error "fsck without --block-size" '^fsck\.littlefs: .*--block-size' "$fsck" "$img"

# --- mkfs --root, then fsck --list and --extract reproduce the tree ------
tap_check "mkfs --root builds the image" "$mkfs" "${geometry[@]}" --root "$work/src" "$img"
tap_check "the image is block size times block count, erased elsewhere" \
	test "$(stat -c %s "$img")" -eq $((4096 * 1024))
tap_check "fsck accepts the image" bash -c '"$1" --block-size 4096 "$2" >/dev/null' _ "$fsck" "$img"
tap_check "fsck accepts the image with its block count" bash -c \
	'"$1" --block-size 4096 --block-count 1024 "$2" | grep -q "consistent: 8 directories, 127 files"' \
	_ "$fsck" "$img"
"$fsck" --block-size 4096 --list "$img" | LC_ALL=C sort >"$work/listing"
expected_listing "$work/src" >"$work/expected"
tap_check "fsck --list prints every path with its size" diff -u "$work/expected" "$work/listing"
tap_check "fsck --extract succeeds" "$fsck" --block-size 4096 --extract "$work/out" "$img"
tap_check "the extracted tree equals the source tree" diff -r "$work/src" "$work/out"
expect_error "fsck --extract refuses to overwrite files" "^fsck\.littlefs: $work/out/.*: File exists" \
	"$fsck" --block-size 4096 --extract "$work/out" "$img"

# --- --stats -------------------------------------------------------------
"$mkfs" "${geometry[@]}" --root "$work/src" --stats "$work/stats.img" >"$work/mkfs-stats"
"$fsck" --block-size 4096 --stats "$work/stats.img" >"$work/fsck-stats"
stat_value() { awk -v k="$2" '$0 ~ "^"k":" { print $NF }' "$1"; }
tap_check "mkfs --stats counts programmed and erased bytes" bash -c \
	'[[ $1 -ge $3 && $2 -ge 4096 && $(($2 % 4096)) -eq 0 ]]' _ \
	"$(stat_value "$work/mkfs-stats" 'bytes programmed')" \
	"$(stat_value "$work/mkfs-stats" 'bytes erased')" "$(du -sb "$work/src/bin" | cut -f1)"
tap_check "fsck --stats reads every file and programs nothing" bash -c \
	'[[ $1 -ge $3 && $2 -eq 0 ]]' _ \
	"$(stat_value "$work/fsck-stats" 'bytes read')" \
	"$(stat_value "$work/fsck-stats" 'bytes programmed')" "$(du -sb "$work/src/bin" | cut -f1)"
tap_check "--stats reports the peak RAM of the core" bash -c '[[ $1 -gt 0 ]]' _ \
	"$(stat_value "$work/fsck-stats" 'peak RAM bytes')"

# --- mkfs refusals --------------------------------------------------------
mkdir -p "$work/odd/sub"
ln -s target "$work/odd/sub/link"
expect_error "mkfs refuses a symbolic link in --root" \
	"^mkfs\.littlefs: $work/odd/sub/link: not a regular file or directory" \
	"$mkfs" "${geometry[@]}" --root "$work/odd" "$work/odd.img"
tap_check "a refused mkfs leaves no image behind" test ! -e "$work/odd.img"
expect_error "mkfs reports a tree that does not fit" '^mkfs\.littlefs: .*No space left' \
	"$mkfs" --block-size 4096 --block-count 16 --root "$work/src" "$work/small.img"
tap_check "a failed mkfs leaves no image behind" test ! -e "$work/small.img"

# --- corrupt images --------------------------------------------------------
cp "$img" "$work/nosuper.img"
dd if=/dev/zero of="$work/nosuper.img" bs=4096 count=2 conv=notrunc status=none
expect_error "fsck rejects an image without a superblock" \
	"^fsck\.littlefs: $work/nosuper\.img: .*(mount|superblock)" \
	"$fsck" --block-size 4096 "$work/nosuper.img"
expect_error "fsck rejects an image of the wrong block size" \
	"^fsck\.littlefs: $work/flash\.img: " "$fsck" --block-size 512 "$img"
head -c 5000 "$img" >"$work/short.img"
expect_error "fsck rejects an image that is not whole blocks" \
	"^fsck\.littlefs: $work/short\.img: .*block" "$fsck" --block-size 4096 "$work/short.img"
# Destroy every metadata block of the directory docs/deep (the blocks holding
# the names of its entries): the mount (which follows the chain of all
# metadata pairs) or the walk of that directory must fail.
cp "$img" "$work/nodir.img"
for off in $(grep -obUa 'numbers\.txt' "$work/nodir.img" | cut -d: -f1); do
	dd if=/dev/zero of="$work/nodir.img" bs=4096 seek=$((off / 4096)) count=1 \
		conv=notrunc status=none
done
expect_error "fsck rejects an image whose directory metadata is destroyed" \
	"^fsck\.littlefs: $work/nodir\.img: (/docs/deep: |mount failed: )" "$fsck" --block-size 4096 "$work/nodir.img"

tap_done
