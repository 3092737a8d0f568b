/*
 * lfs_gstate.c - global state, moves, orphans and reference repair.
 *
 * SPEC "0x7xx LFS_TYPE_GSTATE" / "0x7ff LFS_TYPE_MOVESTATE": the global
 * state is the XOR of the deltas in every metadata pair; it holds a move
 * (type 0x4ff, id, pair: the source entry of a rename across pairs, to be
 * treated as deleted and deleted before any other write) and the "sync"
 * bit (bit 31) with the count of pending threaded-list changes in the size
 * field. SPEC "0x6xx LFS_TYPE_TAIL": while that count is non-zero the
 * threaded list may hold a removed (orphaned) directory or a pair whose
 * blocks were replaced; lfs_fs_repair finds and fixes both.
 *
 * Relocated pairs (bad block, wear leveling) are re-linked by
 * lfs_fs_fix_references: the hard tail of the previous pair of the same
 * directory, or the parent's dir-struct plus the soft tail of the previous
 * pair on the threaded list (two commits, guarded by the orphan count).
 * A commit made there may relocate that pair in turn; the loop follows it
 * instead of recursing. A moved copy keeps its pair's old delta; the
 * pending change rides the commit that links it.
 *
 * Between the two commits the threaded list holds a stale copy of the
 * moved pair ("desync"). While the sync bit is set, lookups, commits, the
 * allocator and the global state at mount use the list as the repair will
 * leave it: the fresh copy (reached from its parent) in place of the stale
 * one (struct lfs_desync).
 */
#include "lfs_internal.h"

#define LFS_GSTATE_ORPHAN_MASK 0x1ffu

bool lfs_gstate_hidden(const lfs_t *lfs, const lfs_mdir_t *dir, uint16_t id)
{
	return lfs_gstate_hasmove(&lfs->gstate) && lfs_pair_overlap(lfs->gstate.pair, dir->pair) &&
	       lfs_tag_id(lfs->gstate.tag) == id;
}

void lfs_gstate_set_orphans(lfs_t *lfs, int delta)
{
	uint32_t count = (uint32_t)((int)lfs_gstate_orphans(&lfs->gstate) + delta) &
			 LFS_GSTATE_ORPHAN_MASK;
	lfs->gstate.tag = (lfs->gstate.tag & ~(LFS_GSTATE_ORPHAN_MASK | LFS_TAG_VALID_BIT)) | count |
			  (count ? LFS_TAG_VALID_BIT : 0);
}

void lfs_gstate_set_move(lfs_t *lfs, const lfs_block_t pair[2], uint16_t id)
{
	lfs->gstate.tag = (lfs->gstate.tag & (LFS_GSTATE_ORPHAN_MASK | LFS_TAG_VALID_BIT)) |
			  LFS_MKTAG(LFS_T_DELETE, id, 0);
	lfs->gstate.pair[0] = pair[0];
	lfs->gstate.pair[1] = pair[1];
}

void lfs_gstate_clear_move(lfs_t *lfs)
{
	lfs->gstate.tag &= LFS_GSTATE_ORPHAN_MASK | LFS_TAG_VALID_BIT;
	lfs->gstate.pair[0] = 0;
	lfs->gstate.pair[1] = 0;
}

static int lfs_desync_index(const struct lfs_desync *ds, const lfs_block_t pair[2])
{
	for (int k = 0; ds && k < ds->n; k++)
		if (lfs_pair_same(ds->stale[k], pair))
			return k;
	return -1;
}

/* lfs_mlist_next over the list as it will be once repaired: a pair whose
 * copy on the list is stale shows (and continues along) its fresh copy, so
 * that lookups see what readers see and commits go there. */
static int lfs_mlist_next_fresh(lfs_t *lfs, struct lfs_mlist *it, lfs_mdir_t *dir,
				lfs_gstate_t *gdelta, const struct lfs_desync *ds)
{
	int res = lfs_mlist_next(lfs, it, dir, gdelta);
	int k = res == 1 ? lfs_desync_index(ds, dir->pair) : -1;
	if (k < 0)
		return res;
	int err = lfs_mdir_fetch(lfs, dir, ds->fresh[k], gdelta);
	if (err)
		return err;
	it->next[0] = dir->tail[0];
	it->next[1] = dir->tail[1];
	return 1;
}

