/*
 * test_lfs_badblock.c - bad-block handling of the littlefs core: blocks
 * whose program/erase fail (LFS_ERR_CORRUPT) or that silently store wrong
 * bits (caught by the read-back check) are avoided, for file data and for
 * metadata pairs (which then move to other blocks, their parent and the
 * threaded list following them), without losing data.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../powerloss/lfs_emubd.h"
#include "tap.h"

static void fill(uint8_t *buf, size_t n, uint32_t seed)
{
	for (size_t i = 0; i < n; i++) {
		seed = seed * 1664525u + 1013904223u;
		buf[i] = (uint8_t)(seed >> 24);
	}
}

static int write_file(lfs_t *lfs, const char *path, const uint8_t *data, size_t n)
{
	lfs_file_t f;
	int err = lfs_file_open(lfs, &f, path, LFS_O_WRONLY | LFS_O_CREAT | LFS_O_TRUNC);
	if (err)
		return err;
	lfs_ssize_t w = lfs_file_write(lfs, &f, data, (lfs_size_t)n);
	err = lfs_file_close(lfs, &f);
	return w < 0 ? (int)w : err;
}

static int check_file(lfs_t *lfs, const char *path, const uint8_t *data, size_t n)
{
	static uint8_t buf[8192];
	lfs_file_t f;
	if (lfs_file_open(lfs, &f, path, LFS_O_RDONLY))
		return -1;
	lfs_ssize_t r = lfs_file_read(lfs, &f, buf, sizeof(buf));
	lfs_file_close(lfs, &f);
	return r == (lfs_ssize_t)n && memcmp(buf, data, n) == 0 ? 0 : -1;
}

/* Write files and a directory with every `stride`-th block bad. */
static void run(int mode, int stride, lfs_size_t block_size, const char *what)
{
	struct emubd bd;
	lfs_t lfs;
	static uint8_t data[8][3000];
	char path[32];
	if (emubd_init(&bd, 16, 16, block_size, 64 * 1024 / block_size))
		return;
	bd.cfg.block_cycles = 2;  /* pairs keep moving, onto bad blocks too */
	int ok = lfs_format(&lfs, &bd.cfg) == 0 && lfs_mount(&lfs, &bd.cfg) == 0 &&
		 lfs_mkdir(&lfs, "dir") == 0;
	for (lfs_block_t b = 2; b < bd.cfg.block_count; b++)
		if (b % (lfs_block_t)stride == 0)
			bd.bad[b] = (uint8_t)mode;
	for (int round = 0; ok && round < 4; round++) {
		for (int i = 0; ok && i < 8; i++) {
			fill(data[i], sizeof(data[i]), (uint32_t)(round * 8 + i));
			snprintf(path, sizeof(path), "dir/file%d", i);
			ok = write_file(&lfs, path, data[i], (size_t)(i * 370 + 11)) == 0;
		}
	}
	tap_ok(ok, "%s: 32 file writes succeed", what);
	/* many small commits: the directory's pair compacts (and moves) often */
	char attr[24];
	for (int i = 0; ok && i < 400; i++) {
		snprintf(attr, sizeof(attr), "attr %d", i);
		ok = lfs_setattr(&lfs, "dir/file1", 'x', attr, sizeof(attr)) == 0;
	}
	char got[24];
	tap_ok(ok && lfs_getattr(&lfs, "dir/file1", 'x', got, sizeof(got)) == sizeof(got) &&
	       !strcmp(got, attr), "%s: 400 attribute commits succeed", what);
	ok = 1;
	for (int i = 0; ok && i < 8; i++) {
		snprintf(path, sizeof(path), "dir/file%d", i);
		ok = check_file(&lfs, path, data[i], (size_t)(i * 370 + 11)) == 0;
	}
	tap_ok(ok, "%s: every file reads back", what);
	struct lfs_counters c;
	lfs_fs_counters(&lfs, &c);
	ok = lfs_unmount(&lfs) == 0 && lfs_mount(&lfs, &bd.cfg) == 0;
	for (int i = 0; ok && i < 8; i++) {
		snprintf(path, sizeof(path), "dir/file%d", i);
		ok = check_file(&lfs, path, data[i], (size_t)(i * 370 + 11)) == 0;
	}
	tap_ok(ok, "%s: and after remount", what);
	lfs_unmount(&lfs);
	tap_ok(c.bad_blocks > 0, "%s: %llu bad blocks were hit and moved away from", what,
	       (unsigned long long)c.bad_blocks);
	tap_ok(bd.reprograms == 0, "%s: no program hit non-erased bytes", what);
	emubd_free(&bd);
}

int main(void)
{
	run(EMUBD_BAD_FAIL, 5, 512, "512-byte blocks, every 5th fails program/erase");
	run(EMUBD_BAD_SILENT, 7, 512, "512-byte blocks, every 7th stores wrong bits");
	run(EMUBD_BAD_FAIL, 2, 512, "512-byte blocks, every 2nd fails program/erase");
	run(EMUBD_BAD_FAIL, 3, 256, "256-byte blocks (busy metadata), every 3rd fails");
	run(EMUBD_BAD_SILENT, 3, 256, "256-byte blocks (busy metadata), every 3rd stores wrong bits");
	return tap_done();
}
