/*
 * lfs_file.c - regular files.
 *
 * SPEC "0x201 LFS_TYPE_INLINESTRUCT": a file of at most inline_max bytes
 * (min(cache_size, 1022, block_size/8)) lives in its metadata pair and in
 * the file's cache while open. SPEC "0x202 LFS_TYPE_CTZSTRUCT": a larger
 * file is a CTZ skip-list; writing is copy-on-write: the block holding the
 * write position is rebuilt in a new block (pointers, then the old bytes in
 * front of the position), later blocks are new, and at sync the rest of the
 * old file is copied behind the written data. Nothing on disk refers to the
 * new blocks until lfs_file_sync/close commits the new struct tag, so a
 * power cut leaves the old content. A program that fails (bad block) moves
 * the block being written to another block.
 */
#include "lfs_internal.h"

#define LFS_F_DIRTY 0x010000u    /* struct differs from the committed one */
#define LFS_F_WRITING 0x020000u  /* block `block` is being written */
#define LFS_F_CURSOR 0x040000u   /* block/off locate pos for reading */
#define LFS_F_INLINE 0x100000u   /* data lives in cache.buffer */
#define LFS_O_ACCMODE 3

static bool lfs_file_writable(const lfs_file_t *f) { return f->flags & LFS_O_WRONLY; }
static bool lfs_file_readable(const lfs_file_t *f) { return f->flags & LFS_O_RDONLY; }

static lfs_size_t lfs_file_cur_size(const lfs_file_t *f)
{
	return (f->flags & LFS_F_WRITING) ? lfs_max(f->ctz_size, f->pos) : f->ctz_size;
}

static bool lfs_file_isopen(lfs_t *lfs, const lfs_file_t *f)
{
	for (const struct lfs_handle *h = lfs->handles; h; h = h->next) {
		if (h == &f->h)
			return h->type == LFS_TYPE_REG || h->type == LFS_HANDLE_MOVESRC;
	}
	return false;
}

/* Copy the programmed part of the block being written to a new block. */
static int lfs_file_copy_written(lfs_t *lfs, lfs_file_t *f, lfs_block_t nb, lfs_off_t done)
{
	uint8_t buf[64];
	int err = 0;
	for (lfs_off_t i = 0; !err && i < done; i += sizeof(buf)) {
		lfs_size_t n = lfs_min(sizeof(buf), done - i);
		err = lfs_bd_read(lfs, NULL, f->block, i, buf, n, done - i);
		if (!err)
			err = lfs_bd_prog(lfs, &lfs->pcache, nb, i, buf, n);
	}
	if (!err)
		err = lfs_bd_flush(lfs, &lfs->pcache);
	if (err)
		lfs_cache_drop(&lfs->pcache);
	return err;
}

/* Move the block being written after a failed program or erase. */
static int lfs_file_relocate(lfs_t *lfs, lfs_file_t *f)
{
	for (lfs_size_t tries = 0; tries <= lfs->block_count; tries++) {
		lfs_block_t nb;
		int err = lfs_alloc_erased(lfs, &nb);
		if (err)
			return err;
		bool cached = f->cache.block == f->block;
		err = lfs_file_copy_written(lfs, f, nb, cached ? f->cache.off : f->off);
		if (!err) {
			f->block = nb;
			if (cached) {
				f->cache.block = nb;
				err = lfs_bd_flush(lfs, &f->cache);
			}
		}
		if (!err || !lfs_bd_isbad(err))
			return err;
	}
	return LFS_ERR_NOSPC;
}

static int lfs_file_flush_cache(lfs_t *lfs, lfs_file_t *f)
{
	int err = lfs_bd_flush(lfs, &f->cache);
	if (err && lfs_bd_isbad(err))
		err = lfs_file_relocate(lfs, f);
	return err;
}

/* Append bytes at f->off of f->block through the file cache. */
static int lfs_file_put(lfs_t *lfs, lfs_file_t *f, const uint8_t *data, lfs_size_t size)
{
	lfs_size_t csize = lfs->cfg->cache_size;
	while (size > 0) {
		if (f->cache.block != f->block) {
			f->cache.block = f->block;
			f->cache.off = f->off;
			f->cache.size = 0;
			lfs_memset(f->cache.buffer, 0xff, csize);
		}
		lfs_size_t n = lfs_min(size, csize - f->cache.size);
		lfs_memcpy(f->cache.buffer + f->cache.size, data, n);
		f->cache.size += n;
		f->off += n;
		data += n;
		size -= n;
		if (f->cache.size == csize) {
			int err = lfs_file_flush_cache(lfs, f);
			if (err)
				return err;
		}
	}
	return 0;
}

