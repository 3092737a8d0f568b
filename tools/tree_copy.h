/*
 * tree_copy.h - copies a directory tree (regular files, directories,
 * symlinks) on the host, keeping modes; used to stage the OS root
 * filesystem before adding build-time files to it.
 */
#ifndef SPHERULE_TREE_COPY_H
#define SPHERULE_TREE_COPY_H

#include <sys/types.h>

#include "spherule/error_detail.h"

/* Copies src into the existing directory dst. 0, or a negative errno with
 * the path and the reason in err. */
int tree_copy(const char *src, const char *dst, struct error_detail *err);

/* mkdir -p: creates path and its missing parents. 0 or -1 with errno set. */
int mkdir_p(const char *path, mode_t mode);

/* Removes a tree staged by tree_copy (best effort). */
void tree_remove(const char *path);

#endif
