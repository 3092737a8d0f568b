/* app_storage.c — the apps' storage directories at boot (see app_storage.h).
 *
 * Everything below <data>/apps is reached from an open directory (openat,
 * fstatat, ...) and never through a symbolic link: littlefs has none, the
 * host tests' filesystems might. A directory is read again from its start
 * after each entry removed from it: littlefs lists a directory by position,
 * so a removal moves the entries not read yet. */
#include "app_storage.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "log.h"

#define APP_STORAGE_PATH_MAX 192
#define STRINGIFY(x) #x
#define TEXT_OF(x) STRINGIFY(x)
/* Names of uninstalled entries erased in one boot (canonical ids take 37
 * bytes each); more are left for the next boot. */
#define APP_STORAGE_SWEEP_BYTES 1024

/* What walk() does to each entry of a tree, after the entries below it. */
struct walk_op {
	int (*fn)(int dir_fd, const char *name, bool is_dir, const struct walk_op *op);
	bool removes;     /* fn removes the entry */
	uid_t uid;        /* the owner fn gives (re-owning) */
	gid_t gid;
};

static bool is_dot(const char *name)
{
	return strcmp(name, ".") == 0 || strcmp(name, "..") == 0;
}

/* Why a step failed, for the log (-ELOOP: walk()'s depth). */
static const char *storage_error(int err)
{
	return err == -ELOOP ? "more than " TEXT_OF(APP_STORAGE_MAX_DEPTH) " levels of directories"
			     : strerror(-err);
}

/* Applies op to the entry name of dir_fd and, first, to everything below it
 * (depth: directory levels above it in the tree walked). 0 or -errno; -ELOOP
 * for a directory deeper than APP_STORAGE_MAX_DEPTH. */
static int walk(int dir_fd, const char *name, unsigned depth, const struct walk_op *op)
{
	struct dirent *e;
	DIR *d;
	int err = 0;
	int fd = openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0) {
		if (errno != ENOTDIR && errno != ELOOP)
			return -errno;
		return op->fn(dir_fd, name, false, op);
	}
	if (depth > APP_STORAGE_MAX_DEPTH) {
		close(fd);
		return -ELOOP;
	}
	d = fdopendir(fd);
	if (!d) {
		err = -errno;
		close(fd);
		return err;
	}
	for (;;) {
		errno = 0;
		e = readdir(d);
		if (!e) {
			err = -errno;
			break;
		}
		if (is_dot(e->d_name))
			continue;
		err = walk(dirfd(d), e->d_name, depth + 1, op);
		if (err != 0)
			break;
		if (op->removes)
			rewinddir(d);
	}
	closedir(d);
	return err != 0 ? err : op->fn(dir_fd, name, true, op);
}

static int remove_entry(int dir_fd, const char *name, bool is_dir, const struct walk_op *op)
{
	return unlinkat(dir_fd, name, is_dir ? AT_REMOVEDIR : 0) == 0 ? 0 : -errno;
}

static int own_entry(int dir_fd, const char *name, bool is_dir, const struct walk_op *op)
{
	return fchownat(dir_fd, name, op->uid, op->gid, AT_SYMLINK_NOFOLLOW) == 0 ? 0 : -errno;
}

/* Makes path (<data>/apps) a directory root:root 0711 and opens it: the
 * fd, or -errno. */
static int open_root(const char *path)
{
	struct stat st;
	int err, fd;

	if (mkdir(path, 0711) != 0 && errno != EEXIST)
		return -errno;
	fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) != 0 ||
	    ((st.st_uid != 0 || st.st_gid != 0) && fchown(fd, 0, 0) != 0) ||
	    ((st.st_mode & 07777) != 0711 && fchmod(fd, 0711) != 0)) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

static bool is_installed(const struct app_scan_result *scan, const char *name)
{
	for (size_t i = 0; i < scan->installed; i++)
		if (strcmp(scan->installed_id[i], name) == 0)
			return true;
	return false;
}

/* Lists into names (NUL-separated, *used bytes, from 0) the entries of
 * apps_fd that are no installed app's; *more set when some did not fit.
 * 0 or -errno. */
