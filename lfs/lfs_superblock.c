/*
 * lfs_superblock.c - configuration, format, mount and filesystem-wide calls.
 *
 * SPEC "0x0ff LFS_TYPE_SUPERBLOCK": the root pair {0, 1} holds, as its first
 * entry (id 0), a name tag of type 0x0ff with the magic "littlefs" (so the
 * magic sits at offset 8 of the block) and an inline-struct tag with the
 * little-endian version, block size, block count, name max, file max and
 * attr max. This core writes version 0x00020001 and reads 2.0 and 2.1.
 * Mount also XORs the global-state deltas of every pair on the threaded
 * list (SPEC "0x7xx LFS_TYPE_GSTATE").
 */
#include "lfs_internal.h"

enum {
	LFS_OWN_RCACHE = 1,
	LFS_OWN_PCACHE = 2,
	LFS_OWN_LOOKAHEAD = 4,
};

static const char lfs_magic[8] = { 'l', 'i', 't', 't', 'l', 'e', 'f', 's' };

static int lfs_check_config(const struct lfs_config *c)
{
	if (!c->read || !c->prog || !c->erase || !c->sync)
		return LFS_ERR_INVAL;
	if (c->read_size == 0 || c->prog_size == 0 || c->cache_size == 0 || c->block_size < 128)
		return LFS_ERR_INVAL;
	if (c->block_size % c->read_size || c->block_size % c->prog_size ||
	    c->cache_size % c->read_size || c->cache_size % c->prog_size ||
	    c->block_size % c->cache_size || c->prog_size > 512)
		return LFS_ERR_INVAL;
	if (c->lookahead_size == 0 || c->lookahead_size % 8)
		return LFS_ERR_INVAL;
	if (c->name_max > LFS_NAME_MAX_LIMIT || c->attr_max > LFS_ATTR_MAX_LIMIT ||
	    c->file_max > LFS_FILE_MAX_LIMIT || c->block_cycles == 0)
		return LFS_ERR_INVAL;
	return 0;
}

static void *lfs_take_buffer(lfs_t *lfs, void *given, lfs_size_t size, uint8_t own)
{
	if (given)
		return given;
	void *p = lfs_mem_alloc(lfs, size);
	if (p)
		lfs->owned |= own;
	return p;
}

static void lfs_deinit(lfs_t *lfs)
{
	const struct lfs_config *c = lfs->cfg;
	if (lfs->owned & LFS_OWN_RCACHE)
		lfs_mem_free(lfs, lfs->rcache.buffer, c->cache_size);
	if (lfs->owned & LFS_OWN_PCACHE)
		lfs_mem_free(lfs, lfs->pcache.buffer, c->cache_size);
	if (lfs->owned & LFS_OWN_LOOKAHEAD)
		lfs_mem_free(lfs, lfs->lookahead.buffer, c->lookahead_size);
	lfs->owned = 0;
	lfs->mounted = false;
	lfs->handles = NULL;
}

static int lfs_init(lfs_t *lfs, const struct lfs_config *c)
{
	int err = lfs_check_config(c);
	if (err)
		return err;
	lfs_memset(lfs, 0, sizeof(*lfs));
	lfs->cfg = c;
	lfs->block_count = c->block_count;
	lfs->root[0] = 0;
	lfs->root[1] = 1;
	lfs->name_max = c->name_max ? c->name_max : LFS_NAME_MAX_DEFAULT;
	lfs->file_max = c->file_max ? c->file_max : LFS_FILE_MAX_LIMIT;
	lfs->attr_max = c->attr_max ? c->attr_max : LFS_ATTR_MAX_LIMIT;
	lfs->disk_version = LFS_DISK_VERSION;
	lfs->rcache.buffer = lfs_take_buffer(lfs, c->read_buffer, c->cache_size, LFS_OWN_RCACHE);
	lfs->pcache.buffer = lfs_take_buffer(lfs, c->prog_buffer, c->cache_size, LFS_OWN_PCACHE);
	lfs->lookahead.buffer = lfs_take_buffer(lfs, c->lookahead_buffer, c->lookahead_size,
						LFS_OWN_LOOKAHEAD);
	if (!lfs->rcache.buffer || !lfs->pcache.buffer || !lfs->lookahead.buffer) {
		lfs_deinit(lfs);
		return LFS_ERR_NOMEM;
	}
	lfs_cache_drop(&lfs->rcache);
	lfs_cache_drop(&lfs->pcache);
	lfs_ram_add(lfs, sizeof(*lfs) + 2 * c->cache_size + c->lookahead_size);
	lfs->counters.stack_bytes_max = LFS_STACK_BOUND;
	return 0;
}

