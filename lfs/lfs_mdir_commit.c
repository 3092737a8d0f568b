/*
 * lfs_mdir_commit.c - writing metadata pairs.
 *
 * SPEC "Directories / Metadata pairs" and "0x5xx LFS_TYPE_CRC" /
 * "0x5ff LFS_TYPE_FCRC": a commit is a run of XOR-chained big-endian tags
 * ended by an optional FCRC (CRC of the next prog_size erased bytes) and a
 * CRC tag padded to the program size; the CRC tag's chunk bit is the
 * inverse of the top bit of the next erased byte, so a torn next commit
 * always fails the valid-bit or FCRC test.
 *
 * When the log is full (or the erased state is unknown) the pair is
 * compacted into its other block with revision+1, keeping only the live
 * tags of each id (name first, as the SPEC requires). A pair that grows past
 * half a block is split: the upper ids move to a new pair linked by a hard
 * tail (SPEC "0x601 LFS_TYPE_HARDTAIL"). Compaction goes to a newly
 * allocated block instead when erase/program fails (bad block) or when the
 * revision count reaches block_cycles (dynamic wear leveling); the caller
 * then repairs the references to the pair (lfs_gstate.c).
 */
#include "lfs_internal.h"

#define LFS_FCRC_MIN 32u

struct lfs_commit {
	lfs_block_t block;
	lfs_off_t off;
	uint32_t ptag;
	uint32_t crc;
	lfs_off_t limit;  /* tags must end at or before this offset */
};

static int lfs_commit_prog(lfs_t *lfs, struct lfs_commit *c, const void *data, lfs_size_t size)
{
	int err = lfs_bd_prog(lfs, &lfs->pcache, c->block, c->off, data, size);
	if (err)
		return err;
	c->crc = lfs_crc32(c->crc, data, size);
	c->off += size;
	return 0;
}

/* Append one tag; data from buffer, or copied from (src, src_off) on disk. */
static int lfs_commit_tag(lfs_t *lfs, struct lfs_commit *c, uint32_t tag, const void *buffer,
			  lfs_block_t src, lfs_off_t src_off)
{
	tag &= ~LFS_TAG_VALID_BIT;
	lfs_size_t dsize = lfs_tag_dsize(tag);
	if (c->off + dsize > c->limit)
		return LFS_ERR_NOSPC;
	uint8_t b[32];
	lfs_put_be32(b, tag ^ c->ptag);
	int err = lfs_commit_prog(lfs, c, b, 4);
	if (err)
		return err;
	lfs_size_t size = dsize - 4;
	if (buffer) {
		err = lfs_commit_prog(lfs, c, buffer, size);
		if (err)
			return err;
	} else {
		for (lfs_size_t i = 0; i < size; i += sizeof(b)) {
			lfs_size_t n = lfs_min(sizeof(b), size - i);
			err = lfs_bd_read(lfs, NULL, src, src_off + i, b, n, size - i);
			if (!err)
				err = lfs_commit_prog(lfs, c, b, n);
			if (err)
				return err;
		}
	}
	c->ptag = tag;
	return 0;
}

