/* os_layout.h — where an OS image file (.osimage: the signed OS description,
 * then each part it names in part-id order, docs/os-image.md) goes in the
 * staging partition `osstage`, which holds an OS in bank 0's layout: each
 * part at the start of its bank-0 partition's offset, the description at
 * osdesc's. The offsets come from updated.conf (the board's flash.layout).
 * Also the ranges of osstage no byte of the image lands in, which must be
 * erased (secmon requires every byte after a part, up to its partition's
 * end, to be erased). Pure: no I/O. */
#ifndef UPDATED_OS_LAYOUT_H
#define UPDATED_OS_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

#include "spherule/error_detail.h"
#include "spherule/os_desc.h"

/** struct os_region - a bank-0 partition's place in osstage. */
struct os_region {
	uint32_t offset;
	uint32_t size;
};

struct os_layout {
	struct os_region part[OS_PART_LAST + 1];   /* by part id; size 0: not configured */
	struct os_region desc;                      /* osdesc */
	uint32_t stage_size;                        /* osstage's size */
	uint32_t erase_size;                        /* its erase block */
};

/** struct os_image_map - one image's pieces, from its description. */
struct os_image_map {
	const struct os_layout *layout;
	struct os_desc desc;
	uint64_t file_size;       /* the description and every part */
};

/* Reads the image's description from its first len bytes (at least
 * OS_DESC_HEADER_SIZE; the whole description once its size is known): 0,
 * -EAGAIN (more bytes needed: *need says how many in all), or -EINVAL with
 * why (not a description; a part the layout has no room for). */
int os_image_map_init(struct os_image_map *m, const struct os_layout *l, const uint8_t *head, size_t len,
		      uint32_t *need, struct error_detail *why);

/* Where byte file_off of the image goes in osstage, and how many bytes from
 * there are contiguous there (*run): 0, or -ERANGE past the file. */
int os_image_map_locate(const struct os_image_map *m, uint64_t file_off, uint32_t *stage_off, uint32_t *run);

/* The ranges of osstage to erase before the image is written (those no
 * byte of it lands in, each from the erase block after a piece's end to
 * the end of its region, and the rest of osstage after the last region):
 * calls erase(off, len, ctx) for each (both on erase blocks); stops at a
 * non-zero return and returns it. */
int os_image_map_gaps(const struct os_image_map *m, uint32_t erase_size,
		      int (*erase)(uint32_t off, uint32_t len, void *ctx), void *ctx);

/* The bytes of one OS_STAGE write, gathered: a write is a whole chunk or
 * a piece's end, so every write but a piece's last starts and ends on a
 * word of the flash. A write ending inside a word is padded with 0xff by
 * the flash driver, and a second write into that word programs the padding
 * again: NOR flash ANDs it, QEMU's pflash stores it, erasing the bytes the
 * first write put there. */
#define OS_STAGE_CHUNK 4096u

struct os_stage_chunk {
	uint8_t bytes[OS_STAGE_CHUNK];
	uint32_t len;
	uint32_t off;          /* in osstage, of bytes[0] */
	uint64_t file_off;     /* bytes of the file taken (gathered or written) */
};

/* Takes [p, p + n) of the image, from c->file_off on, into c: calls
 * write(off, bytes, len, ctx) when the chunk is full or reaches the end of
 * its piece (os_image_map_locate). 0, write's non-zero return, or -EFBIG
 * past the file. */
int os_stage_put(const struct os_image_map *m, struct os_stage_chunk *c, const uint8_t *p, size_t n,
		 int (*write)(uint32_t off, const uint8_t *bytes, uint32_t len, void *ctx), void *ctx);

#endif