static void lfs_set_limits(lfs_t *lfs)
{
	lfs->inline_max = lfs_min(lfs_min(lfs->cfg->cache_size, LFS_ATTR_MAX_LIMIT),
				  lfs->cfg->block_size / 8);
}

static void lfs_superblock_data(const lfs_t *lfs, uint8_t sb[24])
{
	lfs_put_le32(sb, lfs->disk_version);
	lfs_put_le32(sb + 4, lfs->cfg->block_size);
	lfs_put_le32(sb + 8, lfs->block_count);
	lfs_put_le32(sb + 12, lfs->name_max);
	lfs_put_le32(sb + 16, lfs->file_max);
	lfs_put_le32(sb + 20, lfs->attr_max);
}

int lfs_format(lfs_t *lfs, const struct lfs_config *cfg)
{
	int err = lfs_init(lfs, cfg);
	if (err)
		return err;
	if (lfs->block_count < 4) {
		lfs_deinit(lfs);
		return LFS_ERR_INVAL;
	}
	lfs_set_limits(lfs);
	lfs_alloc_reset(lfs);
	/* a stale block 1 must not look newer than the fresh root */
	err = lfs_bd_erase(lfs, 1);
	if (!err) {
		uint8_t sb[24];
		lfs_superblock_data(lfs, sb);
		lfs_mdir_t root = { .pair = { 1, 0 }, .off = 4, .etag = 0xffffffff,
				    .tail = { LFS_BLOCK_NULL, LFS_BLOCK_NULL } };
		struct lfs_mattr attrs[2] = {
			{ LFS_MKTAG(LFS_T_SUPERBLOCK, 0, 8), lfs_magic },
			{ LFS_MKTAG(LFS_T_INLINESTRUCT, 0, 24), sb },
		};
		struct lfs_reloc reloc;
		lfs->mounted = true;
		err = lfs_mdir_commit_raw(lfs, &root, attrs, 2, &reloc);
	}
	if (!err) {
		lfs_mdir_t check;
		err = lfs_mdir_fetch(lfs, &check, lfs->root, NULL);
	}
	lfs_deinit(lfs);
	return err;
}

static int lfs_read_superblock(lfs_t *lfs, const lfs_mdir_t *root)
{
	uint8_t buf[24];
	int32_t tag = lfs_mdir_get(lfs, root, LFS_MASK_TYPE3_ID, LFS_MKTAG(LFS_T_SUPERBLOCK, 0, 0), 0,
				   buf, 8);
	if (tag == LFS_ERR_NOENT || (tag >= 0 && (lfs_tag_size((uint32_t)tag) != 8 ||
						  lfs_memcmp(buf, lfs_magic, 8) != 0)))
		return LFS_ERR_CORRUPT;
	if (tag < 0)
		return tag;
	tag = lfs_mdir_get(lfs, root, LFS_MASK_TYPE3_ID, LFS_MKTAG(LFS_T_INLINESTRUCT, 0, 0), 0, buf,
			   24);
	if (tag == LFS_ERR_NOENT || (tag >= 0 && lfs_tag_size((uint32_t)tag) < 24))
		return LFS_ERR_CORRUPT;
	if (tag < 0)
		return tag;
	uint32_t version = lfs_get_le32(buf);
	if ((version >> 16) != 2 || (version & 0xffff) > (LFS_DISK_VERSION & 0xffff))
		return LFS_ERR_INVAL;
	uint32_t block_size = lfs_get_le32(buf + 4);
	uint32_t block_count = lfs_get_le32(buf + 8);
	if (block_size != lfs->cfg->block_size ||
	    (lfs->cfg->block_count && block_count != lfs->cfg->block_count) || block_count < 4)
		return LFS_ERR_INVAL;
	uint32_t name_max = lfs_get_le32(buf + 12);
	uint32_t file_max = lfs_get_le32(buf + 16);
	uint32_t attr_max = lfs_get_le32(buf + 20);
	if (name_max > LFS_NAME_MAX_LIMIT || attr_max > LFS_ATTR_MAX_LIMIT ||
	    file_max > LFS_FILE_MAX_LIMIT)
		return LFS_ERR_INVAL;
	lfs->disk_version = version;
	lfs->block_count = block_count;
	lfs->name_max = name_max ? name_max : LFS_NAME_MAX_DEFAULT;
	lfs->file_max = file_max ? file_max : LFS_FILE_MAX_LIMIT;
	lfs->attr_max = attr_max ? attr_max : LFS_ATTR_MAX_LIMIT;
	return 0;
}

