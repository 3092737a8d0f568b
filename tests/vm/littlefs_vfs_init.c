/* littlefs_vfs_init.c — PID 1 of the littlefs filesystem test
 * (tests/vm/test_littlefs_vfs.sh, docs/littlefs.md "In the kernel"). It
 * mounts the "data" partition with `mount -t littlefs mtd:data` and checks
 * POSIX calls on it with their exact errnos, prints one TAP line per check
 * ("lfsvfs: ok N - name"), the tree it leaves ("lfsvfs: list SIZE<TAB>/path",
 * as fsck.littlefs --list prints it), "lfsvfs: done P passed, F failed" and
 * powers off.
 *
 * The partition decides the run: erased, the blank-partition rules and the
 * whole POSIX suite run, with RAM figures ("lfsvfs: ram ..."); holding a
 * littlefs made on the host (a file /from-host), the host's files are read
 * back with the default owner and modes, and one file is added. Directory
 * quotas have their own part, littlefs_vfs_quota.c. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/ioctl.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <mtd/mtd-user.h>

#include "lfs_mtd.h"
#include "littlefs_vfs_init.h"

#define LFSVFS_MAGIC 0x6c667376
#define BIG_SIZE (600u * 1024u) /* three 256 KiB blocks */
#define APPENDERS 4
#define APPENDS 50
#define RECORD 16
#define RAM_FILES 32
#define WORKERS 3
#define MANY 150
#define ROUNDS 20

static unsigned checks, failures;

void check(bool ok, const char *name)
{
	checks++;
	if (!ok)
		failures++;
	printf("lfsvfs: %s %u - %s\n", ok ? "ok" : "not ok", checks, name);
}

void check_errno(int ret, int want, const char *name)
{
	int got = ret < 0 ? errno : 0;

	if (got != want)
		printf("lfsvfs: %s: got %s, want %s\n", name, got ? strerror(got) : "success",
		       strerror(want));
	check(got == want, name);
}

int mount_data(const char *options)
{
	return mount("mtd:data", MNT, "littlefs", 0, options);
}

int put(const char *path, const char *data, int flags)
{
	int fd = open(path, O_WRONLY | O_CREAT | flags, 0644);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, data, strlen(data));
	return close(fd) == 0 && n == (ssize_t)strlen(data) ? 0 : -1;
}

bool holds(const char *path, const void *want, size_t len)
{
	static char got[BIG_SIZE + 1];
	int fd = open(path, O_RDONLY);
	ssize_t n, total = 0;

	if (fd < 0)
		return false;
	while ((n = read(fd, got + total, sizeof(got) - total)) > 0)
		total += n;
	close(fd);
	return n == 0 && (size_t)total == len && memcmp(got, want, len) == 0;
}

static bool holds_str(const char *path, const char *want)
{
	return holds(path, want, strlen(want));
}

static bool stat_is(const char *path, mode_t mode, off_t size, uid_t uid, gid_t gid)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return false;
	if (st.st_mode != mode || st.st_size != size || st.st_uid != uid || st.st_gid != gid) {
		printf("lfsvfs: %s: mode %o size %lld uid %u gid %u\n", path, (unsigned)st.st_mode,
		       (long long)st.st_size, (unsigned)st.st_uid, (unsigned)st.st_gid);
		return false;
	}
	return true;
}

/* kB of a /proc/meminfo field. */
static long meminfo(const char *field)
{
	char line[128];
	size_t len = strlen(field);
	long kb = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, field, len) == 0 && line[len] == ':')
			kb = strtol(line + len + 1, NULL, 10);
	if (f)
		fclose(f);
	return kb;
}

/* The blank-partition rules: an erased partition is refused without
 * format=blank; a partition holding anything else is never formatted. */
static void blank_rules(void)
{
	static const char junk[16] = "not a littlefs!";
	char back[sizeof(junk)];
	struct lfs_mtd m;
	struct erase_info_user erase;
	int err;

	check_errno(mount_data(NULL), ENOMEDIUM, "an erased partition does not mount without format=blank (ENOMEDIUM)");
	err = lfs_mtd_open(&m, "data");
	check(err == 0, "the data partition opens through its character device");
	if (err)
		return;
	erase.start = m.cfg.block_size;
	erase.length = m.cfg.block_size;
	check(pwrite(m.fd, junk, sizeof(junk), m.cfg.block_size) == sizeof(junk),
	      "junk written into the superblock pair's second block");
	check_errno(mount_data("format=blank"), EUCLEAN,
		    "a partition holding junk is not formatted, even with format=blank (EUCLEAN)");
	check(pread(m.fd, back, sizeof(back), m.cfg.block_size) == sizeof(back) &&
	      memcmp(back, junk, sizeof(junk)) == 0, "the junk is left untouched");
	check(ioctl(m.fd, MEMERASE, &erase) == 0, "the junk block erased again");
	lfs_mtd_close(&m);
}

