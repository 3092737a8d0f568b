/*
 * slot_copy.c - sector by sector copy into an OS slot (slot_copy.h).
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "durable_file.h"
#include "flash_layout.h"
#include "slot_copy.h"

#define ERASED_BYTE 0xff

_Static_assert(SLOT_COPY_SECTOR == FLASH_BOOT_ERASE_SIZE && SLOT_COPY_SECTOR == FLASH_OSSTAGE_ERASE_SIZE,
	       "the OS slots and osstage erase in sectors of SLOT_COPY_SECTOR");

int (*slot_copy_fault_hook)(enum slot_copy_step step, uint32_t offset);

static int step(enum slot_copy_step s, uint32_t offset)
{
	return slot_copy_fault_hook ? slot_copy_fault_hook(s, offset) : 0;
}

/* Writes the sector at off with data, synced. */
static int put_sector(int fd, const uint8_t *data, uint32_t off)
{
	ssize_t n = pwrite(fd, data, SLOT_COPY_SECTOR, off);

	if (n < 0)
		return -errno;
	if (n != SLOT_COPY_SECTOR)
		return -EIO;
	return fdatasync(fd) < 0 ? -errno : 0;
}

static bool erased(const uint8_t *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (p[i] != ERASED_BYTE)
			return false;
	return true;
}

int slot_copy(int fd, uint32_t from, uint32_t to, uint32_t len)
{
	static uint8_t sector[SLOT_COPY_SECTOR], blank[SLOT_COPY_SECTOR];
	int rc = len % SLOT_COPY_SECTOR ? -EINVAL : 0;

	memset(blank, ERASED_BYTE, sizeof(blank));
	for (uint32_t at = 0; !rc && at < len; at += SLOT_COPY_SECTOR) {
		rc = durable_read_at(fd, sector, sizeof(sector), (off_t)from + at);
		if (!rc && !(rc = step(SLOT_COPY_ERASE, to + at)))
			rc = put_sector(fd, blank, to + at);
		if (!rc && !erased(sector, sizeof(sector)) && !(rc = step(SLOT_COPY_PROGRAM, to + at)))
			rc = put_sector(fd, sector, to + at);
	}
	return rc;
}
