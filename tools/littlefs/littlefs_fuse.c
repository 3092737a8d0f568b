/* littlefs-fuse: mounts a littlefs image file read-write through libfuse3,
 * using Spherule's littlefs core. Single-threaded: FUSE serialises every
 * call, as the core requires. Data reach the image at fsync, at release
 * (close) and at unmount, the core's commit points. */
#define FUSE_USE_VERSION 35

#include <errno.h>
#include <fuse.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lfsdev.h"
#include "toolmsg.h"

/* An open file; all of them are kept in a list so getattr can report the
 * size of a file that has unsynced writes. */
struct fuse_lfs_file {
	lfs_file_t file;
	char *path;
	struct fuse_lfs_file *next;
};

struct fuse_lfs {
	struct lfsdev dev;
	struct fuse_lfs_file *open_files;
	struct timespec mount_time;
};

static struct fuse_lfs *fuse_lfs_state(void)
{
	return fuse_get_context()->private_data;
}

static lfs_t *fuse_lfs_core(void)
{
	return &fuse_lfs_state()->dev.lfs;
}

static struct fuse_lfs_file *fuse_lfs_handle(struct fuse_file_info *fi)
{
	return (struct fuse_lfs_file *)(uintptr_t)fi->fh;
}

static struct fuse_lfs_file *fuse_lfs_find_open(const char *path)
{
	for (struct fuse_lfs_file *f = fuse_lfs_state()->open_files; f; f = f->next)
		if (!strcmp(f->path, path))
			return f;
	return NULL;
}

static void fuse_lfs_fill_stat(struct stat *st, uint8_t type, lfs_size_t size)
{
	struct fuse_lfs *fs = fuse_lfs_state();
	memset(st, 0, sizeof(*st));
	if (type == LFS_TYPE_DIR) {
		st->st_mode = S_IFDIR | 0755;
		st->st_nlink = 2;
	} else {
		st->st_mode = S_IFREG | 0644;
		st->st_nlink = 1;
		st->st_size = size;
		st->st_blocks = (size + 511) / 512;
	}
	st->st_uid = getuid();
	st->st_gid = getgid();
	st->st_blksize = fs->dev.cfg.block_size;
	st->st_atim = st->st_mtim = st->st_ctim = fs->mount_time;
}

static int fuse_lfs_getattr(const char *path, struct stat *st, struct fuse_file_info *fi)
{
	struct fuse_lfs_file *open_file = fi ? fuse_lfs_handle(fi) : fuse_lfs_find_open(path);
	if (open_file) {
		lfs_soff_t size = lfs_file_size(fuse_lfs_core(), &open_file->file);
		if (size < 0)
			return (int)size;
		fuse_lfs_fill_stat(st, LFS_TYPE_REG, (lfs_size_t)size);
		return 0;
	}
	static struct lfs_info info;
	int err = lfs_stat(fuse_lfs_core(), path, &info);
	if (err)
		return err;
	fuse_lfs_fill_stat(st, info.type, info.size);
	return 0;
}

static int fuse_lfs_readdir(const char *path, void *buf, fuse_fill_dir_t filler,
			    off_t offset, struct fuse_file_info *fi,
			    enum fuse_readdir_flags flags)
{
	lfs_t *lfs = fuse_lfs_core();
	lfs_dir_t dir;
	static struct lfs_info info;
	int err = lfs_dir_open(lfs, &dir, path);
	if (err)
		return err;
	int more;
	while ((more = lfs_dir_read(lfs, &dir, &info)) > 0) {
		struct stat st;
		fuse_lfs_fill_stat(&st, info.type, info.size);
		if (filler(buf, info.name, &st, 0, 0))
			break;
	}
	err = lfs_dir_close(lfs, &dir);
	return more < 0 ? more : err;
}

static int fuse_lfs_mkdir(const char *path, mode_t mode)
{
	return lfs_mkdir(fuse_lfs_core(), path);
}

static int fuse_lfs_remove(const char *path)
{
	return lfs_remove(fuse_lfs_core(), path);
}

