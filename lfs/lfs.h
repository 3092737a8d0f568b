/*
 * lfs.h - public API of Spherule's portable littlefs core.
 *
 * Written for Spherule from the published littlefs on-disk specification of
 * disk version 2.1 (0x00020001): SPEC.md of littlefs v2.6.0, the release that
 * introduced that version,
 * https://github.com/littlefs-project/littlefs/blob/v2.6.0/SPEC.md ("SPEC" in
 * the comments of lfs/, each file naming the sections it follows). Images are
 * meant to be bit-compatible with it. The core implements metadata pairs and
 * their commits (CRC and FCRC tags), directories and the threaded list of
 * pairs, inline and CTZ files, global state (moves, orphans) and custom
 * attributes; it never writes superblock expansion (the root pair is always
 * {0, 1}) and reading an expanded image is untested (docs/littlefs.md, "What
 * the core implements", has the table).
 *
 * The core needs no libc beyond memcpy/memset/memcmp/strlen/strncmp, reached
 * through lfs_port.h (the only file of the core that includes system headers,
 * with a branch for the Linux kernel), allocates memory only through the hook
 * in struct lfs_config (or uses caller-provided buffers), never recurses and
 * keeps a bounded stack (both checked by the device build, lfs/module.mk).
 * Every function returns 0 (or a byte count / a position) on success and a
 * negative errno value on failure.
 *
 * Threading: an lfs_t and its open files/dirs must be used by one thread at a
 * time (the caller serialises).
 */
#ifndef SPHERULE_LFS_H
#define SPHERULE_LFS_H

#include "lfs_port.h"