/* Allocate the erased block `index` of the list being written (prev is
 * block index-1). f->block, the block written so far, stays in flight for
 * the allocator until the new one replaces it. */
static int lfs_file_take_block(lfs_t *lfs, lfs_file_t *f, lfs_off_t index, lfs_block_t prev)
{
	lfs_block_t nb;
	int err = lfs_alloc_erased(lfs, &nb);
	if (err)
		return err;
	f->block = nb;
	f->windex = index;
	f->wprev = prev;
	return 0;
}

/* Start block `index` of the list being written (prev = block index-1). */
static int lfs_file_begin_block(lfs_t *lfs, lfs_file_t *f, lfs_off_t index, lfs_block_t prev)
{
	uint8_t ptrs[128];
	int n = lfs_ctz_pointers(lfs, index, prev, ptrs);
	if (n < 0)
		return n;
	int err = lfs_file_take_block(lfs, f, index, prev);
	if (err)
		return err;
	f->off = 0;
	lfs_cache_drop(&f->cache);
	return lfs_file_put(lfs, f, ptrs, (lfs_size_t)n);
}

/* Begin copy-on-write at f->pos (pos <= size). */
static int lfs_file_start_write(lfs_t *lfs, lfs_file_t *f)
{
	lfs_off_t index, off;
	lfs_ctz_index(lfs, f->pos, &index, &off);
	lfs_off_t d = lfs_ctz_data_off(index);
	lfs_off_t block_start = f->pos - (off - d);
	lfs_block_t prev = LFS_BLOCK_NULL, old = LFS_BLOCK_NULL;
	lfs_off_t unused;
	int err = 0;
	if (index > 0)
		err = lfs_ctz_find(lfs, f->ctz_head, f->ctz_size, block_start - 1, &prev, &unused);
	if (!err && block_start < f->ctz_size && off > d)
		err = lfs_ctz_find(lfs, f->ctz_head, f->ctz_size, block_start, &old, &unused);
	if (!err)
		err = lfs_file_begin_block(lfs, f, index, prev);
	uint8_t buf[64];
	for (lfs_off_t i = d; !err && old != LFS_BLOCK_NULL && i < off; i += sizeof(buf)) {
		lfs_size_t n = lfs_min(sizeof(buf), off - i);
		err = lfs_bd_read(lfs, NULL, old, i, buf, n, off - i);
		if (!err)
			err = lfs_file_put(lfs, f, buf, n);
	}
	if (err)
		return err;
	f->flags |= LFS_F_WRITING;
	return 0;
}

/* Start the next block of the list being built once the current one is
 * full. */
static int lfs_file_next_block(lfs_t *lfs, lfs_file_t *f)
{
	if (f->off < lfs->cfg->block_size)
		return 0;
	int err = lfs_file_flush_cache(lfs, f);
	return err ? err : lfs_file_begin_block(lfs, f, f->windex + 1, f->block);
}

/* Write at pos into the CTZ list being built. */
static int lfs_file_write_ctz(lfs_t *lfs, lfs_file_t *f, const uint8_t *data, lfs_size_t size)
{
	while (size > 0) {
		int err = lfs_file_next_block(lfs, f);
		if (err)
			return err;
		lfs_size_t n = lfs_min(size, lfs->cfg->block_size - f->off);
		err = lfs_file_put(lfs, f, data, n);
		if (err)
			return err;
		f->pos += n;
		data += n;
		size -= n;
	}
	return 0;
}

