/*
 * cramfs_tree.h - the in-memory picture of a host directory tree that the
 * cramfs builder lays out: names sorted, types and modes checked against what
 * an XIP cramfs image may hold (see cramfs_build.h for the refusals).
 */
#ifndef SPHERULE_CRAMFS_TREE_H
#define SPHERULE_CRAMFS_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cramfs_format.h"
#include "spherule/error_detail.h"

struct cramfs_node {
	char *name;   /* path component; "" for the root */
	char *path;   /* host path, to read the data and to name it in errors */
	uint32_t mode; /* file type and permission bits as stored */
	uint32_t size; /* regular file: bytes; symlink: target length;
			* directory: bytes of its listing in the image */
	char *target; /* symlink target (size bytes, NUL-terminated) */
	struct cramfs_node **children; /* sorted by name (bytewise) */
	size_t nchildren;
	/* Placement in the image, filled in by the builder's layout. */
	uint32_t entry_offset; /* its inode (CRAMFS_SB_ROOT for the root) */
	uint32_t meta_offset;  /* directory: first child inode; file/symlink:
				* block pointer table; 0 when empty */
	uint32_t data_offset;  /* first data byte; 0 when empty */
};

/* Bytes a directory entry with a name of namelen bytes takes in the image. */
static inline uint32_t cramfs_entry_len(size_t namelen)
{
	return CRAMFS_INODE_LEN + (uint32_t)((namelen + 3u) & ~(size_t)3u);
}

/* Scans the tree at root (which must be a directory, symlinks not followed).
 * Returns 0 and the tree in *out, or a negative errno with a message. */
int cramfs_tree_scan(const char *root, bool allow_setuid, struct cramfs_node **out,
		     struct error_detail *err);

/* Number of nodes in the tree, root included. */
uint32_t cramfs_tree_count(const struct cramfs_node *n);

void cramfs_tree_free(struct cramfs_node *n);

#endif
