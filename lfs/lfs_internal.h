/*
 * lfs_internal.h - definitions shared by the files of the littlefs core:
 * on-disk tag layout (SPEC "Metadata tags" / "Metadata types"), byte-order
 * and bit helpers, and the prototypes each core file exports to the others.
 * Not part of the public API.
 */
#ifndef SPHERULE_LFS_INTERNAL_H
#define SPHERULE_LFS_INTERNAL_H

#include "lfs.h"

/* ---- SPEC "Metadata tags": [valid:1][type3:11][id:10][length:10] ---- */
#define LFS_MKTAG(type, id, size) \
	(((uint32_t)(type) << 20) | ((uint32_t)(id) << 10) | (uint32_t)(size))
#define LFS_TAG_VALID_BIT 0x80000000u
#define LFS_ID_NONE 0x3ffu       /* id of directory/global tags */
#define LFS_SIZE_DELETED 0x3ffu  /* length value of a deleted tag */
#define LFS_MASK_TYPE1_ID 0x700ffc00u  /* abstract type + id */
#define LFS_MASK_TYPE3_ID 0x7ffffc00u  /* full type + id */

/* SPEC "Metadata types" (type3 values; type1 is the top 3 bits). */
enum lfs_tag_type {
	LFS_T_NAME = 0x000,
	LFS_T_REG = 0x001,
	LFS_T_DIR = 0x002,
	LFS_T_SUPERBLOCK = 0x0ff,
	LFS_T_STRUCT = 0x200,
	LFS_T_DIRSTRUCT = 0x200,
	LFS_T_INLINESTRUCT = 0x201,
	LFS_T_CTZSTRUCT = 0x202,
	LFS_T_USERATTR = 0x300,
	LFS_T_SPLICE = 0x400,
	LFS_T_CREATE = 0x401,
	LFS_T_DELETE = 0x4ff,
	LFS_T_CRC = 0x500,
	LFS_T_FCRC = 0x5ff,
	LFS_T_TAIL = 0x600,
	LFS_T_SOFTTAIL = 0x600,
	LFS_T_HARDTAIL = 0x601,
	LFS_T_GSTATE = 0x700,
	LFS_T_MOVESTATE = 0x7ff,
};

static inline uint32_t lfs_tag_type3(uint32_t t) { return (t >> 20) & 0x7ff; }
static inline uint32_t lfs_tag_type1(uint32_t t) { return (t >> 20) & 0x700; }
static inline uint32_t lfs_tag_chunk(uint32_t t) { return (t >> 20) & 0xff; }
static inline uint32_t lfs_tag_id(uint32_t t) { return (t >> 10) & 0x3ff; }
static inline uint32_t lfs_tag_size(uint32_t t) { return t & 0x3ff; }
static inline bool lfs_tag_isdelete(uint32_t t) { return lfs_tag_size(t) == LFS_SIZE_DELETED; }
/* Bytes the tag and its data occupy in a metadata block. */
static inline lfs_size_t lfs_tag_dsize(uint32_t t)
{
	return 4 + (lfs_tag_isdelete(t) ? 0 : lfs_tag_size(t));
}
static inline uint32_t lfs_tag_with_id(uint32_t t, uint32_t id)
{
	return (t & ~(0x3ffu << 10)) | (id << 10);
}

/* ---- byte order and bit helpers ---- */
static inline uint32_t lfs_min(uint32_t a, uint32_t b) { return a < b ? a : b; }
static inline uint32_t lfs_max(uint32_t a, uint32_t b) { return a > b ? a : b; }
static inline uint32_t lfs_aligndown(uint32_t a, uint32_t align) { return a - a % align; }
static inline uint32_t lfs_alignup(uint32_t a, uint32_t align) { return lfs_aligndown(a + align - 1, align); }
static inline uint32_t lfs_ctz32(uint32_t a) { return (uint32_t)__builtin_ctz(a); }
static inline uint32_t lfs_popc(uint32_t a)
{
	a = a - ((a >> 1) & 0x55555555u);
	a = (a & 0x33333333u) + ((a >> 2) & 0x33333333u);
	return (((a + (a >> 4)) & 0x0f0f0f0fu) * 0x01010101u) >> 24;
}
static inline uint32_t lfs_get_le32(const void *p)
{
	const uint8_t *b = p;
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}
static inline void lfs_put_le32(void *p, uint32_t v)
{
	uint8_t *b = p;
	b[0] = (uint8_t)v; b[1] = (uint8_t)(v >> 8); b[2] = (uint8_t)(v >> 16); b[3] = (uint8_t)(v >> 24);
}
static inline uint32_t lfs_get_be32(const void *p)
{
	const uint8_t *b = p;
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | (uint32_t)b[3];
}
static inline void lfs_put_be32(void *p, uint32_t v)
{
	uint8_t *b = p;
	b[0] = (uint8_t)(v >> 24); b[1] = (uint8_t)(v >> 16); b[2] = (uint8_t)(v >> 8); b[3] = (uint8_t)v;
}
/* SPEC "Revision count": sequence comparison, safe across overflow. */
static inline bool lfs_seq_newer(uint32_t a, uint32_t b) { return (int32_t)(a - b) > 0; }

