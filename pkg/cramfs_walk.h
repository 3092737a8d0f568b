/*
 * cramfs_walk.h - walks the regular files of a cramfs image read through a
 * pkg_read_fn (an image package's payload in a flash slot or in memory) and
 * reads their data as the Linux cramfs driver serves it, in bounded memory:
 * no buffer proportional to a size in the image, no recursion; the walk's
 * state is a struct cramfs_walk of about 400 bytes.
 *
 * It reads what the kernel reads: every entry of every directory listing
 * reachable from the root, whatever its name; a file's bytes through its
 * block pointers. Only direct, uncompressed block pointers (the XIP layout of
 * docs/cramfs-xip.md) can be read. Directories nested deeper than
 * CRAMFS_WALK_DEPTH_MAX and more entries than the image can hold (a loop)
 * are refused, so the walk always ends. Not installed: used by
 * pkg_check_elf_files().
 */
#ifndef SPHERULE_CRAMFS_WALK_H
#define SPHERULE_CRAMFS_WALK_H

#include <stddef.h>
#include <stdint.h>

#include "spherule/elf_check.h"
#include "spherule/pkg.h"

#define CRAMFS_WALK_DEPTH_MAX 32u

/* One open directory listing. */
struct cramfs_walk_dir {
	uint32_t next;  /* offset of the next entry to visit */
	uint32_t end;   /* end of the listing */
	uint32_t entry; /* offset of the directory's own entry (root: its superblock field) */
};

struct cramfs_walk {
	pkg_read_fn read;
	void *ctx;
	uint32_t size;  /* the filesystem's size from its superblock */
	uint32_t depth; /* directories open, the root included */
	struct cramfs_walk_dir dir[CRAMFS_WALK_DEPTH_MAX];
};

struct cramfs_walk_file {
	const struct cramfs_walk *walk;
	uint32_t entry;  /* offset of its directory entry */
	uint32_t size;   /* bytes */
	uint32_t blocks; /* offset of its block pointer table */
};

/* Called for each regular file; a non-zero return stops the walk. */
typedef int (*cramfs_walk_fn)(const struct cramfs_walk_file *f, void *ctx);

/*
 * Walks the cramfs image at the start of src (len bytes of it may be read),
 * depth first, calling fn for every regular file. Returns 0, fn's non-zero
 * value, or a negative errno with err set: -EINVAL for an image it cannot
 * walk, or the read callback's error.
 */
int cramfs_walk_files(struct cramfs_walk *w, const struct pkg_source *src, uint32_t len,
		      cramfs_walk_fn fn, void *ctx, struct error_detail *err);

/* An elf_read_fn over the data of the file ctx (a struct cramfs_walk_file):
 * 0, -ENODATA past its end, -ENOTSUP for a block that is not direct and
 * uncompressed, -EINVAL for one outside the image, or the callback's error. */
int cramfs_walk_file_read(void *ctx, uint64_t off, void *buf, uint32_t len);

/* Writes the path of f relative to the image root ("bin/hello") into buf,
 * cut to len bytes; bytes of names that are not printable ASCII show as '?'. */
void cramfs_walk_file_path(const struct cramfs_walk_file *f, char *buf, size_t len);

#endif