static void files(void)
{
	struct stat st;
	int fd;

	check(put(MNT "/a", "hello", O_EXCL) == 0, "create and write a file (O_CREAT|O_EXCL)");
	check(stat_is(MNT "/a", S_IFREG | 0644, 5, 0, 0), "stat: regular, 0644, 5 bytes, root:root");
	check_errno(open(MNT "/a", O_WRONLY | O_CREAT | O_EXCL, 0644), EEXIST, "O_CREAT|O_EXCL on an existing file (EEXIST)");
	check(put(MNT "/a", " world", O_APPEND) == 0 && holds_str(MNT "/a", "hello world"),
	      "O_APPEND writes at the end");
	fd = open(MNT "/a", O_RDWR);
	check(fd >= 0 && pwrite(fd, "J", 1, 0) == 1 && pwrite(fd, "!", 1, 14) == 1 &&
	      fsync(fd) == 0 && close(fd) == 0 &&
	      holds(MNT "/a", "Jello world\0\0\0!", 15), "pwrite inside and past the end (a zero gap), fsync");
	fd = open(MNT "/a", O_RDWR);
	check(fd >= 0 && ftruncate(fd, 3) == 0 && fstat(fd, &st) == 0 && st.st_size == 3 &&
	      close(fd) == 0 && holds_str(MNT "/a", "Jel"), "ftruncate shortens");
	check(truncate(MNT "/a", 6) == 0 && holds(MNT "/a", "Jel\0\0\0", 6), "truncate lengthens with zeros");
	check(put(MNT "/a", "new", O_TRUNC) == 0 && holds_str(MNT "/a", "new"), "O_TRUNC starts empty");
	check_errno(open(MNT "/missing", O_RDONLY), ENOENT, "open a missing file (ENOENT)");
	check_errno(open(MNT "/a/x", O_RDONLY), ENOTDIR, "a path through a file (ENOTDIR)");
	{
		char name[300];

		memset(name, 'n', sizeof(name));
		memcpy(name, MNT "/", strlen(MNT "/"));
		name[strlen(MNT "/") + 256] = '\0';
		check_errno(open(name, O_WRONLY | O_CREAT, 0644), ENAMETOOLONG, "a 256-byte name (ENAMETOOLONG)");
	}
}

static void names(void)
{
	check(rename(MNT "/a", MNT "/b") == 0 && access(MNT "/a", F_OK) != 0 && holds_str(MNT "/b", "new"),
	      "rename");
	check(put(MNT "/c", "C", 0) == 0 && rename(MNT "/c", MNT "/b") == 0 && holds_str(MNT "/b", "C") &&
	      access(MNT "/c", F_OK) != 0, "rename replaces an existing file");
	check(mkdir(MNT "/d", 0755) == 0 && stat_is(MNT "/d", S_IFDIR | 0755, 0, 0, 0), "mkdir");
	check_errno(mkdir(MNT "/d", 0755), EEXIST, "mkdir an existing directory (EEXIST)");
	check(put(MNT "/d/x", "x", 0) == 0, "a file in the directory");
	check_errno(rmdir(MNT "/d"), ENOTEMPTY, "rmdir a directory with entries (ENOTEMPTY)");
	check_errno(rename(MNT "/b", MNT "/d"), EISDIR, "rename a file onto a directory (EISDIR)");
	check_errno(rename(MNT "/d", MNT "/b"), ENOTDIR, "rename a directory onto a file (ENOTDIR)");
	check(mkdir(MNT "/e", 0700) == 0, "mkdir with mode 0700");
	check_errno(rename(MNT "/e", MNT "/d"), ENOTEMPTY, "rename onto a directory with entries (ENOTEMPTY)");
	check(rename(MNT "/d", MNT "/e") == 0 && holds_str(MNT "/e/x", "x") && access(MNT "/d", F_OK) != 0,
	      "rename a directory onto an empty one");
	check_errno(unlink(MNT "/e"), EISDIR, "unlink a directory (EISDIR)");
	check_errno(rmdir(MNT "/b"), ENOTDIR, "rmdir a file (ENOTDIR)");
	check(unlink(MNT "/e/x") == 0 && rmdir(MNT "/e") == 0 && access(MNT "/e", F_OK) != 0,
	      "unlink then rmdir");
	check_errno(unlink(MNT "/e"), ENOENT, "unlink a missing entry (ENOENT)");
	check(mkdir(MNT "/keep", 0750) == 0 && put(MNT "/keep/f", "kept", 0) == 0 &&
	      chmod(MNT "/keep/f", 0600) == 0 && chown(MNT "/keep/f", 1000, 1001) == 0 &&
	      stat_is(MNT "/keep/f", S_IFREG | 0600, 4, 1000, 1001), "chmod and chown");
	{
		const struct timespec times[2] = { { .tv_sec = 1700000000 }, { .tv_sec = 1234567890, .tv_nsec = 5 } };
		struct stat st;

		check(utimensat(AT_FDCWD, MNT "/keep/f", times, 0) == 0 && stat(MNT "/keep/f", &st) == 0 &&
		      st.st_mtim.tv_sec == 1234567890 && st.st_mtim.tv_nsec == 5, "utimensat sets mtime");
	}
}

