/* fsbench_init.c — PID 1 of the filesystem bench (bench/littlefs_vs_jffs2.sh,
 * docs/littlefs.md "Beside jffs2"). The one-line file /etc/fsbench of its
 * root filesystem names the filesystem: "littlefs" or "jffs2", mounted on
 * the "data" partition as mtd:data, or "none" (only the RAM at boot). The
 * host boots the same flash twice per filesystem, and the partition decides
 * the boot. It prints on the console:
 *
 *   fsbench: start FS first|second
 *   fsbench: ram boot ...          the board idle, nothing mounted (ram_snapshot.h)
 *
 * then, on the first boot (blocks 0 and 1 of the partition erased), each
 * step between two markers:
 *
 *   fsbench: marker start
 *   fsbench: ram before-mount ...
 *   fsbench: ram mounted ...       mounted (littlefs formats it: format=blank)
 *   fsbench: marker mounted
 *   fsbench: workload bytes=B usec=U   the write workload (workload.h)
 *   fsbench: marker written
 *
 * and writes the files the second boot opens; or, on the second boot (the
 * files on the partition):
 *
 *   fsbench: ram before-mount ...
 *   fsbench: ram mounted ...
 *   fsbench: ram opened ...        OPEN_FILES one-line files open and held
 *   fsbench: open files=N
 *
 * then unmounts, prints "fsbench: done" and powers off; on an error "fsbench:
 * failed: WHAT: ERROR", then powers off. Each boot starts with the kernel's
 * slabs as boot left them: RAM freed earlier in the same boot, kept by the
 * slab allocator, would hide what a mount takes. After each step the board
 * is left to settle (settle.h), so that what jffs2 does in its background
 * thread is counted in the step that caused it. Each marker is the erase of
 * the first block of partition app15 before its line is printed: in QEMU's
 * trace of the flash (the host's count of bytes programmed and blocks
 * erased) the markers split the data partition's programs and erases by
 * step. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <mtd/mtd-user.h>

#include "lfs_mtd.h"
#include "power_off.h"
#include "ram_snapshot.h"
#include "settle.h"
#include "workload.h"

#define MNT "/mnt/data"
#define OPEN_DIR MNT "/open"
#define OPEN_FILES 128
#define OPEN_FILE_TEXT "one small file\n"
#define MARKER_PARTITION "app15"

static _Noreturn void fail(const char *what, int err)
{
	printf("fsbench: failed: %s: %s\n", what, strerror(err));
	power_off();
}

/* Stops the bench on a negative errno. */
static void must(int ret, const char *what)
{
	if (ret < 0)
		fail(what, -ret);
}

static int errno_of(int ret)
{
	return ret == 0 ? 0 : -errno;
}

/* The filesystem named by /etc/fsbench, in out. */
static void which_fs(char *out, size_t len)
{
	FILE *f = fopen("/etc/fsbench", "re");

	if (!f)
		fail("/etc/fsbench", errno);
	if (!fgets(out, (int)len, f))
		fail("/etc/fsbench", EINVAL);
	fclose(f);
	out[strcspn(out, "\n")] = 0;
	if (strcmp(out, "littlefs") && strcmp(out, "jffs2") && strcmp(out, "none"))
		fail("/etc/fsbench: not littlefs, jffs2 or none", EINVAL);
}

static void settled(const char *after)
{
	if (settle() < 0)
		fail(after, ETIMEDOUT);
}

static void ram(const char *label)
{
	if (ram_snapshot("fsbench", label) < 0)
		fail("/proc/meminfo or /proc/zoneinfo", EIO);
}

/* The character device of MTD partition `name`, opened with flags; its
 * geometry in info. */
static int open_partition(const char *name, int flags, struct mtd_info_user *info)
{
	char path[32];
	int num = lfs_mtd_find(name), fd;

	must(num, name);
	snprintf(path, sizeof(path), "/dev/mtd%d", num);
	if ((fd = open(path, flags | O_CLOEXEC)) < 0)
		fail(path, errno);
	if (ioctl(fd, MEMGETINFO, info) != 0)
		fail("MEMGETINFO", errno);
	return fd;
}

