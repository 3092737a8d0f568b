/* small_file.c — whole-file reads into fixed buffers and whole-file
 * replacements (see small_file.h). */
#include "small_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int small_file_read(const char *path, void *buf, size_t cap, size_t *len)
{
	char *p = buf;
	size_t got = 0;
	int err = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	while (got < cap) {
		ssize_t n = read(fd, p + got, cap - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = -errno;
			break;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	if (close(fd) != 0 && err == 0)
		err = -errno;
	if (err == 0 && got == cap)
		err = -EFBIG;
	*len = got;
	return err;
}

int small_file_replace(const char *path, const void *buf, size_t len)
{
	char tmp[128];
	int fd, err = 0;

	if (snprintf(tmp, sizeof(tmp), "%s.new", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	if (write(fd, buf, len) != (ssize_t)len || fsync(fd) != 0)
		err = errno ? -errno : -EIO;
	if (close(fd) != 0 && err == 0)
		err = -errno;
	if (err == 0 && rename(tmp, path) != 0)
		err = -errno;
	if (err != 0)
		unlink(tmp);
	return err;
}