static int fuse_lfs_open_flags(int flags)
{
	int lfs_flags;
	switch (flags & O_ACCMODE) {
	case O_WRONLY:
		lfs_flags = LFS_O_WRONLY;
		break;
	case O_RDWR:
		lfs_flags = LFS_O_RDWR;
		break;
	default:
		lfs_flags = LFS_O_RDONLY;
		break;
	}
	if (flags & O_CREAT)
		lfs_flags |= LFS_O_CREAT;
	if (flags & O_EXCL)
		lfs_flags |= LFS_O_EXCL;
	if (flags & O_TRUNC)
		lfs_flags |= LFS_O_TRUNC;
	if (flags & O_APPEND)
		lfs_flags |= LFS_O_APPEND;
	return lfs_flags;
}

static int fuse_lfs_open_file(const char *path, int flags, struct fuse_lfs_file **out)
{
	struct fuse_lfs *fs = fuse_lfs_state();
	struct fuse_lfs_file *f = calloc(1, sizeof(*f));
	if (!f)
		return -ENOMEM;
	f->path = strdup(path);
	if (!f->path) {
		free(f);
		return -ENOMEM;
	}
	int err = lfs_file_open(&fs->dev.lfs, &f->file, path, flags);
	if (err) {
		free(f->path);
		free(f);
		return err;
	}
	f->next = fs->open_files;
	fs->open_files = f;
	*out = f;
	return 0;
}

static int fuse_lfs_close_file(struct fuse_lfs *fs, struct fuse_lfs_file *f)
{
	for (struct fuse_lfs_file **link = &fs->open_files; *link; link = &(*link)->next) {
		if (*link == f) {
			*link = f->next;
			break;
		}
	}
	int err = lfs_file_close(&fs->dev.lfs, &f->file);
	free(f->path);
	free(f);
	return err;
}

static int fuse_lfs_open(const char *path, struct fuse_file_info *fi)
{
	struct fuse_lfs_file *f;
	int err = fuse_lfs_open_file(path, fuse_lfs_open_flags(fi->flags), &f);
	if (!err)
		fi->fh = (uintptr_t)f;
	return err;
}

static int fuse_lfs_create(const char *path, mode_t mode, struct fuse_file_info *fi)
{
	fi->flags |= O_CREAT;
	return fuse_lfs_open(path, fi);
}

static int fuse_lfs_release(const char *path, struct fuse_file_info *fi)
{
	return fuse_lfs_close_file(fuse_lfs_state(), fuse_lfs_handle(fi));
}

static int fuse_lfs_fsync(const char *path, int datasync, struct fuse_file_info *fi)
{
	return lfs_file_sync(fuse_lfs_core(), &fuse_lfs_handle(fi)->file);
}

static int fuse_lfs_seek(lfs_file_t *file, off_t offset)
{
	if (offset > LFS_FILE_MAX_LIMIT)
		return -EFBIG;
	lfs_soff_t pos = lfs_file_seek(fuse_lfs_core(), file, (lfs_soff_t)offset,
				       LFS_SEEK_SET);
	return pos < 0 ? (int)pos : 0;
}

static int fuse_lfs_read(const char *path, char *buf, size_t size, off_t offset,
			 struct fuse_file_info *fi)
{
	lfs_file_t *file = &fuse_lfs_handle(fi)->file;
	int err = fuse_lfs_seek(file, offset);
	if (err)
		return err;
	size_t done = 0;
	while (done < size) {
		lfs_ssize_t got = lfs_file_read(fuse_lfs_core(), file, buf + done,
						(lfs_size_t)(size - done));
		if (got < 0)
			return (int)got;
		if (got == 0)
			break;
		done += (size_t)got;
	}
	return (int)done;
}

static int fuse_lfs_write(const char *path, const char *buf, size_t size,
			  off_t offset, struct fuse_file_info *fi)
{
	lfs_file_t *file = &fuse_lfs_handle(fi)->file;
	int err = fuse_lfs_seek(file, offset);
	if (err)
		return err;
	lfs_ssize_t put = lfs_file_write(fuse_lfs_core(), file, buf, (lfs_size_t)size);
	return (int)put;
}