/* Pair whose tail points at (or at a block of) pair. */
static int lfs_fs_pred(lfs_t *lfs, const lfs_block_t pair[2], lfs_mdir_t *pred,
		       const struct lfs_desync *ds)
{
	struct lfs_mlist it;
	int res;
	lfs_mlist_start(lfs, &it);
	while ((res = lfs_mlist_next_fresh(lfs, &it, pred, NULL, ds)) == 1) {
		if (!lfs_pair_isnull(pred->tail) && lfs_pair_overlap(pred->tail, pair))
			return 0;
	}
	return res ? res : LFS_ERR_NOENT;
}

/* Entry whose dir-struct points at (a block of) pair; *ptr gets its value.
 * Pairs listed stale in ds are searched in their fresh copy. */
static int lfs_fs_parent_ptr(lfs_t *lfs, const lfs_block_t pair[2], lfs_mdir_t *parent,
			     uint16_t *id, lfs_block_t ptr[2], const struct lfs_desync *ds)
{
	struct lfs_mlist it;
	uint8_t b[8];
	int res;
	lfs_mlist_start(lfs, &it);
	while ((res = lfs_mlist_next_fresh(lfs, &it, parent, NULL, ds)) == 1) {
		for (uint16_t i = 0; i < parent->count; i++) {
			int32_t tag = lfs_mdir_get(lfs, parent, LFS_MASK_TYPE3_ID,
						   LFS_MKTAG(LFS_T_DIRSTRUCT, i, 0), 0, b, 8);
			if (tag == LFS_ERR_NOENT)
				continue;
			if (tag < 0)
				return tag;
			lfs_pair_get_le(ptr, b);
			if (lfs_pair_overlap(ptr, pair)) {
				*id = i;
				return 0;
			}
		}
	}
	return res ? res : LFS_ERR_NOENT;
}

static int lfs_commit_tail(lfs_t *lfs, lfs_mdir_t *dir, const lfs_block_t tail[2], bool hard,
			   struct lfs_reloc *reloc)
{
	uint8_t b[8];
	lfs_pair_put_le(b, tail);
	struct lfs_mattr a = { LFS_MKTAG(LFS_T_SOFTTAIL + hard, LFS_ID_NONE, 8), b };
	return lfs_mdir_commit_raw(lfs, dir, &a, 1, reloc);
}

/* Write the pending global state with an otherwise empty commit to the
 * root pair (superblock pairs never move, so nothing needs re-linking). */
static int lfs_fs_commit_gstate(lfs_t *lfs)
{
	lfs_mdir_t root;
	struct lfs_reloc reloc;
	int err = lfs_mdir_fetch(lfs, &root, lfs->root, NULL);
	return err ? err : lfs_mdir_commit_raw(lfs, &root, NULL, 0, &reloc);
}

/* Re-link the head of a directory that moved from old to now: its parent's
 * dir-struct, then the soft tail of its predecessor on the threaded list.
 * Between the two the list is out of sync; the orphan count is raised by
 * the parent's commit and lowered only once the predecessor's commit landed
 * without moving (by an empty commit to the root pair, which never moves),
 * so the sync bit is set in every view of the disk while the list is out
 * of sync. If a commit moves its pair, *reloc says so and the caller goes on
 * with that pair. */
static int lfs_fix_dir_head(lfs_t *lfs, const lfs_block_t old[2], const lfs_block_t now[2],
			    struct lfs_reloc *reloc)
{
	struct lfs_desync ds;
	lfs_mdir_t pred, parent;
	lfs_block_t ptr[2];
	uint16_t id;
	uint8_t dirstruct[8], tail[8];
	lfs_pair_put_le(dirstruct, now);
	lfs_pair_put_le(tail, now);
	int err = lfs_fs_desync_find(lfs, &ds, true);
	if (!err)
		err = lfs_fs_pred(lfs, old, &pred, &ds);
	if (err && err != LFS_ERR_NOENT)
		return err;
	bool has_pred = !err;
	if (has_pred && pred.split)
		return lfs_commit_tail(lfs, &pred, now, true, reloc);
	err = lfs_fs_parent_ptr(lfs, old, &parent, &id, ptr, &ds);
	if (err == LFS_ERR_NOENT)
		return has_pred ? lfs_commit_tail(lfs, &pred, now, false, reloc) : 0;
	if (err)
		return err;
	struct lfs_mattr a[2] = {
		{ LFS_MKTAG(LFS_T_DIRSTRUCT, id, 8), dirstruct },
		{ LFS_MKTAG(LFS_T_SOFTTAIL, LFS_ID_NONE, 8), tail },
	};
	if (!has_pred || lfs_pair_same(pred.pair, parent.pair))
		return lfs_mdir_commit_raw(lfs, &parent, a, has_pred ? 2 : 1, reloc);
	lfs_gstate_set_orphans(lfs, +1);
	err = lfs_mdir_commit_raw(lfs, &parent, a, 1, reloc);
	if (err || reloc->relocated)
		return err;
	err = lfs_fs_desync_find(lfs, &ds, true);
	if (!err)
		err = lfs_fs_pred(lfs, old, &pred, &ds);
	if (!err)
		err = lfs_commit_tail(lfs, &pred, now, false, reloc);
	if (err || reloc->relocated)
		return err;
	lfs_gstate_set_orphans(lfs, -1);
	return lfs_fs_commit_gstate(lfs);
}

