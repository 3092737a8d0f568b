/*
 * lfs_mdir_read.c - reading metadata pairs.
 *
 * SPEC "Directories / Metadata pairs": each block of a pair starts with a
 * little-endian revision count and holds a log of commits; tags are stored
 * big-endian and XOR-chained starting from 0xffffffff; a commit ends with a
 * CRC tag (0x5xx) whose CRC covers everything since the previous CRC tag
 * (the revision count for the first commit) and whose chunk bit sets the
 * expected valid bit of the next commit. An FCRC tag (0x5ff, lfs2.1) holds
 * the CRC of the erased bytes after the commit: only when it still matches
 * may the log be appended to. The newer valid block of the pair wins.
 *
 * Lookups walk the valid log backward (XOR of a stored tag with the tag
 * after it gives the previous tag), translating the id through CREATE and
 * DELETE tags (SPEC "0x401 LFS_TYPE_CREATE" / "0x4ff LFS_TYPE_DELETE").
 */
#include "lfs_internal.h"

struct lfs_fetch_state {
	uint16_t count;
	/* the name looked for (struct lfs_name_find) */
	int16_t found;       /* id so named, or -1 */
	uint16_t after;      /* first id named at or after it, or LFS_ID_NONE */
	bool split;
	bool has_gdelta;
	bool has_attrs;
	bool has_fcrc;
	uint32_t found_tag;
	lfs_block_t tail[2];
	lfs_gstate_t gdelta;
	uint32_t fcrc_size;
	uint32_t fcrc;
};

/* A name tag of an entry (file or directory), whose name is compared. */
static bool lfs_tag_is_entry_name(uint32_t tag)
{
	uint32_t type3 = lfs_tag_type3(tag);
	return (type3 == LFS_T_REG || type3 == LFS_T_DIR) && lfs_tag_id(tag) != LFS_ID_NONE;
}

/* Follow the name looked for through one tag: an entry name compared with
 * it (cmp: <0, 0, >0 as the stored name sorts before, equal, after), or a
 * CREATE/DELETE that shifts the ids after it. Entries are in name order
 * (SPEC "0x401 LFS_TYPE_CREATE"), so the ids named at or after the name
 * looked for are a run up to the end: DELETE of its first id leaves the
 * next one, which also sorts after, in its place. */
static void lfs_fetch_find_tag(uint32_t tag, int cmp, struct lfs_fetch_state *st)
{
	int16_t id = (int16_t)lfs_tag_id(tag);
	uint32_t type3 = lfs_tag_type3(tag);
	if (lfs_tag_is_entry_name(tag)) {
		if (cmp == 0) {
			st->found = id;
			st->found_tag = tag;
		}
		if (cmp >= 0 && (uint16_t)id < st->after)
			st->after = (uint16_t)id;
	} else if (type3 == LFS_T_CREATE) {
		if (st->found >= 0 && id <= st->found)
			st->found++;
		if (st->after != LFS_ID_NONE && (uint16_t)id <= st->after)
			st->after++;
	} else if (type3 == LFS_T_DELETE) {
		if (id == st->found)
			st->found = -1;
		else if (id < st->found)
			st->found--;
		if (st->after != LFS_ID_NONE && (uint16_t)id < st->after)
			st->after--;
	}
}

static int lfs_read_le32(lfs_t *lfs, lfs_block_t block, lfs_off_t off, lfs_size_t hint,
			 uint32_t *v)
{
	uint8_t b[4];
	int err = lfs_bd_read(lfs, NULL, block, off, b, 4, hint);
	*v = lfs_get_le32(b);
	return err;
}

