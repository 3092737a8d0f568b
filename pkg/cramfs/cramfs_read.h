/*
 * cramfs_read.h - reads and checks a cramfs image built by cramfs_build:
 * superblock (magic, flags, size, crc), directory structure (sorted,
 * in bounds, owner 0:0, no device nodes) and, for every regular file and
 * symlink, the XIP conditions Linux 6.1's cramfs_physmem_mmap() needs to map
 * all its pages from flash (see docs/cramfs-xip.md). Used by the tests and by
 * `mkcramfs-xip --list`. The image is a caller-owned buffer; it may be longer
 * than the filesystem (e.g. an image package footer follows).
 */
#ifndef SPHERULE_CRAMFS_READ_H
#define SPHERULE_CRAMFS_READ_H

#include <stddef.h>
#include <stdint.h>

#include "cramfs_build.h"
#include "cramfs_format.h"

#define CRAMFS_READ_PATH_MAX 4096u

struct cramfs_image {
	const uint8_t *data;
	uint32_t size; /* superblock size: bytes of the filesystem */
	uint32_t flags, crc, edition, blocks, files;
	char volume_name[CRAMFS_XIP_VOLUME_NAME_LEN + 1];
	struct cramfs_inode_fields root;
};

struct cramfs_entry {
	char path[CRAMFS_READ_PATH_MAX]; /* "/" for the root, else "/a/b" */
	struct cramfs_inode_fields inode; /* as stored */
	uint32_t entry_offset; /* where the inode is stored */
	uint32_t data_offset;  /* first data byte of a file or symlink; 0 if none */
};

/* Checks the superblock of the image in data[0..len) and fills img.
 * Returns 0 or a negative errno (-EINVAL, -EBADMSG for a crc mismatch) with
 * the reason in err. */
int cramfs_image_open(struct cramfs_image *img, const void *data, size_t len,
		      struct error_detail *err);

/* Called for every inode, root first, then depth-first in name order. A
 * non-zero return stops the walk and is returned by cramfs_image_walk. */
typedef int (*cramfs_visit_fn)(const struct cramfs_image *img,
			       const struct cramfs_entry *e, void *ctx);

/* Walks the whole tree checking every entry (and counting that the image
 * holds fsid.files inodes); fn may be NULL to check only. Returns 0, fn's
 * non-zero value, or a negative errno with the reason and path in err. */
int cramfs_image_walk(const struct cramfs_image *img, cramfs_visit_fn fn, void *ctx,
		      struct error_detail *err);

/* Finds the entry at path ("/" or "/a/b"); -ENOENT if absent. */
int cramfs_image_lookup(const struct cramfs_image *img, const char *path, struct cramfs_entry *e,
			struct error_detail *err);

/* Copies the data of a regular file or symlink into buf (buflen >= size),
 * following each block pointer (only direct, uncompressed blocks exist in
 * these images). Returns the number of bytes (the size) or a negative errno. */
long cramfs_image_read(const struct cramfs_image *img, const struct cramfs_entry *e, uint8_t *buf,
		       size_t buflen, struct error_detail *err);

/* Checks that the regular file or symlink e can be mapped from flash in full:
 * every block pointer direct and uncompressed, the data page aligned (files),
 * contiguous, inside the image, and zero after the end of the file up to the
 * page boundary. Returns 0 or -EINVAL with the reason in err. */
int cramfs_entry_check_xip(const struct cramfs_image *img, const struct cramfs_entry *e,
			   struct error_detail *err);

#endif