static void pattern(unsigned char *buf, size_t len, unsigned seed)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (unsigned char)(i * 7 + seed + (i >> 12));
}

static void big_and_mmap(void)
{
	static unsigned char big[BIG_SIZE];
	struct statfs before, after;
	unsigned char *map;
	int fd;

	check(statfs(MNT, &before) == 0 && before.f_type == LFSVFS_MAGIC && before.f_bsize == 262144 &&
	      before.f_blocks == 64 && before.f_bfree < 64 && before.f_namelen == 255,
	      "statfs: littlefs, 64 blocks of 256 KiB, some in use, names up to 255");
	pattern(big, sizeof(big), 1);
	fd = open(MNT "/big", O_WRONLY | O_CREAT, 0644);
	check(fd >= 0 && write(fd, big, sizeof(big)) == sizeof(big) && close(fd) == 0 &&
	      holds(MNT "/big", big, sizeof(big)), "a 600 KiB file written and read back");
	check(statfs(MNT, &after) == 0 && after.f_bfree + 3 <= before.f_bfree,
	      "statfs counts the file's blocks as used");
	fd = open(MNT "/big", O_RDONLY);
	map = fd >= 0 ? mmap(NULL, sizeof(big), PROT_READ, MAP_SHARED, fd, 0) : MAP_FAILED;
	check(map != MAP_FAILED && memcmp(map, big, sizeof(big)) == 0, "mmap read of the file");
	pattern(big, 5000, 2);
	{
		int wfd = open(MNT "/big", O_WRONLY);

		check(wfd >= 0 && pwrite(wfd, big, 5000, 0) == 5000 && close(wfd) == 0 && map != MAP_FAILED &&
		      memcmp(map, big, sizeof(big)) == 0, "a write shows in the mapping");
	}
	check(truncate(MNT "/big", 100000) == 0 && map != MAP_FAILED && memcmp(map, big, 100000) == 0,
	      "truncate keeps the mapping's first bytes");
	if (map != MAP_FAILED)
		munmap(map, sizeof(big));
	if (fd >= 0)
		close(fd);
	fd = open(MNT "/big", O_RDWR);
	map = fd >= 0 ? mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) : MAP_FAILED;
	check_errno(map == MAP_FAILED ? -1 : 0, EINVAL, "a shared writable mapping is refused (EINVAL)");
	close(fd);
}

/* Two descriptors on one file share its content; several processes append
 * to one file at once and no record is lost or torn. */