/* End the commit: FCRC when the next program unit fits, CRC tag, padding. */
static int lfs_commit_end(lfs_t *lfs, struct lfs_commit *c, bool *erased)
{
	lfs_size_t prog = lfs->cfg->prog_size;
	lfs_size_t bsize = lfs->cfg->block_size;
	lfs_off_t noff = lfs_alignup(c->off + 12 + 8, prog);
	/* SPEC: the FCRC covers at least prog_size bytes; covering at least
	 * LFS_FCRC_MIN keeps a torn program of the next commit detectable
	 * even with tiny program units */
	lfs_size_t fsize = lfs_max(prog, LFS_FCRC_MIN);
	uint8_t perturb = 0xff;
	*erased = false;
	if (lfs->disk_version >= 0x00020001u && noff + fsize <= bsize) {
		uint8_t fc[8];
		uint32_t ecrc = 0xffffffff;
		int err = lfs_bd_read(lfs, NULL, c->block, noff, &perturb, 1, fsize);
		if (!err)
			err = lfs_bd_crc(lfs, c->block, noff, fsize, fsize, &ecrc);
		if (err)
			return err;
		lfs_put_le32(fc, fsize);
		lfs_put_le32(fc + 4, ecrc);
		err = lfs_commit_tag(lfs, c, LFS_MKTAG(LFS_T_FCRC, LFS_ID_NONE, 8), fc, 0, 0);
		if (err)
			return err;
		*erased = true;
	} else {
		noff = lfs_alignup(c->off + 8, prog);
		if (noff > bsize)
			return LFS_ERR_NOSPC;
		if (noff < bsize) {
			int err = lfs_bd_read(lfs, NULL, c->block, noff, &perturb, 1, 1);
			if (err)
				return err;
		}
	}
	uint32_t valid = (uint32_t)((~perturb >> 7) & 1);
	uint32_t tag = LFS_MKTAG(LFS_T_CRC + valid, LFS_ID_NONE, noff - (c->off + 4));
	uint8_t b[8];
	lfs_put_be32(b, tag ^ c->ptag);
	c->crc = lfs_crc32(c->crc, b, 4);
	lfs_put_le32(b + 4, c->crc);
	int err = lfs_bd_prog(lfs, &lfs->pcache, c->block, c->off, b, 8);
	if (err)
		return err;
	c->off += 8;
	lfs_memset(b, 0xff, sizeof(b));
	while (c->off < noff) {
		lfs_size_t n = lfs_min(sizeof(b), noff - c->off);
		err = lfs_bd_prog(lfs, &lfs->pcache, c->block, c->off, b, n);
		if (err)
			return err;
		c->off += n;
	}
	c->ptag = tag ^ (valid << 31);
	c->crc = 0xffffffff;
	err = lfs_bd_flush(lfs, &lfs->pcache);
	if (err)
		return err;
	return lfs_bd_sync(lfs);
}

/* Copy (or only measure, c == NULL) one tag found by a walk as newid. */
static int lfs_commit_copy_tag(lfs_t *lfs, struct lfs_commit *c, const struct lfs_walk *w,
			       uint16_t newid, lfs_size_t *size)
{
	*size += lfs_tag_dsize(w->tag);
	return c ? lfs_commit_tag(lfs, c, lfs_tag_with_id(w->tag, newid), NULL, w->block, w->off + 4)
		 : 0;
}

/* Copy (or only measure, c == NULL) the live tags of src's id as newid: its
 * name (first), its newest struct, and the newest of each user attribute.
 * One walk back from the end of the log finds the name and the struct; it
 * stops there unless the log holds user attributes, which a second walk
 * copies. */
static int lfs_commit_copy_id(lfs_t *lfs, struct lfs_commit *c, const lfs_mdir_t *src,
			      uint16_t id, uint16_t newid, bool with_name, lfs_size_t *size)
{
	struct lfs_walk w, name, strct;
	bool has_name = false, has_struct = false;
	int res = 0;
	lfs_walk_init(src, id, &w);
	while ((!has_name && with_name) || !has_struct || src->has_attrs) {
		res = lfs_walk_prev(lfs, &w);
		if (res <= 0)
			break;
		if (lfs_tag_type1(w.tag) == LFS_T_NAME && !has_name) {
			name = w;
			has_name = true;
		} else if (lfs_tag_type1(w.tag) == LFS_T_STRUCT && !has_struct) {
			strct = w;
			has_struct = true;
		}
	}
	if (res < 0)
		return res;
	if (with_name && !has_name)
		return LFS_ERR_CORRUPT;
	int err = with_name ? lfs_commit_copy_tag(lfs, c, &name, newid, size) : 0;
	if (!err && has_struct && !lfs_tag_isdelete(strct.tag))
		err = lfs_commit_copy_tag(lfs, c, &strct, newid, size);
	if (err || !src->has_attrs)
		return err;
	uint8_t seen[32];
	lfs_memset(seen, 0, sizeof(seen));
	lfs_walk_init(src, id, &w);
	while ((res = lfs_walk_prev(lfs, &w)) == 1) {
		uint32_t ch = lfs_tag_chunk(w.tag);
		if (lfs_tag_type1(w.tag) != LFS_T_USERATTR || (seen[ch / 8] & (1u << (ch % 8))))
			continue;
		seen[ch / 8] |= (uint8_t)(1u << (ch % 8));
		if (!lfs_tag_isdelete(w.tag)) {
			err = lfs_commit_copy_tag(lfs, c, &w, newid, size);
			if (err)
				return err;
		}
	}
	return res;
}

