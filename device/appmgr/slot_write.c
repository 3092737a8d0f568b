/* slot_write.c — erasing and writing an app slot (see slot_write.h). */
#include "slot_write.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
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

/* Writes the n bytes at p (n <= SLOT_WRITE_WORD) into the flash word at
 * word_off, at byte gap of it: the word is read and written whole, its other
 * bytes as they are. */
static int write_partial_word(int fd, uint32_t word_off, uint32_t gap, const char *p, size_t n)
{
	char word[SLOT_WRITE_WORD];
	ssize_t r;

	do
		r = pread(fd, word, sizeof(word), (off_t)word_off);
	while (r < 0 && errno == EINTR);
	if (r != (ssize_t)sizeof(word))
		return r < 0 ? -errno : -EIO;
	memcpy(word + gap, p, n);
	do
		r = pwrite(fd, word, sizeof(word), (off_t)word_off);
	while (r < 0 && errno == EINTR);
	return r == (ssize_t)sizeof(word) ? 0 : r < 0 ? -errno : -EIO;
}

/* Writes len bytes at off of an open partition, whole flash words only. */
static int write_words(int fd, uint32_t off, const char *p, size_t len)
{
	while (len > 0) {
		uint32_t gap = off % SLOT_WRITE_WORD;
		size_t n = gap || len < SLOT_WRITE_WORD ? SLOT_WRITE_WORD - gap : len - len % SLOT_WRITE_WORD;
		ssize_t w;

		if (n > len)
			n = len;
		if (gap || n < SLOT_WRITE_WORD) {
			int err = write_partial_word(fd, off - gap, gap, p, n);

			if (err != 0)
				return err;
			w = (ssize_t)n;
		} else {
			w = pwrite(fd, p, n, (off_t)off);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				return w < 0 ? -errno : -EIO;
		}
		p += w;
		off += (uint32_t)w;
		len -= (size_t)w;
	}
	return 0;
}

int slot_write_bytes(const char *dev_dir, const struct mtd_slot *s, uint32_t off, const void *buf,
		     size_t len)
{
	int fd, err;

	if (off > s->size || len > s->size - off)
		return -ENOSPC;
	fd = open_slot(dev_dir, s);
	if (fd < 0)
		return fd;
	err = write_words(fd, off, buf, len);
	close(fd);
	return err;
}