static int fuse_lfs_truncate(const char *path, off_t size, struct fuse_file_info *fi)
{
	if (size < 0 || size > LFS_FILE_MAX_LIMIT)
		return -EFBIG;
	if (fi)
		return lfs_file_truncate(fuse_lfs_core(), &fuse_lfs_handle(fi)->file,
					 (lfs_off_t)size);
	struct fuse_lfs_file *f;
	int err = fuse_lfs_open_file(path, LFS_O_WRONLY, &f);
	if (err)
		return err;
	err = lfs_file_truncate(fuse_lfs_core(), &f->file, (lfs_off_t)size);
	int close_err = fuse_lfs_close_file(fuse_lfs_state(), f);
	return err ? err : close_err;
}

/* Keeps the paths of open files right after a rename of them or of a
 * directory above them. */
static int fuse_lfs_rename_open(const char *from, const char *to)
{
	size_t from_len = strlen(from);
	for (struct fuse_lfs_file *f = fuse_lfs_state()->open_files; f; f = f->next) {
		if (strncmp(f->path, from, from_len) ||
		    (f->path[from_len] != '\0' && f->path[from_len] != '/'))
			continue;
		char *path = malloc(strlen(to) + strlen(f->path + from_len) + 1);
		if (!path)
			return -ENOMEM;
		sprintf(path, "%s%s", to, f->path + from_len);
		free(f->path);
		f->path = path;
	}
	return 0;
}

static int fuse_lfs_rename(const char *from, const char *to, unsigned int flags)
{
	static struct lfs_info info;
	if (flags & RENAME_EXCHANGE)
		return -EINVAL;
	if ((flags & RENAME_NOREPLACE) && lfs_stat(fuse_lfs_core(), to, &info) == 0)
		return -EEXIST;
	int err = lfs_rename(fuse_lfs_core(), from, to);
	return err ? err : fuse_lfs_rename_open(from, to);
}

static int fuse_lfs_statfs(const char *path, struct statvfs *st)
{
	lfs_t *lfs = fuse_lfs_core();
	struct lfs_fsinfo info;
	int err = lfs_fs_stat(lfs, &info);
	if (err)
		return err;
	lfs_ssize_t used = lfs_fs_size(lfs);
	if (used < 0)
		return (int)used;
	memset(st, 0, sizeof(*st));
	st->f_bsize = info.block_size;
	st->f_frsize = info.block_size;
	st->f_blocks = info.block_count;
	st->f_bfree = st->f_bavail = info.block_count - (lfs_size_t)used;
	st->f_namemax = info.name_max;
	return 0;
}

/* littlefs keeps no timestamps: setting them succeeds (so touch and cp
 * work) when the entry exists, and changes nothing. */
static int fuse_lfs_utimens(const char *path, const struct timespec tv[2],
			    struct fuse_file_info *fi)
{
	static struct lfs_info info;
	return fi ? 0 : lfs_stat(fuse_lfs_core(), path, &info);
}

static const struct fuse_operations fuse_lfs_operations = {
	.getattr = fuse_lfs_getattr,
	.readdir = fuse_lfs_readdir,
	.mkdir = fuse_lfs_mkdir,
	.rmdir = fuse_lfs_remove,
	.unlink = fuse_lfs_remove,
	.create = fuse_lfs_create,
	.open = fuse_lfs_open,
	.read = fuse_lfs_read,
	.write = fuse_lfs_write,
	.truncate = fuse_lfs_truncate,
	.rename = fuse_lfs_rename,
	.release = fuse_lfs_release,
	.fsync = fuse_lfs_fsync,
	.statfs = fuse_lfs_statfs,
	.utimens = fuse_lfs_utimens,
};