static void sharing(void)
{
	char rec[RECORD + 1], got[RECORD];
	int a = open(MNT "/shared", O_RDWR | O_CREAT, 0644);
	int b = open(MNT "/shared", O_RDONLY);
	bool intact = true;
	int counts[APPENDERS] = { 0 }, status, fd;
	struct stat st;

	check(a >= 0 && b >= 0 && write(a, "seen", 4) == 4 && pread(b, got, 4, 0) == 4 &&
	      memcmp(got, "seen", 4) == 0, "a write on one descriptor is read on another before close");
	close(a);
	close(b);
	for (int p = 0; p < APPENDERS; p++) {
		if (fork() == 0) {
			int w = open(MNT "/log", O_WRONLY | O_CREAT | O_APPEND, 0644);

			for (int i = 0; w >= 0 && i < APPENDS; i++) {
				snprintf(rec, sizeof(rec), "p%d %011d\n", p, i);
				if (write(w, rec, RECORD) != RECORD)
					_exit(1);
			}
			_exit(w >= 0 && close(w) == 0 ? 0 : 1);
		}
	}
	for (int p = 0; p < APPENDERS; p++)
		intact = intact && wait(&status) > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
	check(intact, "four processes append to one file at once");
	fd = open(MNT "/log", O_RDONLY);
	while (fd >= 0 && read(fd, got, RECORD) == RECORD) {
		int p = got[1] - '0';

		if (got[0] != 'p' || p < 0 || p >= APPENDERS || atoi(got + 3) != counts[p]++)
			intact = false;
	}
	for (int p = 0; p < APPENDERS; p++)
		intact = intact && counts[p] == APPENDS;
	check(fd >= 0 && fstat(fd, &st) == 0 && st.st_size == APPENDERS * APPENDS * RECORD && intact,
	      "every appended record is there, whole and in each writer's order");
	close(fd);
}

/* A file unlinked or replaced by a rename while open stays readable
 * through its open descriptor, and closing it leaves the new entry alone. */
static void open_while_gone(void)
{
	char got[8] = { 0 };
	int fd;

	fd = (put(MNT "/gone", "old", O_EXCL) == 0) ? open(MNT "/gone", O_RDONLY) : -1;
	check(fd >= 0 && unlink(MNT "/gone") == 0 && access(MNT "/gone", F_OK) != 0 &&
	      pread(fd, got, sizeof(got), 0) == 3 && memcmp(got, "old", 3) == 0 && close(fd) == 0 &&
	      access(MNT "/gone", F_OK) != 0, "an unlinked file reads on through its descriptor");
	fd = (put(MNT "/victim", "victim", O_EXCL) == 0) ? open(MNT "/victim", O_RDONLY) : -1;
	check(fd >= 0 && put(MNT "/winner", "winner", O_EXCL) == 0 &&
	      rename(MNT "/winner", MNT "/victim") == 0 && pread(fd, got, sizeof(got), 0) == 6 &&
	      memcmp(got, "victim", 6) == 0 && close(fd) == 0 && holds_str(MNT "/victim", "winner") &&
	      unlink(MNT "/victim") == 0, "a file replaced by a rename reads on through its descriptor");
}

/* Copies between user memory and a file never hold the filesystem while
 * they fault: write() from, and read() into, a mapping of another
 * littlefs file whose pages are not read in yet. */
static void copies_through_mappings(void)
{
	static unsigned char want[3 * 4096];
	int src = -1, dst;
	unsigned char *map = MAP_FAILED;
	bool ok;

	pattern(want, sizeof(want), 4);
	dst = open(MNT "/copy-src", O_RDWR | O_CREAT | O_EXCL, 0644);
	ok = dst >= 0 && write(dst, want, sizeof(want)) == sizeof(want) && close(dst) == 0;
	if (ok)
		src = open(MNT "/copy-src", O_RDONLY);
	if (src >= 0)
		map = mmap(NULL, sizeof(want), PROT_READ | PROT_WRITE, MAP_PRIVATE, src, 0);
	dst = open(MNT "/copy-dst", O_RDWR | O_CREAT | O_EXCL, 0644);
	ok = ok && map != MAP_FAILED && dst >= 0 && write(dst, map, 4096) == 4096 &&
	     pread(dst, map + 4096, 4096, 0) == 4096 && close(dst) == 0 &&
	     memcmp(map + 4096, want, 4096) == 0 && memcmp(map + 8192, want + 8192, 4096) == 0 &&
	     holds(MNT "/copy-dst", want, 4096);
	check(ok, "write from and read into a mapping of a littlefs file");
	if (map != MAP_FAILED)
		munmap(map, sizeof(want));
	close(src);
	unlink(MNT "/copy-src");
	unlink(MNT "/copy-dst");
}

