/*
 * durable_file.c - replacing and reading the files of secmon's store
 * (durable_file.h): write a new file, fsync, rename, fsync the directory.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "durable_file.h"

#define NEW_SUFFIX ".new"

int (*durable_fault_hook)(enum durable_step step);

static int step(enum durable_step s)
{
	return durable_fault_hook ? durable_fault_hook(s) : 0;
}

static int write_all(int fd, const uint8_t *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int durable_sync_dir(int dirfd)
{
	return fsync(dirfd) < 0 ? -errno : 0;
}

int durable_replace(int dirfd, const char *name, const void *data, size_t len, mode_t mode)
{
	char tmp[256];
	int fd, rc;

	if (snprintf(tmp, sizeof(tmp), "%s" NEW_SUFFIX, name) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	rc = step(DURABLE_CREATE);
	fd = rc ? -1 : openat(dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd < 0)
		return rc ? rc : -errno;
	/* O_CREAT applies the umask, and an old NAME.new keeps its mode. */
	rc = fchmod(fd, mode) < 0 ? -errno : 0;
	if (!rc && !(rc = step(DURABLE_WRITE)))
		rc = write_all(fd, data, len);
	if (!rc && !(rc = step(DURABLE_SYNC)) && fsync(fd) < 0)
		rc = -errno;
	if (close(fd) < 0 && !rc)
		rc = -errno;
	if (!rc && !(rc = step(DURABLE_RENAME)) && renameat(dirfd, tmp, dirfd, name) < 0)
		rc = -errno;
	if (rc) {
		unlinkat(dirfd, tmp, 0);
		return rc;
	}
	rc = step(DURABLE_SYNC_DIR);
	return rc ? rc : durable_sync_dir(dirfd);
}

int durable_read_at(int fd, void *buf, size_t len, off_t off)
{
	uint8_t *p = buf;

	for (size_t done = 0; done < len;) {
		ssize_t n = pread(fd, p + done, len - done, off + (off_t)done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		done += (size_t)n;
	}
	return 0;
}

ssize_t durable_read(int dirfd, const char *name, uint8_t *buf, size_t max)
{
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	ssize_t rc;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0)
		rc = -errno;
	else if (!S_ISREG(st.st_mode))
		rc = -EINVAL;
	else if ((unsigned long long)st.st_size > max)
		rc = -EFBIG;
	else if ((rc = durable_read_at(fd, buf, (size_t)st.st_size, 0)) == 0)
		rc = st.st_size;
	close(fd);
	return rc;
}
