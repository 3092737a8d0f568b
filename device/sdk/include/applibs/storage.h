/* applibs/storage.h — the app's files (Azure Sphere applibs, same
 * declarations and errno): read-only files of its image package, and one
 * mutable file kept across reboots and updates in the storage its
 * manifest asks for ("MutableStorage": {"SizeKB": N}). */
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

/* The absolute path of relativePath inside the running app's image
 * package, in memory the caller frees with free(). The file need not
 * exist. NULL with errno: EINVAL (relativePath begins with '/' or '.' or
 * contains ".."), EFAULT (relativePath NULL), ENOMEM. */
char *Storage_GetAbsolutePathInImagePackage(const char *relativePath);

/* Opens relativePath of the image package for reading: a descriptor, or
 * -1 with errno: the errors of Storage_GetAbsolutePathInImagePackage, or
 * those of open(2) (ENOENT, ...). */
int Storage_OpenFileInImagePackage(const char *relativePath);

/* Opens the app's mutable file for reading and writing, made empty the
 * first time: a descriptor, or -1 with errno: EACCES (no MutableStorage
 * in the manifest), EIO, or what open(2) says. Writing past the quota
 * (SizeKB) fails with EDQUOT. */
int Storage_OpenMutableFile(void);

/* Deletes the mutable file; every descriptor of it must be closed first.
 * 0, or -1 with errno: EACCES (no MutableStorage), ENOENT (no file), EIO. */
int Storage_DeleteMutableFile(void);

#ifdef __cplusplus
}
#endif