/* A directory larger than one getdents buffer lists every entry once. */
static void many_entries(void)
{
	char path[64];
	struct dirent *e;
	int made = 0, seen = 0;
	DIR *d;

	mkdir(MNT "/many", 0755);
	for (int i = 0; i < MANY; i++) {
		snprintf(path, sizeof(path), MNT "/many/entry-with-a-longish-name-%03d", i);
		made += put(path, "", O_EXCL) == 0;
	}
	d = opendir(MNT "/many");
	while (d && (e = readdir(d)))
		seen += strncmp(e->d_name, "entry-", 6) == 0;
	if (d)
		closedir(d);
	check(made == MANY && seen == MANY, "readdir lists each of 150 entries once");
	for (int i = 0; i < MANY; i++) {
		snprintf(path, sizeof(path), MNT "/many/entry-with-a-longish-name-%03d", i);
		unlink(path);
	}
	check(rmdir(MNT "/many") == 0, "and the directory empties");
}

/* Several processes create, write, read back, rename and unlink files
 * in their own directories at once, while another lists them. */
static void busy(void)
{
	bool ok = true;
	int status;

	for (int p = 0; p < WORKERS; p++) {
		if (fork() == 0) {
			char dir[32], a[48], b[48], data[64];

			snprintf(dir, sizeof(dir), MNT "/w%d", p);
			if (mkdir(dir, 0755) != 0)
				_exit(1);
			for (int i = 0; i < ROUNDS; i++) {
				snprintf(a, sizeof(a), "%s/a%d", dir, i);
				snprintf(b, sizeof(b), "%s/b%d", dir, i);
				snprintf(data, sizeof(data), "worker %d round %d\n", p, i);
				if (put(a, data, O_EXCL) != 0 || rename(a, b) != 0 || !holds_str(b, data) ||
				    (i > 0 && unlink(a) == 0))
					_exit(2);
				if (i % 2 && unlink(b) != 0)
					_exit(3);
			}
			_exit(0);
		}
	}
	if (fork() == 0) {
		for (int i = 0; i < ROUNDS; i++) {
			DIR *d = opendir(MNT);

			while (d && readdir(d))
				;
			if (!d || closedir(d) != 0)
				_exit(1);
		}
		_exit(0);
	}
	for (int p = 0; p <= WORKERS; p++)
		ok = wait(&status) > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 && ok;
	check(ok, "processes create, rename, read and unlink files while another lists the root");
	for (int p = 0; ok && p < WORKERS; p++) {
		char path[48];

		for (int i = 0; i < ROUNDS; i++) {
			snprintf(path, sizeof(path), MNT "/w%d/b%d", p, i);
			ok = ok && (access(path, F_OK) == 0) == (i % 2 == 0) && (i % 2 || unlink(path) == 0);
		}
		snprintf(path, sizeof(path), MNT "/w%d", p);
		ok = ok && rmdir(path) == 0;
	}
	check(ok, "their files are there, or gone, as each one left them");
}

/* Writing until the partition is full fails with ENOSPC, and deleting
 * the file gives the space back. */
static void full(void)
{
	static unsigned char chunk[64 * 1024];
	struct statfs before, after;
	ssize_t n = 0;
	long total = 0;
	int fd, err = 0;

	statfs(MNT, &before);
	pattern(chunk, sizeof(chunk), 3);
	fd = open(MNT "/full", O_WRONLY | O_CREAT, 0644);
	while (fd >= 0 && total < 32L * 1024 * 1024 && (n = write(fd, chunk, sizeof(chunk))) > 0)
		total += n;
	err = n < 0 ? errno : 0;
	printf("lfsvfs: the partition took %ld KiB of one file\n", total / 1024);
	check(err == ENOSPC && total > 8L * 1024 * 1024, "writing past the partition's end fails with ENOSPC");
	close(fd);
	check(unlink(MNT "/full") == 0 && statfs(MNT, &after) == 0 && after.f_bfree == before.f_bfree,
	      "unlinking the file gives its blocks back");
	check(put(MNT "/after-full", "ok", O_EXCL) == 0 && holds_str(MNT "/after-full", "ok") &&
	      unlink(MNT "/after-full") == 0, "the filesystem works after being full");
}

/* RAM of the mount and of open files, from /proc/meminfo (whole kB of
 * slab pages: the kernel's own figures are in its mount line). The files
 * are created first, so that only opening them is measured. */
