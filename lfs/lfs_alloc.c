/*
 * lfs_alloc.c - block allocation and filesystem traversal.
 *
 * littlefs keeps no free-space map on disk: a lookahead bitmap of
 * lookahead_size*8 blocks, starting at a window that moves round the
 * device, is filled by walking every metadata pair on the threaded list
 * (SPEC "0x6xx LFS_TYPE_TAIL"), every pair and CTZ list its entries point
 * to (SPEC "0x2xx LFS_TYPE_STRUCT"), the blocks open files have written but
 * not committed and the blocks of pairs being built. A block freed after the
 * scan is only reused after the window comes round again, so blocks the
 * committed state still references are never overwritten. Starting the
 * window at a seed taken from the metadata CRCs spreads wear over mounts.
 */
#include "lfs_internal.h"

static void lfs_alloc_mark(void *ctx, lfs_block_t block)
{
	lfs_t *lfs = ctx;
	lfs_block_t off = (block + lfs->block_count - lfs->lookahead.start) %
			  lfs->block_count;
	if (off < lfs->lookahead.size)
		lfs->lookahead.buffer[off / 8] |= (uint8_t)(1u << (off % 8));
}

static void lfs_count_block(void *ctx, lfs_block_t block)
{
	(void)block;
	(*(lfs_size_t *)ctx)++;
}

/* Blocks of the pairs from it's start along their tails and of what they
 * reference (see lfs_fs_traverse). */
static int lfs_list_traverse(lfs_t *lfs, struct lfs_mlist *it, lfs_block_fn fn, void *ctx,
			     bool dir_refs)
{
	lfs_mdir_t dir;
	uint8_t b[8];
	int res;
	while ((res = lfs_mlist_next(lfs, it, &dir, NULL)) == 1) {
		int err;
		fn(ctx, dir.pair[0]);
		fn(ctx, dir.pair[1]);
		for (uint16_t id = 0; id < dir.count; id++) {
			int32_t tag = lfs_mdir_get(lfs, &dir, LFS_MASK_TYPE1_ID,
						   LFS_MKTAG(LFS_T_STRUCT, id, 0), 0, b, 8);
			if (tag == LFS_ERR_NOENT)
				continue;
			if (tag < 0)
				return tag;
			if (lfs_tag_size((uint32_t)tag) != 8)
				continue;
			lfs_block_t p[2];
			lfs_pair_get_le(p, b);
			if (lfs_tag_type3((uint32_t)tag) == LFS_T_DIRSTRUCT && dir_refs) {
				if (p[0] < lfs->block_count)
					fn(ctx, p[0]);
				if (p[1] < lfs->block_count)
					fn(ctx, p[1]);
			} else if (lfs_tag_type3((uint32_t)tag) == LFS_T_CTZSTRUCT) {
				err = lfs_ctz_traverse_size(lfs, p[0], p[1], fn, ctx);
				if (err)
					return err;
			}
		}
	}
	return res;
}

/* Call fn for every block the filesystem references on disk: the pairs on
 * the threaded list, file data, and with dir_refs also the pairs that
 * dir-structs point to. While the sync bit is set, a relocated pair may be
 * reachable only from its parent: its list (and the pairs after it) is
 * walked as well, so that nothing either copy references is reused. */
static int lfs_fs_traverse(lfs_t *lfs, lfs_block_fn fn, void *ctx, bool dir_refs)
{
	struct lfs_mlist it;
	struct lfs_desync ds;
	lfs_mlist_start(lfs, &it);
	int err = lfs_list_traverse(lfs, &it, fn, ctx, dir_refs);
	if (!err && dir_refs)
		err = lfs_fs_desync_find(lfs, &ds, false);
	for (int k = 0; !err && dir_refs && k < ds.n; k++) {
		lfs_mlist_start_at(lfs, &it, ds.fresh[k]);
		err = lfs_list_traverse(lfs, &it, fn, ctx, dir_refs);
	}
	return err;
}