int lfs_fs_fix_references(lfs_t *lfs, lfs_block_t oldpair[2], lfs_block_t newpair[2])
{
	lfs_block_t old[2] = { oldpair[0], oldpair[1] };
	lfs_block_t now[2] = { newpair[0], newpair[1] };
	for (lfs_size_t round = 0; round <= lfs->block_count; round++) {
		struct lfs_reloc reloc = { .relocated = false };
		int err = lfs_fix_dir_head(lfs, old, now, &reloc);
		if (err || !reloc.relocated)
			return err;
		old[0] = reloc.old[0];
		old[1] = reloc.old[1];
		now[0] = reloc.now[0];
		now[1] = reloc.now[1];
	}
	return LFS_ERR_CORRUPT;
}

/* One pass over the threaded list; *changed when a commit was needed. */
static int lfs_fs_repair_pass(lfs_t *lfs, bool *changed)
{
	lfs_mdir_t pred, cur, parent;
	lfs_block_t ptr[2];
	uint16_t id;
	struct lfs_desync ds;
	*changed = false;
	const lfs_block_t anchor[2] = { LFS_ANCHOR_BLOCK0, LFS_ANCHOR_BLOCK1 };
	int err = lfs_fs_desync_find(lfs, &ds, false);
	if (!err)
		err = lfs_mdir_fetch(lfs, &pred, anchor, NULL);
	if (err)
		return err;
	for (lfs_size_t n = 0; !lfs_pair_isnull(pred.tail); n++) {
		if (n > lfs->block_count / 2)
			return LFS_ERR_CORRUPT;
		err = lfs_mdir_fetch(lfs, &cur, pred.tail, NULL);
		if (err)
			return err;
		if (!pred.split) {
			err = lfs_fs_parent_ptr(lfs, cur.pair, &parent, &id, ptr, &ds);
			if (err && err != LFS_ERR_NOENT)
				return err;
			const lfs_block_t *fix = NULL;
			if (err == LFS_ERR_NOENT) {
				/* orphan: unlink it; its global-state delta leaves
				 * the list with it, so pred's commit carries it */
				lfs_gstate_t lost;
				err = lfs_mdir_gdelta(lfs, &cur, &lost);
				if (err)
					return err;
				lfs_gstate_xor(&lfs->gdisk, &lost);
				fix = cur.tail;
			} else if (!lfs_pair_same(ptr, cur.pair)) {
				fix = ptr;  /* out of sync after a relocation */
			}
			if (fix) {
				struct lfs_reloc reloc;
				lfs_block_t to[2] = { fix[0], fix[1] };
				*changed = true;
				err = lfs_commit_tail(lfs, &pred, to, false, &reloc);
				if (!err && reloc.relocated)
					err = lfs_fs_fix_references(lfs, reloc.old, reloc.now);
				return err;
			}
		}
		pred = cur;
	}
	return 0;
}

/* Unlink orphans and re-link moved pairs until a pass finds nothing, then
 * clear the orphan count. Wear leveling is paused meanwhile, so that these
 * commits only move a pair when a block goes bad. */
static int lfs_fs_repair(lfs_t *lfs)
{
	int err = LFS_ERR_CORRUPT;
	lfs->repairing = true;
	for (lfs_size_t round = 0; round <= lfs->block_count; round++) {
		bool changed;
		err = lfs_fs_repair_pass(lfs, &changed);
		if (err || !changed)
			break;
		err = LFS_ERR_CORRUPT;
	}
	if (!err) {
		lfs_gstate_set_orphans(lfs, -(int)lfs_gstate_orphans(&lfs->gstate));
		err = lfs_fs_commit_gstate(lfs);
	}
	lfs->repairing = false;
	return err;
}

