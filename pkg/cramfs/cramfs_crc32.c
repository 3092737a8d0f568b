/*
 * cramfs_crc32.c - CRC-32 for the cramfs superblock (bitwise over a
 * 256-entry table computed on first use).
 */
#include "cramfs_crc32.h"

#include "cramfs_format.h"

static uint32_t crc_table[256];
static int crc_table_ready;

static void crc_table_init(void)
{
	for (uint32_t n = 0; n < 256; n++) {
		uint32_t c = n;
		for (int k = 0; k < 8; k++)
			c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
		crc_table[n] = c;
	}
	crc_table_ready = 1;
}

uint32_t cramfs_crc32(uint32_t crc, const uint8_t *data, size_t len)
{
	if (!crc_table_ready)
		crc_table_init();
	crc = ~crc;
	for (size_t i = 0; i < len; i++)
		crc = crc_table[(crc ^ data[i]) & 0xffu] ^ (crc >> 8);
	return ~crc;
}

uint32_t cramfs_image_crc(const uint8_t *image, uint32_t size)
{
	static const uint8_t zero[4];
	uint32_t crc = cramfs_crc32(0, image, CRAMFS_SB_FSID_CRC);

	crc = cramfs_crc32(crc, zero, sizeof(zero));
	return cramfs_crc32(crc, image + CRAMFS_SB_FSID_CRC + 4,
			    size - CRAMFS_SB_FSID_CRC - 4);
}
