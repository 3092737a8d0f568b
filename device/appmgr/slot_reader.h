/* slot_reader.h — reads an app slot (/dev/mtdN, or any file in tests) in
 * bounded chunks for the package library; never maps or loads it whole. */
#ifndef APPMGR_SLOT_READER_H
#define APPMGR_SLOT_READER_H

#include <stdint.h>

#define SLOT_HEAD_BYTES 16u /* a slot whose first 16 bytes are erased is empty */

struct slot_reader {
	int fd;
	uint32_t size;   /* bytes in the slot */
	const uint8_t *head; /* NULL, or the SLOT_HEAD_BYTES read in place of the
			      * slot's first ones (a staged image, app_install.h) */
};

/* Reads exactly len bytes at off (a pkg_read_fn): 0, -ENODATA past the end
 * of the slot, or -errno from pread. ctx is a struct slot_reader. */
int slot_reader_read(void *ctx, uint32_t off, void *buf, uint32_t len);

/* 1 when the slot starts with erased flash (its first 16 bytes are all
 * 0xFF, or it is shorter than that and all 0xFF), 0 when it holds data,
 * -errno when it cannot be read. */
int slot_reader_is_empty(const struct slot_reader *r);

#endif