/* Finish the list being written: copy the rest of the old file behind it. */
static int lfs_file_flush(lfs_t *lfs, lfs_file_t *f)
{
	if (!(f->flags & LFS_F_WRITING))
		return 0;
	lfs_off_t saved = f->pos;
	uint8_t buf[64];
	while (f->pos < f->ctz_size) {
		lfs_block_t ob;
		lfs_off_t ooff;
		/* pointers first: reading them later would evict the data */
		int err = lfs_file_next_block(lfs, f);
		if (!err)
			err = lfs_ctz_find(lfs, f->ctz_head, f->ctz_size, f->pos, &ob, &ooff);
		lfs_size_t left = lfs_min(lfs->cfg->block_size - ooff, f->ctz_size - f->pos);
		while (!err && left > 0) {
			lfs_size_t n = lfs_min(sizeof(buf), left);
			err = lfs_bd_read(lfs, NULL, ob, ooff, buf, n, left);
			if (!err)
				err = lfs_file_write_ctz(lfs, f, buf, n);
			ooff += n;
			left -= n;
		}
		if (err)
			return err;
	}
	int err = lfs_file_flush_cache(lfs, f);
	if (err)
		return err;
	f->ctz_head = f->block;
	f->ctz_size = f->pos;
	f->pos = saved;
	f->flags &= ~(LFS_F_WRITING | LFS_F_CURSOR);
	f->flags |= LFS_F_DIRTY;
	return 0;
}

/* Move inline data into a first CTZ block. */
static int lfs_file_outline(lfs_t *lfs, lfs_file_t *f)
{
	lfs_size_t size = f->ctz_size;
	int err = lfs_file_take_block(lfs, f, 0, LFS_BLOCK_NULL);
	if (err)
		return err;
	f->off = size;
	f->cache.block = f->block;
	f->cache.off = 0;
	f->cache.size = size;
	lfs_memset(f->cache.buffer + size, 0xff, lfs->cfg->cache_size - size);
	f->ctz_head = LFS_BLOCK_NULL;
	f->ctz_size = 0;
	f->flags &= ~LFS_F_INLINE;
	f->flags |= LFS_F_WRITING | LFS_F_DIRTY;
	lfs_off_t saved = f->pos;
	f->pos = size;
	if (size == lfs->cfg->cache_size || saved != size) {
		err = lfs_file_flush_cache(lfs, f);
		if (err)
			return err;
	}
	if (saved != size) {
		err = lfs_file_flush(lfs, f);
		f->pos = saved;
	}
	return err;
}

/* Write at pos, pos <= current size. */
static int lfs_file_write_raw(lfs_t *lfs, lfs_file_t *f, const uint8_t *data, lfs_size_t size)
{
	f->flags &= ~LFS_F_CURSOR;
	if (f->flags & LFS_F_INLINE) {
		if (f->pos + size <= lfs->inline_max) {
			lfs_memcpy(f->cache.buffer + f->pos, data, size);
			f->pos += size;
			f->ctz_size = lfs_max(f->ctz_size, f->pos);
			f->flags |= LFS_F_DIRTY;
			return 0;
		}
		int err = lfs_file_outline(lfs, f);
		if (err)
			return err;
	}
	if (!(f->flags & LFS_F_WRITING)) {
		int err = lfs_file_start_write(lfs, f);
		if (err)
			return err;
	}
	return lfs_file_write_ctz(lfs, f, data, size);
}

static int lfs_file_zero_fill(lfs_t *lfs, lfs_file_t *f, lfs_size_t count)
{
	static const uint8_t zeros[64];
	while (count > 0) {
		lfs_size_t n = lfs_min(sizeof(zeros), count);
		int err = lfs_file_write_raw(lfs, f, zeros, n);
		if (err)
			return err;
		count -= n;
	}
	return 0;
}

static int lfs_file_load(lfs_t *lfs, lfs_file_t *f)
{
	uint8_t b[8];
	int32_t tag = lfs_mdir_get(lfs, &f->h.m, LFS_MASK_TYPE1_ID,
				   LFS_MKTAG(LFS_T_STRUCT, f->h.id, 0), 0, b, 8);
	f->ctz_head = LFS_BLOCK_NULL;
	f->ctz_size = 0;
	f->flags |= LFS_F_INLINE;
	if (tag == LFS_ERR_NOENT)
		return 0;
	if (tag < 0)
		return tag;
	if (lfs_tag_type3((uint32_t)tag) == LFS_T_CTZSTRUCT) {
		f->ctz_head = lfs_get_le32(b);
		f->ctz_size = lfs_get_le32(b + 4);
		f->flags &= ~LFS_F_INLINE;
		if (f->ctz_size > 0 && f->ctz_head >= lfs->block_count)
			return LFS_ERR_CORRUPT;
		return 0;
	}
	lfs_size_t size = lfs_tag_size((uint32_t)tag);
	if (size > lfs->cfg->cache_size)
		return LFS_ERR_FBIG;
	f->ctz_size = size;
	tag = lfs_mdir_get(lfs, &f->h.m, LFS_MASK_TYPE1_ID, LFS_MKTAG(LFS_T_STRUCT, f->h.id, 0), 0,
			   f->cache.buffer, size);
	return tag < 0 ? tag : 0;
}

