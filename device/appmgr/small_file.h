/* small_file.h — reads a small file (a config, /proc/mtd, a key) whole into a
 * caller's fixed buffer, and replaces one of appmgr's small state files on
 * the data partition whole; nothing is allocated. */
#ifndef APPMGR_SMALL_FILE_H
#define APPMGR_SMALL_FILE_H

#include <stddef.h>

/* Reads all of path into buf: 0 with *len set, -EFBIG when the file holds
 * cap bytes or more, or -errno from open/read. */
int small_file_read(const char *path, void *buf, size_t cap, size_t *len);

/* Replaces path with the len bytes of buf: written beside it (path.new),
 * synced, renamed over it, so that a power loss leaves the old file or the
 * new one. 0, or -errno (path is then unchanged). */
int small_file_replace(const char *path, const void *buf, size_t len);

#endif