static int lfs_alloc_scan(lfs_t *lfs)
{
	lfs_memset(lfs->lookahead.buffer, 0, lfs->cfg->lookahead_size);
	for (uint8_t i = 0; i < lfs->npinned; i++)
		lfs_alloc_mark(lfs, lfs->pinned[i]);
	int err = lfs_fs_traverse(lfs, lfs_alloc_mark, lfs, true);
	if (err)
		return err;
	return lfs_files_traverse_inflight(lfs, lfs_alloc_mark, lfs);
}

int lfs_alloc(lfs_t *lfs, lfs_block_t *block)
{
	for (;;) {
		while (lfs->lookahead.next < lfs->lookahead.size) {
			lfs_block_t off = lfs->lookahead.next++;
			uint8_t bit = (uint8_t)(1u << (off % 8));
			if (lfs->lookahead.buffer[off / 8] & bit)
				continue;
			lfs->lookahead.buffer[off / 8] |= bit;
			*block = (lfs->lookahead.start + off) % lfs->block_count;
			return 0;
		}
		if (lfs->lookahead.ckpoint == 0)
			return LFS_ERR_NOSPC;
		lfs->lookahead.ckpoint -= lfs_min(lfs->lookahead.ckpoint, lfs->lookahead.size);
		lfs->lookahead.start = (lfs->lookahead.start + lfs->lookahead.size) %
				       lfs->block_count;
		lfs->lookahead.next = 0;
		int err = lfs_alloc_scan(lfs);
		if (err) {
			lfs->lookahead.next = lfs->lookahead.size;
			return err;
		}
	}
}

int lfs_alloc_erased(lfs_t *lfs, lfs_block_t *block)
{
	for (lfs_size_t tries = 0; tries <= lfs->block_count; tries++) {
		int err = lfs_alloc(lfs, block);
		if (err)
			return err;
		err = lfs_bd_erase(lfs, *block);
		if (!err || !lfs_bd_isbad(err))
			return err;
	}
	return LFS_ERR_NOSPC;
}

/* Start of an operation: a whole pass of the device may be searched again,
 * and blocks pinned by the previous operation are reachable by now (or, if
 * it failed, referenced by nothing). */
void lfs_alloc_ack(lfs_t *lfs)
{
	lfs->lookahead.ckpoint = lfs->block_count;
	lfs_alloc_unpin_all(lfs);
}

void lfs_alloc_reset(lfs_t *lfs)
{
	lfs->lookahead.size = lfs_min(8 * lfs->cfg->lookahead_size, lfs->block_count);
	lfs->lookahead.start = lfs->seed % lfs->block_count;
	lfs->lookahead.next = lfs->lookahead.size;
	lfs_alloc_ack(lfs);
}

int lfs_alloc_pin(lfs_t *lfs, lfs_block_t block)
{
	if (lfs->npinned == LFS_PINNED_MAX)
		return LFS_ERR_NOBUFS;
	lfs->pinned[lfs->npinned++] = block;
	if (lfs->npinned > lfs->counters.pinned_peak)
		lfs->counters.pinned_peak = lfs->npinned;
	lfs_alloc_mark(lfs, block);
	return 0;
}

int lfs_alloc_pair(lfs_t *lfs, lfs_block_t pair[2])
{
	for (int i = 0; i < 2; i++) {
		int err = lfs_alloc(lfs, &pair[i]);
		if (!err)
			err = lfs_alloc_pin(lfs, pair[i]);
		if (err) {
			if (i == 1)  /* no pair: nothing will link the first block */
				lfs_alloc_unpin(lfs, pair[0]);
			return err;
		}
	}
	return 0;
}

void lfs_alloc_unpin(lfs_t *lfs, lfs_block_t block)
{
	for (uint8_t i = 0; i < lfs->npinned; i++) {
		if (lfs->pinned[i] == block) {
			lfs->pinned[i] = lfs->pinned[--lfs->npinned];
			return;
		}
	}
}

void lfs_alloc_unpin_all(lfs_t *lfs)
{
	lfs->npinned = 0;
}

int lfs_fs_count_used(lfs_t *lfs, lfs_size_t *used)
{
	*used = 0;
	return lfs_fs_traverse(lfs, lfs_count_block, used, false);
}
