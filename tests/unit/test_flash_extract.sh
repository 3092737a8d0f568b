#!/usr/bin/env bash
# test_flash_extract.sh - `spherule flash build --storage-root` and `spherule
# flash extract` on the host, with a stand-in OS (--os-dir, --rootfs-dir: no
# kernel needed): the data partition is a littlefs that fsck.littlefs reads
# with the board's geometry (256 KiB blocks, 64 of them) and whose --list and
# --extract give back the tree, as littlefs-fuse does (when the host has
# FUSE); without --storage-root it stays erased, and so do osstage and OS
# slot B; an app
# slot extracts as the package followed by erased flash; refusals (unknown
# partition, missing or short flash file, a tree too large, a FIFO or a
# symlink in it) say why in one line, exit 1 and leave no output behind; so
# do apps whose storage quotas are past the budgets of the board.conf in
# --rootfs-dir (or its defaults), with appmgr's reasons.
set -u
cd "$(dirname "$0")/../.."
. tests/unit/littlefs_tools_lib.bash
. tests/unit/cli_lib.bash
LFS_BIN=$(realpath "$LFS_BIN")
S=$LFS_BIN/spherule
FSCK=$LFS_BIN/fsck.littlefs
T=$(mktemp -d /tmp/test_flash_extract.XXXXXX)
trap 'fuse_cleanup; rm -rf "$T"' EXIT
cd "$T" || exit 1
MiB=$((1 << 20))
BLOCK_SIZE=262144 # QEMU virt's pflash erase sector (hw/arm/virt.c)
BLOCK_COUNT=64    # the 16 MiB data partition

# erased FILE: FILE is not empty and every byte of it is 0xFF
erased() { [[ -s $1 && $(tr -d '\377' <"$1" | wc -c) -eq 0 ]]; }

# A stand-in OS: the flash build only places these bytes.
mkdir -p os rootfs/sbin
printf 'boot stub' >os/boot.bin
printf 'device tree' >os/board.dtb
printf 'kernel' >os/xipImage
printf 'appmgr' >rootfs/sbin/appmgr
build=(flash build --os-dir os --rootfs-dir rootfs --trust-key dev.key.pub)

run keygen --output dev.key
tap_check "a signing key" test $rc -eq 0
mkdir -p app/bin
printf '#!/bin/true\n' >app/bin/hello
chmod 755 app/bin/hello
cat >app_manifest.json <<'JSON'
{ "SchemaVersion": 1, "Name": "hello", "ComponentId": "20733d53-e646-4e2c-99ba-4ea9de6638e1",
  "EntryPoint": "/bin/hello", "Capabilities": {} }
JSON
run image-package pack-application --package-directory app --manifest app_manifest.json --key dev.key \
	--output hello.imagepackage
tap_check "an app package" test $rc -eq 0

tap_check "flash build --help names --storage-root" bash -c "'$S' flash build --help | grep -q -- '--storage-root DIR'"
tap_check "flash extract --help" bash -c "'$S' flash extract --help | head -1 |
	grep -qx 'usage: spherule flash extract --flash FLASH --partition NAME --output IMAGE'"
tap_check "flash extract --help gives the data partition's geometry" bash -c "'$S' flash extract --help |
	grep -qF 'fsck.littlefs --block-size $BLOCK_SIZE --block-count $BLOCK_COUNT IMAGE'"

# --- a flash with a storage tree: data is a littlefs holding the tree -----
# With 256 KiB blocks each directory takes two blocks and each file longer
# than the 256-byte cache (not inline) whole blocks: a tree of every kind
# that fits the 64 blocks.
mkdir -p storage/docs/deep storage/"empty dir" storage/many
: >"storage/empty file"
echo "hello littlefs" >storage/docs/hello.txt
deterministic_bytes 1 4096 >"storage/docs/one block"
deterministic_bytes 2 $((BLOCK_SIZE - 1)) >"storage/docs/almost a block"
deterministic_bytes 3 700000 >storage/docs/deep/large.bin
for ((i = 0; i < 40; i++)); do
	deterministic_bytes $((100 + i)) $((i * 6)) >"storage/many/file-$i"
done
run "${build[@]}" --output device.flash --app hello.imagepackage --storage-root storage
tap_check "flash build --storage-root" bash -c "[[ $rc -eq 0 ]] && grep -q ', storage from storage$' out"
run flash extract --flash device.flash --partition data --output data.img
tap_check "flash extract --partition data" bash -c "[[ $rc -eq 0 ]] &&
	grep -qx 'partition data of device.flash (16777216 bytes at 0x05000000) written to data.img' out"
tap_check "the data image is the whole partition" test "$(stat -c %s data.img)" -eq $((16 * MiB))
tap_check "the data image is the flash file's bytes at the partition" \
	cmp data.img <(dd if=device.flash bs=$MiB skip=80 count=16 status=none)