#ifdef __cplusplus
extern "C" {
#endif

/* On-disk version this core writes (major 2, minor 1) and can read (2.0, 2.1). */
#define LFS_DISK_VERSION 0x00020001u

typedef uint32_t lfs_block_t;
typedef uint32_t lfs_off_t;
typedef uint32_t lfs_size_t;
typedef int32_t lfs_soff_t;
typedef int32_t lfs_ssize_t;

/* Error codes: negative Linux errno values (numbers fixed here so the core
 * does not depend on any libc's errno.h). */
enum lfs_error {
	LFS_ERR_OK = 0,
	LFS_ERR_NOENT = -2,         /* no such file or directory */
	LFS_ERR_IO = -5,            /* block device error */
	LFS_ERR_BADF = -9,          /* bad or closed file, wrong open mode */
	LFS_ERR_NOMEM = -12,        /* allocation hook failed or missing */
	LFS_ERR_EXIST = -17,        /* entry already exists */
	LFS_ERR_NOTDIR = -20,       /* a path component is not a directory */
	LFS_ERR_ISDIR = -21,        /* entry is a directory */
	LFS_ERR_INVAL = -22,        /* invalid argument, bad config, not littlefs */
	LFS_ERR_FBIG = -27,         /* file larger than file_max */
	LFS_ERR_NOSPC = -28,        /* no free blocks left */
	LFS_ERR_NAMETOOLONG = -36,  /* name longer than name_max */
	LFS_ERR_NOTEMPTY = -39,     /* directory not empty */
	LFS_ERR_NODATA = -61,       /* attribute not present */
	LFS_ERR_OVERFLOW = -75,     /* value too large (attribute > attr_max) */
	LFS_ERR_NOBUFS = -105,      /* more blocks in flight than LFS_PINNED_MAX */
	LFS_ERR_CORRUPT = -117,     /* corrupted filesystem (EUCLEAN, as Linux fs) */
};

/* Entry types reported in struct lfs_info (the SPEC's name-tag chunk values). */
enum lfs_type {
	LFS_TYPE_REG = 0x001,
	LFS_TYPE_DIR = 0x002,
};

/* lfs_file_open flags (values are this API's, not on-disk). */
enum lfs_open_flags {
	LFS_O_RDONLY = 1,
	LFS_O_WRONLY = 2,
	LFS_O_RDWR = 3,
	LFS_O_CREAT = 0x0100,
	LFS_O_EXCL = 0x0200,
	LFS_O_TRUNC = 0x0400,
	LFS_O_APPEND = 0x0800,
};

/* lfs_file_seek whence. */
enum lfs_whence {
	LFS_SEEK_SET = 0,
	LFS_SEEK_CUR = 1,
	LFS_SEEK_END = 2,
};

/* Limits of the on-disk format (SPEC: 10-bit tag length, 0x3ff = deleted). */
#define LFS_NAME_MAX_LIMIT 1022u
#define LFS_ATTR_MAX_LIMIT 1022u
#define LFS_FILE_MAX_LIMIT 2147483647u
#define LFS_NAME_MAX_DEFAULT 255u

struct lfs_config {
	/* Opaque pointer handed back to the block-device callbacks. */
	void *context;

	/* Read `size` bytes at `off` in `block`; off and size are multiples of
	 * read_size. Return 0 or a negative errno. */
	int (*read)(const struct lfs_config *c, lfs_block_t block, lfs_off_t off,
		    void *buffer, lfs_size_t size);
	/* Program an erased region; off and size are multiples of prog_size.
	 * Return 0, LFS_ERR_CORRUPT or LFS_ERR_IO for a bad block (the core
	 * moves the data elsewhere), or another negative errno. */
	int (*prog)(const struct lfs_config *c, lfs_block_t block, lfs_off_t off,
		    const void *buffer, lfs_size_t size);
	/* Erase a block. Same error convention as prog. */
	int (*erase)(const struct lfs_config *c, lfs_block_t block);
	/* Make everything programmed so far durable. */
	int (*sync)(const struct lfs_config *c);

	/* Geometry. block_size must be a multiple of read_size and prog_size,
	 * at least 128 bytes; prog_size at most 512; cache_size a multiple of
	 * both and a divisor of block_size; lookahead_size a multiple of 8
	 * (bytes of bitmap, 8 blocks per byte). block_count 0 at mount takes
	 * the count from the superblock. */
	lfs_size_t read_size;
	lfs_size_t prog_size;
	lfs_size_t block_size;
	lfs_size_t block_count;
	/* Erase cycles after which a metadata pair is moved to other blocks
	 * (dynamic wear leveling; the superblock pair {0,1} stays); -1
	 * disables it, 0 is invalid. */
	int32_t block_cycles;
	lfs_size_t cache_size;
	lfs_size_t lookahead_size;

	/* Limits stored in the superblock; 0 selects the default (255 for
	 * names, LFS_FILE_MAX_LIMIT, LFS_ATTR_MAX_LIMIT). */
	lfs_size_t name_max;
	lfs_size_t file_max;
	lfs_size_t attr_max;

	/* Optional static buffers: read_buffer and prog_buffer of cache_size
	 * bytes, lookahead_buffer of lookahead_size bytes. A NULL buffer is
	 * taken from the allocation hook at mount/format time. */
	void *read_buffer;
	void *prog_buffer;
	void *lookahead_buffer;

	/* Optional allocation hook (NULL: only static buffers may be used).
	 * alloc returns NULL on failure; free receives the size allocated. */
	void *(*alloc)(void *alloc_context, lfs_size_t size);
	void (*free)(void *alloc_context, void *ptr, lfs_size_t size);
	void *alloc_context;
};

/* Information about an entry (lfs_stat, lfs_dir_read). */
struct lfs_info {
	uint8_t type;                       /* LFS_TYPE_REG or LFS_TYPE_DIR */
	lfs_size_t size;                    /* file size, 0 for directories */
	char name[LFS_NAME_MAX_LIMIT + 1];  /* NUL-terminated */
};

/* Filesystem figures (lfs_fs_stat). */
struct lfs_fsinfo {
	uint32_t disk_version;
	lfs_size_t block_size;
	lfs_size_t block_count;
	lfs_size_t blocks_used;  /* same count as lfs_fs_size */
	lfs_size_t name_max;
	lfs_size_t file_max;
	lfs_size_t attr_max;
};

/* Counters kept by the core for tools and benchmarks (lfs_fs_counters).
 * RAM counts every byte the core holds: sizeof(lfs_t), the caches and
 * lookahead buffer (static or allocated), open files (struct + cache) and
 * open dirs; stack_bytes_max is the core's documented worst-case stack. */
struct lfs_counters {
	uint64_t bytes_read;        /* through the read callback */
	uint64_t bytes_programmed;  /* through the prog callback */
	uint64_t bytes_erased;      /* erase calls * block_size */
	uint64_t erases;            /* erase calls */
	uint64_t bad_blocks;        /* prog/erase failures relocated */
	lfs_size_t ram_bytes;       /* held now */
	lfs_size_t ram_peak_bytes;  /* largest ram_bytes since mount/format */
	lfs_size_t stack_bytes_max;
	lfs_size_t pinned_peak;     /* most blocks pinned at once (LFS_PINNED_MAX) */
};

/* ---- internal state; the layout below is private to the core. ---- */

typedef struct lfs_cache {
	lfs_block_t block;  /* LFS_BLOCK_NULL when empty */
	lfs_off_t off;
	lfs_size_t size;
	uint8_t *buffer;
} lfs_cache_t;

#define LFS_BLOCK_NULL 0xffffffffu

typedef struct lfs_mdir {
	lfs_block_t pair[2];  /* pair[0] holds the newest revision */
	uint32_t rev;
	lfs_off_t off;        /* end of the last valid commit in pair[0] */
	uint32_t etag;        /* XOR chain value for the next tag */
	uint16_t count;       /* number of ids */
	bool erased : 1;      /* the rest of pair[0] may be appended to */
	bool split : 1;       /* tail is a hard tail (same directory) */
	bool has_gdelta : 1;  /* the log holds a global-state delta */
	bool has_attrs : 1;   /* the log holds user attributes */
	lfs_block_t tail[2];
} lfs_mdir_t;

typedef struct lfs_gstate {
	uint32_t tag;         /* move tag and orphan count (SPEC: move state) */
	lfs_block_t pair[2];
} lfs_gstate_t;

/* Open files and dirs are linked so ids stay right when a commit moves them. */
struct lfs_handle {
	struct lfs_handle *next;
	uint16_t id;
	uint8_t type;         /* LFS_TYPE_REG, LFS_TYPE_DIR, or internal */
	lfs_mdir_t m;
};

typedef struct lfs_file {
	struct lfs_handle h;
	lfs_block_t ctz_head;
	lfs_size_t ctz_size;
	uint32_t flags;
	lfs_off_t pos;
	lfs_block_t block;    /* block being written (index windex) */
	lfs_off_t off;        /* write offset inside block */
	lfs_block_t wprev;    /* block windex - 1 of the list being written */
	lfs_off_t windex;
	lfs_cache_t cache;
	bool cache_owned;     /* cache buffer came from the allocation hook */
} lfs_file_t;

typedef struct lfs_dir {
	struct lfs_handle h;
	lfs_off_t pos;
	lfs_block_t head[2];
} lfs_dir_t;

/* Most blocks an operation can have pinned at once. A metadata block the
 * operation allocated stays pinned (marked in use by every allocation scan)
 * until a commit on disk references it; a commit that lands in its own
 * pair does that for all of them, and the pins are dropped. Until then an
 * operation pins:
 *   2  the new pair of lfs_mkdir, linked by its next commit;
 *   3  for each pair moved to new blocks in a row: the moved pair's new
 *      block and, when the same compaction splits it, the new pair of its
 *      upper half. A pair moves instead of landing when wear leveling is
 *      due at that compaction or a block fails (bad block); the commit
 *      re-linking it in its parent or predecessor may move too, and so on
 *      up to the root pair, which never moves;
 *   2  the upper half split off by the commit that lands.
 * A block that fails is unpinned when given up, so bad blocks add nothing.
 * The limit allows four moves in a row, 2 + 3 * 4 + 2 = 16 (one move
 * needs a failed block or a pair at its wear-leveling point; four in one
 * operation need four). Past it the operation fails with LFS_ERR_NOBUFS
 * before writing the block it cannot pin; the disk is as after a power cut
 * at that point and the next write repairs it. */
#define LFS_PINNED_MAX 16

typedef struct lfs {
	const struct lfs_config *cfg;
	lfs_cache_t rcache;
	lfs_cache_t pcache;
	lfs_block_t root[2];
	lfs_size_t block_count;  /* from the superblock (may grow) */
	struct lfs_handle *handles;
	lfs_gstate_t gstate;   /* current global state */
	lfs_gstate_t gdisk;    /* global state as committed on disk */
	lfs_gstate_t gdelta;   /* delta not yet written anywhere */
	struct {
		lfs_block_t start;
		lfs_block_t next;
		lfs_block_t size;
		lfs_block_t ckpoint;
		uint8_t *buffer;
	} lookahead;
	lfs_block_t pinned[LFS_PINNED_MAX]; /* blocks in flight, not yet reachable on disk */
	uint8_t npinned;
	uint32_t seed;
	lfs_size_t name_max;
	lfs_size_t file_max;
	lfs_size_t attr_max;
	lfs_size_t inline_max;
	uint32_t disk_version;
	uint8_t owned;         /* which buffers came from the allocation hook */
	bool mounted;
	bool repairing;        /* orphan repair running: no wear-leveling moves */
	struct lfs_counters counters;
} lfs_t;

/* ---- errors of the calls below ----
 *
 * A call returns 0 on success (or the count, position or flag noted at
 * it) and a negative enum lfs_error value on failure. Besides the errors
 * listed at each call:
 * - lfs_unmount, the lfs_fs_* calls but the counters, and every call that
 *   takes a path fail with LFS_ERR_BADF on an lfs_t that is not mounted,
 *   the lfs_file_* calls but the opens on a file that is not open;
 * - a call that reads metadata can fail with LFS_ERR_CORRUPT (a metadata
 *   pair that fails its checks, a reference outside the device) and with
 *   any error of the read callback;
 * - a call marked "writes" can also fail with LFS_ERR_NOSPC (no free
 *   block), LFS_ERR_NOBUFS (more blocks in flight than LFS_PINNED_MAX) and
 *   any error of the prog, erase or sync callbacks other than a bad block
 *   (LFS_ERR_CORRUPT or LFS_ERR_IO from prog/erase: the core moves the
 *   data and goes on). It first finishes what a power cut left pending (a
 *   rename, orphaned directories), so it may write even when it then fails.
 *   A write that fails leaves the disk as a power cut at that point would:
 *   consistent, with or without the change.
 * Paths are '/'-separated, relative to the root whether or not they start
 * with '/'; "." and ".." components are resolved (".." of the root is the
 * root). A path through a missing directory fails with LFS_ERR_NOENT,
 * through a file with LFS_ERR_NOTDIR. */

/* ---- filesystem ---- */

/* Format the device described by cfg: write an empty root directory with
 * the superblock into blocks 0 and 1 (erasing both). Other blocks are not
 * touched; whatever they held is unreachable afterwards. lfs is scratch
 * state, not mounted on return. Errors: LFS_ERR_INVAL (cfg breaks a rule
 * of struct lfs_config, or fewer than 4 blocks), LFS_ERR_NOMEM (a buffer
 * is missing and the allocation hook failed), errors of the callbacks (a
 * bad block 0 or 1 fails the format: the superblock cannot move). */
int lfs_format(lfs_t *lfs, const struct lfs_config *cfg);
/* Mount the littlefs on the device described by cfg, which must outlive the
 * mount: find the superblock, check it against cfg (cfg->block_count 0
 * takes the count from the superblock), gather the global state and set up
 * the allocator. Reads only; a pending repair waits for the first write.
 * Errors: LFS_ERR_CORRUPT (no valid superblock or metadata pair: not a
 * littlefs, or damaged), LFS_ERR_INVAL (cfg breaks a rule of struct
 * lfs_config, or the superblock's version is not 2.0/2.1, its block size
 * or count differs from cfg, or its limits are out of range),
 * LFS_ERR_NOMEM, errors of the read callback. On failure lfs is left
 * unmounted with its buffers released. */
int lfs_mount(lfs_t *lfs, const struct lfs_config *cfg);
/* Unmount, releasing the buffers taken from the allocation hook. Close
 * open files first: what they have not synced is dropped. Errors: only
 * LFS_ERR_BADF when not mounted. */
int lfs_unmount(lfs_t *lfs);

/* Fill info with the filesystem's version, geometry, limits and the blocks
 * in use (counted by walking all metadata, as lfs_fs_size). */
int lfs_fs_stat(lfs_t *lfs, struct lfs_fsinfo *info);
/* Number of blocks in use (metadata pairs and the data of synced files),
 * found by walking all metadata. Returns the count or an error. */
lfs_ssize_t lfs_fs_size(lfs_t *lfs);
/* Writes. Finish pending moves/orphan repair and compact metadata pairs
 * that are more than half full or cannot be appended to, so that later
 * commits append instead of compacting. */
int lfs_fs_gc(lfs_t *lfs);
/* Writes. Grow the filesystem to block_count blocks (the device must
 * already be that large): the new count is committed to the superblock.
 * The same count does nothing; shrinking fails with LFS_ERR_INVAL. */
int lfs_fs_grow(lfs_t *lfs, lfs_size_t block_count);
/* Copy the I/O, RAM and pin counters into out. Cannot fail. */
void lfs_fs_counters(const lfs_t *lfs, struct lfs_counters *out);
/* Reset the I/O counters and pinned_peak, and set ram_peak_bytes to
 * ram_bytes. Cannot fail. */
void lfs_fs_counters_reset(lfs_t *lfs);

/* ---- files ---- */

/* Open the file at path into the caller's file struct, with its cache of
 * cfg->cache_size bytes taken from the allocation hook. flags: one of
 * LFS_O_RDONLY, LFS_O_WRONLY, LFS_O_RDWR, plus LFS_O_CREAT (create a
 * missing file; the call then writes), LFS_O_EXCL (with CREAT: fail if it
 * exists), LFS_O_TRUNC (with write access: start empty) and LFS_O_APPEND
 * (every write goes to the end). Opening with write access writes (pending
 * repairs). The file stays on the lfs_t's list of open handles until
 * lfs_file_close. Errors: LFS_ERR_INVAL (no access mode, unknown flags),
 * LFS_ERR_NOENT (missing, without CREAT), LFS_ERR_EXIST (CREAT|EXCL and it
 * exists), LFS_ERR_ISDIR (a directory, or the root), LFS_ERR_NAMETOOLONG
 * (creating a name longer than name_max), LFS_ERR_NOMEM (no hook or it
 * failed), LFS_ERR_FBIG (an inline file larger than cache_size). */
int lfs_file_open(lfs_t *lfs, lfs_file_t *file, const char *path, int flags);
/* lfs_file_open with a caller buffer of cfg->cache_size bytes for the
 * file's cache, which must outlive the open file (NULL: use the hook). */
int lfs_file_opencfg(lfs_t *lfs, lfs_file_t *file, const char *path, int flags,
		     void *buffer);
/* Sync a file opened for writing (lfs_file_sync: writes), then close it and
 * release its cache, also when the sync fails. Returns the sync's error;
 * LFS_ERR_BADF when the file is not open. */
int lfs_file_close(lfs_t *lfs, lfs_file_t *file);
/* Writes, when anything is pending. Make the file's writes and truncation
 * durable: finish the data blocks and commit the new size and content in
 * one atomic commit (a power cut leaves the old file or the new one). A
 * file whose entry was removed while open is no longer saved. Errors:
 * LFS_ERR_BADF when the file is not open. */
int lfs_file_sync(lfs_t *lfs, lfs_file_t *file);
/* Read up to size bytes at the file position into buffer and advance the
 * position. Returns the bytes read, fewer at the end of the file, 0 past
 * it. Writes not yet synced are read back (finishing them may write).
 * Errors: LFS_ERR_BADF (not open, or opened without read access). */
lfs_ssize_t lfs_file_read(lfs_t *lfs, lfs_file_t *file, void *buffer, lfs_size_t size);
/* Write size bytes from buffer at the file position (at the end with
 * LFS_O_APPEND) and advance it; a position past the end first fills the
 * gap with zeros. The data goes to new blocks (copy-on-write) and becomes
 * part of the file on disk at lfs_file_sync or lfs_file_close. Returns
 * size. Errors: LFS_ERR_BADF (not open, or opened without write access),
 * LFS_ERR_FBIG (the file would exceed file_max), LFS_ERR_NOSPC, errors of
 * the prog and erase callbacks other than a bad block. */
lfs_ssize_t lfs_file_write(lfs_t *lfs, lfs_file_t *file, const void *buffer,
			   lfs_size_t size);
/* Set the file position to off from the start (LFS_SEEK_SET), the current
 * position (LFS_SEEK_CUR) or the end (LFS_SEEK_END); it may lie past the
 * end. Returns the new position. Moving away from a write in progress
 * finishes its block list (may write). Errors: LFS_ERR_BADF (not open),
 * LFS_ERR_INVAL (unknown whence, a negative position or one past
 * file_max). */
lfs_soff_t lfs_file_seek(lfs_t *lfs, lfs_file_t *file, lfs_soff_t off, int whence);
/* The file position, or LFS_ERR_BADF when the file is not open. */
lfs_soff_t lfs_file_tell(lfs_t *lfs, lfs_file_t *file);
/* The file's size including writes not yet synced, or LFS_ERR_BADF when
 * the file is not open. */
lfs_soff_t lfs_file_size(lfs_t *lfs, lfs_file_t *file);
/* The data blocks a file of size bytes holds: 0 when it fits inline in its
 * metadata pair (size <= inline_max, which lfs_file_truncate keeps true:
 * a file cut that short is inline again), else its CTZ skip-list's blocks.
 * For accounting such as quotas (docs/littlefs.md); needs a mounted lfs. */
lfs_size_t lfs_file_blocks(const lfs_t *lfs, lfs_size_t size);
/* Cut the file to size bytes, or extend it with zeros; the position does
 * not change. Like a write, it becomes part of the file on disk at
 * lfs_file_sync or lfs_file_close. Errors: LFS_ERR_BADF (not open, or
 * opened without write access), LFS_ERR_FBIG (size past file_max), errors
 * of writing the zeros. */
int lfs_file_truncate(lfs_t *lfs, lfs_file_t *file, lfs_off_t size);

/* ---- directories and names ---- */

/* Writes. Create an empty directory at path (its parent must exist).
 * Errors: LFS_ERR_EXIST (path exists, or is the root),
 * LFS_ERR_NAMETOOLONG (last component longer than name_max). */
int lfs_mkdir(lfs_t *lfs, const char *path);
/* Open the directory at path ("/" for the root) for lfs_dir_read into the
 * caller's dir struct, which stays on the lfs_t's list of open handles
 * until lfs_dir_close. Errors: LFS_ERR_NOENT, LFS_ERR_NOTDIR (path is a
 * file). */
int lfs_dir_open(lfs_t *lfs, lfs_dir_t *dir, const char *path);
/* Read the next entry into info: "." and ".." first, then the entries in
 * name order. Returns 1 with info filled, 0 at the end, or an error. */
int lfs_dir_read(lfs_t *lfs, lfs_dir_t *dir, struct lfs_info *info);
/* Go back to the first entry ("."). Errors: reading the directory's first
 * pair. */
int lfs_dir_rewind(lfs_t *lfs, lfs_dir_t *dir);
/* Close the directory (take it off the list of open handles). Returns 0. */
int lfs_dir_close(lfs_t *lfs, lfs_dir_t *dir);

/* Writes. Remove the file or empty directory at path. Files still open on
 * it stay usable but are no longer saved. Errors: LFS_ERR_NOENT,
 * LFS_ERR_NOTEMPTY (a directory with entries), LFS_ERR_INVAL (the
 * root). */
int lfs_remove(lfs_t *lfs, const char *path);
/* Writes. Rename oldpath to newpath atomically (a power cut leaves the
 * entry under one of the names, never both or neither). An existing
 * newpath is replaced: a file by a file, an empty directory by a
 * directory. Renaming onto itself does nothing; open files follow the
 * entry. Errors: LFS_ERR_NOENT (oldpath, or newpath's parent, missing),
 * LFS_ERR_ISDIR (a file onto a directory), LFS_ERR_NOTDIR (a directory
 * onto a file), LFS_ERR_NOTEMPTY (onto a directory with entries),
 * LFS_ERR_NAMETOOLONG (new name longer than name_max), LFS_ERR_INVAL
 * (either path is the root, or a directory into itself). */
int lfs_rename(lfs_t *lfs, const char *oldpath, const char *newpath);
/* Fill info with the type, size and name of the entry at path (the root:
 * a directory named "/"). Errors: LFS_ERR_NOENT. */
int lfs_stat(lfs_t *lfs, const char *path, struct lfs_info *info);

/* ---- custom attributes (SPEC: user-attr tags, type 0..255) ---- */

/* Copy at most size bytes of the attribute `type` of the entry at path
 * (the root's are kept on the superblock entry) into buffer. Returns the
 * attribute's full size, which may exceed size. Errors: LFS_ERR_NODATA
 * (not set), LFS_ERR_NOENT. */
lfs_ssize_t lfs_getattr(lfs_t *lfs, const char *path, uint8_t type, void *buffer,
			lfs_size_t size);
/* Writes. Set the attribute `type` of the entry at path to size bytes of
 * buffer (0 bytes is an empty attribute), replacing any previous value,
 * in one atomic commit. Errors: LFS_ERR_OVERFLOW (size past attr_max),
 * LFS_ERR_NOENT. */
int lfs_setattr(lfs_t *lfs, const char *path, uint8_t type, const void *buffer,
		lfs_size_t size);
/* Writes. Remove the attribute `type` of the entry at path; 0 also when it
 * was not set. Errors: LFS_ERR_NOENT. */
int lfs_removeattr(lfs_t *lfs, const char *path, uint8_t type);

#ifdef __cplusplus
}
#endif

#endif
