/* workload.c — the write workload of the filesystem bench (see workload.h). */
#include "workload.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static uint32_t stream = 0x5350484bu; /* any non-zero seed */

/* Fills buf with the next bytes of the pseudo-random stream. */
static void fill(uint32_t *buf, size_t words)
{
	for (size_t i = 0; i < words; i++) {
		stream ^= stream << 13;
		stream ^= stream >> 17;
		stream ^= stream << 5;
		buf[i] = stream;
	}
}

/* Writes `blocks` blocks of the stream to a new file at path, adding
 * what it wrote to *bytes. */
static int write_file(const char *path, int blocks, unsigned long *bytes)
{
	static uint32_t buf[WORKLOAD_FILE_SIZE / 4];
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0)
		return -errno;
	for (int b = 0; b < blocks; b++) {
		fill(buf, sizeof(buf) / 4);
		if (write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf)) {
			int err = errno ? -errno : -EIO;

			close(fd);
			return err;
		}
		*bytes += sizeof(buf);
	}
	return close(fd) == 0 ? 0 : -errno;
}

static long long now_usec(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

int workload_run(const char *dir, unsigned long *bytes, long long *usec)
{
	char path[64];
	long long start = now_usec();
	int err;

	*bytes = 0;
	for (int i = 0; i < WORKLOAD_FILES; i++) {
		snprintf(path, sizeof(path), "%s/f%03d", dir, i);
		if ((err = write_file(path, 1, bytes)) < 0)
			return err;
	}
	snprintf(path, sizeof(path), "%s/big", dir);
	if ((err = write_file(path, WORKLOAD_BIG_KIB * 1024 / WORKLOAD_FILE_SIZE, bytes)) < 0)
		return err;
	sync();
	*usec = now_usec() - start;
	return 0;
}
