/* lfs_mtd.c — the littlefs core's block device on an MTD partition through
 * its character device (see lfs_mtd.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <mtd/mtd-user.h>

#include "lfs_mtd.h"

static struct lfs_mtd *lfs_mtd_of(const struct lfs_config *c)
{
	return c->context;
}

static off_t lfs_mtd_offset(const struct lfs_config *c, lfs_block_t block, lfs_off_t off)
{
	return (off_t)block * c->block_size + off;
}

static int lfs_mtd_read(const struct lfs_config *c, lfs_block_t block, lfs_off_t off,
			void *buffer, lfs_size_t size)
{
	ssize_t n = pread(lfs_mtd_of(c)->fd, buffer, size, lfs_mtd_offset(c, block, off));

	return n == (ssize_t)size ? 0 : n < 0 ? -errno : -EIO;
}

static int lfs_mtd_prog(const struct lfs_config *c, lfs_block_t block, lfs_off_t off,
			const void *buffer, lfs_size_t size)
{
	struct lfs_mtd *m = lfs_mtd_of(c);
	ssize_t n = pwrite(m->fd, buffer, size, lfs_mtd_offset(c, block, off));

	m->progs++;
	return n == (ssize_t)size ? 0 : n < 0 ? -errno : -EIO;
}

static int lfs_mtd_erase(const struct lfs_config *c, lfs_block_t block)
{
	struct lfs_mtd *m = lfs_mtd_of(c);
	struct erase_info_user e = {
		.start = (uint32_t)lfs_mtd_offset(c, block, 0),
		.length = c->block_size,
	};

	m->erases++;
	return ioctl(m->fd, MEMERASE, &e) == 0 ? 0 : -errno;
}

static int lfs_mtd_sync(const struct lfs_config *c)
{
	(void)c;
	return 0;
}

int lfs_mtd_find(const char *name)
{
	char line[128], quoted[80];
	int num = -ENOENT, n;
	FILE *f = fopen("/proc/mtd", "re");

	if (!f)
		return -errno;
	snprintf(quoted, sizeof(quoted), "\"%s\"", name);
	while (num < 0 && fgets(line, sizeof(line), f))
		if (sscanf(line, "mtd%d:", &n) == 1 && strstr(line, quoted))
			num = n;
	fclose(f);
	return num;
}

int lfs_mtd_open(struct lfs_mtd *m, const char *name)
{
	struct mtd_info_user info;
	char path[32];
	int num = lfs_mtd_find(name);

	if (num < 0)
		return num;
	snprintf(path, sizeof(path), "/dev/mtd%d", num);
	memset(m, 0, sizeof(*m));
	m->fd = open(path, O_RDWR | O_CLOEXEC);
	if (m->fd < 0)
		return -errno;
	if (ioctl(m->fd, MEMGETINFO, &info) != 0) {
		int err = -errno;

		close(m->fd);
		return err;
	}
	m->cfg = (struct lfs_config){
		.context = m,
		.read = lfs_mtd_read,
		.prog = lfs_mtd_prog,
		.erase = lfs_mtd_erase,
		.sync = lfs_mtd_sync,
		.read_size = 16,
		.prog_size = 16,
		.block_size = info.erasesize,
		.block_count = info.size / info.erasesize,
		.block_cycles = 500,
		.cache_size = LFS_MTD_CACHE,
		.lookahead_size = LFS_MTD_LOOKAHEAD,
		.read_buffer = m->read_buf,
		.prog_buffer = m->prog_buf,
		.lookahead_buffer = m->lookahead_buf,
	};
	return 0;
}

void lfs_mtd_close(struct lfs_mtd *m)
{
	close(m->fd);
}