static int list_uninstalled(int apps_fd, const struct app_scan_result *scan,
			    char names[APP_STORAGE_SWEEP_BYTES], size_t *used, bool *more)
{
	struct dirent *e;
	int err, fd = openat(apps_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;

	if (!d) {
		err = -errno;
		if (fd >= 0)
			close(fd);
		return err;
	}
	for (errno = 0; (e = readdir(d)) != NULL; errno = 0) {
		size_t len = strlen(e->d_name) + 1;

		if (is_dot(e->d_name) || (scan && is_installed(scan, e->d_name)))
			continue;
		if (*used + len > APP_STORAGE_SWEEP_BYTES) {
			*more = true;
			continue;
		}
		memcpy(names + *used, e->d_name, len);
		*used += len;
	}
	err = -errno;
	closedir(d);
	return err;
}

/* Why the storage of uninstalled apps is kept this boot, or NULL. */
static const char *keep_reason(const struct app_scan_result *scan)
{
	if (!scan)
		return "the app slots could not be read";
	if (scan->unverified > 0)
		return "an app slot could not be read or verified this boot";
	return NULL;
}

/* Erases the entries of apps_fd (path) that are no installed app's
 * component id, or keeps them when the slots were not all verified. */
__attribute__((noinline))
static void sweep(int apps_fd, const char *path, const struct app_scan_result *scan)
{
	static const struct walk_op erase = { remove_entry, true, 0, 0 };
	char names[APP_STORAGE_SWEEP_BYTES];
	const char *keep = keep_reason(scan);
	size_t used = 0;
	bool more = false;
	int err = list_uninstalled(apps_fd, scan, names, &used, &more);

	if (err != 0) {
		log_line("cannot read %s: %s: no storage erased", path, strerror(-err));
		return;
	}
	for (const char *n = names; n < names + used; n += strlen(n) + 1) {
		if (keep) {
			log_line("storage of %s kept though no verified app has that component id: %s",
				 n, keep);
			continue;
		}
		err = walk(apps_fd, n, 0, &erase);
		if (err == 0)
			log_line("storage of %s erased: no installed app has that component id", n);
		else
			log_line("cannot erase the storage of %s: %s", n, storage_error(err));
	}
	if (more)
		log_line("%s: more storage of uninstalled apps, left for the next boot", path);
}

/* Sets up the directory of app a in apps_fd: 0, or -errno with *step
 * saying what failed. */
static int prepare(int apps_fd, const struct app *a, const char **step)
{
	const struct walk_op own = { own_entry, false, a->uid, a->gid };
	const char *id = a->component_str;
	char quota[24];
	struct stat st;
	bool made;
	int err, fd, n;

	*step = "make";
	made = mkdirat(apps_fd, id, 0700) == 0;
	if (!made && errno != EEXIST)
		return -errno;
	*step = "open";
	fd = openat(apps_fd, id, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	err = fstat(fd, &st) != 0 ? -errno : 0;
	if (err == 0 && (st.st_uid != a->uid || st.st_gid != a->gid)) {
		*step = "re-own";
		/* The directory itself last: a re-owning cut short is done again. */
		err = walk(apps_fd, id, 0, &own);
		if (err == 0 && !made)
			log_line("%s: storage re-owned to %u:%u (was %u:%u)", a->name,
				 (unsigned)a->uid, (unsigned)a->gid, (unsigned)st.st_uid,
				 (unsigned)st.st_gid);
	}
	if (err == 0 && (st.st_mode & 07777) != 0700) {
		*step = "set the mode of";
		err = fchmod(fd, 0700) == 0 ? 0 : -errno;
	}
	if (err == 0) {
		*step = "set the quota of";
		n = snprintf(quota, sizeof(quota), "%llu", (unsigned long long)a->storage_kib * 1024u);
		err = fsetxattr(fd, APP_STORAGE_QUOTA_XATTR, quota, (size_t)n, 0) == 0 ? 0 : -errno;
	}
	close(fd);
	return err;
}

/* Sets up the directory of app a (with storage) in apps_fd (path), logging
 * the outcome; sets a->storage_ready when it is ready. */
static void set_up_app(int apps_fd, const char *path, struct app *a)
{
	const char *step;
	int err = prepare(apps_fd, a, &step);

	if (err != 0) {
		log_line("%s: starts without its storage: cannot %s %s/%s: %s", a->name, step, path,
			 a->component_str, storage_error(err));
		return;
	}
	a->storage_ready = true;
	log_line("%s: storage %s/%s, quota %u KiB", a->name, path, a->component_str,
		 (unsigned)a->storage_kib);
}

/* <data_dir>/apps into path and opened into *fd: 0, or -errno logged with
 * what it means for the apps. */
static int open_apps_dir(const char *data_dir, char path[APP_STORAGE_PATH_MAX], int *fd)
{
	if (snprintf(path, APP_STORAGE_PATH_MAX, "%s/apps", data_dir) >= APP_STORAGE_PATH_MAX) {
		log_line("%s/apps: path too long: apps start without their storage", data_dir);
		return -ENAMETOOLONG;
	}
	*fd = open_root(path);
	if (*fd >= 0)
		return 0;
	log_line("cannot set up %s: %s: apps start without their storage", path, strerror(-*fd));
	return *fd;
}

void app_storage_setup(const char *data_dir, struct app *apps, size_t count,
		       const struct app_scan_result *scan)
{
	char path[APP_STORAGE_PATH_MAX];
	int apps_fd;

	for (size_t i = 0; i < count; i++)
		apps[i].storage_ready = false;
	if (open_apps_dir(data_dir, path, &apps_fd) != 0)
		return;
	sweep(apps_fd, path, scan);
	for (size_t i = 0; i < count; i++)
		if (apps[i].storage_kib > 0)
			set_up_app(apps_fd, path, &apps[i]);
	close(apps_fd);
}

void app_storage_add(const char *data_dir, struct app *a)
{
	char path[APP_STORAGE_PATH_MAX];
	int apps_fd;

	a->storage_ready = false;
	if (a->storage_kib == 0 || open_apps_dir(data_dir, path, &apps_fd) != 0)
		return;
	set_up_app(apps_fd, path, a);
	close(apps_fd);
}

int app_storage_erase(const char *data_dir, const char *component_str)
{
	static const struct walk_op erase = { remove_entry, true, 0, 0 };
	char path[APP_STORAGE_PATH_MAX];
	struct stat st;
	int apps_fd, err;

	if (open_apps_dir(data_dir, path, &apps_fd) != 0)
		return -ENOENT;
	err = fstatat(apps_fd, component_str, &st, AT_SYMLINK_NOFOLLOW) == 0 ? 0 : -errno;
	if (err == 0)
		err = walk(apps_fd, component_str, 0, &erase);
	close(apps_fd);
	if (err == 0)
		log_line("storage of %s erased: the app was deleted", component_str);
	else if (err != -ENOENT)
		log_line("cannot erase the storage of %s: %s", component_str, storage_error(err));
	return err == -ENOENT ? 0 : err;
}

void app_storage_env(const struct app *a, char out[APP_STORAGE_ENV_SIZE])
{
	snprintf(out, APP_STORAGE_ENV_SIZE, "%s=%s/%s", APP_STORAGE_ENV_NAME, APP_STORAGE_DEVICE_DIR,
		 a->component_str);
}
