/*
 * lfs_emubd.c - emulated NOR flash for the littlefs core tests (see
 * lfs_emubd.h). Erased bytes read 0xff; a program may only change erased
 * bytes (a violation is counted, the core must never do it).
 */
#include "lfs_emubd.h"

#include <stdlib.h>
#include <string.h>

/* The device's own geometry (a caller may mount with a copy of cfg that
 * names fewer blocks, or none). */
static struct emubd *emubd_of(const struct lfs_config *c) { return c->context; }

static uint8_t emubd_rand(struct emubd *bd)
{
	bd->rng = bd->rng * 1103515245u + 12345u;
	return (uint8_t)(bd->rng >> 16);
}

/* Counts an operation; 1 when power fails during it. */
static int emubd_tick(struct emubd *bd)
{
	if (bd->powered_off)
		return 1;
	bd->ops++;
	if (bd->cut_at && bd->ops == bd->cut_at) {
		bd->powered_off = 1;
		return 1;
	}
	return 0;
}

static int emubd_read(const struct lfs_config *c, lfs_block_t block, lfs_off_t off, void *buf,
		      lfs_size_t size)
{
	struct emubd *bd = emubd_of(c);
	c = &bd->cfg;
	if (bd->powered_off)
		return EMUBD_ERR_POWERLOSS;
	if (block >= c->block_count || off % c->read_size || size % c->read_size ||
	    off + size > c->block_size)
		return LFS_ERR_INVAL;
	memcpy(buf, bd->data + (size_t)block * c->block_size + off, size);
	return 0;
}

static int emubd_prog(const struct lfs_config *c, lfs_block_t block, lfs_off_t off,
		      const void *buf, lfs_size_t size)
{
	struct emubd *bd = emubd_of(c);
	c = &bd->cfg;
	if (block >= c->block_count || off % c->prog_size || size % c->prog_size ||
	    off + size > c->block_size)
		return LFS_ERR_INVAL;
	uint8_t *dst = bd->data + (size_t)block * c->block_size + off;
	const uint8_t *src = buf;
	if (emubd_tick(bd)) {
		if (bd->ops == bd->cut_at && bd->cut_mode == EMUBD_CUT_HALF)
			for (lfs_size_t i = 0; i < size / 2; i++)
				dst[i] &= src[i];
		else if (bd->ops == bd->cut_at && bd->cut_mode == EMUBD_CUT_GARBAGE)
			for (lfs_size_t i = 0; i < size; i++)
				dst[i] &= emubd_rand(bd);
		return EMUBD_ERR_POWERLOSS;
	}
	if (bd->bad[block] == EMUBD_BAD_FAIL)
		return LFS_ERR_CORRUPT;
	for (lfs_size_t i = 0; i < size; i++) {
		if (dst[i] != 0xff)
			bd->reprograms++;
		dst[i] &= src[i];
	}
	if (bd->bad[block] == EMUBD_BAD_SILENT)
		dst[0] ^= 0x01;
	return 0;
}

static int emubd_erase(const struct lfs_config *c, lfs_block_t block)
{
	struct emubd *bd = emubd_of(c);
	c = &bd->cfg;
	if (block >= c->block_count)
		return LFS_ERR_INVAL;
	uint8_t *dst = bd->data + (size_t)block * c->block_size;
	if (emubd_tick(bd)) {
		if (bd->ops == bd->cut_at && bd->cut_mode == EMUBD_CUT_HALF)
			memset(dst, 0xff, c->block_size / 2);
		else if (bd->ops == bd->cut_at && bd->cut_mode == EMUBD_CUT_GARBAGE)
			for (lfs_size_t i = 0; i < c->block_size; i++)
				dst[i] = emubd_rand(bd);
		return EMUBD_ERR_POWERLOSS;
	}
	bd->erases[block]++;
	if (bd->bad[block] == EMUBD_BAD_FAIL)
		return LFS_ERR_CORRUPT;
	memset(dst, 0xff, c->block_size);
	return 0;
}

static int emubd_sync(const struct lfs_config *c)
{
	return emubd_of(c)->powered_off ? EMUBD_ERR_POWERLOSS : 0;
}

static void *emubd_alloc(void *ctx, lfs_size_t size)
{
	(void)ctx;
	return malloc(size);
}

static void emubd_release(void *ctx, void *p, lfs_size_t size)
{
	(void)ctx;
	(void)size;
	free(p);
}

int emubd_init(struct emubd *bd, lfs_size_t read_size, lfs_size_t prog_size,
	       lfs_size_t block_size, lfs_size_t block_count)
{
	memset(bd, 0, sizeof(*bd));
	bd->data = malloc((size_t)block_size * block_count);
	bd->erases = calloc(block_count, sizeof(*bd->erases));
	bd->bad = calloc(block_count, 1);
	if (!bd->data || !bd->erases || !bd->bad)
		return -1;
	memset(bd->data, 0xff, (size_t)block_size * block_count);
	bd->rng = 0x2545f491u;
	struct lfs_config *c = &bd->cfg;
	c->context = bd;
	c->read = emubd_read;
	c->prog = emubd_prog;
	c->erase = emubd_erase;
	c->sync = emubd_sync;
	c->read_size = read_size;
	c->prog_size = prog_size;
	c->block_size = block_size;
	c->block_count = block_count;
	c->block_cycles = -1;
	c->cache_size = read_size > prog_size ? read_size : prog_size;
	if (c->cache_size < 64 && block_size % 64 == 0)
		c->cache_size = 64;
	c->lookahead_size = 8 * ((block_count + 63) / 64);
	c->alloc = emubd_alloc;
	c->free = emubd_release;
	return 0;
}

void emubd_free(struct emubd *bd)
{
	free(bd->data);
	free(bd->erases);
	free(bd->bad);
}

void emubd_power_on(struct emubd *bd)
{
	bd->powered_off = 0;
	bd->cut_at = 0;
}

void emubd_cut_after(struct emubd *bd, long ops, int mode)
{
	bd->powered_off = 0;
	bd->cut_at = bd->ops + ops;
	bd->cut_mode = mode;
}
