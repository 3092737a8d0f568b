/*
 * tree_copy.c - recursive host directory copy and removal (see tree_copy.h).
 */
#include "tree_copy.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int fail(struct error_detail *err, const char *path, int e)
{
	return error_detail_set(err, -e, "%s: %s", path, strerror(e));
}

static int copy_file(const char *src, const char *dst, mode_t mode, struct error_detail *err)
{
	char buf[65536];
	int in = open(src, O_RDONLY | O_CLOEXEC);
	int ret = 0;

	if (in < 0)
		return fail(err, src, errno);
	int out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode & 07777);

	if (out < 0) {
		ret = fail(err, dst, errno);
		close(in);
		return ret;
	}
	for (;;) {
		ssize_t n = read(in, buf, sizeof(buf));

		if (n == 0)
			break;
		if (n < 0 || write(out, buf, (size_t)n) != n) {
			ret = fail(err, n < 0 ? src : dst, errno ? errno : EIO);
			break;
		}
	}
	if (!ret && fchmod(out, mode & 07777) < 0)
		ret = fail(err, dst, errno);
	close(in);
	if (close(out) < 0 && !ret)
		ret = fail(err, dst, errno);
	return ret;
}

int tree_copy(const char *src, const char *dst, struct error_detail *err)
{
	DIR *d = opendir(src);
	struct dirent *e;
	int ret = 0;

	if (!d)
		return fail(err, src, errno);
	while (!ret && (e = readdir(d))) {
		char from[PATH_MAX], to[PATH_MAX];
		struct stat st;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (snprintf(from, sizeof(from), "%s/%s", src, e->d_name) >= (int)sizeof(from) ||
		    snprintf(to, sizeof(to), "%s/%s", dst, e->d_name) >= (int)sizeof(to)) {
			ret = fail(err, from, ENAMETOOLONG);
			break;
		}
		if (lstat(from, &st) < 0) {
			ret = fail(err, from, errno);
		} else if (S_ISDIR(st.st_mode)) {
			if (mkdir(to, st.st_mode & 07777) < 0)
				ret = fail(err, to, errno);
			else
				ret = tree_copy(from, to, err);
		} else if (S_ISLNK(st.st_mode)) {
			char target[PATH_MAX];
			ssize_t n = readlink(from, target, sizeof(target) - 1);

			if (n < 0)
				ret = fail(err, from, errno);
			else if (target[n] = 0, symlink(target, to) < 0)
				ret = fail(err, to, errno);
		} else if (S_ISREG(st.st_mode)) {
			ret = copy_file(from, to, st.st_mode, err);
		} else {
			ret = error_detail_set(err, -EINVAL, "%s: not a file, directory or symlink",
					       from);
		}
	}
	closedir(d);
	return ret;
}

int mkdir_p(const char *path, mode_t mode)
{
	char buf[PATH_MAX];

	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(buf, mode) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(buf, mode) < 0 && errno != EEXIST ? -1 : 0;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

void tree_remove(const char *path)
{
	nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}
