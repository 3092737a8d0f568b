/*
 * lfs_path.c - path resolution over directories.
 *
 * SPEC "0x002 LFS_TYPE_DIR" / "0x200 LFS_TYPE_DIRSTRUCT": a directory is a
 * list of metadata pairs linked by hard tails, entries in alphabetical
 * order; its dir-struct holds the first pair. The root directory is the
 * pair {0, 1}, whose id 0 is the superblock entry. "." components are
 * skipped and "name/.." pairs cancel, without recursion.
 */
#include "lfs_internal.h"

static bool lfs_name_is(const char *name, lfs_size_t len, const char *what)
{
	return len == lfs_strlen(what) && lfs_memcmp(name, what, len) == 0;
}

/* Next component after *p: returns its length (0 at the end). */
static lfs_size_t lfs_path_next(const char **p)
{
	while (**p == '/')
		(*p)++;
	lfs_size_t len = 0;
	while ((*p)[len] && (*p)[len] != '/')
		len++;
	return len;
}

/* True when a later ".." cancels the component that ends at rest. */
static bool lfs_path_cancelled(const char *rest)
{
	int depth = 0;
	for (;;) {
		lfs_size_t len = lfs_path_next(&rest);
		if (len == 0)
			return false;
		if (lfs_name_is(rest, len, "..")) {
			if (depth == 0)
				return true;
			depth--;
		} else if (!lfs_name_is(rest, len, ".")) {
			depth++;
		}
		rest += len;
	}
}

int lfs_lookup_dir_head(lfs_t *lfs, const struct lfs_lookup *lk, lfs_block_t head[2])
{
	if (lk->id == LFS_ID_NONE) {
		head[0] = lfs->root[0];
		head[1] = lfs->root[1];
		return 0;
	}
	uint8_t b[8];
	int32_t tag = lfs_mdir_get(lfs, &lk->dir, LFS_MASK_TYPE3_ID,
				   LFS_MKTAG(LFS_T_DIRSTRUCT, lk->id, 0), 0, b, 8);
	if (tag < 0)
		return tag == LFS_ERR_NOENT ? LFS_ERR_CORRUPT : tag;
	lfs_pair_get_le(head, b);
	return 0;
}

int lfs_lookup_for_write(lfs_t *lfs, const char *path, struct lfs_lookup *lk)
{
	int err = lfs_fs_prepare_write(lfs);
	return err ? err : lfs_path_lookup(lfs, path, lk);
}

/* Look name up in the directory whose first pair is head: the pairs of a
 * directory hold its entries in name order, so the search stops at the
 * first pair holding the name or a name after it (SPEC "0x601
 * LFS_TYPE_HARDTAIL"). Each pair is read once, fetched and searched
 * together. On LFS_ERR_NOENT, lk->dir and lk->id are where the name goes. */
static int lfs_lookup_in(lfs_t *lfs, const lfs_block_t head[2], const char *name,
			 lfs_size_t len, struct lfs_lookup *lk)
{
	struct lfs_name_find find = { .name = name, .len = len };
	int err = lfs_mdir_fetch_find(lfs, &lk->dir, head, NULL, &find);
	for (lfs_size_t n = 0; !err; n++) {
		if (find.found >= 0 && !lfs_gstate_hidden(lfs, &lk->dir, (uint16_t)find.found)) {
			lk->id = (uint16_t)find.found;
			lk->tag = find.tag;
			return 0;
		}
		if (find.found >= 0 || find.insert < lk->dir.count || !lk->dir.split ||
		    n > lfs->block_count / 2) {
			lk->id = find.insert;
			return LFS_ERR_NOENT;
		}
		err = lfs_mdir_fetch_find(lfs, &lk->dir, lk->dir.tail, NULL, &find);
	}
	return err;
}

int lfs_path_lookup(lfs_t *lfs, const char *path, struct lfs_lookup *lk)
{
	lk->name = NULL;
	if (!lfs->mounted)
		return LFS_ERR_BADF;
	lk->head[0] = lfs->root[0];
	lk->head[1] = lfs->root[1];
	lk->isroot = true;
	lk->id = LFS_ID_NONE;
	lk->tag = LFS_MKTAG(LFS_T_DIR, LFS_ID_NONE, 0);
	lk->namelen = 0;
	lfs_block_t child[2] = { lfs->root[0], lfs->root[1] };
	const char *p = path;
	for (;;) {
		lfs_size_t len = lfs_path_next(&p);
		if (len == 0)  /* the root itself: fetched only now */
			return lk->isroot ? lfs_mdir_fetch(lfs, &lk->dir, lfs->root, NULL) : 0;
		const char *name = p;
		p += len;
		if (lfs_name_is(name, len, "."))
			continue;
		if (lfs_name_is(name, len, ".."))
			continue;  /* above the root: stays at the root */
		if (lfs_path_cancelled(p)) {
			int skip = 1;
			while (skip > 0) {
				lfs_size_t l = lfs_path_next(&p);
				if (lfs_name_is(p, l, ".."))
					skip--;
				else if (!lfs_name_is(p, l, "."))
					skip++;
				p += l;
			}
			continue;
		}
		if (lfs_tag_type3(lk->tag) != LFS_T_DIR)
			return LFS_ERR_NOTDIR;
		lk->head[0] = child[0];
		lk->head[1] = child[1];
		const char *after = p;
		bool last = lfs_path_next(&after) == 0;
		lk->name = name;
		lk->namelen = len;
		int err = lfs_lookup_in(lfs, child, name, len, lk);
		if (err) {
			if (err == LFS_ERR_NOENT && !last)
				lk->name = NULL;
			return err;
		}
		lk->isroot = false;
		if (lfs_tag_type3(lk->tag) == LFS_T_DIR) {
			err = lfs_lookup_dir_head(lfs, lk, child);
			if (err)
				return err;
		}
	}
}

int lfs_dir_chain_last(lfs_t *lfs, const lfs_block_t head[2], lfs_mdir_t *last)
{
	int err = lfs_mdir_fetch(lfs, last, head, NULL);
	for (lfs_size_t n = 0; !err && last->split; n++) {
		if (n > lfs->block_count / 2)
			return LFS_ERR_CORRUPT;
		err = lfs_mdir_fetch(lfs, last, last->tail, NULL);
	}
	return err;
}

int lfs_lookup_dir_isempty(lfs_t *lfs, const struct lfs_lookup *lk)
{
	lfs_block_t head[2];
	lfs_mdir_t dir;
	int err = lfs_lookup_dir_head(lfs, lk, head);
	if (!err)
		err = lfs_mdir_fetch(lfs, &dir, head, NULL);
	for (lfs_size_t n = 0; !err; n++) {
		for (uint16_t id = 0; id < dir.count; id++) {
			if (!lfs_gstate_hidden(lfs, &dir, id))
				return LFS_ERR_NOTEMPTY;
		}
		if (!dir.split || n > lfs->block_count / 2)
			return 0;
		err = lfs_mdir_fetch(lfs, &dir, dir.tail, NULL);
	}
	return err;
}