/* Write one attr (ids shifted down by base); FROM_MOVE expands to copies. */
static int lfs_commit_attr(lfs_t *lfs, struct lfs_commit *c, const struct lfs_mattr *a,
			   uint16_t base)
{
	uint32_t tag = a->tag;
	if (lfs_tag_id(tag) != LFS_ID_NONE)
		tag = lfs_tag_with_id(tag, lfs_tag_id(tag) - base);
	if (lfs_tag_type3(tag) == LFS_T_FROM_MOVE) {
		const struct lfs_move_src *m = a->buffer;
		lfs_size_t size = 0;
		return lfs_commit_copy_id(lfs, c, m->dir, m->id, (uint16_t)lfs_tag_id(tag), false,
					  &size);
	}
	return lfs_commit_tag(lfs, c, tag, a->buffer, 0, 0);
}

static void lfs_gstate_put(uint8_t b[12], const lfs_gstate_t *g)
{
	lfs_put_le32(b, g->tag);
	lfs_pair_put_le(b + 4, g->pair);
}

struct lfs_block_plan {
	const lfs_mdir_t *src;     /* ids [begin, end) are copied from src */
	uint16_t begin;
	uint16_t end;
	const struct lfs_mattr *attrs;  /* ids shifted down by begin */
	int n;
	lfs_block_t tail[2];
	bool split;
	lfs_gstate_t gdelta;       /* written when non-zero */
	lfs_gstate_t gdelta_kept;  /* written instead into a newly allocated block */
};

/* Erase block and write one compacted commit into it. A block that is not
 * one of the pair's own (moved) gets the pair's old global-state delta: the
 * pending change rides on the commit that links the moved pair, so that it
 * becomes visible together with the content (SPEC "0x7xx LFS_TYPE_GSTATE"). */
static int lfs_mdir_write_block(lfs_t *lfs, lfs_block_t block, uint32_t rev,
				const struct lfs_block_plan *p, bool moved, bool *erased)
{
	const lfs_gstate_t *gdelta = moved ? &p->gdelta_kept : &p->gdelta;
	struct lfs_commit c = { block, 0, 0xffffffff, 0xffffffff, lfs->cfg->block_size - 8 };
	uint8_t b[12];
	lfs_size_t size = 0;
	int err = lfs_bd_erase(lfs, block);
	if (err)
		return err;
	lfs_put_le32(b, rev);
	err = lfs_commit_prog(lfs, &c, b, 4);
	for (uint16_t id = p->begin; !err && id < p->end; id++)
		err = lfs_commit_copy_id(lfs, &c, p->src, id, (uint16_t)(id - p->begin), true, &size);
	for (int i = 0; !err && i < p->n; i++) {
		if (lfs_tag_type1(p->attrs[i].tag) != LFS_T_TAIL)
			err = lfs_commit_attr(lfs, &c, &p->attrs[i], p->begin);
	}
	if (!err && !lfs_pair_isnull(p->tail)) {
		lfs_pair_put_le(b, p->tail);
		err = lfs_commit_tag(lfs, &c, LFS_MKTAG(LFS_T_SOFTTAIL + p->split, LFS_ID_NONE, 8), b,
				     0, 0);
	}
	if (!err && !lfs_gstate_iszero(gdelta)) {
		lfs_gstate_put(b, gdelta);
		err = lfs_commit_tag(lfs, &c, LFS_MKTAG(LFS_T_MOVESTATE, LFS_ID_NONE, 12), b, 0, 0);
	}
	if (!err)
		err = lfs_commit_end(lfs, &c, erased);
	if (err)
		lfs_cache_drop(&lfs->pcache);
	return err;
}

