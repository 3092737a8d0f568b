/*
 * test_lfs_corrupt.c - the littlefs core on damaged images: random bytes
 * of a populated image are overwritten, then the image is mounted and
 * every directory and file is read. Every call must return (the core's
 * loops are bounded) with either data or a negative error, never crash,
 * and a file written after a successful mount must read back or its write
 * must fail with an error. (Also run under the sanitizers in development.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../powerloss/lfs_emubd.h"
#include "tap.h"

#define ROUNDS 3000

static uint32_t rng = 12345;

static uint32_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

/* Read everything reachable; returns the number of entries seen. */
static int walk(lfs_t *lfs)
{
	static const char *const dirs[] = { "/", "d", "d/e" };
	static uint8_t buf[2048];
	int entries = 0;
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		lfs_dir_t d;
		struct lfs_info info;
		if (lfs_dir_open(lfs, &d, dirs[i]))
			continue;
		for (int n = 0; n < 100 && lfs_dir_read(lfs, &d, &info) > 0; n++) {
			char path[1100];
			if (info.name[0] == '.')
				continue;
			entries++;
			snprintf(path, sizeof(path), "%s/%s", dirs[i], info.name);
			lfs_file_t f;
			if (info.type == LFS_TYPE_REG && lfs_file_open(lfs, &f, path, LFS_O_RDONLY) == 0) {
				while (lfs_file_read(lfs, &f, buf, sizeof(buf)) > 0)
					;
				lfs_file_close(lfs, &f);
			}
		}
		lfs_dir_close(lfs, &d);
	}
	return entries;
}

int main(void)
{
	struct emubd bd;
	lfs_t lfs;
	if (emubd_init(&bd, 16, 16, 512, 64))
		return 1;
	uint8_t data[1500];
	memset(data, 0x5a, sizeof(data));
	int ok = lfs_format(&lfs, &bd.cfg) == 0 && lfs_mount(&lfs, &bd.cfg) == 0 &&
		 lfs_mkdir(&lfs, "d") == 0 && lfs_mkdir(&lfs, "d/e") == 0;
	const char *files[] = { "a", "d/b", "d/e/c", "d/small" };
	for (size_t i = 0; ok && i < 4; i++) {
		lfs_file_t f;
		lfs_size_t len = i == 3 ? 20 : (lfs_size_t)(400 * (i + 1));
		ok = lfs_file_open(&lfs, &f, files[i], LFS_O_WRONLY | LFS_O_CREAT) == 0 &&
		     lfs_file_write(&lfs, &f, data, len) == (lfs_ssize_t)len && lfs_file_close(&lfs, &f) == 0;
	}
	ok = ok && lfs_unmount(&lfs) == 0;
	tap_ok(ok, "populated image");
	size_t image = (size_t)bd.cfg.block_size * bd.cfg.block_count;
	uint8_t *pristine = malloc(image);
	memcpy(pristine, bd.data, image);
	int mounted = 0, refused = 0, wrote = 0, readback_bad = 0;
	static uint8_t back[700];
	for (int round = 0; round < ROUNDS; round++) {
		memcpy(bd.data, pristine, image);
		int flips = 1 + (int)(next() % 8);
		for (int i = 0; i < flips; i++) {
			/* aim at the used part of the image most of the time */
			size_t off = next() % (round % 2 ? image : 16 * bd.cfg.block_size);
			bd.data[off] = (uint8_t)next();
		}
		if (lfs_mount(&lfs, &bd.cfg)) {
			refused++;
			continue;
		}
		mounted++;
		walk(&lfs);
		lfs_file_t f;
		if (lfs_file_open(&lfs, &f, "new", LFS_O_WRONLY | LFS_O_CREAT) == 0) {
			if (lfs_file_write(&lfs, &f, data, 700) == 700 && lfs_file_close(&lfs, &f) == 0) {
				wrote++;
				if (lfs_file_open(&lfs, &f, "new", LFS_O_RDONLY) != 0)
					readback_bad++;
				else if (lfs_file_read(&lfs, &f, back, 700) != 700 ||
					 memcmp(back, data, 700) != 0 || lfs_file_close(&lfs, &f) != 0)
					readback_bad++;
			} else {
				lfs_file_close(&lfs, &f);
			}
		}
		walk(&lfs);
		lfs_unmount(&lfs);
	}
	tap_ok(mounted + refused == ROUNDS && readback_bad == 0,
	       "%d damaged images: %d refused at mount, %d mounted and walked, %d took a new file "
	       "that reads back (%d did not)", ROUNDS, refused, mounted, wrote, readback_bad);
	memcpy(bd.data, pristine, image);
	tap_ok(lfs_mount(&lfs, &bd.cfg) == 0 && walk(&lfs) == 6 && lfs_unmount(&lfs) == 0,
	       "the undamaged image still mounts with its 6 entries");
	free(pristine);
	emubd_free(&bd);
	return tap_done();
}
