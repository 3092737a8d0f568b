/* mounts.c — PID 1 mounts and the console (see mounts.h). */
#include "mounts.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"

struct system_mount {
	const char *fstype;
	const char *dir;
	unsigned long flags;
	const char *options;
	const char *fallback;   /* fstype to use when the kernel refuses fstype */
	const char *source;     /* what to mount; NULL: fstype (pseudo filesystems) */
};

/*
 * Only appmgr (root) writes /run and /mnt/apps, which hold a few small files
 * and the apps' mount points. A kernel without CONFIG_TMPFS cannot mount
 * tmpfs from user space (EINVAL): ramfs, always built in, takes its place,
 * without a size limit.
 */
static const struct system_mount system_mounts[] = {
	{ "proc", "/proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL, NULL, NULL },
	/*
	 * The kernel has no sysfs (docs/footprint.md): /sys/kernel/security
	 * and /sys/fs/cgroup are directories of the root filesystem.
	 * securityfs holds the Spherule LSM's interface (app identities and
	 * policies, app_identity_set), cgroup2 the apps' memory cgroups
	 * (app_cgroup.h).
	 */
	{ "securityfs", "/sys/kernel/security", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL, NULL, NULL },
	{ "cgroup2", "/sys/fs/cgroup", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL, NULL, NULL },
	{ "devtmpfs", "/dev", MS_NOSUID | MS_NOEXEC, NULL, NULL, NULL },
	{ "tmpfs", "/run", MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=64k,mode=0755", "ramfs", NULL },
	{ "tmpfs", MOUNTS_APPS_DIR, MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=16k,mode=0755", "ramfs",
	  NULL },
	/*
	 * littlefs on the "data" partition (docs/littlefs.md, "In the
	 * kernel"): the first boot formats it while it is erased; a partition
	 * holding anything else that does not mount is left untouched, the
	 * failure logged by the kernel and below.
	 */
	{ "littlefs", MOUNTS_DATA_DIR, MS_NOSUID | MS_NODEV | MS_NOEXEC, "format=blank", NULL,
	  "mtd:data" },
};

#define SYSTEM_MOUNT_COUNT (sizeof(system_mounts) / sizeof(system_mounts[0]))
#define APP_DIR_PATH_MAX 96

/* Which of system_mounts mounts_system() mounted (not found mounted). */
static bool mounted_here[SYSTEM_MOUNT_COUNT];

/* Mounts m, or its fallback; a fallback root is made 0755. */
static int mount_one(const struct system_mount *m)
{
	if (mount(m->source ? m->source : m->fstype, m->dir, m->fstype, m->flags, m->options) == 0)
		return 0;
	if (errno != EINVAL || !m->fallback)
		return -errno;
	if (mount(m->fallback, m->dir, m->fallback, m->flags, NULL) != 0 || chmod(m->dir, 0755) != 0)
		return -errno;
	log_line("%s: %s unavailable, mounted %s", m->dir, m->fstype, m->fallback);
	return 0;
}

int mounts_is_mounted(const char *dir)
{
	char parent[64];
	struct stat here, up;

	snprintf(parent, sizeof(parent), "%s/..", dir);
	if (stat(dir, &here) != 0 || stat(parent, &up) != 0)
		return -errno;
	return here.st_dev != up.st_dev;
}

/* Why a mount failed; musl's strerror has no text for EUCLEAN, which
 * littlefs returns for a partition holding something else. */
static const char *mount_error(int err)
{
	return err == EUCLEAN ? "corrupted or not this filesystem (EUCLEAN)" : strerror(err);
}

int mounts_system(void)
{
	int failures = 0;

	for (unsigned i = 0; i < SYSTEM_MOUNT_COUNT; i++) {
		const struct system_mount *m = &system_mounts[i];
		int mounted = mounts_is_mounted(m->dir);

		if (mounted == 1)
			continue;
		if (mounted == 0)
			mounted = mount_one(m);
		if (mounted < 0) {
			log_line("cannot mount %s on %s: %s", m->fstype, m->dir, mount_error(-mounted));
			failures++;
			continue;
		}
		mounted_here[i] = true;
	}
	return failures;
}

/* Unmounts dir, or detaches it when that fails: 0 or -errno, failures logged. */
static int unmount_dir(const char *dir)
{
	int err;

	if (umount2(dir, 0) == 0)
		return 0;
	err = errno;
	if (umount2(dir, MNT_DETACH) == 0) {
		log_line("shutdown: cannot unmount %s: %s: detached", dir, strerror(err));
		return 0;
	}
	err = -errno;
	log_line("shutdown: cannot unmount %s, nor detach it: %s", dir, strerror(-err));
	return err;
}

/* Unmounts every mount point of MOUNTS_APPS_DIR: how many failed. */
static int unmount_app_images(void)
{
	char path[APP_DIR_PATH_MAX];
	struct dirent *e;
	int failures = 0;
	DIR *d = opendir(MOUNTS_APPS_DIR);

	if (!d) {
		log_line("shutdown: cannot read %s: %s", MOUNTS_APPS_DIR, strerror(errno));
		return 1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' ||
		    snprintf(path, sizeof(path), "%s/%s", MOUNTS_APPS_DIR, e->d_name) >=
			    (int)sizeof(path))
			continue;
		if (mounts_is_mounted(path) == 1 && unmount_dir(path) != 0)
			failures++;
	}
	closedir(d);
	return failures;
}

int mounts_unmount_all(void)
{
	int failures = unmount_app_images();

	for (unsigned i = SYSTEM_MOUNT_COUNT; i-- > 0;)
		if (mounted_here[i] && unmount_dir(system_mounts[i].dir) != 0)
			failures++;
	return failures;
}

int mounts_open_console(void)
{
	int fd;

	for (int std = STDIN_FILENO; std <= STDERR_FILENO; std++) {
		if (fcntl(std, F_GETFD) >= 0)
			continue;
		fd = open("/dev/console", std == STDIN_FILENO ? O_RDONLY : O_WRONLY | O_NOCTTY);
		if (fd < 0)
			return -errno;
		if (fd != std && (dup2(fd, std) < 0 || close(fd) != 0))
			return -errno;
	}
	fd = open("/dev/console", O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int mounts_app_image(unsigned slot, const char *dir)
{
	char source[16];

	snprintf(source, sizeof(source), "mtd:app%u", slot);
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		return -errno;
	if (mount(source, dir, "cramfs", MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) != 0)
		return -errno;
	return 0;
}

int mounts_app_image_remove(const char *dir)
{
	if (umount2(dir, 0) != 0 && errno != EINVAL)
		return -errno;
	return rmdir(dir) == 0 || errno == ENOENT ? 0 : -errno;
}