tap_check "fsck.littlefs checks it with 64 blocks of 256 KiB" bash -c "'$FSCK' --block-size $BLOCK_SIZE \
	--block-count $BLOCK_COUNT data.img | grep -qx 'data.img: consistent: 5 directories, 45 files, .* of 64 blocks in use'"
tap_check "another block size finds no superblock" bash -c "! '$FSCK' --block-size 4096 data.img 2>/dev/null"
"$FSCK" --block-size $BLOCK_SIZE --block-count $BLOCK_COUNT --list data.img | LC_ALL=C sort >listing
expected_listing storage >expected
tap_check "fsck.littlefs --list: the tree's paths and sizes" diff -u expected listing
tap_check "fsck.littlefs --extract" "$FSCK" --block-size $BLOCK_SIZE --block-count $BLOCK_COUNT --extract back data.img
tap_check "the extracted tree equals the storage tree" diff -r storage back
if fuse_usable; then
	cp data.img fuse.img
	mkdir mnt
	tap_check "littlefs-fuse mounts it" fuse_mount fuse.img mnt fuse.log --block-size $BLOCK_SIZE
	tap_check "littlefs-fuse: 64 blocks of 256 KiB" bash -c "[[ \$(stat -f -c '%S %b' mnt) == '$BLOCK_SIZE $BLOCK_COUNT' ]]"
	tap_check "littlefs-fuse: the tree equals the storage tree" diff -r storage mnt
	tap_check "littlefs-fuse unmounts" fuse_unmount
else
	tap_skip "no /dev/fuse: littlefs-fuse not tried"
fi

# --- other partitions ------------------------------------------------------
run flash extract --flash device.flash --partition app0 --output app0.img
tap_check "flash extract --partition app0: one 1 MiB slot" \
	bash -c "[[ $rc -eq 0 && \$(stat -c %s app0.img) -eq $MiB ]]"
size=$(stat -c %s hello.imagepackage)
tap_check "app0 starts with the package, byte for byte" cmp -n "$size" app0.img hello.imagepackage
tail -c +$((size + 1)) app0.img >app0.rest
tap_check "app0 is erased after the package" erased app0.rest
run flash extract --flash device.flash --partition app15 --output app15.img
tap_check "the last app slot is erased" erased app15.img
run flash extract --flash device.flash --partition dtb --output dtb.img
tap_check "flash extract --partition dtb: starts with the device tree" bash -c "[[ $rc -eq 0 &&
	\$(stat -c %s dtb.img) -eq $((256 * 1024)) ]] && cmp -n 11 dtb.img os/board.dtb"

run "${build[@]}" --output plain.flash
run flash extract --flash plain.flash --partition data --output plain-data.img
tap_check "without --storage-root the data partition is erased" erased plain-data.img
run flash extract --flash plain.flash --partition osstage --output plain-osstage.img
tap_check "the OS staging partition is erased" erased plain-osstage.img
tap_check "the flash file is 192 MiB, OS slot B (its last 64 MiB) erased" bash -c "
	[[ \$(stat -c %s plain.flash) -eq $((192 * MiB)) ]] &&
	[[ \$(dd if=plain.flash bs=$MiB skip=128 status=none | tr -d '\\377' | wc -c) -eq 0 ]]"

# --- refusals: one line, exit 1, nothing written ---------------------------
LABELS="boot, dtb, kernel, rootfs, osdesc, app0, app1, app2, app3, app4, app5, app6, app7, app8, app9, app10, app11, app12, app13, app14, app15, data, osstage"
tap_check "an unknown partition lists the partitions" fails_with \
	"spherule: flash extract: no partition 'app16' in the qemu-armv7 layout; the partitions: $LABELS" \
	flash extract --flash device.flash --partition app16 --output x.img
tap_check "a missing flash file" fails_with "spherule: flash extract: none.flash: No such file or directory" \
	flash extract --flash none.flash --partition data --output x.img
head -c $((64 * MiB)) device.flash >short.flash
tap_check "a short flash file says the size expected" fails_with \
	"spherule: flash extract: short.flash: 67108864 bytes, a qemu-armv7 flash image has 201326592 (make one with 'spherule flash build')" \
	flash extract --flash short.flash --partition data --output x.img
tap_check "extract needs --partition" fails_with \
	"spherule: flash extract: --partition NAME is required (see --help)" \
	flash extract --flash device.flash --output x.img
tap_check "a refused extract writes nothing" bash -c "! ls x.img* 2>/dev/null"

