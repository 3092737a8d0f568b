/* storage_mutable.c — the app's mutable file (applibs/storage.h): one file
 * of its storage directory, which appmgr names in the environment
 * (SPHERULE_STORAGE_DIR) only for apps whose manifest has MutableStorage.
 * The directory's littlefs quota bounds what it holds: writing past it
 * fails with EDQUOT, Azure Sphere's errno for that case too. */
#include <applibs/storage.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "applibs_errno.h"

#define STORAGE_DIR_ENV "SPHERULE_STORAGE_DIR"
#define MUTABLE_FILE_NAME "mutable_storage"
#define MUTABLE_PATH_MAX 256

/* The mutable file's path into path: 0, or -EACCES when the app has no
 * storage, -ENAMETOOLONG. */
static int mutable_file_path(char path[MUTABLE_PATH_MAX])
{
	const char *dir = getenv(STORAGE_DIR_ENV);
	int n;

	if (!dir || dir[0] != '/')
		return -EACCES;
	n = snprintf(path, MUTABLE_PATH_MAX, "%s/%s", dir, MUTABLE_FILE_NAME);
	return n < MUTABLE_PATH_MAX ? 0 : -ENAMETOOLONG;
}

int Storage_OpenMutableFile(void)
{
	char path[MUTABLE_PATH_MAX];
	int err = mutable_file_path(path);

	if (err)
		return applibs_fail(-err);
	return open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
}

int Storage_DeleteMutableFile(void)
{
	char path[MUTABLE_PATH_MAX];
	int err = mutable_file_path(path);

	if (err)
		return applibs_fail(-err);
	return unlink(path);
}
