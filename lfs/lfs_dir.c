/*
 * lfs_dir.c - directories: mkdir, reading directories, entry information.
 *
 * SPEC "0x002 LFS_TYPE_DIR", "0x200 LFS_TYPE_DIRSTRUCT", "0x600
 * LFS_TYPE_SOFTTAIL": a new directory is a new metadata pair inserted on the
 * threaded list after the last pair of its parent directory. When the
 * entry and that tail live in different pairs, the tail is committed first
 * with the orphan count raised (SPEC "0x7ff LFS_TYPE_MOVESTATE" sync bit),
 * so a power cut between the two commits leaves an orphan that the next
 * write removes.
 */
#include "lfs_internal.h"

int lfs_entry_info(lfs_t *lfs, const lfs_mdir_t *dir, uint16_t id, uint32_t tag,
		   struct lfs_info *info)
{
	lfs_size_t len = lfs_min(lfs_tag_size(tag), LFS_NAME_MAX_LIMIT);
	int32_t res = lfs_mdir_get(lfs, dir, LFS_MASK_TYPE1_ID, LFS_MKTAG(LFS_T_NAME, id, 0), 0,
				   info->name, len);
	if (res < 0)
		return res;
	info->name[len] = '\0';
	info->type = (uint8_t)lfs_tag_type3(tag);
	info->size = 0;
	uint8_t b[8];
	res = lfs_mdir_get(lfs, dir, LFS_MASK_TYPE1_ID, LFS_MKTAG(LFS_T_STRUCT, id, 0), 0, b, 8);
	if (res == LFS_ERR_NOENT)
		return 0;
	if (res < 0)
		return res;
	if (lfs_tag_type3((uint32_t)res) == LFS_T_CTZSTRUCT)
		info->size = lfs_get_le32(b + 4);
	else if (lfs_tag_type3((uint32_t)res) == LFS_T_INLINESTRUCT)
		info->size = lfs_tag_size((uint32_t)res);
	return 0;
}

int lfs_mkdir(lfs_t *lfs, const char *path)
{
	struct lfs_lookup lk;
	int err = lfs_lookup_for_write(lfs, path, &lk);
	if (err == 0)
		return LFS_ERR_EXIST;
	if (err != LFS_ERR_NOENT || !lk.name)
		return err;
	if (lk.namelen > lfs->name_max)
		return LFS_ERR_NAMETOOLONG;

	lfs_mdir_t last, child;
	err = lfs_dir_chain_last(lfs, lk.head, &last);
	if (!err)
		err = lfs_mdir_create(lfs, &child, last.tail, false);
	if (err)
		return err;

	uint8_t dirstruct[8], tail[8];
	lfs_pair_put_le(dirstruct, child.pair);
	lfs_pair_put_le(tail, child.pair);
	struct lfs_mattr tail_attr = { LFS_MKTAG(LFS_T_SOFTTAIL, LFS_ID_NONE, 8), tail };
	if (!lfs_pair_same(lk.dir.pair, last.pair)) {
		lfs_gstate_set_orphans(lfs, +1);
		err = lfs_mdir_commit(lfs, &last, &tail_attr, 1);
		if (err)
			return err;
		lfs_gstate_set_orphans(lfs, -1);
		err = lfs_path_lookup(lfs, path, &lk);
		if (err != LFS_ERR_NOENT || !lk.name)
			return err ? err : LFS_ERR_CORRUPT;
	}
	bool with_tail = lfs_pair_same(lk.dir.pair, last.pair);
	uint16_t id = lk.id;
	struct lfs_mattr attrs[4] = {
		{ LFS_MKTAG(LFS_T_CREATE, id, 0), NULL },
		{ LFS_MKTAG(LFS_T_DIR, id, lk.namelen), lk.name },
		{ LFS_MKTAG(LFS_T_DIRSTRUCT, id, 8), dirstruct },
		tail_attr,
	};
	return lfs_mdir_commit(lfs, &lk.dir, attrs, with_tail ? 4 : 3);
}

int lfs_dir_open(lfs_t *lfs, lfs_dir_t *dir, const char *path)
{
	struct lfs_lookup lk;
	int err = lfs_path_lookup(lfs, path, &lk);
	if (err)
		return err;
	if (lfs_tag_type3(lk.tag) != LFS_T_DIR)
		return LFS_ERR_NOTDIR;
	err = lfs_lookup_dir_head(lfs, &lk, dir->head);
	if (!err)
		err = lfs_mdir_fetch(lfs, &dir->h.m, dir->head, NULL);
	if (err)
		return err;
	dir->h.id = 0;
	dir->h.type = LFS_TYPE_DIR;
	dir->pos = 0;
	lfs_handle_add(lfs, &dir->h);
	lfs_ram_add(lfs, sizeof(*dir));
	return 0;
}

int lfs_dir_read(lfs_t *lfs, lfs_dir_t *dir, struct lfs_info *info)
{
	lfs_memset(info, 0, sizeof(*info));
	if (dir->pos < 2) {
		info->type = LFS_TYPE_DIR;
		lfs_memcpy(info->name, "..", dir->pos + 1);
		dir->pos++;
		return 1;
	}
	for (lfs_size_t n = 0; n <= lfs->block_count * 2; n++) {
		if (dir->h.id >= dir->h.m.count) {
			if (!dir->h.m.split)
				return 0;
			lfs_block_t tail[2] = { dir->h.m.tail[0], dir->h.m.tail[1] };
			int err = lfs_mdir_fetch(lfs, &dir->h.m, tail, NULL);
			if (err)
				return err;
			dir->h.id = 0;
			continue;
		}
		uint16_t id = dir->h.id++;
		int32_t tag = lfs_mdir_get(lfs, &dir->h.m, LFS_MASK_TYPE1_ID,
					   LFS_MKTAG(LFS_T_NAME, id, 0), 0, NULL, 0);
		if (tag == LFS_ERR_NOENT)
			continue;
		if (tag < 0)
			return tag;
		uint32_t type = lfs_tag_type3((uint32_t)tag);
		if ((type != LFS_T_REG && type != LFS_T_DIR) || lfs_gstate_hidden(lfs, &dir->h.m, id))
			continue;
		int err = lfs_entry_info(lfs, &dir->h.m, id, (uint32_t)tag, info);
		if (err)
			return err;
		dir->pos++;
		return 1;
	}
	return LFS_ERR_CORRUPT;
}

int lfs_dir_rewind(lfs_t *lfs, lfs_dir_t *dir)
{
	int err = lfs_mdir_fetch(lfs, &dir->h.m, dir->head, NULL);
	if (err)
		return err;
	dir->h.id = 0;
	dir->pos = 0;
	return 0;
}

int lfs_dir_close(lfs_t *lfs, lfs_dir_t *dir)
{
	lfs_handle_remove(lfs, &dir->h);
	lfs_ram_sub(lfs, sizeof(*dir));
	return 0;
}