/* Byte size of the live tags of ids [begin, end). */
static int lfs_mdir_live_size(lfs_t *lfs, const lfs_mdir_t *dir, uint16_t begin, uint16_t end,
			      lfs_size_t *size)
{
	*size = 0;
	for (uint16_t id = begin; id < end; id++) {
		int err = lfs_commit_copy_id(lfs, NULL, dir, id, id, true, size);
		if (err)
			return err;
	}
	return 0;
}

static int lfs_attrs_size(lfs_t *lfs, const struct lfs_mattr *attrs, int n, lfs_size_t *size)
{
	*size = 0;
	for (int i = 0; i < n; i++) {
		if (lfs_tag_type3(attrs[i].tag) == LFS_T_FROM_MOVE) {
			const struct lfs_move_src *m = attrs[i].buffer;
			int err = lfs_commit_copy_id(lfs, NULL, m->dir, m->id, 0, false, size);
			if (err)
				return err;
		} else {
			*size += lfs_tag_dsize(attrs[i].tag);
		}
	}
	return 0;
}

/* Ids referenced by attrs: [*lo, *hi]; false when none. */
static bool lfs_attrs_idrange(const struct lfs_mattr *attrs, int n, uint16_t *lo, uint16_t *hi)
{
	bool any = false;
	for (int i = 0; i < n; i++) {
		uint16_t id = (uint16_t)lfs_tag_id(attrs[i].tag);
		if (id == LFS_ID_NONE)
			continue;
		if (!any || id < *lo)
			*lo = id;
		if (!any || id > *hi)
			*hi = id;
		any = true;
	}
	return any;
}

/* Pick where to split dir (0: do not split): near the middle by size, with
 * every id the attrs touch on one side. */
static int lfs_mdir_split_point(lfs_t *lfs, const lfs_mdir_t *dir, const struct lfs_mattr *attrs,
				int n, lfs_size_t total, uint16_t *split)
{
	*split = 0;
	if (dir->count < 2)
		return 0;
	lfs_size_t acc = 0;
	uint16_t s = 1;
	for (; s < dir->count - 1; s++) {
		int err = lfs_commit_copy_id(lfs, NULL, dir, (uint16_t)(s - 1), 0, true, &acc);
		if (err)
			return err;
		if (acc >= total / 2)
			break;
	}
	uint16_t lo, hi;
	if (lfs_attrs_idrange(attrs, n, &lo, &hi) && !(hi < s || lo >= s)) {
		if (lo >= 1 && lo <= dir->count - 1)
			s = lo;
		else if (hi + 1 <= dir->count - 1)
			s = (uint16_t)(hi + 1);
		else
			return 0;
	}
	*split = s;
	return 0;
}

static void lfs_attrs_tail(const struct lfs_mattr *attrs, int n, lfs_block_t tail[2], bool *split)
{
	for (int i = 0; i < n; i++) {
		if (lfs_tag_type1(attrs[i].tag) == LFS_T_TAIL) {
			lfs_pair_get_le(tail, attrs[i].buffer);
			*split = lfs_tag_chunk(attrs[i].tag) & 1;
		}
	}
}

/* Revision for a new pair: newer than whatever stale data its blocks hold. */
static int lfs_fresh_rev(lfs_t *lfs, const lfs_block_t pair[2], uint32_t *rev)
{
	uint8_t b[4];
	uint32_t r[2];
	for (int i = 0; i < 2; i++) {
		int err = lfs_bd_read(lfs, NULL, pair[i], 0, b, 4, 4);
		if (err && err != LFS_ERR_CORRUPT)
			return err;
		r[i] = err ? 0 : lfs_get_le32(b);
	}
	*rev = (lfs_seq_newer(r[0], r[1]) ? r[0] : r[1]) + 1;
	return 0;
}

/* Write a block of a pair: into pair[1], or into a newly allocated block
 * when wear leveling asks for it (if one is free) and for as long as the
 * device reports bad blocks. The written block is pair[0] on return. */