int lfs_mount(lfs_t *lfs, const struct lfs_config *cfg)
{
	int err = lfs_init(lfs, cfg);
	if (err)
		return err;
	if (lfs->block_count == 0)
		lfs->block_count = 0xffffffffu; /* until the superblock is read */
	lfs_mdir_t dir;
	lfs_gstate_t delta;
	struct lfs_mlist it;
	lfs_mlist_start(lfs, &it);
	while ((err = lfs_mlist_next(lfs, &it, &dir, &delta)) == 1) {
		int32_t tag = lfs_mdir_get(lfs, &dir, LFS_MASK_TYPE3_ID,
					   LFS_MKTAG(LFS_T_SUPERBLOCK, 0, 0), 0, NULL, 0);
		if (tag < 0 && tag != LFS_ERR_NOENT) {
			err = tag;
			break;
		}
		if (tag >= 0 || it.seen == 1) {
			err = lfs_read_superblock(lfs, &dir);
			if (err)
				break;
			lfs->root[0] = dir.pair[0];
			lfs->root[1] = dir.pair[1];
		}
		lfs_gstate_xor(&lfs->gstate, &delta);
	}
	if (!err)
		err = lfs_fs_gstate_desync(lfs);
	if (err) {
		lfs_deinit(lfs);
		return err;
	}
	lfs->gdisk = lfs->gstate;
	lfs_set_limits(lfs);
	lfs_alloc_reset(lfs);
	lfs->mounted = true;
	return 0;
}

int lfs_unmount(lfs_t *lfs)
{
	if (!lfs->mounted)
		return LFS_ERR_BADF;
	lfs_deinit(lfs);
	return 0;
}

int lfs_fs_stat(lfs_t *lfs, struct lfs_fsinfo *info)
{
	if (!lfs->mounted)
		return LFS_ERR_BADF;
	lfs_size_t used;
	int err = lfs_fs_count_used(lfs, &used);
	if (err)
		return err;
	info->disk_version = lfs->disk_version;
	info->block_size = lfs->cfg->block_size;
	info->block_count = lfs->block_count;
	info->blocks_used = used;
	info->name_max = lfs->name_max;
	info->file_max = lfs->file_max;
	info->attr_max = lfs->attr_max;
	return 0;
}

lfs_ssize_t lfs_fs_size(lfs_t *lfs)
{
	if (!lfs->mounted)
		return LFS_ERR_BADF;
	lfs_size_t used;
	int err = lfs_fs_count_used(lfs, &used);
	return err ? err : (lfs_ssize_t)used;
}

int lfs_fs_gc(lfs_t *lfs)
{
	int err = lfs_fs_prepare_write(lfs);
	if (err)
		return err;
	lfs_mdir_t dir;
	struct lfs_mlist it;
	lfs_mlist_start(lfs, &it);
	while ((err = lfs_mlist_next(lfs, &it, &dir, NULL)) == 1) {
		if (dir.off > lfs->cfg->block_size / 2 || !dir.erased) {
			err = lfs_mdir_compact_now(lfs, &dir);
			if (err)
				return err;
		}
	}
	return err;
}

int lfs_fs_grow(lfs_t *lfs, lfs_size_t block_count)
{
	int err = lfs_fs_prepare_write(lfs);
	if (err)
		return err;
	if (block_count < lfs->block_count)
		return LFS_ERR_INVAL;
	if (block_count == lfs->block_count)
		return 0;
	lfs_size_t old = lfs->block_count;
	lfs->block_count = block_count;
	uint8_t sb[24];
	lfs_superblock_data(lfs, sb);
	lfs_mdir_t root;
	err = lfs_mdir_fetch(lfs, &root, lfs->root, NULL);
	if (!err) {
		struct lfs_mattr a = { LFS_MKTAG(LFS_T_INLINESTRUCT, 0, 24), sb };
		err = lfs_mdir_commit(lfs, &root, &a, 1);
	}
	if (err) {
		lfs->block_count = old;
		return err;
	}
	lfs_alloc_reset(lfs);
	return 0;
}

void lfs_fs_counters(const lfs_t *lfs, struct lfs_counters *out)
{
	*out = lfs->counters;
}

void lfs_fs_counters_reset(lfs_t *lfs)
{
	lfs_size_t ram = lfs->counters.ram_bytes;
	lfs_memset(&lfs->counters, 0, sizeof(lfs->counters));
	lfs->counters.ram_bytes = ram;
	lfs->counters.ram_peak_bytes = ram;
	lfs->counters.stack_bytes_max = LFS_STACK_BOUND;
}
