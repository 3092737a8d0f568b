/*
 * os_desc_format.h - the byte layout of an OS image description
 * (docs/os-image.md) as named fields, for its reader (os_desc.c), its writer
 * (os_desc_build.c) and the unit tests. Not installed. Byte-array fields, so
 * the structs have no padding and overlay the bytes at any offset; integers
 * are little-endian (spherule/le.h). The signature block is the image
 * package's (struct pkg_signature_data).
 */
#ifndef SPHERULE_OS_DESC_FORMAT_H
#define SPHERULE_OS_DESC_FORMAT_H

#include <stdint.h>

#include "pkg_format.h"
#include "spherule/os_desc.h"

struct os_desc_header {
	uint8_t magic[4];          /* OS_DESC_MAGIC, no NUL */
	uint8_t format_version[2]; /* OS_DESC_FORMAT_VERSION */
	uint8_t part_count[2];     /* 1..OS_DESC_PARTS_MAX */
	uint8_t size[4];           /* header + parts + signature block */
	uint8_t version[4];
	uint8_t security_version[4];
	uint8_t flags[4];          /* none defined: 0 */
};

/* One per part, after the header; the signature block follows the last. */
struct os_desc_part_data {
	uint8_t id[2];       /* enum os_part_id, strictly ascending */
	uint8_t reserved[2]; /* 0 */
	uint8_t size[4];
	uint8_t sha256[32];
};

_Static_assert(sizeof(struct os_desc_header) == OS_DESC_HEADER_SIZE, "OS description header size");
_Static_assert(sizeof(struct os_desc_part_data) == OS_DESC_PART_SIZE, "OS description part size");

/* Bytes of a description of count parts. */
static inline uint32_t os_desc_size(uint32_t count)
{
	return OS_DESC_HEADER_SIZE + count * OS_DESC_PART_SIZE + PKG_SIGNATURE_SIZE;
}

#endif