static void ram(long slab_before_mount, long free_before_mount)
{
	int fds[RAM_FILES];
	char path[32];
	long slab, mem;

	printf("lfsvfs: ram mount: slab +%ld kB, free -%ld kB\n", meminfo("Slab") - slab_before_mount,
	       free_before_mount - meminfo("MemFree"));
	for (int i = 0; i < RAM_FILES; i++) {
		snprintf(path, sizeof(path), MNT "/ram%d", i);
		close(open(path, O_RDWR | O_CREAT, 0644));
	}
	slab = meminfo("Slab");
	mem = meminfo("MemFree");
	for (int i = 0; i < RAM_FILES; i++) {
		snprintf(path, sizeof(path), MNT "/ram%d", i);
		fds[i] = open(path, O_RDWR);
	}
	printf("lfsvfs: ram %d open files: slab +%ld kB, free -%ld kB\n", RAM_FILES,
	       meminfo("Slab") - slab, mem - meminfo("MemFree"));
	for (int i = 0; i < RAM_FILES; i++) {
		close(fds[i]);
		snprintf(path, sizeof(path), MNT "/ram%d", i);
		unlink(path);
	}
}

static void list(const char *dir)
{
	char path[512];
	struct dirent *e;
	struct stat st;
	DIR *d = opendir(dir);

	while (d && (e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			printf("lfsvfs: list dir\t%s\n", path + strlen(MNT));
			list(path);
		} else {
			printf("lfsvfs: list %lld\t%s\n", (long long)st.st_size, path + strlen(MNT));
		}
	}
	if (d)
		closedir(d);
}

static bool mtime_is(const char *path, time_t sec, long nsec)
{
	struct stat st;

	return stat(path, &st) == 0 && st.st_mtim.tv_sec == sec && st.st_mtim.tv_nsec == nsec;
}

static void remount(void)
{
	struct stat log;

	check(stat(MNT "/log", &log) == 0 && log.st_mtime > 0, "writes set mtime");
	check(umount(MNT) == 0, "unmount");
	check(mount("mtd:data", MNT, "littlefs", MS_RDONLY, NULL) == 0 && holds_str(MNT "/b", "C"),
	      "a read-only mount reads");
	check_errno(open(MNT "/b", O_WRONLY), EROFS, "and refuses writes (EROFS)");
	check_errno(mount("mtd:data", MNT, "littlefs", MS_REMOUNT, NULL), EINVAL,
		    "a remount from read-only to read-write is refused (EINVAL)");
	check(umount(MNT) == 0, "unmount the read-only mount");
	check(mount_data(NULL) == 0, "a second mount, without options");
	check(holds_str(MNT "/b", "C") && holds_str(MNT "/keep/f", "kept") &&
	      stat_is(MNT "/keep/f", S_IFREG | 0600, 4, 1000, 1001) &&
	      stat_is(MNT "/keep", S_IFDIR | 0750, 0, 0, 0) && mtime_is(MNT "/keep/f", 1234567890, 5) &&
	      stat_is(MNT "/log", S_IFREG | 0644, APPENDERS * APPENDS * RECORD, 0, 0) &&
	      mtime_is(MNT "/log", log.st_mtim.tv_sec, log.st_mtim.tv_nsec),
	      "the second mount keeps contents, modes, owners and times");
}

static void fresh_partition(void)
{
	long slab, mem;

	blank_rules();
	slab = meminfo("Slab");
	mem = meminfo("MemFree");
	check(mount_data("format=blank") == 0, "an erased partition is formatted with format=blank");
	ram(slab, mem);
	files();
	names();
	big_and_mmap();
	sharing();
	open_while_gone();
	copies_through_mappings();
	many_entries();
	busy();
	full();
	remount();
	quotas();
}

/* A littlefs made by spherule flash build --storage-root: the files read
 * back with the defaults for entries without the attribute. */
static void host_partition(void)
{
	check(holds_str(MNT "/from-host", "made on the host\n"), "a file made on the host reads back");
	check(stat_is(MNT "/from-host", S_IFREG | 0644, 17, 0, 0) &&
	      stat_is(MNT "/dir", S_IFDIR | 0755, 0, 0, 0), "host entries are root:root, 0644 and 0755");
	check(holds_str(MNT "/dir/inner", "inner\n"), "a file in a host-made directory reads back");
	check(put(MNT "/dir/from-device", "written on the device\n", O_EXCL) == 0,
	      "a file added on the device");
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	umask(022);
	if (mount("proc", "/proc", "proc", 0, NULL) != 0) {
		check(false, "mount /proc");
	} else if (mount_data(NULL) == 0) {
		host_partition();
	} else {
		fresh_partition();
	}
	list(MNT);
	check(umount(MNT) == 0, "the final unmount");
	printf("lfsvfs: done %u passed, %u failed\n", checks - failures, failures);
	sync();
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}