/* Apply one non-CRC tag of a commit to the running state. */
static int lfs_fetch_apply(lfs_t *lfs, lfs_block_t block, lfs_off_t off, uint32_t tag,
			   struct lfs_fetch_state *st)
{
	uint8_t buf[12];
	lfs_size_t rest = lfs->cfg->block_size - off - 4;  /* the scan goes on */
	uint32_t type1 = lfs_tag_type1(tag);
	if (type1 == LFS_T_USERATTR)
		st->has_attrs = true;
	if (type1 == LFS_T_NAME && lfs_tag_id(tag) != LFS_ID_NONE) {
		if (lfs_tag_id(tag) >= st->count)
			st->count = (uint16_t)(lfs_tag_id(tag) + 1);
	} else if (type1 == LFS_T_SPLICE) {
		if (lfs_tag_type3(tag) == LFS_T_CREATE)
			st->count++;
		else if (lfs_tag_type3(tag) == LFS_T_DELETE && st->count > 0)
			st->count--;
	} else if (type1 == LFS_T_TAIL && lfs_tag_size(tag) == 8) {
		int err = lfs_bd_read(lfs, NULL, block, off + 4, buf, 8, rest);
		if (err)
			return err;
		lfs_pair_get_le(st->tail, buf);
		st->split = lfs_tag_chunk(tag) & 1;
	} else if (lfs_tag_type3(tag) == LFS_T_MOVESTATE && lfs_tag_size(tag) == 12) {
		int err = lfs_bd_read(lfs, NULL, block, off + 4, buf, 12, rest);
		if (err)
			return err;
		st->has_gdelta = true;
		st->gdelta.tag = lfs_get_le32(buf);
		lfs_pair_get_le(st->gdelta.pair, buf + 4);
	} else if (lfs_tag_type3(tag) == LFS_T_FCRC && lfs_tag_size(tag) == 8) {
		int err = lfs_bd_read(lfs, NULL, block, off + 4, buf, 8, rest);
		if (err)
			return err;
		st->has_fcrc = true;
		st->fcrc_size = lfs_get_le32(buf);
		st->fcrc = lfs_get_le32(buf + 4);
	}
	return 0;
}

/* Parse the commits of one block; 1 when at least one commit is valid. */
static int lfs_fetch_block(lfs_t *lfs, lfs_block_t block, lfs_mdir_t *dir, lfs_gstate_t *gdelta,
			   struct lfs_name_find *find)
{
	lfs_size_t bsize = lfs->cfg->block_size;
	uint8_t b[4];
	int err = lfs_bd_read(lfs, NULL, block, 0, b, 4, bsize);
	if (err)
		return err;
	uint32_t rev = lfs_get_le32(b);
	uint32_t crc = lfs_crc32(0xffffffff, b, 4);
	uint32_t ptag = 0xffffffff;
	lfs_off_t off = 4;
	struct lfs_fetch_state run = { .tail = { LFS_BLOCK_NULL, LFS_BLOCK_NULL }, .found = -1,
				       .after = LFS_ID_NONE };
	struct lfs_fetch_state done = run;
	bool valid = false;

	while (off + 4 <= bsize) {
		err = lfs_bd_read(lfs, NULL, block, off, b, 4, bsize - off);
		if (err)
			return err;
		uint32_t tag = lfs_get_be32(b) ^ ptag;
		if (tag & LFS_TAG_VALID_BIT)
			break;
		lfs_size_t dsize = lfs_tag_dsize(tag);
		if (dsize > bsize - off)
			break;
		crc = lfs_crc32(crc, b, 4);
		if (lfs_tag_type1(tag) == LFS_T_CRC && lfs_tag_type3(tag) != LFS_T_FCRC) {
			uint32_t stored;
			if (lfs_tag_size(tag) < 4 || lfs_tag_isdelete(tag))
				break;
			err = lfs_read_le32(lfs, block, off + 4, bsize - off - 4, &stored);
			if (err)
				return err;
			if (stored != crc)
				break;
			/* commit complete: SPEC "0x5xx LFS_TYPE_CRC" */
			done = run;
			valid = true;
			lfs->seed ^= crc;
			off += dsize;
			ptag = tag ^ ((lfs_tag_chunk(tag) & 1u) << 31);
			dir->off = off;
			dir->etag = ptag;
			crc = 0xffffffff;
			run.has_fcrc = false;
			continue;
		}
		/* the data is read once: CRC, and the name looked for compared */
		bool compare = find && lfs_tag_is_entry_name(tag);
		lfs_size_t size = lfs_tag_isdelete(tag) ? 0 : lfs_tag_size(tag);
		int cmp = 0;
		err = lfs_bd_scan(lfs, block, off + 4, size, bsize - off - 4, &crc,
				  compare ? find->name : NULL, compare ? lfs_min(find->len, size) : 0,
				  &cmp);
		if (err)
			return err;
		if (compare && cmp == 0)
			cmp = size < find->len ? -1 : size > find->len ? 1 : 0;
		if (find)
			lfs_fetch_find_tag(tag, cmp, &run);
		err = lfs_fetch_apply(lfs, block, off, tag, &run);
		if (err)
			return err;
		ptag = tag;
		off += dsize;
	}
	if (!valid)
		return 0;