static int lfs_mdir_write_pair(lfs_t *lfs, lfs_block_t pair[2], uint32_t rev, bool wear,
			       bool movable, const struct lfs_block_plan *p, bool *erased,
			       bool *relocated)
{
	lfs_block_t target = pair[1];
	bool relocate = wear && movable;
	for (lfs_size_t tries = 0;; tries++) {
		if (relocate) {
			if (!movable)
				return LFS_ERR_CORRUPT;
			if (tries > lfs->block_count)
				return LFS_ERR_NOSPC;
			lfs_block_t fresh;
			int err = lfs_alloc(lfs, &fresh);
			if (err && !(err == LFS_ERR_NOSPC && wear && tries == 0))
				return err;
			if (!err) {
				err = lfs_alloc_pin(lfs, fresh);
				if (err)
					return err;
				target = fresh;
				*relocated = true;
			}
		}
		int err = lfs_mdir_write_block(lfs, target, rev, p, target != pair[1], erased);
		if (!err)
			break;
		if (!lfs_bd_isbad(err))
			return err;
		/* the bad block leaves the pair; if it was pinned, nothing
		 * references it */
		lfs_alloc_unpin(lfs, target);
		relocate = true;
	}
	pair[1] = pair[0];
	pair[0] = target;
	return 0;
}

/* Superblock pairs never move (their place is how littlefs is found). */
static bool lfs_pair_isroot(const lfs_t *lfs, const lfs_block_t pair[2])
{
	const lfs_block_t anchor[2] = { LFS_ANCHOR_BLOCK0, LFS_ANCHOR_BLOCK1 };
	return lfs_pair_same(pair, lfs->root) || lfs_pair_same(pair, anchor);
}

/* Write ids [split, count) of dir (and attrs when attrs_high) as a new
 * pair with dir's final tail; p becomes the plan of the low half. */
static int lfs_mdir_write_high(lfs_t *lfs, const lfs_mdir_t *dir, uint16_t split,
			       struct lfs_block_plan *p, bool attrs_high, lfs_mdir_t *high)
{
	struct lfs_block_plan hp = { .src = dir, .begin = split, .end = dir->count,
				     .attrs = attrs_high ? p->attrs : NULL,
				     .n = attrs_high ? p->n : 0, .split = p->split };
	hp.tail[0] = p->tail[0];
	hp.tail[1] = p->tail[1];
	lfs_block_t hpair[2];
	uint32_t hrev;
	bool erased, hreloc = false;
	int err = lfs_alloc_pair(lfs, hpair);
	if (!err)
		err = lfs_fresh_rev(lfs, hpair, &hrev);
	if (err)
		return err;
	lfs_block_t hw[2] = { hpair[1], hpair[0] };
	err = lfs_mdir_write_pair(lfs, hw, hrev, false, true, &hp, &erased, &hreloc);
	if (err)
		return err;
	high->pair[0] = hw[0];
	high->pair[1] = hw[1];
	p->end = split;
	p->tail[0] = hw[0];
	p->tail[1] = hw[1];
	p->split = true;
	if (attrs_high) {
		p->attrs = NULL;
		p->n = 0;
	}
	return 0;
}

