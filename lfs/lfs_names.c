/*
 * lfs_names.c - operations on names: remove, rename, stat and custom
 * attributes.
 *
 * SPEC "0x4ff LFS_TYPE_DELETE": removing is one DELETE tag; a removed
 * directory stays on the threaded list until the orphan repair unlinks it,
 * guarded by the orphan count. SPEC "0x7ff LFS_TYPE_MOVESTATE": a rename
 * within one pair is a single commit (create + copy + delete); across
 * pairs the destination commit also records the source in the global move
 * state, so that after a power cut the source is treated as deleted, and
 * the source commit deletes it and clears the move.
 * SPEC "0x3xx LFS_TYPE_USERATTR": attributes are tags of the entry; the
 * root directory's attributes live on the superblock entry (id 0).
 */
#include "lfs_internal.h"

int lfs_remove(lfs_t *lfs, const char *path)
{
	struct lfs_lookup lk;
	int err = lfs_lookup_for_write(lfs, path, &lk);
	if (err)
		return err;
	if (lk.id == LFS_ID_NONE)
		return LFS_ERR_INVAL;
	bool isdir = lfs_tag_type3(lk.tag) == LFS_T_DIR;
	if (isdir) {
		err = lfs_lookup_dir_isempty(lfs, &lk);
		if (err)
			return err;
		lfs_gstate_set_orphans(lfs, +1);
	}
	struct lfs_mattr del = { LFS_MKTAG(LFS_T_DELETE, lk.id, 0), NULL };
	err = lfs_mdir_commit(lfs, &lk.dir, &del, 1);
	if (err)
		return err;
	return isdir ? lfs_fs_consistent(lfs) : 0;
}

/* newpath names oldpath itself or something below it. */
static bool lfs_path_within(const char *oldpath, const char *newpath)
{
	while (*oldpath == '/')
		oldpath++;
	while (*newpath == '/')
		newpath++;
	size_t len = lfs_strlen(oldpath);
	while (len > 0 && oldpath[len - 1] == '/')
		len--;
	return lfs_strncmp(oldpath, newpath, len) == 0 && newpath[len] == '/';
}

/* Point open files that followed the renamed entry at its new place. */
static int lfs_rename_retarget(lfs_t *lfs, const char *newpath)
{
	struct lfs_lookup lk;
	int err = lfs_path_lookup(lfs, newpath, &lk);
	for (struct lfs_handle *h = lfs->handles; h; h = h->next) {
		if (h->type != LFS_HANDLE_MOVESRC)
			continue;
		h->type = LFS_TYPE_REG;
		h->m = lk.dir;
		h->id = err ? LFS_ID_NONE : lk.id;
	}
	return err;
}

static int lfs_rename_commit(lfs_t *lfs, struct lfs_lookup *from, struct lfs_lookup *to,
			     bool exists)
{
	bool replaced_dir = exists && lfs_tag_type3(to->tag) == LFS_T_DIR;
	bool same_pair = lfs_pair_same(from->dir.pair, to->dir.pair);
	lfs_mdir_t src = from->dir;
	struct lfs_move_src move = { &src, from->id };
	uint16_t id = to->id;
	uint16_t srcid = from->id;
	if (same_pair && !exists && srcid >= id)
		srcid++;

	struct lfs_mattr attrs[5];
	int n = 0;
	if (exists)
		attrs[n++] = (struct lfs_mattr){ LFS_MKTAG(LFS_T_DELETE, id, 0), NULL };
	attrs[n++] = (struct lfs_mattr){ LFS_MKTAG(LFS_T_CREATE, id, 0), NULL };
	attrs[n++] = (struct lfs_mattr){ LFS_MKTAG(lfs_tag_type3(from->tag), id, to->namelen),
					 to->name };
	attrs[n++] = (struct lfs_mattr){ LFS_MKTAG(LFS_T_FROM_MOVE, id, 0), &move };
	if (same_pair)
		attrs[n++] = (struct lfs_mattr){ LFS_MKTAG(LFS_T_DELETE, srcid, 0), NULL };
	if (replaced_dir)
		lfs_gstate_set_orphans(lfs, +1);

	struct lfs_handle tracker = { .id = from->id, .type = LFS_HANDLE_TRACKER, .m = from->dir };
	if (!same_pair) {
		lfs_gstate_set_move(lfs, from->dir.pair, from->id);
		lfs_handle_add(lfs, &tracker);
	}
	lfs_mdir_t dst = to->dir;
	int err = lfs_mdir_commit(lfs, &dst, attrs, n);
	if (!err && !same_pair) {
		lfs_gstate_clear_move(lfs);
		lfs_mdir_t cur = tracker.m;
		struct lfs_mattr del = { LFS_MKTAG(LFS_T_DELETE, tracker.id, 0), NULL };
		lfs_handle_remove(lfs, &tracker);
		err = tracker.id == LFS_ID_NONE ? LFS_ERR_CORRUPT : lfs_mdir_commit(lfs, &cur, &del, 1);
	} else if (!same_pair) {
		lfs_handle_remove(lfs, &tracker);
	}
	if (!err && replaced_dir)
		err = lfs_fs_consistent(lfs);
	return err;
}

