/* fsck.littlefs: checks a littlefs image made by any littlefs v2 writer.
 * It mounts the image read-only, checks the filesystem figures, walks every
 * directory (breadth first, no recursion), reads every file completely and
 * unmounts; exit 0 when all of it is consistent, 1 with the reason when not.
 * --list prints every path with its size, --extract DIR copies the tree out. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lfsdev.h"
#include "toolmsg.h"

static void fsck_usage(void)
{
	printf("Usage: fsck.littlefs --block-size B [options] IMAGE\n"
	       "Check the littlefs image IMAGE: mount it, walk every directory, read\n"
	       "every file and check the filesystem figures. Exit status 0 when it is\n"
	       "consistent, 1 (with the reason) when it is not, 2 for usage errors.\n"
	       "--block-count defaults to the image size divided by the block size.\n\n"
	       "Options:\n"
	       "  --list               print every path: 'SIZE<TAB>PATH' for files,\n"
	       "                       'dir<TAB>PATH' for directories\n"
	       "  --extract DIR        copy every directory and file into DIR (created\n"
	       "                       if missing; existing files are not overwritten)\n"
	       "%s%s", lfsdev_geometry_help, lfsdev_tool_help);
}

struct fsck_state {
	struct lfsdev *dev;
	const char *image;
	bool list;
	const char *extract;        /* host directory, or NULL */
	struct lfs_fsinfo fsinfo;
	/* Directories still to walk: a FIFO of malloc'd paths. */
	char **queue;
	size_t queue_head, queue_tail, queue_cap;
	unsigned long dirs, files;
	uint64_t file_bytes;
	uint64_t min_data_blocks;   /* blocks that files too large to be inline need */
	char *buffer;               /* one cache of file data */
};