/* Compact dir (optionally splitting it) together with attrs. */
static int lfs_mdir_compact(lfs_t *lfs, lfs_mdir_t *dir, const struct lfs_mattr *attrs, int n,
			    const lfs_gstate_t *gd, const lfs_gstate_t *gd_kept, bool *relocated,
			    uint16_t *split_out, lfs_mdir_t *high)
{
	lfs_size_t live, asize, bsize = lfs->cfg->block_size;
	int err = lfs_mdir_live_size(lfs, dir, 0, dir->count, &live);
	if (!err)
		err = lfs_attrs_size(lfs, attrs, n, &asize);
	if (err)
		return err;
	lfs_size_t total = 4 + live + asize + 12 + 16 + 20 + lfs->cfg->prog_size;
	uint16_t split = 0;
	if (total > bsize / 2) {
		err = lfs_mdir_split_point(lfs, dir, attrs, n, live, &split);
		if (err)
			return err;
	}
	uint16_t lo = 0, hi = 0;
	bool attrs_high = split && lfs_attrs_idrange(attrs, n, &lo, &hi) && lo >= split;

	struct lfs_block_plan p = { .src = dir, .begin = 0, .end = dir->count, .attrs = attrs,
				    .n = n, .gdelta = *gd, .gdelta_kept = *gd_kept };
	p.tail[0] = dir->tail[0];
	p.tail[1] = dir->tail[1];
	p.split = dir->split;
	lfs_attrs_tail(attrs, n, p.tail, &p.split);
	bool erased;

	if (split) {
		err = lfs_mdir_write_high(lfs, dir, split, &p, attrs_high, high);
		if (err == LFS_ERR_NOSPC) {
			/* no room for a new pair: compact without splitting */
			split = 0;
			attrs_high = false;
		} else if (err) {
			return err;
		}
	}

	bool movable = !lfs_pair_isroot(lfs, dir->pair);
	uint32_t rev = dir->rev + 1;
	bool wear = lfs->cfg->block_cycles > 0 && !lfs->repairing &&
		    rev % (((uint32_t)lfs->cfg->block_cycles + 1) | 1) == 0;
	lfs_block_t pair[2] = { dir->pair[0], dir->pair[1] };
	err = lfs_mdir_write_pair(lfs, pair, rev, wear, movable, &p, &erased, relocated);
	if (err)
		return err;
	lfs_mdir_t low;
	err = lfs_mdir_fetch(lfs, &low, pair, NULL);
	if (err)
		return err;
	if (split) {
		lfs_block_t hp2[2] = { high->pair[0], high->pair[1] };
		err = lfs_mdir_fetch(lfs, high, hp2, NULL);
		if (err)
			return err;
	}
	*dir = low;
	*split_out = split;
	return attrs_high ? 1 : 0;
}

/* Update count/tail of dir in memory for attrs appended to it. */
static void lfs_mdir_apply(lfs_mdir_t *dir, const struct lfs_mattr *attrs, int n)
{
	for (int i = 0; i < n; i++) {
		uint32_t tag = attrs[i].tag;
		uint32_t id = lfs_tag_id(tag);
		if (lfs_tag_type3(tag) == LFS_T_CREATE)
			dir->count++;
		else if (lfs_tag_type3(tag) == LFS_T_DELETE)
			dir->count--;
		else if (lfs_tag_type1(tag) == LFS_T_NAME && id != LFS_ID_NONE && id >= dir->count)
			dir->count = (uint16_t)(id + 1);
		if (lfs_tag_type1(tag) == LFS_T_USERATTR || lfs_tag_type3(tag) == LFS_T_FROM_MOVE)
			dir->has_attrs = true;  /* a move may copy some */
	}
	bool split = dir->split;
	lfs_attrs_tail(attrs, n, dir->tail, &split);
	dir->split = split;
}

static int lfs_mdir_append(lfs_t *lfs, lfs_mdir_t *dir, const struct lfs_mattr *attrs, int n,
			   const lfs_gstate_t *gd, bool write_gd)
{
	struct lfs_commit c = { dir->pair[0], dir->off, dir->etag, 0xffffffff,
				lfs->cfg->block_size - 8 };
	int err = 0;
	for (int i = 0; !err && i < n; i++)
		err = lfs_commit_attr(lfs, &c, &attrs[i], 0);
	if (!err && write_gd) {
		uint8_t b[12];
		lfs_gstate_put(b, gd);
		err = lfs_commit_tag(lfs, &c, LFS_MKTAG(LFS_T_MOVESTATE, LFS_ID_NONE, 12), b, 0, 0);
	}
	bool erased;
	if (!err)
		err = lfs_commit_end(lfs, &c, &erased);
	if (err) {
		lfs_cache_drop(&lfs->pcache);
		return err;
	}
	dir->off = c.off;
	dir->etag = c.ptag;
	dir->erased = erased;
	dir->has_gdelta = dir->has_gdelta || write_gd;
	lfs_mdir_apply(dir, attrs, n);
	return 0;
}