/* Erases the first block of MARKER_PARTITION, then prints the marker. */
static void marker(const char *name)
{
	struct mtd_info_user info;
	int fd = open_partition(MARKER_PARTITION, O_RDWR, &info);
	struct erase_info_user e = { .start = 0, .length = info.erasesize };

	if (ioctl(fd, MEMERASE, &e) != 0)
		fail("MEMERASE", errno);
	close(fd);
	printf("fsbench: marker %s\n", name);
}

static void open_file_path(char *out, size_t len, int i)
{
	snprintf(out, len, OPEN_DIR "/o%03d", i);
}

/* Writes the files the second boot opens: OPEN_FILES files of one line in
 * OPEN_DIR (after the workload: their programs are not counted). */
static void make_open_files(void)
{
	char path[64];
	int fd;

	if (mkdir(OPEN_DIR, 0755) != 0)
		fail(OPEN_DIR, errno);
	for (int i = 0; i < OPEN_FILES; i++) {
		open_file_path(path, sizeof(path), i);
		if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) < 0)
			fail(path, errno);
		if (write(fd, OPEN_FILE_TEXT, strlen(OPEN_FILE_TEXT)) != (ssize_t)strlen(OPEN_FILE_TEXT))
			fail(path, errno ? errno : EIO);
		if (close(fd) != 0)
			fail(path, errno);
	}
}

/* Opens the files make_open_files wrote, prints the RAM with them open,
 * closes them. */
static void open_files(void)
{
	int fds[OPEN_FILES];
	char path[64];

	for (int i = 0; i < OPEN_FILES; i++) {
		open_file_path(path, sizeof(path), i);
		if ((fds[i] = open(path, O_RDONLY | O_CLOEXEC)) < 0)
			fail(path, errno);
	}
	ram("opened");
	printf("fsbench: open files=%d\n", OPEN_FILES);
	for (int i = 0; i < OPEN_FILES; i++)
		close(fds[i]);
}

/* Whether blocks 0 and 1 of the data partition are all 0xFF. */
static bool data_erased(void)
{
	static uint8_t buf[4096];
	struct mtd_info_user info;
	int fd = open_partition("data", O_RDONLY, &info);
	bool erased = true;

	for (uint32_t off = 0; erased && off < 2 * info.erasesize; off += sizeof(buf)) {
		if (pread(fd, buf, sizeof(buf), off) != (ssize_t)sizeof(buf))
			fail("read data", errno ? errno : EIO);
		for (size_t i = 0; erased && i < sizeof(buf); i++)
			erased = buf[i] == 0xff;
	}
	close(fd);
	return erased;
}

static void mount_measured(const char *fs, const char *options)
{
	ram("before-mount");
	must(errno_of(mount("mtd:data", MNT, fs, 0, options)), "mount");
	settled("mount");
	ram("mounted");
}

static void first_boot(const char *fs)
{
	unsigned long bytes;
	long long usec;
	int err;

	marker("start");
	mount_measured(fs, strcmp(fs, "littlefs") == 0 ? "format=blank" : NULL);
	marker("mounted");
	if ((err = workload_run(MNT, &bytes, &usec)) < 0) {
		printf("fsbench: workload stopped after %lu bytes\n", bytes);
		fail("workload", -err);
	}
	printf("fsbench: workload bytes=%lu usec=%lld\n", bytes, usec);
	settled("workload");
	marker("written");
	make_open_files();
}

static void second_boot(const char *fs)
{
	mount_measured(fs, NULL);
	open_files();
}

int main(void)
{
	char fs[16];
	bool first;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (mount("proc", "/proc", "proc", 0, NULL) != 0)
		fail("mount /proc", errno);
	which_fs(fs, sizeof(fs));
	first = strcmp(fs, "none") == 0 || data_erased();
	printf("fsbench: start %s %s\n", fs, first ? "first" : "second");
	settled("boot");
	ram("boot");
	if (strcmp(fs, "none") != 0) {
		(first ? first_boot : second_boot)(fs);
		must(errno_of(umount(MNT)), "unmount");
	}
	printf("fsbench: done\n");
	power_off();
}