static inline bool lfs_pair_isnull(const lfs_block_t p[2])
{
	return p[0] == LFS_BLOCK_NULL || p[1] == LFS_BLOCK_NULL;
}
/* Same two blocks, in either order. */
static inline bool lfs_pair_same(const lfs_block_t a[2], const lfs_block_t b[2])
{
	return (a[0] == b[0] && a[1] == b[1]) || (a[0] == b[1] && a[1] == b[0]);
}
/* At least one block in common (a pair before and after a relocation). */
static inline bool lfs_pair_overlap(const lfs_block_t a[2], const lfs_block_t b[2])
{
	return a[0] == b[0] || a[0] == b[1] || a[1] == b[0] || a[1] == b[1];
}
/* SPEC "0x0ff LFS_TYPE_SUPERBLOCK": the superblock pairs start at {0, 1},
 * which anchors the threaded list; the last pair holding a superblock entry
 * is the root directory (lfs->root, {0, 1} unless another littlefs
 * expanded the superblock). */
#define LFS_ANCHOR_BLOCK0 0u
#define LFS_ANCHOR_BLOCK1 1u

static inline void lfs_pair_get_le(lfs_block_t p[2], const uint8_t *b)
{
	p[0] = lfs_get_le32(b);
	p[1] = lfs_get_le32(b + 4);
}
static inline void lfs_pair_put_le(uint8_t *b, const lfs_block_t p[2])
{
	lfs_put_le32(b, p[0]);
	lfs_put_le32(b + 4, p[1]);
}

/* ---- lfs_util.c ---- */
uint32_t lfs_crc32(uint32_t crc, const void *data, lfs_size_t size);
void *lfs_mem_alloc(lfs_t *lfs, lfs_size_t size);
void lfs_mem_free(lfs_t *lfs, void *ptr, lfs_size_t size);
void lfs_ram_add(lfs_t *lfs, lfs_size_t bytes);
void lfs_ram_sub(lfs_t *lfs, lfs_size_t bytes);

/* ---- lfs_bd.c: block device access through read and program caches ---- */
void lfs_cache_drop(lfs_cache_t *cache);
/* hint: the bytes from off the caller expects to read soon (at least size);
 * a miss loads the read cache with at most that much. */
int lfs_bd_read(lfs_t *lfs, const lfs_cache_t *pcache, lfs_block_t block, lfs_off_t off,
		void *buffer, lfs_size_t size, lfs_size_t hint);
int lfs_bd_prog(lfs_t *lfs, lfs_cache_t *pcache, lfs_block_t block, lfs_off_t off,
		const void *buffer, lfs_size_t size);
int lfs_bd_flush(lfs_t *lfs, lfs_cache_t *pcache);
int lfs_bd_erase(lfs_t *lfs, lfs_block_t block);
int lfs_bd_sync(lfs_t *lfs);
/* Read size bytes at off once, in chunks: with crc, fold them into *crc;
 * with data, *cmp gets the memcmp of their first cmp_len bytes (at most
 * size) against data. hint as for lfs_bd_read. */
int lfs_bd_scan(lfs_t *lfs, lfs_block_t block, lfs_off_t off, lfs_size_t size, lfs_size_t hint,
		uint32_t *crc, const void *data, lfs_size_t cmp_len, int *cmp);
static inline int lfs_bd_crc(lfs_t *lfs, lfs_block_t block, lfs_off_t off, lfs_size_t size,
			     lfs_size_t hint, uint32_t *crc)
{
	return lfs_bd_scan(lfs, block, off, size, hint, crc, NULL, 0, NULL);
}
/* *cmp: memcmp of the stored bytes against data. */
static inline int lfs_bd_cmp(lfs_t *lfs, lfs_block_t block, lfs_off_t off, const void *data,
			     lfs_size_t size, lfs_size_t hint, int *cmp)
{
	return lfs_bd_scan(lfs, block, off, size, hint, NULL, data, size, cmp);
}
static inline bool lfs_bd_isbad(int err) { return err == LFS_ERR_CORRUPT || err == LFS_ERR_IO; }

