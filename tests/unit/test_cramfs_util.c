/*
 * test_cramfs_util.c - scratch trees for the pkg/cramfs unit tests.
 */
#include "test_cramfs_util.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void die(const char *what, const char *path)
{
	fprintf(stderr, "test setup: %s %s: %s\n", what, path, strerror(errno));
	exit(2);
}

void scratch_dir(char *buf, size_t len, const char *tag)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(buf, len, "%s/cramfs-%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", tag);
	if (!mkdtemp(buf))
		die("mkdtemp", buf);
	/* mkdtemp makes 0700; the image root keeps the mode, make it usual. */
	if (chmod(buf, 0755))
		die("chmod", buf);
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

void remove_tree(const char *path)
{
	nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

uint8_t pattern_byte(uint32_t seed, size_t i)
{
	uint32_t x = seed * 2654435761u ^ (uint32_t)i * 40503u ^ (uint32_t)(i >> 12);

	x ^= x >> 13;
	x *= 0x5bd1e995u;
	return (uint8_t)(x ^ (x >> 15));
}

void make_file(const char *dir, const char *rel, size_t size, uint32_t seed, mode_t mode)
{
	char path[8192];
	uint8_t buf[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		die("create", path);
	for (size_t done = 0; done < size;) {
		size_t n = size - done < sizeof(buf) ? size - done : sizeof(buf);
		for (size_t i = 0; i < n; i++)
			buf[i] = pattern_byte(seed, done + i);
		if (write(fd, buf, n) != (ssize_t)n)
			die("write", path);
		done += n;
	}
	if (fchmod(fd, mode) || close(fd))
		die("chmod", path);
}

void make_dir(const char *dir, const char *rel, mode_t mode)
{
	char path[8192];

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	if (mkdir(path, mode) || chmod(path, mode))
		die("mkdir", path);
}

void make_symlink(const char *dir, const char *rel, const char *target)
{
	char path[8192];

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	if (symlink(target, path))
		die("symlink", path);
}
