/*
 * flash_file.c - the flash file's size check and partition table, and files
 * loaded for a flash area (see flash_file.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "file_util.h"
#include "flash_file.h"
#include "flash_layout.h"

static const struct flash_partition partitions[] = { FLASH_PARTITION_TABLE };

#define PARTITION_COUNT (sizeof(partitions) / sizeof(partitions[0]))

const struct flash_partition *flash_partition_find(const char *label)
{
	for (size_t i = 0; i < PARTITION_COUNT; i++)
		if (!strcmp(partitions[i].label, label))
			return &partitions[i];
	return NULL;
}

void flash_partition_labels(char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < PARTITION_COUNT && used < len; i++) {
		int n = snprintf(buf + used, len - used, "%s%s", i ? ", " : "", partitions[i].label);

		used += n < 0 ? len : (size_t)n;
	}
}

static int check_size(const char *command, const char *path, const struct stat *st)
{
	if (!S_ISREG(st->st_mode))
		return cli_fail(command, "%s: not a regular file", path);
	if ((unsigned long long)st->st_size != FLASH_FILE_SIZE)
		return cli_fail(command, "%s: %lld bytes, a qemu-armv7 flash image has %llu (make one with 'spherule flash build')",
				path, (long long)st->st_size, (unsigned long long)FLASH_FILE_SIZE);
	return 0;
}

int flash_file_check(const char *command, const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return cli_fail(command, "%s: %s", path, strerror(errno));
	return check_size(command, path, &st);
}

int flash_file_read_partition(const char *command, const char *path, const struct flash_partition *part,
			      uint8_t **buf)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	size_t done = 0;
	int ret;

	*buf = NULL;
	if (fd < 0)
		return cli_fail(command, "%s: %s", path, strerror(errno));
	ret = fstat(fd, &st) < 0 ? cli_fail(command, "%s: %s", path, strerror(errno)) : check_size(command, path, &st);
	if (!ret && !(*buf = malloc(part->size)))
		ret = cli_fail(command, "out of memory");
	while (!ret && done < part->size) {
		ssize_t n = pread(fd, *buf + done, part->size - done, (off_t)part->offset + (off_t)done);

		if (n <= 0)
			ret = cli_fail(command, "reading %s: %s", path, n < 0 ? strerror(errno) : "unexpected end of file");
		else
			done += (size_t)n;
	}
	close(fd);
	if (ret) {
		free(*buf);
		*buf = NULL;
	}
	return ret;
}

int flash_area_file_load(const char *command, const char *path, size_t max, uint8_t **buf, size_t *len)
{
	int ret = file_read_all(path, max, buf, len);

	if (ret == -EFBIG)
		return cli_fail(command, "%s: larger than the %zu bytes its flash area holds", path, max);
	if (ret < 0)
		return cli_fail(command, "%s: %s", path, strerror(-ret));
	return 0;
}
