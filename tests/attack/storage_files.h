/* storage_files.h — the files of an app's storage directory, for the
 * attack suite's storage apps (store-victim, store-hostile): the directory
 * appmgr gave it, files written whole and read back, its entries, and the
 * quota statfs reports. Each returns 0 or -errno. */
#ifndef ATTACK_STORAGE_FILES_H
#define ATTACK_STORAGE_FILES_H

#include <stddef.h>
#include <sys/types.h>

/* 0 when $SPHERULE_STORAGE_DIR is /mnt/data/apps/<id>, -ENOENT when it is
 * unset, -EINVAL when it names another directory. */
int storage_dir_check(const char *id);

/* "dir/name" into path; -ENAMETOOLONG when it does not fit. */
int storage_path(const char *dir, const char *name, char *path, size_t cap);

/* Creates or truncates path, gives it mode (whatever the umask), writes
 * the len bytes of data and syncs it. */
int storage_write(const char *path, const void *data, size_t len, mode_t mode);

/* 0 when path holds exactly the len bytes of data, -EBADMSG when it holds
 * anything else. */
int storage_holds(const char *path, const void *data, size_t len);

/* Calls fn for each entry of dir but "." and "..", until one returns
 * non-zero, which it returns. */
int storage_each(const char *dir, int (*fn)(const char *dir, const char *name, void *ctx),
		 void *ctx);

/* 0 when path is of kind (S_IFREG, S_IFDIR), has mode (the permission
 * bits) and belongs to the caller's uid; -EPROTO when it does not. */
int storage_owned(const char *path, mode_t kind, mode_t mode);

/* statfs of path, in bytes: the quota and what is left of it. */
int storage_quota(const char *path, unsigned long long *total, unsigned long long *left);

/* 0 when statfs of path reports a quota of bytes and no more left than
 * that, -EPROTO when it reports other figures. */
int storage_has_quota(const char *path, unsigned long long bytes);

#endif
