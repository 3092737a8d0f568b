# Shared by the littlefs host-tool tests (test_littlefs_tools.sh,
# test_littlefs_fuse.sh, test_flash_extract.sh): TAP reporting, a
# deterministic sample directory tree, the listing fsck.littlefs --list is
# expected to print for a tree, and littlefs-fuse mounts.
# Sourced, not run: it is not a test of its own.

LFS_BIN=${OUT:-out}/bin
tap_count=0
tap_failed=0

# tap_check NAME COMMAND...: runs COMMAND, prints "ok N - NAME" or "not ok".
tap_check() {
	local name=$1
	shift
	tap_count=$((tap_count + 1))
	if "$@"; then
		echo "ok $tap_count - $name"
	else
		echo "not ok $tap_count - $name"
		tap_failed=$((tap_failed + 1))
	fi
}

tap_skip() {
	tap_count=$((tap_count + 1))
	echo "ok $tap_count - # SKIP $1"
}

tap_done() {
	echo "1..$tap_count"
	[[ $tap_failed -eq 0 ]]
}

# deterministic_bytes SEED COUNT: COUNT pseudo-random bytes, the same for
# the same SEED on every run.
deterministic_bytes() {
	local key
	key=$(printf '%032x' "$1")
	openssl enc -aes-128-ctr -nosalt -K "$key" -iv 00000000000000000000000000000000 \
		-in /dev/zero 2>/dev/null | head -c "$2"
}

# make_sample_tree DIR: nested directories, an empty directory, empty,
# inline-sized, block-sized and multi-block files, names with spaces, and a
# directory with enough entries to need more than one metadata pair.
make_sample_tree() {
	local dir=$1 i
	mkdir -p "$dir/docs/deep/er/still" "$dir/empty dir" "$dir/many" "$dir/bin"
	: >"$dir/empty file"
	echo "hello littlefs" >"$dir/docs/hello.txt"
	deterministic_bytes 1 4096 >"$dir/bin/one block"
	deterministic_bytes 2 4095 >"$dir/bin/almost a block"
	deterministic_bytes 3 200000 >"$dir/bin/large.bin"
	deterministic_bytes 4 37 >"$dir/docs/deep/er/still/leaf"
	seq 1 20000 >"$dir/docs/deep/numbers.txt"
	for ((i = 0; i < 120; i++)); do
		deterministic_bytes $((100 + i)) $((i * 13)) >"$dir/many/file-$i"
	done
}

# expected_listing DIR: what fsck.littlefs --list prints for a filesystem
# holding the tree at DIR, sorted: "dir<TAB>/path" or "SIZE<TAB>/path".
expected_listing() {
	(cd "$1" && find . -mindepth 1 \( -type d -printf 'dir\t/%P\n' \) -o \
		\( -type f -printf '%s\t/%P\n' \)) | LC_ALL=C sort
}

# littlefs-fuse mounts, one at a time, never left behind.
fuse_pid=
fuse_mnt=

# fuse_usable: this host can mount with FUSE.
fuse_usable() {
	[[ -c /dev/fuse ]] && command -v fusermount3 >/dev/null
}

# fuse_mount IMAGE MOUNTPOINT LOG ARGS...: starts littlefs-fuse ARGS
# --foreground IMAGE MOUNTPOINT in the background of the script (stdout to
# LOG, stderr to LOG.err) and waits until the mount is there.
fuse_mount() {
	local image=$1 log=$3 i
	fuse_mnt=$2
	shift 3
	"$LFS_BIN/littlefs-fuse" "$@" --foreground "$image" "$fuse_mnt" >"$log" 2>"$log.err" &
	fuse_pid=$!
	for ((i = 0; i < 100; i++)); do
		mountpoint -q "$fuse_mnt" && return 0
		kill -0 "$fuse_pid" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

# fuse_unmount: unmounts and waits for littlefs-fuse to exit cleanly.
fuse_unmount() {
	fusermount3 -u "$fuse_mnt" || return 1
	local rc=0
	wait "$fuse_pid" || rc=$?
	fuse_pid=
	return $rc
}

# fuse_cleanup: for the EXIT trap. Also detaches a mount whose daemon died
# (stat on it fails then).
fuse_cleanup() {
	if [[ -n $fuse_mnt ]] && grep -qF " $fuse_mnt fuse" /proc/self/mounts; then
		fusermount3 -u -z "$fuse_mnt"
	fi
	if [[ -n $fuse_pid ]] && kill -0 "$fuse_pid" 2>/dev/null; then
		kill "$fuse_pid"
		wait "$fuse_pid"
	fi
}