/* Delete the source of an interrupted rename. Its pair is looked up on the
 * threaded list by overlap, in case it moved after the move was recorded. */
static int lfs_fs_fix_move(lfs_t *lfs)
{
	lfs_mdir_t dir;
	struct lfs_mlist it;
	struct lfs_desync ds;
	uint16_t id = (uint16_t)lfs_tag_id(lfs->gstate.tag);
	int res = lfs_fs_desync_find(lfs, &ds, false);
	if (res)
		return res;
	lfs_mlist_start(lfs, &it);
	while ((res = lfs_mlist_next_fresh(lfs, &it, &dir, NULL, &ds)) == 1 &&
	       !lfs_pair_overlap(dir.pair, lfs->gstate.pair))
		;
	if (res < 0)
		return res;
	lfs_gstate_clear_move(lfs);
	if (res == 0)
		return lfs_fs_commit_gstate(lfs);
	struct lfs_mattr a = { LFS_MKTAG(LFS_T_DELETE, id, 0), NULL };
	return lfs_mdir_commit(lfs, &dir, &a, 1);
}

/* One pass over the threaded list adding newly found stale pairs to ds. */
static int lfs_desync_pass(lfs_t *lfs, struct lfs_desync *ds, bool *changed)
{
	struct lfs_mlist it;
	lfs_mdir_t cur, parent;
	lfs_block_t ptr[2];
	uint16_t id;
	bool soft_link = false;  /* cur is reached through a soft tail */
	int res;
	*changed = false;
	lfs_mlist_start(lfs, &it);
	while ((res = lfs_mlist_next(lfs, &it, &cur, NULL)) == 1) {
		bool check = soft_link && lfs_desync_index(ds, cur.pair) < 0;
		soft_link = !cur.split;
		if (!check)
			continue;
		int err = lfs_fs_parent_ptr(lfs, cur.pair, &parent, &id, ptr, ds);
		if (err == LFS_ERR_NOENT || (!err && lfs_pair_same(ptr, cur.pair)))
			continue;
		if (err)
			return err;
		if (ds->n == LFS_DESYNC_MAX)
			return LFS_ERR_CORRUPT;
		lfs_memcpy(ds->stale[ds->n], cur.pair, sizeof(cur.pair));
		lfs_memcpy(ds->fresh[ds->n], ptr, sizeof(ptr));
		ds->n++;
		*changed = true;
	}
	return res;
}

int lfs_fs_desync_find(lfs_t *lfs, struct lfs_desync *ds, bool force)
{
	ds->n = 0;
	if (!force && !(lfs->gstate.tag & (LFS_TAG_VALID_BIT | LFS_GSTATE_ORPHAN_MASK)))
		return 0;
	bool changed = true;
	/* a stale parent hides its child's fresh pointer: repeat until stable */
	for (int round = 0; changed && round <= LFS_DESYNC_MAX; round++) {
		int err = lfs_desync_pass(lfs, ds, &changed);
		if (err)
			return err;
	}
	return 0;
}

int lfs_fs_gstate_desync(lfs_t *lfs)
{
	struct lfs_desync ds;
	struct lfs_mlist it;
	lfs_mdir_t dir;
	lfs_gstate_t delta;
	int res = lfs_fs_desync_find(lfs, &ds, false);
	if (res || ds.n == 0)
		return res;
	lfs_memset(&lfs->gstate, 0, sizeof(lfs->gstate));
	lfs_mlist_start(lfs, &it);
	while ((res = lfs_mlist_next_fresh(lfs, &it, &dir, &delta, &ds)) == 1)
		lfs_gstate_xor(&lfs->gstate, &delta);
	return res;
}

int lfs_fs_consistent(lfs_t *lfs)
{
	if (lfs_gstate_hasmove(&lfs->gstate)) {
		int err = lfs_fs_fix_move(lfs);
		if (err)
			return err;
	}
	if (lfs->gstate.tag & (LFS_TAG_VALID_BIT | LFS_GSTATE_ORPHAN_MASK))
		return lfs_fs_repair(lfs);
	return 0;
}

int lfs_fs_prepare_write(lfs_t *lfs)
{
	if (!lfs->mounted)
		return LFS_ERR_BADF;
	lfs_alloc_ack(lfs);
	return lfs_fs_consistent(lfs);
}
