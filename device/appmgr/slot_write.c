/* slot_write.c — erasing and writing an app slot (see slot_write.h). */
#include "slot_write.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <mtd/mtd-user.h>

static int open_slot(const char *dev_dir, const struct mtd_slot *s)
{
	char path[MTD_SLOT_PATH_MAX];

	return mtd_slot_open(dev_dir, s, O_RDWR, path);
}

int slot_write_erase(const char *dev_dir, const struct mtd_slot *s)
{
	return slot_write_erase_range(dev_dir, s, 0, s->size);
}

int slot_write_erase_range(const char *dev_dir, const struct mtd_slot *s, uint32_t off, uint32_t len)
{
	struct erase_info_user erase = { off, len };
	int fd, err = 0;

	if (off > s->size || len > s->size - off)
		return -ENOSPC;
	fd = open_slot(dev_dir, s);

	if (fd < 0)
		return fd;
	if (ioctl(fd, MEMERASE, &erase) != 0)
		err = -errno;
	close(fd);
	return err;
}

int slot_write_bytes(const char *dev_dir, const struct mtd_slot *s, uint32_t off, const void *buf,
		     size_t len)
{
	const char *p = buf;
	int fd, err = 0;

	if (off > s->size || len > s->size - off)
		return -ENOSPC;
	fd = open_slot(dev_dir, s);
	if (fd < 0)
		return fd;
	while (len > 0) {
		ssize_t n = pwrite(fd, p, len, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err = n < 0 ? -errno : -EIO;
			break;
		}
		p += n;
		off += (uint32_t)n;
		len -= (size_t)n;
	}
	close(fd);
	return err;
}