static int fsck_fail(struct fsck_state *st, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fsck_fail(struct fsck_state *st, const char *path, const char *fmt, ...)
{
	char reason[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	if (path)
		toolmsg_error("%s: %s: %s", st->image, path, reason);
	else
		toolmsg_error("%s: %s", st->image, reason);
	return -EUCLEAN;
}

static int fsck_enqueue(struct fsck_state *st, const char *path)
{
	if (st->queue_tail == st->queue_cap) {
		size_t cap = st->queue_cap ? st->queue_cap * 2 : 16;
		char **queue = realloc(st->queue, cap * sizeof(*queue));
		if (!queue)
			return -ENOMEM;
		st->queue = queue;
		st->queue_cap = cap;
	}
	st->queue[st->queue_tail] = strdup(path);
	if (!st->queue[st->queue_tail])
		return -ENOMEM;
	st->queue_tail++;
	return 0;
}

static int fsck_host_error(struct fsck_state *st, const char *host_path)
{
	int err = -errno;
	toolmsg_errno(host_path, err);
	return err;
}

static int fsck_host_path(struct fsck_state *st, const char *path, char *out)
{
	if ((size_t)snprintf(out, PATH_MAX, "%s%s", st->extract, path) >= PATH_MAX) {
		toolmsg_error("%s%s: path too long", st->extract, path);
		return -ENAMETOOLONG;
	}
	return 0;
}

/* Reads the file at path completely; checks its size against the entry's;
 * copies it out when extracting. */
static int fsck_file(struct fsck_state *st, const char *path, lfs_size_t size)
{
	lfs_t *lfs = &st->dev->lfs;
	lfs_file_t file;
	int out = -1;
	char host[PATH_MAX];
	int err = lfs_file_open(lfs, &file, path, LFS_O_RDONLY);
	if (err)
		return fsck_fail(st, path, "cannot open: %s", strerror(-err));
	if (st->extract) {
		err = fsck_host_path(st, path, host);
		if (!err) {
			out = open(host, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
			if (out < 0)
				err = fsck_host_error(st, host);
		}
	}
	uint64_t total = 0;
	lfs_soff_t file_size = lfs_file_size(lfs, &file);
	if (!err && file_size != (lfs_soff_t)size)
		err = fsck_fail(st, path, "size %ld differs from its entry's %lu",
				(long)file_size, (unsigned long)size);
	while (!err) {
		lfs_ssize_t got = lfs_file_read(lfs, &file, st->buffer, st->dev->cfg.cache_size);
		if (got < 0) {
			err = fsck_fail(st, path, "read failed at byte %llu: %s",
					(unsigned long long)total, strerror((int)-got));
			break;
		}
		if (got == 0)
			break;
		total += (uint64_t)got;
		if (out >= 0 && write(out, st->buffer, (size_t)got) != got)
			err = fsck_host_error(st, host);
	}
	if (!err && total != size)
		err = fsck_fail(st, path, "read %llu bytes but the file has %lu",
				(unsigned long long)total, (unsigned long)size);
	int close_err = lfs_file_close(lfs, &file);
	if (!err && close_err)
		err = fsck_fail(st, path, "close failed: %s", strerror(-close_err));
	if (out >= 0 && close(out) < 0 && !err)
		err = fsck_host_error(st, host);
	st->files++;
	st->file_bytes += size;
	if (size > st->fsinfo.block_size)
		st->min_data_blocks += (size + st->fsinfo.block_size - 1) / st->fsinfo.block_size;
	return err;
}

/* Checks one entry of the directory dir_path and handles it. */
static int fsck_entry(struct fsck_state *st, const char *dir_path,
		      const struct lfs_info *info)
{
	size_t len = strlen(info->name);
	char path[PATH_MAX];
	if (len == 0)
		return fsck_fail(st, dir_path, "an entry has an empty name");
	if (len > st->fsinfo.name_max)
		return fsck_fail(st, dir_path, "entry '%s' is longer than name_max %lu",
				 info->name, (unsigned long)st->fsinfo.name_max);
	if (strchr(info->name, '/') || !strcmp(info->name, ".") || !strcmp(info->name, ".."))
		return fsck_fail(st, dir_path, "entry '%s' has an invalid name", info->name);
	if ((size_t)snprintf(path, sizeof(path), "%s%s%s", dir_path,
			     strcmp(dir_path, "/") ? "/" : "", info->name) >= sizeof(path))
		return fsck_fail(st, dir_path, "path of '%s' is too long", info->name);

	if (info->type == LFS_TYPE_DIR) {
		if (st->list)
			printf("dir\t%s\n", path);
		if (st->extract) {
			char host[PATH_MAX];
			int err = fsck_host_path(st, path, host);
			if (err)
				return err;
			if (mkdir(host, 0755) < 0 && errno != EEXIST)
				return fsck_host_error(st, host);
		}
		int err = fsck_enqueue(st, path);
		if (err)
			return fsck_fail(st, path, "%s", strerror(-err));
		return 0;
	}
	if (info->type != LFS_TYPE_REG)
		return fsck_fail(st, path, "unknown entry type %u", info->type);
	if (info->size > st->fsinfo.file_max)
		return fsck_fail(st, path, "size %lu exceeds file_max %lu",
				 (unsigned long)info->size, (unsigned long)st->fsinfo.file_max);
	if (st->list)
		printf("%lu\t%s\n", (unsigned long)info->size, path);
	return fsck_file(st, path, info->size);
}

/* Reads one directory: "." and ".." first, then its entries. */
static int fsck_dir(struct fsck_state *st, const char *path)
{
	lfs_t *lfs = &st->dev->lfs;
	lfs_dir_t dir;
	static struct lfs_info info;
	int err = lfs_dir_open(lfs, &dir, path);
	if (err)
		return fsck_fail(st, path, "cannot open directory: %s", strerror(-err));
	st->dirs++;
	for (unsigned long index = 0; !err; index++) {
		int more = lfs_dir_read(lfs, &dir, &info);
		if (more < 0) {
			err = fsck_fail(st, path, "reading the directory failed: %s",
					strerror(-more));
			break;
		}
		if (more == 0) {
			if (index < 2)
				err = fsck_fail(st, path, "'.' or '..' is missing");
			break;
		}
		if (index < 2) {
			if (strcmp(info.name, index ? ".." : ".") || info.type != LFS_TYPE_DIR)
				err = fsck_fail(st, path, "entry %lu is '%s', expected '%s'",
						index, info.name, index ? ".." : ".");
			continue;
		}
		err = fsck_entry(st, path, &info);
	}
	int close_err = lfs_dir_close(lfs, &dir);
	if (!err && close_err)
		err = fsck_fail(st, path, "closing the directory failed: %s",
				strerror(-close_err));
	return err;
}

static int fsck_figures(struct fsck_state *st)
{
	const struct lfs_fsinfo *fs = &st->fsinfo;
	const struct flashdev *flash = &st->dev->flash;
	if (fs->disk_version >> 16 != 2)
		return fsck_fail(st, NULL, "unsupported disk version %u.%u",
				 fs->disk_version >> 16, fs->disk_version & 0xffff);
	if (fs->block_size != flash->block_size)
		return fsck_fail(st, NULL, "superblock block size %lu, expected %u",
				 (unsigned long)fs->block_size, flash->block_size);
	if (fs->block_count != flash->block_count)
		return fsck_fail(st, NULL, "superblock block count %lu, image has %u",
				 (unsigned long)fs->block_count, flash->block_count);
	if (fs->blocks_used < 2 || fs->blocks_used > fs->block_count)
		return fsck_fail(st, NULL, "%lu blocks in use out of %lu",
				 (unsigned long)fs->blocks_used, (unsigned long)fs->block_count);
	if (fs->name_max == 0 || fs->name_max > LFS_NAME_MAX_LIMIT ||
	    fs->file_max == 0 || fs->file_max > LFS_FILE_MAX_LIMIT ||
	    fs->attr_max > LFS_ATTR_MAX_LIMIT)
		return fsck_fail(st, NULL, "limits out of range: name_max %lu, file_max %lu, attr_max %lu",
				 (unsigned long)fs->name_max, (unsigned long)fs->file_max,
				 (unsigned long)fs->attr_max);
	return 0;
}

/* Every directory holds at least one metadata pair, every file larger than a
 * block at least size / block_size blocks: the used count must cover that. */
static int fsck_usage_bound(struct fsck_state *st)
{
	uint64_t needed = 2 * (uint64_t)st->dirs + st->min_data_blocks;
	if (needed > st->fsinfo.blocks_used)
		return fsck_fail(st, NULL, "%lu blocks in use, but the tree needs at least %llu",
				 (unsigned long)st->fsinfo.blocks_used,
				 (unsigned long long)needed);
	return 0;
}

static int fsck_walk(struct fsck_state *st)
{
	int err = fsck_enqueue(st, "/");
	if (err)
		return fsck_fail(st, NULL, "%s", strerror(-err));
	while (!err && st->queue_head < st->queue_tail) {
		/* A directory needs a metadata pair: more than block_count / 2
		 * directories means the tree loops on itself. */
		if (st->dirs >= st->fsinfo.block_count / 2)
			return fsck_fail(st, NULL, "more directories than the flash can hold "
					 "(a directory loop)");
		char *path = st->queue[st->queue_head];
		st->queue[st->queue_head++] = NULL;
		err = fsck_dir(st, path);
		free(path);
	}
	return err ? err : fsck_usage_bound(st);
}

static int fsck_check(struct lfsdev *dev, struct fsck_state *st)
{
	int err = lfsdev_mount(dev);
	if (err)
		return fsck_fail(st, NULL, "mount failed: %s", lfsdev_mount_error(err));
	err = lfs_fs_stat(&dev->lfs, &st->fsinfo);
	if (err)
		err = fsck_fail(st, NULL, "fs_stat failed: %s", strerror(-err));
	if (!err)
		err = fsck_figures(st);
	if (!err)
		err = fsck_walk(st);
	int unmount_err = lfsdev_unmount(dev);
	if (!err && unmount_err)
		err = fsck_fail(st, NULL, "unmount failed: %s", strerror(-unmount_err));
	return err;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		LFSDEV_LONG_OPTIONS,
		LFSDEV_STATS_OPTION,
		{ "list", no_argument, NULL, 'l' },
		{ "extract", required_argument, NULL, 'x' },
		{ 0 },
	};
	struct lfsdev_cli cli = { 0 };
	struct lfsdev_geometry *geo = &cli.geo;
	static struct fsck_state st;
	int opt;

	toolmsg_name = "fsck.littlefs";
	while ((opt = lfsdev_next_option(argc, argv, options, &cli)) != -1) {
		if (opt == LFSDEV_OPT_ERROR)
			return 2;
		if (opt == LFSDEV_OPT_HELP) {
			fsck_usage();
			return 0;
		}
		if (opt == 'l')
			st.list = true;
		else if (opt == 'x')
			st.extract = optarg;
	}
	if (optind != argc - 1)
		return toolmsg_usage_error("expected exactly one IMAGE argument");
	if (!geo->block_size)
		return toolmsg_usage_error("--block-size is required");
	st.image = argv[optind];

	static struct lfsdev dev;
	if (lfsdev_open_image(&dev, st.image, geo, false))
		return 1;
	st.dev = &dev;
	st.buffer = malloc(geo->cache_size);
	if (!st.buffer) {
		toolmsg_errno(st.image, -ENOMEM);
		return 1;
	}
	if (st.extract && mkdir(st.extract, 0755) < 0 && errno != EEXIST) {
		toolmsg_errno(st.extract, -errno);
		return 1;
	}
	int err = fsck_check(&dev, &st);
	flashdev_close(&dev.flash);
	if (!err && !st.list && !st.extract)
		printf("%s: consistent: %lu directories, %lu files, %llu bytes, %lu of %lu blocks in use\n",
		       st.image, st.dirs, st.files, (unsigned long long)st.file_bytes,
		       (unsigned long)st.fsinfo.blocks_used, (unsigned long)st.fsinfo.block_count);
	if (cli.stats)
		lfsdev_print_stats(&dev, stdout);
	while (st.queue_head < st.queue_tail)
		free(st.queue[st.queue_head++]);
	free(st.queue);
	free(st.buffer);
	return err ? 1 : 0;
}