/* ---- lfs_alloc.c: lookahead block allocator ---- */
int lfs_alloc(lfs_t *lfs, lfs_block_t *block);
/* Allocate and erase a block, skipping blocks whose erase fails. */
int lfs_alloc_erased(lfs_t *lfs, lfs_block_t *block);
void lfs_alloc_ack(lfs_t *lfs);
void lfs_alloc_reset(lfs_t *lfs);
/* Pinning (see LFS_PINNED_MAX): a metadata block allocated by the running
 * operation and not yet referenced from disk stays allocated through the
 * allocation scans until it is. lfs_alloc_pin fails with LFS_ERR_NOBUFS
 * when LFS_PINNED_MAX blocks are pinned already. A block given up because
 * it went bad needs no pin (lfs_alloc_unpin). A commit that lands in its
 * own pair links everything pinned before it (the new pair it was written
 * for, the pairs moved on the way to it), so it drops every pin
 * (lfs_alloc_unpin_all). */
int lfs_alloc_pin(lfs_t *lfs, lfs_block_t block);
/* Allocate and pin the two blocks of a new metadata pair. */
int lfs_alloc_pair(lfs_t *lfs, lfs_block_t pair[2]);
void lfs_alloc_unpin(lfs_t *lfs, lfs_block_t block);
void lfs_alloc_unpin_all(lfs_t *lfs);
typedef void (*lfs_block_fn)(void *ctx, lfs_block_t block);
int lfs_fs_count_used(lfs_t *lfs, lfs_size_t *used);

/* ---- lfs_mdir_read.c: metadata pair fetch and tag lookup ---- */
struct lfs_mattr {
	uint32_t tag;
	const void *buffer;
};
/* Internal attr type (never written): copy the struct and user attributes
 * of another entry as this id; buffer is a struct lfs_move_src. */
#define LFS_T_FROM_MOVE 0x101
struct lfs_move_src {
	const lfs_mdir_t *dir;
	uint16_t id;
};
/* A name looked for while a pair is fetched, so that its log is read once. */
struct lfs_name_find {
	const char *name;
	lfs_size_t len;
	int found;        /* out: id of the entry so named, or LFS_ERR_NOENT */
	uint32_t tag;     /* out: its name tag, when found */
	uint16_t insert;  /* out: id an entry of that name takes in this pair:
			   * the first named at or after it, or count */
};
int lfs_mdir_fetch_find(lfs_t *lfs, lfs_mdir_t *dir, const lfs_block_t pair[2],
			lfs_gstate_t *gdelta, struct lfs_name_find *find);
static inline int lfs_mdir_fetch(lfs_t *lfs, lfs_mdir_t *dir, const lfs_block_t pair[2],
				 lfs_gstate_t *gdelta)
{
	return lfs_mdir_fetch_find(lfs, dir, pair, gdelta, NULL);
}
/* Newest live tag with (tag & mask) == (want & mask) for id(want); copies up to
 * `size` data bytes from data offset `skip`. Returns the tag or LFS_ERR_NOENT. */
int32_t lfs_mdir_get(lfs_t *lfs, const lfs_mdir_t *dir, uint32_t mask, uint32_t want,
		     lfs_off_t skip, void *buffer, lfs_size_t size);
int lfs_mdir_gdelta(lfs_t *lfs, const lfs_mdir_t *dir, lfs_gstate_t *delta);
/* Backward walk over the tags of one id (or the global tags, id NONE):
 * lfs_walk_prev returns 1 with w->tag/w->off set, 0 when the id's history
 * starts (its CREATE tag or the start of the block). */
struct lfs_walk {
	lfs_block_t block;
	lfs_off_t off;
	uint32_t tag;
	uint32_t id;
};
void lfs_walk_init(const lfs_mdir_t *dir, uint32_t id, struct lfs_walk *w);
int lfs_walk_prev(lfs_t *lfs, struct lfs_walk *w);
/* Walk over every pair of the threaded list from {0, 1} (SPEC "0x6xx
 * LFS_TYPE_TAIL"): lfs_mlist_next returns 1 with dir (and its global-state
 * delta when gdelta is given) fetched, 0 at the end, LFS_ERR_CORRUPT when
 * the list loops. */
