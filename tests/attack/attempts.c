/* attempts.c — attempts shared by the attack suite's device programs (see
 * attempts.h). */
#include "attempts.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

int attempt_result(long r)
{
	return r < 0 ? -errno : 0;
}

int try_open(const char *path, int flags)
{
	int fd = open(path, flags);

	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

#define VIRTIO_DEVICES_TRIED 4

int try_virtio_port(unsigned port, int flags)
{
	char path[32];
	int rc = -ENOENT;

	for (unsigned d = 0; d < VIRTIO_DEVICES_TRIED && rc == -ENOENT; d++) {
		snprintf(path, sizeof(path), "/dev/vport%up%u", d, port);
		rc = try_open(path, flags);
	}
	return rc;
}

int try_create(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);

	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

int try_stat(const char *path)
{
	struct stat st;

	return attempt_result(stat(path, &st));
}

int try_statfs(const char *path)
{
	struct statfs st;

	return attempt_result(statfs(path, &st));
}

int try_write_file(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;
	int err;

	if (fd < 0)
		return -errno;
	n = write(fd, data, len);
	err = n < 0 ? -errno : (size_t)n == len ? 0 : -EIO;
	close(fd);
	return err;
}

int try_socket(int family, int type, int protocol)
{
	int fd = socket(family, type, protocol);

	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}