/* Create the entry the lookup did not find, where it said it goes; lk then
 * names the new entry. */
static int lfs_file_create(lfs_t *lfs, struct lfs_lookup *lk)
{
	if (lk->namelen > lfs->name_max)
		return LFS_ERR_NAMETOOLONG;
	uint16_t id = lk->id;
	struct lfs_mattr attrs[3] = {
		{ LFS_MKTAG(LFS_T_CREATE, id, 0), NULL },
		{ LFS_MKTAG(LFS_T_REG, id, lk->namelen), lk->name },
		{ LFS_MKTAG(LFS_T_INLINESTRUCT, id, 0), NULL },
	};
	int err = lfs_mdir_commit_id(lfs, &lk->dir, attrs, 3, &id);
	if (err)
		return err;
	lk->id = id;
	lk->tag = LFS_MKTAG(LFS_T_REG, id, lk->namelen);
	return 0;
}

int lfs_file_opencfg(lfs_t *lfs, lfs_file_t *file, const char *path, int flags, void *buffer)
{
	if (!lfs->mounted)
		return LFS_ERR_BADF;
	const int known = LFS_O_ACCMODE | LFS_O_CREAT | LFS_O_EXCL | LFS_O_TRUNC | LFS_O_APPEND;
	if ((flags & LFS_O_ACCMODE) == 0 || (flags & ~known))
		return LFS_ERR_INVAL;
	int err = 0;
	if ((flags & LFS_O_WRONLY) || (flags & LFS_O_CREAT))
		err = lfs_fs_prepare_write(lfs);
	if (err)
		return err;
	struct lfs_lookup lk;
	err = lfs_path_lookup(lfs, path, &lk);
	if (err == LFS_ERR_NOENT && lk.name && (flags & LFS_O_CREAT))
		err = lfs_file_create(lfs, &lk);
	else if (!err && (flags & LFS_O_CREAT) && (flags & LFS_O_EXCL))
		return LFS_ERR_EXIST;
	if (err)
		return err;
	if (lk.id == LFS_ID_NONE || lfs_tag_type3(lk.tag) == LFS_T_DIR)
		return LFS_ERR_ISDIR;

	lfs_memset(file, 0, sizeof(*file));
	file->h.m = lk.dir;
	file->h.id = lk.id;
	file->h.type = LFS_TYPE_REG;
	file->flags = (uint32_t)flags;
	lfs_cache_drop(&file->cache);
	file->cache.buffer = buffer;
	if (!buffer) {
		file->cache.buffer = lfs_mem_alloc(lfs, lfs->cfg->cache_size);
		if (!file->cache.buffer)
			return LFS_ERR_NOMEM;
		file->cache_owned = true;
	}
	err = lfs_file_load(lfs, file);
	if (err) {
		if (file->cache_owned)
			lfs_mem_free(lfs, file->cache.buffer, lfs->cfg->cache_size);
		return err;
	}
	if ((flags & LFS_O_TRUNC) && (flags & LFS_O_WRONLY) && file->ctz_size > 0) {
		file->flags |= LFS_F_INLINE | LFS_F_DIRTY;
		file->ctz_head = LFS_BLOCK_NULL;
		file->ctz_size = 0;
	}
	lfs_handle_add(lfs, &file->h);
	lfs_ram_add(lfs, sizeof(*file) + lfs->cfg->cache_size);
	return 0;
}

int lfs_file_open(lfs_t *lfs, lfs_file_t *file, const char *path, int flags)
{
	return lfs_file_opencfg(lfs, file, path, flags, NULL);
}

