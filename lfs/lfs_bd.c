/*
 * lfs_bd.c - block device access for the littlefs core: a read cache shared
 * by all readers, program caches (the metadata one in lfs_t, one per open
 * file) that collect sequential programs into prog_size-aligned writes, and
 * a read-back check after every program so that a block that does not keep
 * its data is reported as bad (LFS_ERR_CORRUPT) and moved by the caller.
 * SPEC "Some quick notes": read and prog sizes only fix alignment.
 *
 * On NOR every byte read costs time, so the read cache loads only what the
 * caller says it will read next (the hint: a 4-byte pointer or tag costs one
 * read unit, a forward scan fills the whole cache), and the read-back check
 * reads into a buffer on the stack rather than through the read cache, so
 * that writing a block does not evict the data being copied into it.
 */
#include "lfs_internal.h"

void lfs_cache_drop(lfs_cache_t *cache)
{
	cache->block = LFS_BLOCK_NULL;
	cache->off = 0;
	cache->size = 0;
}

static bool lfs_bd_inbounds(lfs_t *lfs, lfs_block_t block, lfs_off_t off, lfs_size_t size)
{
	return block < lfs->block_count && off <= lfs->cfg->block_size &&
	       size <= lfs->cfg->block_size - off;
}

int lfs_bd_read(lfs_t *lfs, const lfs_cache_t *pcache, lfs_block_t block, lfs_off_t off,
		void *buffer, lfs_size_t size, lfs_size_t hint)
{
	uint8_t *data = buffer;
	lfs_cache_t *rc = &lfs->rcache;
	if (!lfs_bd_inbounds(lfs, block, off, size))
		return LFS_ERR_CORRUPT;
	/* the cache is filled up to here at most */
	lfs_off_t want_end = lfs_min(lfs_alignup(off + lfs_max(size, hint), lfs->cfg->read_size),
				     lfs->cfg->block_size);
	while (size > 0) {
		lfs_size_t diff = size;
		if (pcache && pcache->block == block && off < pcache->off + pcache->size) {
			if (off >= pcache->off) {
				diff = lfs_min(diff, pcache->size - (off - pcache->off));
				lfs_memcpy(data, pcache->buffer + (off - pcache->off), diff);
				data += diff; off += diff; size -= diff;
				continue;
			}
			diff = lfs_min(diff, pcache->off - off);
		}
		if (rc->block == block && off < rc->off + rc->size && off >= rc->off) {
			diff = lfs_min(diff, rc->size - (off - rc->off));
			lfs_memcpy(data, rc->buffer + (off - rc->off), diff);
			data += diff; off += diff; size -= diff;
			continue;
		}
		rc->block = block;
		rc->off = lfs_aligndown(off, lfs->cfg->read_size);
		rc->size = lfs_min(lfs->cfg->cache_size, want_end - rc->off);
		int err = lfs->cfg->read(lfs->cfg, block, rc->off, rc->buffer, rc->size);
		lfs->counters.bytes_read += rc->size;
		if (err) {
			lfs_cache_drop(rc);
			return err;
		}
	}
	return 0;
}

/* Read back size programmed bytes at off and compare them with data
 * (LFS_ERR_CORRUPT when they differ). Whole read units go straight into a
 * buffer on the stack; a geometry whose program units are not whole read
 * units, or whose read unit is larger than that buffer, reads through the
 * read cache instead. */
static int lfs_bd_verify(lfs_t *lfs, lfs_block_t block, lfs_off_t off, const uint8_t *data,
			 lfs_size_t size)
{
	uint8_t chunk[64];
	lfs_size_t rsize = lfs->cfg->read_size;
	int cmp = 0;
	if (rsize > sizeof(chunk) || off % rsize || size % rsize) {
		int err = lfs_bd_cmp(lfs, block, off, data, size, size, &cmp);
		return err ? err : cmp ? LFS_ERR_CORRUPT : 0;
	}
	lfs_size_t step = lfs_aligndown(sizeof(chunk), rsize);
	for (lfs_size_t i = 0; i < size; i += step) {
		lfs_size_t n = lfs_min(step, size - i);
		int err = lfs->cfg->read(lfs->cfg, block, off + i, chunk, n);
		lfs->counters.bytes_read += n;
		if (err)
			return err;
		if (lfs_memcmp(chunk, data + i, n))
			return LFS_ERR_CORRUPT;
	}
	return 0;
}

