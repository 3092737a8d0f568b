/* lfsmkfs: formats a littlefs on a configured lfsdev and copies a host
 * directory tree into it (see lfsmkfs.h); shared by mkfs.littlefs and
 * `spherule flash build --storage-root`. */
#include "lfsmkfs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "toolmsg.h"

#define LFSMKFS_COPY_CHUNK 65536

struct lfsmkfs_copy {
	struct lfsdev *dev;
	const char *image;
	char host[PATH_MAX];    /* path on the host */
	char lfs[PATH_MAX];     /* the same entry inside littlefs, from "/" */
	char *buffer;           /* LFSMKFS_COPY_CHUNK bytes */
};

static int lfsmkfs_lfs_error(struct lfsmkfs_copy *copy, const char *doing, int err)
{
	toolmsg_error("%s: %s %s: %s", copy->image, doing, copy->lfs, strerror(-err));
	return err;
}

static int lfsmkfs_copy_file(struct lfsmkfs_copy *copy)
{
	int fd = open(copy->host, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int err = -errno;
		toolmsg_errno(copy->host, err);
		return err;
	}
	lfs_file_t file;
	int err = lfs_file_open(&copy->dev->lfs, &file, copy->lfs,
				LFS_O_WRONLY | LFS_O_CREAT | LFS_O_EXCL);
	if (err) {
		close(fd);
		return lfsmkfs_lfs_error(copy, "creating", err);
	}
	for (;;) {
		ssize_t got = read(fd, copy->buffer, LFSMKFS_COPY_CHUNK);
		if (got < 0) {
			err = -errno;
			toolmsg_errno(copy->host, err);
			break;
		}
		if (got == 0)
			break;
		lfs_ssize_t put = lfs_file_write(&copy->dev->lfs, &file, copy->buffer,
						 (lfs_size_t)got);
		if (put < 0) {
			err = lfsmkfs_lfs_error(copy, "writing", (int)put);
			break;
		}
	}
	close(fd);
	int close_err = lfs_file_close(&copy->dev->lfs, &file);
	if (!err && close_err)
		err = lfsmkfs_lfs_error(copy, "writing", close_err);
	return err;
}

/* Appends "/name" to both paths; returns the previous lengths' end. */
static int lfsmkfs_push(struct lfsmkfs_copy *copy, const char *name, size_t *host_len,
		     size_t *lfs_len)
{
	*host_len = strlen(copy->host);
	*lfs_len = strlen(copy->lfs);
	const char *lfs_sep = *lfs_len == 1 ? "" : "/";
	if (*host_len + 1 + strlen(name) >= sizeof(copy->host) ||
	    *lfs_len + 1 + strlen(name) >= sizeof(copy->lfs)) {
		toolmsg_error("%s/%s: path too long", copy->host, name);
		return -ENAMETOOLONG;
	}
	sprintf(copy->host + *host_len, "/%s", name);
	sprintf(copy->lfs + *lfs_len, "%s%s", lfs_sep, name);
	return 0;
}

/* Copies the contents of the host directory copy->host into the littlefs
 * directory copy->lfs (both exist). Recursion depth is the tree's depth,
 * bounded by PATH_MAX. */
static int lfsmkfs_copy_dir(struct lfsmkfs_copy *copy)
{
	DIR *dir = opendir(copy->host);
	if (!dir) {
		int err = -errno;
		toolmsg_errno(copy->host, err);
		return err;
	}
	int err = 0;
	struct dirent *entry;
	while (!err && (errno = 0, entry = readdir(dir))) {
		if (!strcmp(entry->d_name, ".") || !strcmp(entry->d_name, ".."))
			continue;
		size_t host_len, lfs_len;
		err = lfsmkfs_push(copy, entry->d_name, &host_len, &lfs_len);
		if (err)
			break;
		struct stat st;
		if (lstat(copy->host, &st) < 0) {
			err = -errno;
			toolmsg_errno(copy->host, err);
		} else if (S_ISREG(st.st_mode)) {
			err = lfsmkfs_copy_file(copy);
		} else if (S_ISDIR(st.st_mode)) {
			err = lfs_mkdir(&copy->dev->lfs, copy->lfs);
			if (err)
				lfsmkfs_lfs_error(copy, "creating", err);
			else
				err = lfsmkfs_copy_dir(copy);
		} else {
			toolmsg_error("%s: not a regular file or directory", copy->host);
			err = -EINVAL;
		}
		copy->host[host_len] = '\0';
		copy->lfs[lfs_len] = '\0';
	}
	if (!err && errno) {
		err = -errno;
		toolmsg_errno(copy->host, err);
	}
	closedir(dir);
	return err;
}

static int lfsmkfs_populate(struct lfsdev *dev, const char *image, const char *root)
{
	struct lfsmkfs_copy *copy = calloc(1, sizeof(*copy));
	char *buffer = malloc(LFSMKFS_COPY_CHUNK);
	int err = -ENOMEM;
	if (!copy || !buffer) {
		toolmsg_errno(image, err);
		goto out;
	}
	copy->dev = dev;
	copy->image = image;
	copy->buffer = buffer;
	if (strlen(root) >= sizeof(copy->host)) {
		toolmsg_error("%s: path too long", root);
		err = -ENAMETOOLONG;
		goto out;
	}
	strcpy(copy->host, root);
	strcpy(copy->lfs, "/");
	err = lfsmkfs_copy_dir(copy);
out:
	free(buffer);
	free(copy);
	return err;
}

int lfsmkfs_build(struct lfsdev *dev, const char *image, const char *root)
{
	int err = lfsdev_format(dev);
	if (err) {
		toolmsg_error("%s: format failed: %s", image, strerror(-err));
		return err;
	}
	err = lfsdev_mount(dev);
	if (err) {
		toolmsg_error("%s: mounting the new filesystem failed: %s", image,
			      strerror(-err));
		return err;
	}
	if (root)
		err = lfsmkfs_populate(dev, image, root);
	int unmount_err = lfsdev_unmount(dev);
	if (!err && unmount_err) {
		toolmsg_error("%s: unmount failed: %s", image, strerror(-unmount_err));
		err = unmount_err;
	}
	return err;
}