int lfs_rename(lfs_t *lfs, const char *oldpath, const char *newpath)
{
	struct lfs_lookup from, to;
	int err = lfs_lookup_for_write(lfs, oldpath, &from);
	if (err)
		return err;
	if (from.id == LFS_ID_NONE)
		return LFS_ERR_INVAL;
	bool isdir = lfs_tag_type3(from.tag) == LFS_T_DIR;
	err = lfs_path_lookup(lfs, newpath, &to);
	bool exists = err == 0;
	if (err && (err != LFS_ERR_NOENT || !to.name))
		return err;
	if (exists) {
		if (to.id == LFS_ID_NONE)
			return LFS_ERR_INVAL;
		if (lfs_pair_same(to.dir.pair, from.dir.pair) && to.id == from.id)
			return 0;
		bool todir = lfs_tag_type3(to.tag) == LFS_T_DIR;
		if (isdir && !todir)
			return LFS_ERR_NOTDIR;
		if (!isdir && todir)
			return LFS_ERR_ISDIR;
		if (todir) {
			err = lfs_lookup_dir_isempty(lfs, &to);
			if (err)
				return err;
		}
	} else {
		if (to.namelen > lfs->name_max)
			return LFS_ERR_NAMETOOLONG;
	}
	if (isdir && lfs_path_within(oldpath, newpath))
		return LFS_ERR_INVAL;

	for (struct lfs_handle *h = lfs->handles; h; h = h->next) {
		if (h->type == LFS_TYPE_REG && h->id == from.id &&
		    lfs_pair_same(h->m.pair, from.dir.pair))
			h->type = LFS_HANDLE_MOVESRC;
	}
	err = lfs_rename_commit(lfs, &from, &to, exists);
	int err2 = lfs_rename_retarget(lfs, err ? oldpath : newpath);
	return err ? err : err2;
}

int lfs_stat(lfs_t *lfs, const char *path, struct lfs_info *info)
{
	struct lfs_lookup lk;
	int err = lfs_path_lookup(lfs, path, &lk);
	if (err)
		return err;
	if (lk.id == LFS_ID_NONE) {
		lfs_memset(info, 0, sizeof(*info));
		info->type = LFS_TYPE_DIR;
		info->name[0] = '/';
		return 0;
	}
	return lfs_entry_info(lfs, &lk.dir, lk.id, lk.tag, info);
}

/* Entry carrying path's attributes: the root's live on the superblock entry. */
static int lfs_attr_target(lfs_t *lfs, const char *path, struct lfs_lookup *lk, bool write)
{
	int err = write ? lfs_lookup_for_write(lfs, path, lk) : lfs_path_lookup(lfs, path, lk);
	if (!err && lk->id == LFS_ID_NONE)
		lk->id = 0;
	return err;
}

lfs_ssize_t lfs_getattr(lfs_t *lfs, const char *path, uint8_t type, void *buffer,
			lfs_size_t size)
{
	struct lfs_lookup lk;
	int err = lfs_attr_target(lfs, path, &lk, false);
	if (err)
		return err;
	int32_t tag = lfs_mdir_get(lfs, &lk.dir, LFS_MASK_TYPE3_ID,
				   LFS_MKTAG(LFS_T_USERATTR + type, lk.id, 0), 0, buffer, size);
	if (tag == LFS_ERR_NOENT)
		return LFS_ERR_NODATA;
	if (tag < 0)
		return tag;
	return (lfs_ssize_t)lfs_tag_size((uint32_t)tag);
}

static int lfs_commit_attr_tag(lfs_t *lfs, const char *path, uint32_t tag, const void *buffer)
{
	struct lfs_lookup lk;
	int err = lfs_attr_target(lfs, path, &lk, true);
	if (err)
		return err;
	struct lfs_mattr a = { lfs_tag_with_id(tag, lk.id), buffer };
	return lfs_mdir_commit(lfs, &lk.dir, &a, 1);
}

int lfs_setattr(lfs_t *lfs, const char *path, uint8_t type, const void *buffer,
		lfs_size_t size)
{
	if (size > lfs->attr_max)
		return LFS_ERR_OVERFLOW;
	return lfs_commit_attr_tag(lfs, path, LFS_MKTAG(LFS_T_USERATTR + type, 0, size), buffer);
}

int lfs_removeattr(lfs_t *lfs, const char *path, uint8_t type)
{
	return lfs_commit_attr_tag(lfs, path,
				   LFS_MKTAG(LFS_T_USERATTR + type, 0, LFS_SIZE_DELETED), NULL);
}