	dir->rev = rev;
	dir->count = done.count;
	dir->split = done.split;
	dir->tail[0] = done.tail[0];
	dir->tail[1] = done.tail[1];
	dir->has_gdelta = done.has_gdelta;
	dir->has_attrs = done.has_attrs;
	dir->erased = false;
	if (done.has_fcrc && done.fcrc_size <= bsize - dir->off) {
		uint32_t ecrc = 0xffffffff;
		err = lfs_bd_crc(lfs, block, dir->off, done.fcrc_size, done.fcrc_size, &ecrc);
		if (err && err != LFS_ERR_CORRUPT)
			return err;
		dir->erased = !err && ecrc == done.fcrc;
	}
	if (gdelta)
		*gdelta = done.gdelta;
	if (find) {
		find->found = done.found >= 0 ? done.found : LFS_ERR_NOENT;
		if (done.found >= 0)
			find->tag = lfs_tag_with_id(done.found_tag, (uint32_t)done.found);
		find->insert = lfs_min(done.after, done.count);
	}
	return 1;
}

int lfs_mdir_fetch_find(lfs_t *lfs, lfs_mdir_t *dir, const lfs_block_t pair_in[2],
			lfs_gstate_t *gdelta, struct lfs_name_find *find)
{
	/* pair_in may point into dir (its tail) */
	const lfs_block_t pair[2] = { pair_in[0], pair_in[1] };
	uint32_t revs[2];
	if (pair[0] >= lfs->block_count || pair[1] >= lfs->block_count)
		return LFS_ERR_CORRUPT;
	for (int i = 0; i < 2; i++) {
		int err = lfs_read_le32(lfs, pair[i], 0, 4, &revs[i]);
		if (err && err != LFS_ERR_CORRUPT)
			return err;
		if (err)
			revs[i] = 0;
	}
	int first = lfs_seq_newer(revs[1], revs[0]) ? 1 : 0;
	for (int i = 0; i < 2; i++) {
		int b = (first + i) % 2;
		int res = lfs_fetch_block(lfs, pair[b], dir, gdelta, find);
		if (res < 0 && res != LFS_ERR_CORRUPT)
			return res;
		if (res == 1) {
			dir->pair[0] = pair[b];
			dir->pair[1] = pair[1 - b];
			return 0;
		}
	}
	return LFS_ERR_CORRUPT;
}

void lfs_walk_init(const lfs_mdir_t *dir, uint32_t id, struct lfs_walk *w)
{
	w->block = dir->pair[0];
	w->tag = dir->etag & ~LFS_TAG_VALID_BIT;
	w->off = dir->off - lfs_tag_dsize(w->tag);
	w->id = id;
}

int lfs_walk_prev(lfs_t *lfs, struct lfs_walk *w)
{
	uint8_t b[4];
	for (;;) {
		if (w->off <= 4)
			return 0;
		int err = lfs_bd_read(lfs, NULL, w->block, w->off, b, 4, 4);
		if (err)
			return err;
		w->tag = (lfs_get_be32(b) ^ w->tag) & ~LFS_TAG_VALID_BIT;
		lfs_size_t dsize = lfs_tag_dsize(w->tag);
		if (dsize > w->off - 4)
			return LFS_ERR_CORRUPT;
		w->off -= dsize;

		uint32_t tid = lfs_tag_id(w->tag);
		if (lfs_tag_type1(w->tag) == LFS_T_CRC)
			continue;
		if (lfs_tag_type1(w->tag) == LFS_T_SPLICE && w->id != LFS_ID_NONE) {
			if (lfs_tag_type3(w->tag) == LFS_T_CREATE) {
				if (tid == w->id)
					return 0;
				if (tid < w->id)
					w->id--;
			} else if (lfs_tag_type3(w->tag) == LFS_T_DELETE && tid <= w->id) {
				w->id++;
			}
			continue;
		}
		if (tid == w->id)
			return 1;
	}
}

