/*
 * cramfs_format.h - the Linux cramfs on-disk format as the builder and the
 * reader of pkg/cramfs use it: constants of include/uapi/linux/cramfs_fs.h
 * (written here from the format, the kernel header is not included) and
 * the encoding of an inode (fields are little-endian: spherule/le.h).
 *
 * An inode is three little-endian 32-bit words whose bit fields are laid out
 * from the least significant bit:
 *   word 0: mode (16 bits) | uid (16 bits)
 *   word 1: size (24 bits) | gid (8 bits)
 *   word 2: namelen (6 bits, name length / 4 rounded up) | offset (26 bits, byte offset / 4)
 * It is followed by the name, zero-padded to a multiple of 4 bytes.
 */
#ifndef SPHERULE_CRAMFS_FORMAT_H
#define SPHERULE_CRAMFS_FORMAT_H

#include <stdint.h>

#include "spherule/le.h"

#define CRAMFS_MAGIC 0x28cd3d45u
#define CRAMFS_SIGNATURE "Compressed ROMFS" /* 16 bytes, not NUL-terminated on disk */

/* Superblock layout (byte offsets). */
#define CRAMFS_SB_MAGIC 0u
#define CRAMFS_SB_SIZE 4u
#define CRAMFS_SB_FLAGS 8u
#define CRAMFS_SB_FUTURE 12u
#define CRAMFS_SB_SIGNATURE 16u
#define CRAMFS_SB_FSID_CRC 32u
#define CRAMFS_SB_FSID_EDITION 36u
#define CRAMFS_SB_FSID_BLOCKS 40u
#define CRAMFS_SB_FSID_FILES 44u
#define CRAMFS_SB_NAME 48u
#define CRAMFS_SB_ROOT 64u
#define CRAMFS_SB_LEN 76u /* the root directory's entries must start here */

#define CRAMFS_INODE_LEN 12u
/* Longest name (63 words of 4 bytes). */
#define CRAMFS_MAXPATHLEN 252u
/* Linux reads each directory entry as inode + CRAMFS_MAXPATHLEN bytes
 * (cramfs_readdir, cramfs_lookup); from MTD it gets a zero page instead if
 * that range passes the image size, so an entry must start at least this
 * far before the end of the image. */
#define CRAMFS_ENTRY_READ_LEN (CRAMFS_INODE_LEN + CRAMFS_MAXPATHLEN)

#define CRAMFS_FLAG_FSID_VERSION_2 0x00000001u
#define CRAMFS_FLAG_SORTED_DIRS 0x00000002u
#define CRAMFS_FLAG_HOLES 0x00000100u
#define CRAMFS_FLAG_WRONG_SIGNATURE 0x00000200u
#define CRAMFS_FLAG_SHIFTED_ROOT_OFFSET 0x00000400u
#define CRAMFS_FLAG_EXT_BLOCK_POINTERS 0x00000800u
/* Flags a Linux 6.1 kernel accepts; any other bit makes it refuse the mount. */
#define CRAMFS_SUPPORTED_FLAGS                                                 \
	(0x000000ffu | CRAMFS_FLAG_HOLES | CRAMFS_FLAG_WRONG_SIGNATURE |       \
	 CRAMFS_FLAG_SHIFTED_ROOT_OFFSET | CRAMFS_FLAG_EXT_BLOCK_POINTERS)
/* The flags every XIP image of this project carries. */
#define CRAMFS_XIP_FLAGS                                                       \
	(CRAMFS_FLAG_FSID_VERSION_2 | CRAMFS_FLAG_SORTED_DIRS |                \
	 CRAMFS_FLAG_EXT_BLOCK_POINTERS)

#define CRAMFS_BLK_FLAG_UNCOMPRESSED 0x80000000u
#define CRAMFS_BLK_FLAG_DIRECT_PTR 0x40000000u
#define CRAMFS_BLK_FLAGS (CRAMFS_BLK_FLAG_UNCOMPRESSED | CRAMFS_BLK_FLAG_DIRECT_PTR)
#define CRAMFS_BLK_DIRECT_PTR_SHIFT 2u

#define CRAMFS_MAX_UID ((1u << 16) - 1u)
#define CRAMFS_MAX_GID ((1u << 8) - 1u)
#define CRAMFS_MAX_SIZE ((1u << 24) - 1u)
#define CRAMFS_MAX_NAMELEN_WORDS ((1u << 6) - 1u)
#define CRAMFS_MAX_OFFSET_WORDS ((1u << 26) - 1u)

struct cramfs_inode_fields {
	uint32_t mode;
	uint32_t uid;
	uint32_t size;
	uint32_t gid;
	uint32_t namelen_words; /* name length in 4-byte units */
	uint32_t offset;        /* byte offset, a multiple of 4 */
};

/* Encodes f at p (12 bytes); the caller has checked every field's range. */
static inline void cramfs_put_inode(uint8_t *p, const struct cramfs_inode_fields *f)
{
	put_le32(p, (f->mode & 0xffffu) | (f->uid & 0xffffu) << 16);
	put_le32(p + 4, (f->size & 0xffffffu) | (f->gid & 0xffu) << 24);
	put_le32(p + 8, (f->namelen_words & 0x3fu) |
				       ((f->offset >> 2) & 0x3ffffffu) << 6);
}

static inline void cramfs_get_inode(const uint8_t *p, struct cramfs_inode_fields *f)
{
	uint32_t w0 = get_le32(p), w1 = get_le32(p + 4),
		 w2 = get_le32(p + 8);

	f->mode = w0 & 0xffffu;
	f->uid = w0 >> 16;
	f->size = w1 & 0xffffffu;
	f->gid = w1 >> 24;
	f->namelen_words = w2 & 0x3fu;
	f->offset = (w2 >> 6) << 2;
}

/* Number of 4096-byte blocks (block pointers) of a file of size bytes. */
static inline uint32_t cramfs_block_count(uint32_t size)
{
	return (uint32_t)((size + UINT64_C(4095)) / 4096u);
}

/* The block pointer of an uncompressed block stored at byte offset off. */
static inline uint32_t cramfs_direct_block_ptr(uint32_t off)
{
	return CRAMFS_BLK_FLAG_UNCOMPRESSED | CRAMFS_BLK_FLAG_DIRECT_PTR |
	       off >> CRAMFS_BLK_DIRECT_PTR_SHIFT;
}

#endif