# refused_build LINE ROOT: flash build --storage-root ROOT exits 1 with LINE
# and leaves neither the flash file nor its temporary file.
refused_build() {
	fails_with "$1" "${build[@]}" --output refused.flash --storage-root "$2" || return 1
	! ls refused.flash* 2>/dev/null
}
mkdir big
truncate -s $((17 * MiB)) big/huge.bin
tap_check "a tree larger than the data partition" refused_build \
	"spherule: flash build: data partition (64 blocks of 256 KiB): writing /huge.bin: No space left on device" big
mkdir -p fifo/sub
echo data >fifo/sub/file
mkfifo fifo/sub/pipe
tap_check "a FIFO in the tree" refused_build "spherule: flash build: fifo/sub/pipe: not a regular file or directory" fifo
mkdir link
ln -s /etc/hostname link/name
tap_check "a symlink in the tree" refused_build "spherule: flash build: link/name: not a regular file or directory" link
tap_check "a storage root that does not exist" refused_build \
	"spherule: flash build: nowhere: No such file or directory" nowhere
tap_check "a refused build keeps an older flash file" bash -c "cp device.flash keep.flash &&
	! '$S' ${build[*]} --output keep.flash --storage-root big 2>/dev/null && cmp -s keep.flash device.flash"

# --- the apps' storage quotas against board.conf's budgets -----------------
# stored N KB: packs stored-N.imagepackage, an app with N's own component id
# and MutableStorage of KB KiB.
stored() {
	sed "s/\"hello\"/\"stored-$1\"/; s/4ea9de6638e1/0000000000$(printf %02d "$1")/;
	     s/\"Capabilities\": {}/\"Capabilities\": {\"MutableStorage\": {\"SizeKB\": $2}}/" \
		app_manifest.json >stored-$1.json &&
		"$S" image-package pack-application --package-directory app --manifest stored-$1.json \
			--key dev.key --output stored-$1.imagepackage >/dev/null
}
for n in 1 2 3 4 5 6 7 8 9; do stored "$n" 64 || break; done
stored 10 8 && stored 11 8
tap_check "apps with storage packed" test -s stored-9.imagepackage -a -s stored-11.imagepackage
apps=()
for n in 1 2 3 4 5 6 7 8; do apps+=(--app "stored-$n.imagepackage"); done
run "${build[@]}" --output stored.flash "${apps[@]}"
tap_check "no board.conf: 8 apps of 64 KiB fill the default 512 KiB" test $rc -eq 0
tap_check "a ninth is refused with appmgr's reason" fails_with \
	"spherule: flash build: stored-9.imagepackage: its storage quota of 64 KiB would take the apps' storage to 576 KiB, past the board's budget of 512 KiB (app_storage_total_kib in /etc/spherule/board.conf) (use --force to install it anyway)" \
	"${build[@]}" --output refused.flash "${apps[@]}" --app stored-9.imagepackage
tap_check "the refused build writes nothing" bash -c "! ls refused.flash* 2>/dev/null"
mkdir -p tight/sbin tight/etc/spherule
cp rootfs/sbin/appmgr tight/sbin/
printf 'app_storage_kib=8\napp_storage_total_kib=12\n' >tight/etc/spherule/board.conf
tight=(flash build --os-dir os --rootfs-dir tight --trust-key dev.key.pub --output tight.flash)
tap_check "the rootfs's board.conf: 8 + 8 KiB past its 12 KiB" fails_with \
	"spherule: flash build: stored-11.imagepackage: its storage quota of 8 KiB would take the apps' storage to 16 KiB, past the board's budget of 12 KiB (app_storage_total_kib in /etc/spherule/board.conf) (use --force to install it anyway)" \
	"${tight[@]}" --app stored-10.imagepackage --app hello.imagepackage --app stored-11.imagepackage
tap_check "its per-app maximum: 64 KiB past 8" fails_with \
	"spherule: flash build: stored-1.imagepackage: its storage quota of 64 KiB is more than one app may have, 8 KiB (app_storage_kib in /etc/spherule/board.conf) (use --force to install it anyway)" \
	"${tight[@]}" --app stored-1.imagepackage
run "${tight[@]}" --app stored-10.imagepackage --app stored-11.imagepackage --force
tap_check "--force installs them anyway, with a warning" bash -c "[[ $rc -eq 0 ]] && grep -qx \
	'spherule: flash build: warning: stored-11.imagepackage: its storage quota of 8 KiB .* (installed anyway: --force)' err"
printf 'app_storage_total_kib=16\nbogus=1\n' >tight/etc/spherule/board.conf
run "${tight[@]}" --app stored-10.imagepackage --app stored-11.imagepackage
tap_check "a bad board.conf line: a warning, the others apply (16 KiB: both fit)" bash -c "[[ $rc -eq 0 ]] &&
	grep -qx 'spherule: flash build: warning: tight/etc/spherule/board.conf: 1 lines ignored (as the device does), first: line 2: unknown key .bogus.' err"
tap_done
