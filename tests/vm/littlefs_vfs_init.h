/* littlefs_vfs_init.h — what the parts of the littlefs filesystem test's
 * PID 1 (littlefs_vfs_init.c, littlefs_vfs_quota.c) share: the mount point,
 * its TAP checks and file helpers. */
#ifndef TESTS_VM_LITTLEFS_VFS_INIT_H
#define TESTS_VM_LITTLEFS_VFS_INIT_H

#include <stdbool.h>
#include <stddef.h>

#define MNT "/mnt/data"

/* One TAP line "lfsvfs: ok N - name" (or not ok). */
void check(bool ok, const char *name);
/* A call that must fail with `want` (ret < 0, errno == want). */
void check_errno(int ret, int want, const char *name);
/* Creates or opens path (O_WRONLY | O_CREAT | flags) and writes data: 0 or -1. */
int put(const char *path, const char *data, int flags);
/* Whether the file holds exactly `want` (len bytes). */
bool holds(const char *path, const void *want, size_t len);
/* mount -t littlefs mtd:data MNT with options. */
int mount_data(const char *options);

/* littlefs_vfs_quota.c: directory quotas (trusted.littlefs.quota). */
void quotas(void);

#endif
