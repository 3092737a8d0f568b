/* mounts.h — the filesystems appmgr mounts as PID 1: the kernel's pseudo
 * filesystems, small tmpfs for run state and app mount points (the root
 * filesystem is read-only cramfs), littlefs on the data partition, and each
 * app image straight from flash. */
#ifndef APPMGR_MOUNTS_H
#define APPMGR_MOUNTS_H

#define MOUNTS_APPS_DIR "/mnt/apps"
#define MOUNTS_DATA_DIR "/mnt/data"

/* Mounts proc on /proc, securityfs on /sys/kernel/security, cgroup2 on
 * /sys/fs/cgroup, devtmpfs on /dev, tmpfs on /run and on /mnt/apps, and
 * littlefs from mtd:data on /mnt/data (format=blank), each unless something
 * is mounted there already. Logs each failure and returns
 * how many failed. */
int mounts_system(void);

/* At shutdown: unmounts every app image under MOUNTS_APPS_DIR, then the
 * filesystems mounts_system() mounted, in reverse order. One that cannot be
 * unmounted (busy) is detached (MNT_DETACH) instead. Logs each failure and
 * returns how many could not even be detached. */
int mounts_unmount_all(void);

/* 1 when dir is the root of a mount other than its parent's, 0 when not,
 * -errno when it cannot be examined. */
int mounts_is_mounted(const char *dir);

/* Makes sure fds 0, 1 and 2 are open (on /dev/console) and returns a new
 * non-blocking, close-on-exec fd writing to the console, or -errno. */
int mounts_open_console(void);

/* Creates dir and mounts the cramfs image of partition "app<slot>" on it,
 * read-only, nosuid, nodev, straight from flash. 0 or -errno. */
int mounts_app_image(unsigned slot, const char *dir);

/* Unmounts the app image on dir (when one is) and removes dir: an app
 * stopped for good while the device runs. 0 or -errno (-EBUSY: a process
 * still uses it). */
int mounts_app_image_remove(const char *dir);

#endif
