/*
 * cramfs_crc32.h - the CRC-32 (IEEE 802.3, reflected polynomial 0xedb88320,
 * as zlib's crc32()) that cramfs stores in its superblock fsid.crc.
 */
#ifndef SPHERULE_CRAMFS_CRC32_H
#define SPHERULE_CRAMFS_CRC32_H

#include <stddef.h>
#include <stdint.h>

/* CRC-32 of len bytes at data, continuing from crc (start with 0). */
uint32_t cramfs_crc32(uint32_t crc, const uint8_t *data, size_t len);

/* CRC of an image of size bytes as fsid.crc stores it: computed with the
 * fsid.crc field taken as zero. */
uint32_t cramfs_image_crc(const uint8_t *image, uint32_t size);

#endif