int lfs_bd_flush(lfs_t *lfs, lfs_cache_t *pcache)
{
	if (pcache->block == LFS_BLOCK_NULL || pcache->size == 0) {
		lfs_cache_drop(pcache);
		return 0;
	}
	lfs_size_t size = lfs_alignup(pcache->size, lfs->cfg->prog_size);
	lfs_block_t block = pcache->block;
	lfs_cache_t *rc = &lfs->rcache;
	if (rc->block == block && rc->off < pcache->off + size && pcache->off < rc->off + rc->size)
		lfs_cache_drop(rc);
	int err = lfs->cfg->prog(lfs->cfg, block, pcache->off, pcache->buffer, size);
	lfs->counters.bytes_programmed += size;
	if (!err)
		err = lfs_bd_verify(lfs, block, pcache->off, pcache->buffer, size);
	if (err) {
		/* keep the cache so the caller can move its data elsewhere */
		if (lfs_bd_isbad(err))
			lfs->counters.bad_blocks++;
		return err;
	}
	lfs_cache_drop(pcache);
	return 0;
}

int lfs_bd_prog(lfs_t *lfs, lfs_cache_t *pcache, lfs_block_t block, lfs_off_t off,
		const void *buffer, lfs_size_t size)
{
	const uint8_t *data = buffer;
	lfs_size_t csize = lfs->cfg->cache_size;
	if (!lfs_bd_inbounds(lfs, block, off, size))
		return LFS_ERR_CORRUPT;
	while (size > 0) {
		if (pcache->block == block && off >= pcache->off && off < pcache->off + csize) {
			lfs_size_t n = lfs_min(size, csize - (off - pcache->off));
			lfs_memcpy(pcache->buffer + (off - pcache->off), data, n);
			pcache->size = lfs_max(pcache->size, off - pcache->off + n);
			data += n; off += n; size -= n;
			if (pcache->size == csize) {
				int err = lfs_bd_flush(lfs, pcache);
				if (err)
					return err;
			}
			continue;
		}
		int err = lfs_bd_flush(lfs, pcache);
		if (err)
			return err;
		pcache->block = block;
		pcache->off = lfs_aligndown(off, lfs->cfg->prog_size);
		pcache->size = 0;
		lfs_memset(pcache->buffer, 0xff, csize);
	}
	return 0;
}

int lfs_bd_erase(lfs_t *lfs, lfs_block_t block)
{
	if (block >= lfs->block_count)
		return LFS_ERR_CORRUPT;
	if (lfs->rcache.block == block)
		lfs_cache_drop(&lfs->rcache);
	int err = lfs->cfg->erase(lfs->cfg, block);
	lfs->counters.erases++;
	lfs->counters.bytes_erased += lfs->cfg->block_size;
	if (err && lfs_bd_isbad(err))
		lfs->counters.bad_blocks++;
	return err;
}

int lfs_bd_sync(lfs_t *lfs)
{
	return lfs->cfg->sync(lfs->cfg);
}

int lfs_bd_scan(lfs_t *lfs, lfs_block_t block, lfs_off_t off, lfs_size_t size, lfs_size_t hint,
		uint32_t *crc, const void *data, lfs_size_t cmp_len, int *cmp)
{
	uint8_t chunk[16];
	const uint8_t *expect = data;
	if (cmp)
		*cmp = 0;
	for (lfs_size_t i = 0; i < size; i += sizeof(chunk)) {
		lfs_size_t n = lfs_min(sizeof(chunk), size - i);
		int err = lfs_bd_read(lfs, NULL, block, off + i, chunk, n, lfs_max(hint, size) - i);
		if (err)
			return err;
		if (crc)
			*crc = lfs_crc32(*crc, chunk, n);
		if (expect && *cmp == 0 && i < cmp_len)
			*cmp = lfs_memcmp(chunk, expect + i, lfs_min(n, cmp_len - i));
		if (!crc && (!expect || *cmp || i + n >= cmp_len))
			return 0;
	}
	return 0;
}
