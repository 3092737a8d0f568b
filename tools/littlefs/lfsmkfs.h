/* lfsmkfs: makes a littlefs filesystem on an lfsdev and fills it from a
 * directory tree on the host, as mkfs.littlefs does for an image file and
 * `spherule flash build --storage-root` for the data partition. */
#ifndef SPHERULE_TOOLS_LITTLEFS_LFSMKFS_H
#define SPHERULE_TOOLS_LITTLEFS_LFSMKFS_H

#include "lfsdev.h"

/* Formats dev (configured on an erased flash), mounts it, copies the
 * regular files and directories under root (NULL: none) and unmounts. Any
 * other file type is refused. On failure prints one line
 * "NAME: reason" (toolmsg; the reasons about the filesystem start with
 * image, e.g. "IMAGE: writing /f: No space left on device") and returns a
 * negative errno; the flash then holds no usable filesystem. */
int lfsmkfs_build(struct lfsdev *dev, const char *image, const char *root);

#endif
