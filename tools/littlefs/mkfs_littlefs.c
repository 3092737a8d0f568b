/* mkfs.littlefs: creates a littlefs image file of block_size * block_count
 * bytes (erased to 0xFF), formats it with Spherule's littlefs core and, with
 * --root DIR, copies the regular files and directories under DIR into it.
 * Any other file type is refused. On failure no image is left behind. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lfsdev.h"
#include "toolmsg.h"

#define MKFS_COPY_CHUNK 65536

static void mkfs_usage(void)
{
	printf("Usage: mkfs.littlefs --block-size B --block-count N [options] IMAGE\n"
	       "Create the littlefs image file IMAGE (B * N bytes, erased to 0xFF),\n"
	       "populated from a directory tree with --root.\n\n"
	       "Options:\n"
	       "  --root DIR           copy the regular files and directories under DIR\n"
	       "%s%s", lfsdev_geometry_help, lfsdev_tool_help);
}

struct mkfs_copy {
	struct lfsdev *dev;
	const char *image;
	char host[PATH_MAX];    /* path on the host */
	char lfs[PATH_MAX];     /* the same entry inside littlefs, from "/" */
	char *buffer;           /* MKFS_COPY_CHUNK bytes */
};

static int mkfs_lfs_error(struct mkfs_copy *copy, const char *doing, int err)
{
	toolmsg_error("%s: %s %s: %s", copy->image, doing, copy->lfs, strerror(-err));
	return err;
}

static int mkfs_copy_file(struct mkfs_copy *copy)
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
		return mkfs_lfs_error(copy, "creating", err);
	}
	for (;;) {
		ssize_t got = read(fd, copy->buffer, MKFS_COPY_CHUNK);
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
			err = mkfs_lfs_error(copy, "writing", (int)put);
			break;
		}
	}
	close(fd);
	int close_err = lfs_file_close(&copy->dev->lfs, &file);
	if (!err && close_err)
		err = mkfs_lfs_error(copy, "writing", close_err);
	return err;
}

/* Appends "/name" to both paths; returns the previous lengths' end. */
static int mkfs_push(struct mkfs_copy *copy, const char *name, size_t *host_len,
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
static int mkfs_copy_dir(struct mkfs_copy *copy)
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
		err = mkfs_push(copy, entry->d_name, &host_len, &lfs_len);
		if (err)
			break;
		struct stat st;
		if (lstat(copy->host, &st) < 0) {
			err = -errno;
			toolmsg_errno(copy->host, err);
		} else if (S_ISREG(st.st_mode)) {
			err = mkfs_copy_file(copy);
		} else if (S_ISDIR(st.st_mode)) {
			err = lfs_mkdir(&copy->dev->lfs, copy->lfs);
			if (err)
				mkfs_lfs_error(copy, "creating", err);
			else
				err = mkfs_copy_dir(copy);
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

static int mkfs_populate(struct lfsdev *dev, const char *image, const char *root)
{
	struct mkfs_copy *copy = calloc(1, sizeof(*copy));
	char *buffer = malloc(MKFS_COPY_CHUNK);
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
	err = mkfs_copy_dir(copy);
out:
	free(buffer);
	free(copy);
	return err;
}

/* Formats the open device and copies root (may be NULL) into it. */
static int mkfs_build(struct lfsdev *dev, const char *image, const char *root)
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
		err = mkfs_populate(dev, image, root);
	int unmount_err = lfsdev_unmount(dev);
	if (!err && unmount_err) {
		toolmsg_error("%s: unmount failed: %s", image, strerror(-unmount_err));
		err = unmount_err;
	}
	return err;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		LFSDEV_LONG_OPTIONS,
		LFSDEV_STATS_OPTION,
		{ "root", required_argument, NULL, 'r' },
		{ 0 },
	};
	struct lfsdev_cli cli = { 0 };
	struct lfsdev_geometry *geo = &cli.geo;
	const char *root = NULL;
	int opt;

	toolmsg_name = "mkfs.littlefs";
	while ((opt = lfsdev_next_option(argc, argv, options, &cli)) != -1) {
		if (opt == LFSDEV_OPT_ERROR)
			return 2;
		if (opt == LFSDEV_OPT_HELP) {
			mkfs_usage();
			return 0;
		}
		if (opt == 'r')
			root = optarg;
	}
	if (optind != argc - 1)
		return toolmsg_usage_error("expected exactly one IMAGE argument");
	const char *image = argv[optind];
	if (!geo->block_size || !geo->block_count)
		return toolmsg_usage_error("--block-size and --block-count are required");
	const char *why = lfsdev_complete_geometry(geo);
	if (why)
		return toolmsg_usage_error("%s", why);
	if (root && toolmsg_check_dir(root))
		return 1;

	static struct lfsdev dev;
	int err = flashdev_create(&dev.flash, image, geo->block_size, geo->block_count);
	if (err) {
		toolmsg_errno(image, err);
		return 1;
	}
	lfsdev_configure(&dev, geo);
	err = mkfs_build(&dev, image, root);
	int close_err = flashdev_close(&dev.flash);
	if (!err && close_err) {
		toolmsg_errno(image, close_err);
		err = close_err;
	}
	if (err) {
		unlink(image);
		return 1;
	}
	if (cli.stats)
		lfsdev_print_stats(&dev, stdout);
	return 0;
}
