/*
 * cramfs_build.h - builds a cramfs image whose file data can be executed in
 * place (XIP) from memory-mapped NOR flash.
 *
 * The image uses the Linux cramfs on-disk format (little-endian, 4096-byte
 * blocks) with the superblock flags FSID_VERSION_2, SORTED_DIRS and
 * EXT_BLOCK_POINTERS. Every regular file's data is stored uncompressed,
 * starts on a 4096-byte boundary of the image, is contiguous and is followed
 * by zero bytes up to the next 4096-byte boundary; each of its block pointers
 * is CRAMFS_BLK_FLAG_UNCOMPRESSED | CRAMFS_BLK_FLAG_DIRECT_PTR. With an image
 * placed at a page-aligned flash address and mounted from MTD, Linux's
 * cramfs_physmem_mmap() then maps every page of every file straight from
 * flash. Symlink targets are stored the same way (uncompressed, direct).
 * All inodes are owned by uid 0 / gid 0; device nodes, fifos and sockets are
 * refused; setuid/setgid files are refused unless allowed. The output is a
 * function of the tree's names, types, modes and contents only.
 * See docs/cramfs-xip.md.
 */
#ifndef SPHERULE_CRAMFS_BUILD_H
#define SPHERULE_CRAMFS_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spherule/error_detail.h"

#define CRAMFS_XIP_BLOCK_SIZE 4096u
/* The image size is always a multiple of this; a footer may follow at it. */
#define CRAMFS_XIP_IMAGE_ALIGN CRAMFS_XIP_BLOCK_SIZE
/* Longest file name (one path component) the format can store. */
#define CRAMFS_XIP_MAX_NAME_LEN 252u
/* Largest regular file or directory listing: the 24-bit inode size field. */
#define CRAMFS_XIP_MAX_FILE_SIZE ((1u << 24) - 1u)
/* Length of the superblock's volume name field. */
#define CRAMFS_XIP_VOLUME_NAME_LEN 16u

struct cramfs_build_opts {
	/* Refuse to build an image larger than this many bytes; 0 = no limit
	 * but the format's own. */
	uint64_t max_size;
	/* Store setuid/setgid bits instead of refusing such files (only for
	 * tests proving that the mount's nosuid neutralises them). */
	bool allow_setuid;
	/* Superblock volume name, at most 16 bytes; NULL = "Spherule". */
	const char *volume_name;
	/* Superblock fsid.edition. */
	uint32_t edition;
	/* Lay the files' data out so that no page of it can be mapped from
	 * flash: each file 4-byte aligned, never on a 4096-byte boundary
	 * (block pointers still direct and uncompressed). The kernel then
	 * reads every page it maps into the page cache, where a debugger can
	 * read the program text and write breakpoints into a private copy
	 * (a debug build, docs/cramfs-xip.md). */
	bool not_xip;
};

struct cramfs_build_result {
	uint32_t image_size; /* bytes of image = superblock size, multiple of 4096 */
	uint32_t files;      /* inodes, root included (superblock fsid.files) */
	uint32_t blocks;     /* 4096-byte data blocks of files and symlinks (fsid.blocks) */
	uint32_t crc;        /* superblock fsid.crc */
	uint32_t data_start; /* where the files' data starts (page aligned unless
			      * not_xip; = image_size when no file has data
			      * and not not_xip) */
};

/*
 * Builds the image of the directory tree at root (root itself becomes the
 * image's root directory, its own mode preserved) into a malloc()ed buffer
 * returned in *image / *image_len (caller frees). res may be NULL. On error
 * returns a negative errno, leaves *image NULL and puts a message naming the
 * offending file into err (may be NULL):
 *   -ENAMETOOLONG  a name longer than CRAMFS_XIP_MAX_NAME_LEN bytes
 *   -EFBIG         a file or directory listing larger than CRAMFS_XIP_MAX_FILE_SIZE,
 *                  or the image larger than opts->max_size or the format allows
 *   -EPERM         a setuid/setgid file without opts->allow_setuid
 *   -EINVAL        a device node, fifo or socket, or a bad option
 *   -EIO, ...      errors reading the tree (errno of the failing call)
 */
int cramfs_build_dir_mem(const char *root, const struct cramfs_build_opts *opts, uint8_t **image,
			 size_t *image_len, struct cramfs_build_result *res,
			 struct error_detail *err);

/*
 * Same as cramfs_build_dir_mem(), then writes the image to out_fd at its
 * current position (nothing is written if the build fails). Returns 0 or a
 * negative errno (write errors included).
 */
int cramfs_build_dir(const char *root, const struct cramfs_build_opts *opts, int out_fd,
		     struct cramfs_build_result *res, struct error_detail *err);

#endif