int lfs_mdir_commit_raw(lfs_t *lfs, lfs_mdir_t *dir, const struct lfs_mattr *attrs, int n,
			struct lfs_reloc *reloc)
{
	lfs_gstate_t gd, gd_kept, pending = lfs->gstate;
	lfs_gstate_xor(&pending, &lfs->gdisk);
	int err = lfs_mdir_gdelta(lfs, dir, &gd_kept);
	if (err)
		return err;
	gd = gd_kept;
	lfs_gstate_xor(&gd, &pending);
	bool write_gd = !lfs_gstate_iszero(&pending);

	lfs_block_t old[2] = { dir->pair[0], dir->pair[1] };
	reloc->relocated = false;
	reloc->base = 0;
	lfs_mdir_t before = *dir;
	lfs_size_t need;
	err = lfs_attrs_size(lfs, attrs, n, &need);
	if (err)
		return err;
	need += (write_gd ? 16 : 0) + 20 + lfs->cfg->prog_size;
	if (dir->erased && dir->off + need <= lfs->cfg->block_size) {
		err = lfs_mdir_append(lfs, dir, attrs, n, &gd, write_gd);
		if (!err) {
			lfs->gdisk = lfs->gstate;
			lfs_alloc_unpin_all(lfs);
			lfs_handles_after_commit(lfs, old, dir, NULL, 0, attrs, n, false);
			return 0;
		}
		if (!lfs_bd_isbad(err))
			return err;
		*dir = before;
	}
	uint16_t split = 0;
	lfs_mdir_t high;
	int side = lfs_mdir_compact(lfs, dir, attrs, n, &gd, &gd_kept, &reloc->relocated, &split,
				    &high);
	if (side < 0) {
		*dir = before;
		return side;
	}
	if (!reloc->relocated) {
		lfs->gdisk = lfs->gstate;
		lfs_alloc_unpin_all(lfs);
	}
	reloc->old[0] = old[0];
	reloc->old[1] = old[1];
	reloc->now[0] = dir->pair[0];
	reloc->now[1] = dir->pair[1];
	lfs_handles_after_commit(lfs, old, dir, split ? &high : NULL, split, attrs, n, side == 1);
	if (side == 1) {
		*dir = high;
		reloc->base = split;
	}
	return 0;
}

int lfs_mdir_commit_id(lfs_t *lfs, lfs_mdir_t *dir, const struct lfs_mattr *attrs, int n,
		       uint16_t *id)
{
	struct lfs_reloc reloc;
	int err = lfs_mdir_commit_raw(lfs, dir, attrs, n, &reloc);
	if (err)
		return err;
	*id = (uint16_t)(*id - reloc.base);
	if (reloc.relocated)
		err = lfs_fs_fix_references(lfs, reloc.old, reloc.now);
	return err;
}

int lfs_mdir_commit(lfs_t *lfs, lfs_mdir_t *dir, const struct lfs_mattr *attrs, int n)
{
	uint16_t id = 0;
	return lfs_mdir_commit_id(lfs, dir, attrs, n, &id);
}

int lfs_mdir_create(lfs_t *lfs, lfs_mdir_t *dir, const lfs_block_t tail[2], bool split)
{
	lfs_block_t pair[2];
	uint32_t rev;
	int err = lfs_alloc_pair(lfs, pair);
	if (!err)
		err = lfs_fresh_rev(lfs, pair, &rev);
	if (err)
		return err;
	struct lfs_block_plan p = { .src = NULL, .split = split };
	p.tail[0] = tail[0];
	p.tail[1] = tail[1];
	bool erased, relocated = false;
	lfs_block_t w[2] = { pair[1], pair[0] };
	err = lfs_mdir_write_pair(lfs, w, rev, false, true, &p, &erased, &relocated);
	if (err)
		return err;
	return lfs_mdir_fetch(lfs, dir, w, NULL);
}

int lfs_mdir_compact_now(lfs_t *lfs, lfs_mdir_t *dir)
{
	lfs_mdir_t d = *dir;
	d.erased = false;
	return lfs_mdir_commit(lfs, &d, NULL, 0);
}