static void fuse_lfs_usage(void)
{
	printf("Usage: littlefs-fuse --block-size B [options] IMAGE MOUNTPOINT\n"
	       "Mount the littlefs image IMAGE read-write at MOUNTPOINT through FUSE.\n"
	       "Unmount with 'fusermount3 -u MOUNTPOINT'; the image is complete once\n"
	       "littlefs-fuse has exited. --block-count defaults to the image size\n"
	       "divided by the block size.\n\n"
	       "Options:\n"
	       "  --foreground         stay in the foreground (otherwise run as a daemon;\n"
	       "                       --stats is only visible in the foreground)\n"
	       "%s%s", lfsdev_geometry_help, lfsdev_tool_help);
}

/* Runs the FUSE session until unmounted; returns 0 or 1. */
static int fuse_lfs_serve(struct fuse_lfs *fs, const char *argv0,
			  const char *mountpoint, bool foreground)
{
	char *fuse_argv[] = { (char *)argv0, "-ofsname=littlefs,subtype=littlefs", NULL };
	struct fuse_args args = FUSE_ARGS_INIT(2, fuse_argv);
	struct fuse *fuse = fuse_new(&args, &fuse_lfs_operations,
				     sizeof(fuse_lfs_operations), fs);
	if (!fuse) {
		toolmsg_error("%s: cannot start a FUSE session", mountpoint);
		return 1;
	}
	int status = 1;
	if (fuse_mount(fuse, mountpoint) != 0) {
		toolmsg_error("%s: FUSE mount failed", mountpoint);
		goto out;
	}
	if (fuse_daemonize(foreground) != 0 ||
	    fuse_set_signal_handlers(fuse_get_session(fuse)) != 0) {
		toolmsg_error("%s: cannot set up the FUSE session", mountpoint);
		fuse_unmount(fuse);
		goto out;
	}
	status = fuse_loop(fuse) == 0 ? 0 : 1;
	fuse_remove_signal_handlers(fuse_get_session(fuse));
	fuse_unmount(fuse);
out:
	fuse_destroy(fuse);
	return status;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		LFSDEV_LONG_OPTIONS,
		LFSDEV_STATS_OPTION,
		{ "foreground", no_argument, NULL, 'f' },
		{ 0 },
	};
	struct lfsdev_cli cli = { 0 };
	struct lfsdev_geometry *geo = &cli.geo;
	bool foreground = false;
	int opt;

	toolmsg_name = "littlefs-fuse";
	while ((opt = lfsdev_next_option(argc, argv, options, &cli)) != -1) {
		if (opt == LFSDEV_OPT_ERROR)
			return 2;
		if (opt == LFSDEV_OPT_HELP) {
			fuse_lfs_usage();
			return 0;
		}
		if (opt == 'f')
			foreground = true;
	}
	if (optind != argc - 2)
		return toolmsg_usage_error("expected IMAGE and MOUNTPOINT arguments");
	if (!geo->block_size)
		return toolmsg_usage_error("--block-size is required");
	const char *image = argv[optind], *mountpoint = argv[optind + 1];
	if (toolmsg_check_dir(mountpoint))
		return 1;

	static struct fuse_lfs fs;
	clock_gettime(CLOCK_REALTIME, &fs.mount_time);
	if (lfsdev_open_image(&fs.dev, image, geo, true))
		return 1;
	int err = lfsdev_mount(&fs.dev);
	if (err) {
		toolmsg_error("%s: mount failed: %s", image, lfsdev_mount_error(err));
		flashdev_close(&fs.dev.flash);
		return 1;
	}
	int status = fuse_lfs_serve(&fs, argv[0], mountpoint, foreground);
	/* Files still open when the session ended (killed by a signal) are
	 * committed before the filesystem is unmounted. */
	while (fs.open_files)
		if (fuse_lfs_close_file(&fs, fs.open_files))
			status = 1;
	err = lfsdev_unmount(&fs.dev);
	if (err) {
		toolmsg_error("%s: unmount failed: %s", image, strerror(-err));
		status = 1;
	}
	err = flashdev_close(&fs.dev.flash);
	if (err) {
		toolmsg_errno(image, err);
		status = 1;
	}
	if (cli.stats)
		lfsdev_print_stats(&fs.dev, stdout);
	return status;
}