int lfs_file_sync(lfs_t *lfs, lfs_file_t *file)
{
	if (!lfs_file_isopen(lfs, file))
		return LFS_ERR_BADF;
	if (!(file->flags & (LFS_F_WRITING | LFS_F_DIRTY)))
		return 0;
	int err = lfs_fs_prepare_write(lfs);
	if (!err)
		err = lfs_file_flush(lfs, file);
	if (err || !(file->flags & LFS_F_DIRTY) || file->h.id == LFS_ID_NONE)
		return err;
	uint8_t ctz[8];
	struct lfs_mattr a;
	if (file->flags & LFS_F_INLINE) {
		a.tag = LFS_MKTAG(LFS_T_INLINESTRUCT, file->h.id, file->ctz_size);
		a.buffer = file->cache.buffer;
	} else {
		lfs_put_le32(ctz, file->ctz_head);
		lfs_put_le32(ctz + 4, file->ctz_size);
		a.tag = LFS_MKTAG(LFS_T_CTZSTRUCT, file->h.id, 8);
		a.buffer = ctz;
	}
	lfs_mdir_t dir = file->h.m;
	err = lfs_mdir_commit(lfs, &dir, &a, 1);
	if (!err)
		file->flags &= ~LFS_F_DIRTY;
	return err;
}

int lfs_file_close(lfs_t *lfs, lfs_file_t *file)
{
	if (!lfs_file_isopen(lfs, file))
		return LFS_ERR_BADF;
	int err = lfs_file_writable(file) ? lfs_file_sync(lfs, file) : 0;
	lfs_handle_remove(lfs, &file->h);
	if (file->cache_owned)
		lfs_mem_free(lfs, file->cache.buffer, lfs->cfg->cache_size);
	file->cache.buffer = NULL;
	lfs_ram_sub(lfs, sizeof(*file) + lfs->cfg->cache_size);
	return err;
}

lfs_ssize_t lfs_file_read(lfs_t *lfs, lfs_file_t *file, void *buffer, lfs_size_t size)
{
	if (!lfs_file_isopen(lfs, file) || !lfs_file_readable(file))
		return LFS_ERR_BADF;
	int err = lfs_file_flush(lfs, file);
	if (err)
		return err;
	if (file->pos >= file->ctz_size)
		return 0;
	size = lfs_min(size, file->ctz_size - file->pos);
	uint8_t *data = buffer;
	if (file->flags & LFS_F_INLINE) {
		lfs_memcpy(data, file->cache.buffer + file->pos, size);
		file->pos += size;
		return (lfs_ssize_t)size;
	}
	lfs_size_t left = size;
	while (left > 0) {
		if (!(file->flags & LFS_F_CURSOR) || file->off == lfs->cfg->block_size) {
			err = lfs_ctz_find(lfs, file->ctz_head, file->ctz_size, file->pos, &file->block,
					   &file->off);
			if (err)
				return err;
			file->flags |= LFS_F_CURSOR;
		}
		lfs_size_t n = lfs_min(left, lfs->cfg->block_size - file->off);
		err = lfs_bd_read(lfs, NULL, file->block, file->off, data, n,
				  lfs_min(lfs->cfg->block_size - file->off, file->ctz_size - file->pos));
		if (err)
			return err;
		file->off += n;
		file->pos += n;
		data += n;
		left -= n;
	}
	return (lfs_ssize_t)size;
}

lfs_ssize_t lfs_file_write(lfs_t *lfs, lfs_file_t *file, const void *buffer, lfs_size_t size)
{
	if (!lfs_file_isopen(lfs, file) || !lfs_file_writable(file))
		return LFS_ERR_BADF;
	lfs_alloc_ack(lfs);
	if (file->flags & LFS_O_APPEND) {
		lfs_size_t end = lfs_file_cur_size(file);
		if (file->pos != end) {
			int err = lfs_file_flush(lfs, file);
			if (err)
				return err;
			file->pos = end;
		}
	}
	if ((uint64_t)file->pos + size > lfs->file_max)
		return LFS_ERR_FBIG;
	lfs_size_t cur = lfs_file_cur_size(file);
	if (file->pos > cur) {
		lfs_off_t target = file->pos;
		int err = lfs_file_flush(lfs, file);
		if (err)
			return err;
		file->pos = cur;
		err = lfs_file_zero_fill(lfs, file, target - cur);
		if (err)
			return err;
	}
	int err = lfs_file_write_raw(lfs, file, buffer, size);
	if (err)
		return err;
	return (lfs_ssize_t)size;
}

