/* lfs_mtd.h — the littlefs core on an MTD partition through its character
 * device (/dev/mtdN: pread, pwrite, MEMERASE), for device test programs
 * that write flash from user space (tests/vm/xip_write_init.c). Counts the
 * programs and erases it issues. */
#ifndef SPHERULE_TESTS_LFS_MTD_H
#define SPHERULE_TESTS_LFS_MTD_H

#include <stdint.h>

#include "lfs.h"

#define LFS_MTD_CACHE 256u
#define LFS_MTD_LOOKAHEAD 16u

/**
 * struct lfs_mtd - a littlefs configuration over one MTD partition
 * @fd: the partition's character device, open read-write
 * @cfg: the core's configuration; geometry from MEMGETINFO
 * @file_buf: the cache of the one file open at a time (lfs_file_opencfg)
 * @progs: prog callbacks issued
 * @erases: erase callbacks issued
 */
struct lfs_mtd {
	int fd;
	struct lfs_config cfg;
	uint8_t read_buf[LFS_MTD_CACHE], prog_buf[LFS_MTD_CACHE];
	uint8_t lookahead_buf[LFS_MTD_LOOKAHEAD];
	uint8_t file_buf[LFS_MTD_CACHE];
	unsigned long progs, erases;
};

/* The number N of /dev/mtdN whose /proc/mtd name is `name`, or -ENOENT
 * (also used by bench/fsbench-init to find a partition). */
int lfs_mtd_find(const char *name);

/* Opens the MTD partition named `name` (as in /proc/mtd) and fills in
 * m->cfg: block size the erase size, block count the partition's. Returns
 * 0 or a negative errno. */
int lfs_mtd_open(struct lfs_mtd *m, const char *name);
void lfs_mtd_close(struct lfs_mtd *m);

#endif
