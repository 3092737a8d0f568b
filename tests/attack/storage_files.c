/* storage_files.c — the files of an app's storage directory (see
 * storage_files.h). */
#include "storage_files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "store_names.h"

int storage_dir_check(const char *id)
{
	const char *env = getenv("SPHERULE_STORAGE_DIR");
	char expected[96];

	if (!env)
		return -ENOENT;
	snprintf(expected, sizeof(expected), "%s/%s", STORE_APPS_DIR, id);
	return strcmp(env, expected) == 0 ? 0 : -EINVAL;
}

int storage_path(const char *dir, const char *name, char *path, size_t cap)
{
	return snprintf(path, cap, "%s/%s", dir, name) < (int)cap ? 0 : -ENAMETOOLONG;
}

int storage_write(const char *path, const void *data, size_t len, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	int err = 0;
	ssize_t n;

	if (fd < 0)
		return -errno;
	if (fchmod(fd, mode) != 0)
		err = -errno;
	else if ((n = write(fd, data, len)) < 0)
		err = -errno;
	else if ((size_t)n != len)
		err = -EIO;
	else if (fsync(fd) != 0)
		err = -errno;
	close(fd);
	return err;
}

int storage_holds(const char *path, const void *data, size_t len)
{
	const char *expected = data;
	char buf[256];
	size_t at = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC), err = 0;
	ssize_t n;

	if (fd < 0)
		return -errno;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		if ((size_t)n > len - at || memcmp(buf, expected + at, (size_t)n) != 0) {
			err = -EBADMSG;
			break;
		}
		at += (size_t)n;
	}
	if (n < 0)
		err = -errno;
	else if (err == 0 && at != len)
		err = -EBADMSG;
	close(fd);
	return err;
}

int storage_each(const char *dir, int (*fn)(const char *dir, const char *name, void *ctx),
		 void *ctx)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int err = 0;

	if (!d)
		return -errno;
	while (err == 0) {
		errno = 0;
		e = readdir(d);
		if (!e) {
			err = -errno;
			break;
		}
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			err = fn(dir, e->d_name, ctx);
	}
	closedir(d);
	return err;
}

int storage_owned(const char *path, mode_t kind, mode_t mode)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return -errno;
	return (st.st_mode & S_IFMT) == kind && (st.st_mode & 07777) == mode && st.st_uid == getuid()
		       ? 0 : -EPROTO;
}

int storage_quota(const char *path, unsigned long long *total, unsigned long long *left)
{
	struct statfs st;

	if (statfs(path, &st) != 0)
		return -errno;
	*total = (unsigned long long)st.f_blocks * (unsigned long long)st.f_bsize;
	*left = (unsigned long long)st.f_bavail * (unsigned long long)st.f_bsize;
	return 0;
}

int storage_has_quota(const char *path, unsigned long long bytes)
{
	unsigned long long total, left;
	int err = storage_quota(path, &total, &left);

	return err ? err : total == bytes && left <= total ? 0 : -EPROTO;
}
