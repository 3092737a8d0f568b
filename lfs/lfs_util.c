/*
 * lfs_util.c - CRC-32 and memory accounting for the littlefs core.
 *
 * SPEC "Metadata pairs" field 2 / "0x5xx LFS_TYPE_CRC": CRC-32 with the
 * polynomial 0x04c11db7 initialised with 0xffffffff. Like the reference
 * format it is computed bit-reflected (the reversed polynomial 0xedb88320,
 * least significant bit first) and without a final XOR; a 16-entry nibble
 * table keeps it small for the device.
 */
#include "lfs_internal.h"

static const uint32_t lfs_crc_nibble[16] = {
	0x00000000, 0x1db71064, 0x3b6e20c8, 0x26d930ac,
	0x76dc4190, 0x6b6b51f4, 0x4db26158, 0x5005713c,
	0xedb88320, 0xf00f9344, 0xd6d6a3e8, 0xcb61b38c,
	0x9b64c2b0, 0x86d3d2d4, 0xa00ae278, 0xbdbdf21c,
};

uint32_t lfs_crc32(uint32_t crc, const void *data, lfs_size_t size)
{
	const uint8_t *p = data;
	for (lfs_size_t i = 0; i < size; i++) {
		crc = (crc >> 4) ^ lfs_crc_nibble[(crc ^ p[i]) & 0xf];
		crc = (crc >> 4) ^ lfs_crc_nibble[(crc ^ (uint32_t)(p[i] >> 4)) & 0xf];
	}
	return crc;
}

void lfs_ram_add(lfs_t *lfs, lfs_size_t bytes)
{
	lfs->counters.ram_bytes += bytes;
	if (lfs->counters.ram_bytes > lfs->counters.ram_peak_bytes)
		lfs->counters.ram_peak_bytes = lfs->counters.ram_bytes;
}

void lfs_ram_sub(lfs_t *lfs, lfs_size_t bytes)
{
	lfs->counters.ram_bytes -= bytes;
}

void *lfs_mem_alloc(lfs_t *lfs, lfs_size_t size)
{
	if (!lfs->cfg->alloc)
		return NULL;
	return lfs->cfg->alloc(lfs->cfg->alloc_context, size);
}

void lfs_mem_free(lfs_t *lfs, void *ptr, lfs_size_t size)
{
	if (ptr && lfs->cfg->free)
		lfs->cfg->free(lfs->cfg->alloc_context, ptr, size);
}