struct lfs_mlist {
	lfs_block_t next[2];
	lfs_size_t seen;
};
void lfs_mlist_start(lfs_t *lfs, struct lfs_mlist *it);
/* The same from another pair (the fresh copy of a stale one). */
void lfs_mlist_start_at(lfs_t *lfs, struct lfs_mlist *it, const lfs_block_t pair[2]);
int lfs_mlist_next(lfs_t *lfs, struct lfs_mlist *it, lfs_mdir_t *dir, lfs_gstate_t *gdelta);

/* ---- lfs_mdir_commit.c: commits, compaction, splits, relocation ---- */
/* A commit that compacted into a newly allocated block moved the pair. */
struct lfs_reloc {
	bool relocated;
	lfs_block_t old[2];
	lfs_block_t now[2];
	uint16_t base;  /* the attrs' ids are this much lower in the pair the
			 * commit leaves in *dir (the upper half of a split) */
};
/* Commit attrs to dir atomically; may compact, split or relocate the pair.
 * Never pass the lfs_mdir_t of an open handle: handles are updated by
 * lfs_handles_after_commit. */
int lfs_mdir_commit_raw(lfs_t *lfs, lfs_mdir_t *dir, const struct lfs_mattr *attrs, int n,
			struct lfs_reloc *reloc);
/* Commit and repair every reference when the pair moved. */
int lfs_mdir_commit(lfs_t *lfs, lfs_mdir_t *dir, const struct lfs_mattr *attrs, int n);
/* The same; *id, an id the attrs name, becomes its id in *dir after it. */
int lfs_mdir_commit_id(lfs_t *lfs, lfs_mdir_t *dir, const struct lfs_mattr *attrs, int n,
		       uint16_t *id);
/* Allocate and write a new empty pair with the given tail. */
int lfs_mdir_create(lfs_t *lfs, lfs_mdir_t *dir, const lfs_block_t tail[2], bool split);
/* Rewrite the pair now (lfs_fs_gc). */
int lfs_mdir_compact_now(lfs_t *lfs, lfs_mdir_t *dir);

/* ---- lfs_gstate.c: global state, moves, orphans, reference repair ---- */
static inline bool lfs_gstate_iszero(const lfs_gstate_t *g)
{
	return g->tag == 0 && g->pair[0] == 0 && g->pair[1] == 0;
}
static inline void lfs_gstate_xor(lfs_gstate_t *a, const lfs_gstate_t *b)
{
	a->tag ^= b->tag;
	a->pair[0] ^= b->pair[0];
	a->pair[1] ^= b->pair[1];
}
static inline bool lfs_gstate_hasmove(const lfs_gstate_t *g) { return lfs_tag_type1(g->tag) == LFS_T_SPLICE; }
static inline uint32_t lfs_gstate_orphans(const lfs_gstate_t *g) { return lfs_tag_size(g->tag) & 0x1ff; }
bool lfs_gstate_hidden(const lfs_t *lfs, const lfs_mdir_t *dir, uint16_t id);
void lfs_gstate_set_orphans(lfs_t *lfs, int delta);
void lfs_gstate_set_move(lfs_t *lfs, const lfs_block_t pair[2], uint16_t id);
void lfs_gstate_clear_move(lfs_t *lfs);
int lfs_fs_consistent(lfs_t *lfs);
/* Mount with the sync bit set: a pair relocated just before power was lost
 * may be linked from its parent but not yet from the threaded list; the
 * global state is then the XOR over the list as the repair will leave it,
 * with the fresh copy (and the pairs after it) in place of the stale one
 * (SPEC "0x6xx LFS_TYPE_TAIL", "0x7ff LFS_TYPE_MOVESTATE"). */
int lfs_fs_gstate_desync(lfs_t *lfs);
/* Pairs whose copy on the threaded list is stale: relocated, their parent
 * updated, the list not yet (only while the sync bit is set). */
#define LFS_DESYNC_MAX 8
struct lfs_desync {
	int n;
	lfs_block_t stale[LFS_DESYNC_MAX][2];
	lfs_block_t fresh[LFS_DESYNC_MAX][2];
};
/* Find them (always with force, else only while the sync bit is set). */
int lfs_fs_desync_find(lfs_t *lfs, struct lfs_desync *ds, bool force);
/* Start of every modifying call: fixes a pending move and orphans. */
int lfs_fs_prepare_write(lfs_t *lfs);
int lfs_fs_fix_references(lfs_t *lfs, lfs_block_t oldpair[2], lfs_block_t newpair[2]);