lfs_soff_t lfs_file_seek(lfs_t *lfs, lfs_file_t *file, lfs_soff_t off, int whence)
{
	if (!lfs_file_isopen(lfs, file))
		return LFS_ERR_BADF;
	int64_t base;
	if (whence == LFS_SEEK_SET)
		base = 0;
	else if (whence == LFS_SEEK_CUR)
		base = file->pos;
	else if (whence == LFS_SEEK_END)
		base = lfs_file_cur_size(file);
	else
		return LFS_ERR_INVAL;
	int64_t npos = base + off;
	if (npos < 0 || npos > (int64_t)lfs->file_max)
		return LFS_ERR_INVAL;
	if ((lfs_off_t)npos != file->pos) {
		int err = lfs_file_flush(lfs, file);
		if (err)
			return err;
		file->pos = (lfs_off_t)npos;
		file->flags &= ~LFS_F_CURSOR;
	}
	return (lfs_soff_t)npos;
}

lfs_soff_t lfs_file_tell(lfs_t *lfs, lfs_file_t *file)
{
	if (!lfs_file_isopen(lfs, file))
		return LFS_ERR_BADF;
	return (lfs_soff_t)file->pos;
}

lfs_soff_t lfs_file_size(lfs_t *lfs, lfs_file_t *file)
{
	if (!lfs_file_isopen(lfs, file))
		return LFS_ERR_BADF;
	return (lfs_soff_t)lfs_file_cur_size(file);
}

/* A file cut to at most inline_max bytes becomes inline again, so that a
 * file takes blocks exactly when it is larger than inline_max (what
 * quotas charge, docs/littlefs.md); its first size bytes move into the
 * cache. Called with the file flushed. */
static int lfs_file_inline_again(lfs_t *lfs, lfs_file_t *f, lfs_size_t size)
{
	if (size > 0) {
		lfs_block_t block;
		lfs_off_t off;
		int err = lfs_ctz_find(lfs, f->ctz_head, f->ctz_size, 0, &block, &off);
		if (!err)
			err = lfs_bd_read(lfs, NULL, block, off, f->cache.buffer, size, size);
		if (err)
			return err;
	}
	lfs_cache_drop(&f->cache);
	f->flags |= LFS_F_INLINE;
	f->ctz_head = LFS_BLOCK_NULL;
	return 0;
}

int lfs_file_truncate(lfs_t *lfs, lfs_file_t *file, lfs_off_t size)
{
	if (!lfs_file_isopen(lfs, file) || !lfs_file_writable(file))
		return LFS_ERR_BADF;
	if (size > lfs->file_max)
		return LFS_ERR_FBIG;
	lfs_alloc_ack(lfs);
	lfs_off_t saved = file->pos;
	int err = lfs_file_flush(lfs, file);
	if (err)
		return err;
	lfs_size_t cur = file->ctz_size;
	file->flags &= ~LFS_F_CURSOR;
	if (size < cur) {
		if (!(file->flags & LFS_F_INLINE) && size <= lfs->inline_max) {
			err = lfs_file_inline_again(lfs, file, size);
			if (err)
				return err;
		} else if (!(file->flags & LFS_F_INLINE)) {
			lfs_off_t unused;
			err = lfs_ctz_find(lfs, file->ctz_head, file->ctz_size, size - 1,
					   &file->ctz_head, &unused);
			if (err)
				return err;
		}
		file->ctz_size = size;
		file->flags |= LFS_F_DIRTY;
	} else if (size > cur) {
		file->pos = cur;
		err = lfs_file_zero_fill(lfs, file, size - cur);
		if (!err)
			err = lfs_file_flush(lfs, file);
		if (err)
			return err;
	}
	file->pos = saved;
	return 0;
}

static int lfs_file_traverse_inflight(lfs_t *lfs, const lfs_file_t *f, lfs_block_fn fn, void *ctx)
{
	if (f->flags & LFS_F_WRITING) {
		fn(ctx, f->block);
		if (f->windex > 0) {
			int err = lfs_ctz_traverse(lfs, f->wprev, f->windex - 1, fn, ctx);
			if (err)
				return err;
		}
	}
	if (!(f->flags & LFS_F_INLINE) && f->ctz_size > 0)
		return lfs_ctz_traverse_size(lfs, f->ctz_head, f->ctz_size, fn, ctx);
	return 0;
}

int lfs_files_traverse_inflight(lfs_t *lfs, lfs_block_fn fn, void *ctx)
{
	for (struct lfs_handle *h = lfs->handles; h; h = h->next) {
		if (h->type != LFS_TYPE_REG && h->type != LFS_HANDLE_MOVESRC)
			continue;
		int err = lfs_file_traverse_inflight(lfs, (const lfs_file_t *)h, fn, ctx);
		if (err)
			return err;
	}
	return 0;
}
