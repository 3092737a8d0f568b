/*
 * test_lfs_wear.c - dynamic wear leveling of the littlefs core: a long
 * rewrite workload on a small device (64 blocks of 512 bytes) in a
 * subdirectory, with block_cycles 16 (metadata pairs move to other blocks
 * every 16 erases) and without (-1). The stated bound: with wear leveling
 * the most-erased block has at most twice the mean erase count (root pair
 * {0,1} excluded: the superblock pair is not relocated by this core), and
 * the spread is smaller than without wear leveling.
 */
#include <stdio.h>
#include <string.h>

#include "../powerloss/lfs_emubd.h"
#include "tap.h"

#define WEAR_ITERATIONS 20000

struct wear {
	double mean;
	uint32_t max, min;
	int ok;
};

static struct wear run(int32_t block_cycles)
{
	struct wear w = { 0, 0, UINT32_MAX, 0 };
	struct emubd bd;
	lfs_t lfs;
	uint8_t data[700];
	if (emubd_init(&bd, 16, 16, 512, 64))
		return w;
	bd.cfg.block_cycles = block_cycles;
	int ok = lfs_format(&lfs, &bd.cfg) == 0 && lfs_mount(&lfs, &bd.cfg) == 0 &&
		 lfs_mkdir(&lfs, "w") == 0;
	for (int i = 0; ok && i < WEAR_ITERATIONS; i++) {
		lfs_file_t f;
		memset(data, i & 0xff, sizeof(data));
		const char *path = (i % 3 == 2) ? "w/small" : "w/big";
		lfs_size_t len = (i % 3 == 2) ? 40 : sizeof(data);
		ok = lfs_file_open(&lfs, &f, path, LFS_O_WRONLY | LFS_O_CREAT | LFS_O_TRUNC) == 0 &&
		     lfs_file_write(&lfs, &f, data, len) == (lfs_ssize_t)len &&
		     lfs_file_close(&lfs, &f) == 0;
	}
	uint8_t back[700];
	lfs_file_t f;
	ok = ok && lfs_unmount(&lfs) == 0 && lfs_mount(&lfs, &bd.cfg) == 0 &&
	     lfs_file_open(&lfs, &f, "w/big", LFS_O_RDONLY) == 0 &&
	     lfs_file_read(&lfs, &f, back, sizeof(back)) == (lfs_ssize_t)sizeof(back) &&
	     lfs_file_close(&lfs, &f) == 0 && lfs_unmount(&lfs) == 0;
	int last_big = WEAR_ITERATIONS - 1;
	while (last_big % 3 == 2)
		last_big--;
	memset(data, last_big & 0xff, sizeof(data));
	ok = ok && memcmp(back, data, sizeof(data)) == 0;
	uint64_t sum = 0;
	for (lfs_block_t b = 2; b < bd.cfg.block_count; b++) {
		sum += bd.erases[b];
		w.max = bd.erases[b] > w.max ? bd.erases[b] : w.max;
		w.min = bd.erases[b] < w.min ? bd.erases[b] : w.min;
	}
	w.mean = (double)sum / (bd.cfg.block_count - 2);
	w.ok = ok && bd.reprograms == 0;
	printf("# block_cycles %d: erases per block mean %.1f min %u max %u (root pair: %u, %u)\n",
	       block_cycles, w.mean, w.min, w.max, bd.erases[0], bd.erases[1]);
	emubd_free(&bd);
	return w;
}

int main(void)
{
	struct wear leveled = run(16);
	struct wear fixed = run(-1);
	tap_ok(leveled.ok && fixed.ok, "%d rewrites on 64 blocks succeed and read back", WEAR_ITERATIONS);
	tap_ok(leveled.max <= 2 * leveled.mean,
	       "wear leveling: max erase count %u <= 2 x mean %.1f", leveled.max, leveled.mean);
	tap_ok(leveled.max - leveled.min < fixed.max - fixed.min,
	       "spread with block_cycles 16 (%u) is below the spread without (%u)",
	       leveled.max - leveled.min, fixed.max - fixed.min);
	return tap_done();
}