/* Newest live tag matching want under mask; *data_off is where its data is. */
static int32_t lfs_mdir_lookup(lfs_t *lfs, const lfs_mdir_t *dir, uint32_t mask, uint32_t want,
			       lfs_off_t *data_off)
{
	struct lfs_walk w;
	lfs_walk_init(dir, lfs_tag_id(want), &w);
	for (;;) {
		int res = lfs_walk_prev(lfs, &w);
		if (res < 0)
			return res;
		if (res == 0)
			return LFS_ERR_NOENT;
		if (((w.tag ^ lfs_tag_with_id(want, w.id)) & mask) == 0) {
			if (lfs_tag_isdelete(w.tag))
				return LFS_ERR_NOENT;
			*data_off = w.off + 4;
			return (int32_t)lfs_tag_with_id(w.tag, lfs_tag_id(want));
		}
	}
}

int32_t lfs_mdir_get(lfs_t *lfs, const lfs_mdir_t *dir, uint32_t mask, uint32_t want,
		     lfs_off_t skip, void *buffer, lfs_size_t size)
{
	lfs_off_t doff;
	int32_t tag = lfs_mdir_lookup(lfs, dir, mask, want, &doff);
	if (tag < 0)
		return tag;
	lfs_size_t tsize = lfs_tag_size((uint32_t)tag);
	if (size > 0 && skip < tsize) {
		lfs_size_t n = lfs_min(size, tsize - skip);
		int err = lfs_bd_read(lfs, NULL, dir->pair[0], doff + skip, buffer, n, n);
		if (err)
			return err;
	}
	return tag;
}

int lfs_mdir_gdelta(lfs_t *lfs, const lfs_mdir_t *dir, lfs_gstate_t *delta)
{
	uint8_t buf[12];
	if (!dir->has_gdelta) {
		lfs_memset(delta, 0, sizeof(*delta));
		return 0;
	}
	int32_t tag = lfs_mdir_get(lfs, dir, LFS_MASK_TYPE3_ID, LFS_MKTAG(LFS_T_MOVESTATE, LFS_ID_NONE, 0),
				   0, buf, sizeof(buf));
	lfs_memset(delta, 0, sizeof(*delta));
	if (tag == LFS_ERR_NOENT)
		return 0;
	if (tag < 0)
		return tag;
	if (lfs_tag_size((uint32_t)tag) != 12)
		return LFS_ERR_CORRUPT;
	delta->tag = lfs_get_le32(buf);
	lfs_pair_get_le(delta->pair, buf + 4);
	return 0;
}

void lfs_mlist_start(lfs_t *lfs, struct lfs_mlist *it)
{
	const lfs_block_t anchor[2] = { LFS_ANCHOR_BLOCK0, LFS_ANCHOR_BLOCK1 };
	lfs_mlist_start_at(lfs, it, anchor);
}

void lfs_mlist_start_at(lfs_t *lfs, struct lfs_mlist *it, const lfs_block_t pair[2])
{
	(void)lfs;
	it->next[0] = pair[0];
	it->next[1] = pair[1];
	it->seen = 0;
}

int lfs_mlist_next(lfs_t *lfs, struct lfs_mlist *it, lfs_mdir_t *dir, lfs_gstate_t *gdelta)
{
	if (lfs_pair_isnull(it->next))
		return 0;
	if (it->seen++ > lfs->block_count / 2)
		return LFS_ERR_CORRUPT;  /* the list loops */
	int err = lfs_mdir_fetch(lfs, dir, it->next, gdelta);
	if (err)
		return err;
	it->next[0] = dir->tail[0];
	it->next[1] = dir->tail[1];
	return 1;
}
