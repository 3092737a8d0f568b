// SPDX-License-Identifier: GPL-2.0-only
/*
 * bd.c - the littlefs core's block device: struct lfs_config callbacks over
 * an MTD partition (mtd_read, mtd_write, mtd_erase), no block layer, and
 * the geometry taken from the MTD (one erase block per littlefs block).
 */
#include <linux/mtd/mtd.h>
#include <linux/slab.h>

#include "lfsvfs.h"

static loff_t lfsvfs_bd_addr(const struct lfs_config *c, lfs_block_t block, lfs_off_t off)
{
	return (loff_t)block * c->block_size + off;
}

static int lfsvfs_bd_read(const struct lfs_config *c, lfs_block_t block, lfs_off_t off,
			  void *buffer, lfs_size_t size)
{
	size_t done = 0;
	int err = mtd_read(c->context, lfsvfs_bd_addr(c, block, off), size, &done, buffer);

	if (err && !mtd_is_bitflip(err))
		return -EIO;
	return done == size ? 0 : -EIO;
}

static int lfsvfs_bd_prog(const struct lfs_config *c, lfs_block_t block, lfs_off_t off,
			  const void *buffer, lfs_size_t size)
{
	size_t done = 0;
	int err = mtd_write(c->context, lfsvfs_bd_addr(c, block, off), size, &done, buffer);

	/* Any failure is a bad block to the core, which moves the data. */
	return err || done != size ? -EIO : 0;
}

static int lfsvfs_bd_erase(const struct lfs_config *c, lfs_block_t block)
{
	struct erase_info ei = {
		.addr = lfsvfs_bd_addr(c, block, 0),
		.len = c->block_size,
	};

	return mtd_erase(c->context, &ei) ? -EIO : 0;
}

static int lfsvfs_bd_sync(const struct lfs_config *c)
{
	mtd_sync(c->context);
	return 0;
}

static void *lfsvfs_bd_alloc(void *ctx, lfs_size_t size)
{
	return kmalloc(size, GFP_KERNEL);
}

static void lfsvfs_bd_free(void *ctx, void *ptr, lfs_size_t size)
{
	kfree(ptr);
}

/**
 * lfsvfs_bd_config - fill the core's configuration for an MTD partition
 * @cfg: zeroed configuration to fill
 * @mtd: the partition; one littlefs block per erase block
 *
 * The read and program sizes (16), cache (256 bytes) and block cycles
 * (500) are those of the host tools, so images made on either side mount
 * on the other; the lookahead bitmap covers every block.
 */
void lfsvfs_bd_config(struct lfs_config *cfg, struct mtd_info *mtd)
{
	cfg->context = mtd;
	cfg->read = lfsvfs_bd_read;
	cfg->prog = lfsvfs_bd_prog;
	cfg->erase = lfsvfs_bd_erase;
	cfg->sync = lfsvfs_bd_sync;
	cfg->read_size = LFSVFS_IO_SIZE;
	cfg->prog_size = LFSVFS_IO_SIZE;
	cfg->block_size = mtd->erasesize;
	cfg->block_count = mtd_div_by_eb(mtd->size, mtd);
	cfg->block_cycles = LFSVFS_BLOCK_CYCLES;
	cfg->cache_size = LFSVFS_CACHE_SIZE;
	cfg->lookahead_size = round_up(DIV_ROUND_UP(cfg->block_count, 8), 8);
	cfg->alloc = lfsvfs_bd_alloc;
	cfg->free = lfsvfs_bd_free;
}

/**
 * lfsvfs_bd_blank - whether a block is entirely erased (all bytes 0xff)
 * @s: the mount, its core not mounted
 * @block: the block to check
 *
 * Return: 1 when erased, 0 when it holds anything, a negative errno when
 * it cannot be read.
 */
int lfsvfs_bd_blank(struct lfsvfs_sb *s, lfs_block_t block)
{
	const struct lfs_config *c = &s->cfg;
	u8 *buf = kmalloc(c->cache_size, GFP_KERNEL);
	lfs_off_t off;
	int ret = 1;

	if (!buf)
		return -ENOMEM;
	for (off = 0; ret == 1 && off < c->block_size; off += c->cache_size) {
		int err = lfsvfs_bd_read(c, block, off, buf, c->cache_size);

		if (err)
			ret = err;
		else if (buf[0] != 0xff || memcmp(buf, buf + 1, c->cache_size - 1))
			ret = 0;
	}
	kfree(buf);
	return ret;
}