/* ---- lfs_handles.c: keep open files/dirs pointing at their entries ---- */
void lfs_handle_add(lfs_t *lfs, struct lfs_handle *h);
void lfs_handle_remove(lfs_t *lfs, struct lfs_handle *h);
/* Handle types: open files that follow a renamed entry, and the bare
 * handle tracking the source of a rename across pairs. */
#define LFS_HANDLE_MOVESRC 0x10
#define LFS_HANDLE_TRACKER 0x11
void lfs_handles_after_commit(lfs_t *lfs, const lfs_block_t old[2], const lfs_mdir_t *low,
			      const lfs_mdir_t *high, uint16_t split, const struct lfs_mattr *attrs,
			      int n, bool attrs_high);

/* ---- lfs_path.c: path resolution ---- */
struct lfs_lookup {
	lfs_mdir_t dir;       /* pair holding the entry (or where to insert it) */
	uint16_t id;          /* entry id, or insertion id when not found */
	uint32_t tag;         /* name tag of the entry (type in the chunk) */
	lfs_block_t head[2];  /* first pair of the parent directory */
	const char *name;     /* last component */
	lfs_size_t namelen;
	bool isroot;
};
/* LFS_ERR_NOENT with lk->name set when only the last component is missing;
 * lk->dir and lk->id are then where an entry of that name goes. */
int lfs_path_lookup(lfs_t *lfs, const char *path, struct lfs_lookup *lk);
/* lfs_fs_prepare_write, then lfs_path_lookup. */
int lfs_lookup_for_write(lfs_t *lfs, const char *path, struct lfs_lookup *lk);
int lfs_dir_chain_last(lfs_t *lfs, const lfs_block_t head[2], lfs_mdir_t *last);
/* 0 when the directory the lookup found is empty, else LFS_ERR_NOTEMPTY. */
int lfs_lookup_dir_isempty(lfs_t *lfs, const struct lfs_lookup *lk);
/* First pair of the directory the lookup found. */
int lfs_lookup_dir_head(lfs_t *lfs, const struct lfs_lookup *lk, lfs_block_t head[2]);

/* ---- lfs_dir.c ---- */
/* Fill info for entry id of dir (name tag given). */
int lfs_entry_info(lfs_t *lfs, const lfs_mdir_t *dir, uint16_t id, uint32_t tag,
		   struct lfs_info *info);

/* ---- lfs_ctz.c: CTZ skip-lists (SPEC "0x202 LFS_TYPE_CTZSTRUCT") ---- */
/* Offset of the data in file block `index` (after its pointers). */
lfs_off_t lfs_ctz_data_off(lfs_off_t index);
/* Block index and offset in that block of file position pos. */
void lfs_ctz_index(const lfs_t *lfs, lfs_off_t pos, lfs_off_t *index, lfs_off_t *off);
int lfs_ctz_find(lfs_t *lfs, lfs_block_t head, lfs_size_t size, lfs_off_t pos,
		 lfs_block_t *block, lfs_off_t *off);
/* Pointer bytes of new block `index` whose predecessor is prev. */
int lfs_ctz_pointers(lfs_t *lfs, lfs_off_t index, lfs_block_t prev, uint8_t out[128]);
/* Every block of the list whose head is block number `index`. */
int lfs_ctz_traverse(lfs_t *lfs, lfs_block_t head, lfs_off_t index, lfs_block_fn fn, void *ctx);
static inline int lfs_ctz_traverse_size(lfs_t *lfs, lfs_block_t head, lfs_size_t size,
					lfs_block_fn fn, void *ctx)
{
	lfs_off_t index, off;
	if (size == 0)
		return 0;
	lfs_ctz_index(lfs, size - 1, &index, &off);
	return lfs_ctz_traverse(lfs, head, index, fn, ctx);
}

/* ---- lfs_file.c ---- */
/* Blocks open files have written but not committed yet. */
int lfs_files_traverse_inflight(lfs_t *lfs, lfs_block_fn fn, void *ctx);

/* Bound on the core's stack use, callbacks excluded. The core never
 * recurses; its deepest call chain (lfs_rename -> ... -> lfs_bd_read) was
 * measured with gcc -fcallgraph-info=su at 2808 bytes on armhf -Os and
 * 3568 bytes on x86-64 -O2; the bound reported is the larger, rounded up.
 * Building liblfs-dev.a checks the armhf figure on every build (no
 * recursion, no frame over 512 bytes, no chain over 3072 bytes: see
 * LFS_STACK_CHAIN_MAX in lfs/module.mk and lfs/stack_check.awk). */
#define LFS_STACK_BOUND 3584u

#endif
