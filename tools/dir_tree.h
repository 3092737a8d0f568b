/*
 * dir_tree.h - host directory trees for the CLI: making a path with its
 * parents (the state directory, out/keys) and removing a temporary tree.
 */
#ifndef SPHERULE_DIR_TREE_H
#define SPHERULE_DIR_TREE_H

#include <sys/types.h>

/* mkdir -p: creates path and its missing parents. 0 or -1 with errno set. */
int mkdir_p(const char *path, mode_t mode);

/* Removes a temporary tree made by the CLI (best effort). */
void tree_remove(const char *path);

#endif
