/* storage_image.c — files of the app's image package (applibs/storage.h).
 * The image is the read-only filesystem the app was started from; its root
 * is the mount holding the running program: appmgr mounts each image at
 * /mnt/apps/<ComponentId> and starts /mnt/apps/<ComponentId><EntryPoint>,
 * so the root is found from /proc/self/exe by walking up while the parent
 * directory is on the same device. That holds whatever directory the app
 * changed to, and needs nothing the Spherule LSM refuses (its own /proc
 * entries, stat of directories). Found once: it does not move while the
 * app runs. */
#include <applibs/storage.h>

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "applibs_errno.h"
#include "storage_image.h"

static pthread_once_t root_once = PTHREAD_ONCE_INIT;
static char *image_root;
static int image_root_error;   /* the errno of finding it, or 0 */

/* Cuts the last component off the absolute path (never "/" itself). */
static void cut_last(char *path)
{
	char *slash = strrchr(path, '/');

	if (slash == path)
		slash[1] = '\0';
	else
		*slash = '\0';
}

int image_root_of(const char *program, char root[IMAGE_PATH_MAX])
{
	struct stat here, parent_st;
	char parent[IMAGE_PATH_MAX];
	size_t len = strlen(program);

	if (program[0] != '/' || strcmp(program, "/") == 0)
		return EINVAL;
	if (len >= IMAGE_PATH_MAX)
		return ENAMETOOLONG;
	memcpy(root, program, len + 1);
	cut_last(root);
	if (stat(root, &here) != 0)
		return errno;
	while (strcmp(root, "/") != 0) {
		memcpy(parent, root, strlen(root) + 1);
		cut_last(parent);
		if (stat(parent, &parent_st) != 0)
			return errno;
		if (parent_st.st_dev != here.st_dev)
			break;
		memcpy(root, parent, strlen(parent) + 1);
	}
	return 0;
}

static void find_image_root_once(void)
{
	char program[IMAGE_PATH_MAX], root[IMAGE_PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", program, sizeof(program) - 1);

	if (n < 0 || n == (ssize_t)sizeof(program) - 1) {
		image_root_error = n < 0 ? errno : ENAMETOOLONG;
		return;
	}
	program[n] = '\0';
	image_root_error = image_root_of(program, root);
	if (!image_root_error) {
		image_root = strdup(root);
		image_root_error = image_root ? 0 : ENOMEM;
	}
}

/* The rule of Azure Sphere's documentation: 0, or EFAULT, EINVAL. */
static int check_relative_path(const char *relative_path)
{
	if (!relative_path)
		return EFAULT;
	if (relative_path[0] == '/' || relative_path[0] == '.' || strstr(relative_path, ".."))
		return EINVAL;
	return 0;
}

char *Storage_GetAbsolutePathInImagePackage(const char *relativePath)
{
	int err = check_relative_path(relativePath);
	const char *separator;
	char *path;

	if (!err) {
		pthread_once(&root_once, find_image_root_once);
		err = image_root_error;
	}
	if (err) {
		errno = err;
		return NULL;
	}
	separator = strcmp(image_root, "/") == 0 ? "" : "/";
	if (asprintf(&path, "%s%s%s", image_root, separator, relativePath) < 0) {
		errno = ENOMEM;
		return NULL;
	}
	return path;
}

int Storage_OpenFileInImagePackage(const char *relativePath)
{
	char *path = Storage_GetAbsolutePathInImagePackage(relativePath);
	int fd, err;

	if (!path)
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	err = errno;
	free(path);
	errno = err;
	return fd;
}
