/*
 * lfs_ctz.c - file data as CTZ skip-lists (SPEC "0x202 LFS_TYPE_CTZSTRUCT").
 *
 * Block n of a file (n > 0) starts with ctz(n)+1 little-endian pointers,
 * pointer x addressing block n - 2^x; block 0 has none. The data held
 * before block n is therefore n*B - 4*(2(n-1) - popcount(n-1)) bytes
 * (sum of ctz(i)+1 for i < n is 2(n-1) - popcount(n-1)). Only the head
 * block and the file size are stored in the metadata.
 */
#include "lfs_internal.h"

lfs_off_t lfs_ctz_data_off(lfs_off_t index)
{
	return index == 0 ? 0 : 4 * (lfs_ctz32(index) + 1);
}

static uint64_t lfs_ctz_bytes_before(const lfs_t *lfs, uint64_t n)
{
	if (n == 0)
		return 0;
	return n * lfs->cfg->block_size - 4 * (2 * (n - 1) - lfs_popc((uint32_t)(n - 1)));
}

void lfs_ctz_index(const lfs_t *lfs, lfs_off_t pos, lfs_off_t *index, lfs_off_t *off)
{
	uint64_t n = pos / (lfs->cfg->block_size - 8);
	while (n > 0 && lfs_ctz_bytes_before(lfs, n) > pos)
		n--;
	while (lfs_ctz_bytes_before(lfs, n + 1) <= pos)
		n++;
	*index = (lfs_off_t)n;
	*off = (lfs_off_t)(pos - lfs_ctz_bytes_before(lfs, n)) + lfs_ctz_data_off((lfs_off_t)n);
}

lfs_size_t lfs_file_blocks(const lfs_t *lfs, lfs_size_t size)
{
	lfs_off_t index, unused;
	if (size <= lfs->inline_max)
		return 0;
	lfs_ctz_index(lfs, size - 1, &index, &unused);
	return index + 1;
}

static int lfs_ctz_ptr(lfs_t *lfs, lfs_block_t block, uint32_t x, lfs_block_t *out)
{
	uint8_t b[4];
	int err = lfs_bd_read(lfs, NULL, block, 4 * x, b, 4, 4);
	*out = lfs_get_le32(b);
	if (!err && *out >= lfs->block_count)
		return LFS_ERR_CORRUPT;
	return err;
}

int lfs_ctz_find(lfs_t *lfs, lfs_block_t head, lfs_size_t size, lfs_off_t pos,
		 lfs_block_t *block, lfs_off_t *off)
{
	lfs_off_t cur, target, unused;
	if (size == 0)
		return LFS_ERR_NOENT;
	lfs_ctz_index(lfs, size - 1, &cur, &unused);
	lfs_ctz_index(lfs, pos, &target, off);
	while (cur > target) {
		uint32_t skip = lfs_min(lfs_ctz32(cur), 31 - (uint32_t)__builtin_clz(cur - target));
		int err = lfs_ctz_ptr(lfs, head, skip, &head);
		if (err)
			return err;
		cur -= 1u << skip;
	}
	*block = head;
	return 0;
}

int lfs_ctz_pointers(lfs_t *lfs, lfs_off_t index, lfs_block_t prev, uint8_t out[128])
{
	if (index == 0)
		return 0;
	uint32_t count = lfs_ctz32(index) + 1;
	lfs_block_t ptr = prev;
	for (uint32_t x = 0; x < count; x++) {
		lfs_put_le32(out + 4 * x, ptr);
		if (x + 1 < count) {
			int err = lfs_ctz_ptr(lfs, ptr, x, &ptr);
			if (err)
				return err;
		}
	}
	return (int)(4 * count);
}

int lfs_ctz_traverse(lfs_t *lfs, lfs_block_t head, lfs_off_t index, lfs_block_fn fn, void *ctx)
{
	for (;;) {
		fn(ctx, head);
		if (index == 0)
			return 0;
		int err = lfs_ctz_ptr(lfs, head, 0, &head);
		if (err)
			return err;
		index--;
	}
}
