#!/usr/bin/env bash
# FUSE round trip of the littlefs host tools: a directory tree copied into an
# image mounted with littlefs-fuse is listed and extracted identically by
# fsck.littlefs after unmounting; the common file operations work through
# the mount. Never leaves a mount behind, even when a step fails.
set -u
source "$(dirname "$0")/littlefs_tools_lib.bash"

if ! fuse_usable; then
	tap_skip "no /dev/fuse"
	tap_done
	exit
fi

work=$(mktemp -d)
mnt=$work/mnt
cleanup() {
	fuse_cleanup
	rm -rf "$work"
}
trap cleanup EXIT

make_sample_tree "$work/src"
img=$work/flash.img
mkdir "$mnt"
"$LFS_BIN/mkfs.littlefs" --block-size 4096 --block-count 1024 "$img"

# mount_image: mounts the image with --stats (to $work/fuse-stats).
mount_image() { fuse_mount "$img" "$mnt" "$work/fuse-stats" --block-size 4096 --stats; }

tap_check "littlefs-fuse mounts the image" mount_image
tap_check "a second mount of the same image is refused" bash -c \
	'err=$("$1" --block-size 4096 --foreground "$2" "$3" 2>&1 >/dev/null)
	[[ $? -ne 0 ]] && grep -q "^littlefs-fuse: $2: busy" <<<"$err"' \
	_ "$LFS_BIN/littlefs-fuse" "$img" "$work"
tap_check "cp -r copies a tree in" cp -r "$work/src/." "$mnt/"
tap_check "the mounted tree equals the source" diff -r "$work/src" "$mnt"

# Common operations, mirrored on a plain copy of the tree so the final
# comparison covers their results too.
cp -r "$work/src" "$work/model"
both() { (cd "$mnt" && eval "$1") && (cd "$work/model" && eval "$1"); }
tap_check "mkdir and create" both 'mkdir -p new/dir && echo created >new/dir/file'
tap_check "append" both 'echo appended >>docs/hello.txt'
tap_check "overwrite in the middle" both \
	'printf XYZ | dd of=bin/large.bin bs=1 seek=70000 conv=notrunc status=none'
tap_check "truncate shorter and longer" both \
	'truncate -s 5000 bin/large.bin && truncate -s 9000 "bin/one block"'
tap_check "rename a file over another" both 'mv many/file-1 many/file-2'
tap_check "rename a directory" both 'mv "docs/deep" "moved deep"'
tap_check "unlink and rmdir" both 'rm many/file-3 && rmdir "empty dir"'
tap_check "rmdir of a non-empty directory fails" bash -c '! rmdir "$1/many" 2>/dev/null' _ "$mnt"
tap_check "stat reports the size of a file" \
	test "$(stat -c %s "$mnt/bin/large.bin")" -eq 5000
tap_check "df reports the flash geometry" bash -c \
	'[[ $(stat -f -c "%S %b" "$1") == "4096 1024" ]]' _ "$mnt"
tap_check "the mount reflects every operation" diff -r "$work/model" "$mnt"
tap_check "littlefs-fuse unmounts and exits cleanly" fuse_unmount
tap_check "littlefs-fuse --stats reports programmed bytes at unmount" \
	grep -qE '^bytes programmed: [1-9][0-9]*$' "$work/fuse-stats"

tap_check "fsck accepts the image written through FUSE" bash -c \
	'"$1" --block-size 4096 "$2" >/dev/null' _ "$LFS_BIN/fsck.littlefs" "$img"
"$LFS_BIN/fsck.littlefs" --block-size 4096 --list "$img" | LC_ALL=C sort >"$work/listing"
expected_listing "$work/model" >"$work/expected"
tap_check "fsck --list matches the tree" diff -u "$work/expected" "$work/listing"
tap_check "fsck --extract reproduces the tree" bash -c \
	'"$1" --block-size 4096 --extract "$2/out" "$3" && diff -r "$2/model" "$2/out"' \
	_ "$LFS_BIN/fsck.littlefs" "$work" "$img"

tap_check "the image mounts again with its content" mount_image
tap_check "the remounted tree is unchanged" diff -r "$work/model" "$mnt"
tap_check "littlefs-fuse unmounts again" fuse_unmount

tap_done
