/*
 * flash_storage.c - builds the data partition's littlefs from a host tree
 * with the littlefs host tools' code (see flash_storage.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "flash_layout.h"
#include "flash_storage.h"
#include "littlefs/lfsmkfs.h"
#include "littlefs/toolmsg.h"

_Static_assert(FLASH_DATA_SIZE % FLASH_DATA_ERASE_SIZE == 0, "the data partition is whole erase sectors");

int flash_storage_write(int fd, const char *root)
{
	struct lfsdev_geometry geo = {
		.block_size = FLASH_STORAGE_BLOCK_SIZE,
		.block_count = FLASH_STORAGE_BLOCK_COUNT,
	};
	const char *why = lfsdev_complete_geometry(&geo);
	char image[64];
	struct lfsdev dev;
	int err;

	if (why)
		return cli_fail("flash build", "data partition: %s", why);
	/* The shared littlefs code reports in the CLI's words. */
	toolmsg_name = "spherule: flash build";
	if (toolmsg_check_dir(root))
		return -1;
	err = flashdev_create_memory(&dev.flash, geo.block_size, geo.block_count);
	if (err)
		return cli_fail("flash build", "data partition: %s", strerror(-err));
	snprintf(image, sizeof(image), "data partition (%u blocks of %u KiB)", geo.block_count,
		 geo.block_size / 1024);
	lfsdev_configure(&dev, &geo);
	err = lfsmkfs_build(&dev, image, root);
	if (!err && pwrite(fd, dev.flash.mem, dev.flash.mem_size, FLASH_DATA_OFFSET) != (ssize_t)dev.flash.mem_size)
		err = cli_fail("flash build", "writing the data partition: %s", strerror(errno));
	flashdev_close(&dev.flash);
	return err ? -1 : 0;
}
