/* littlefs_vfs_quota.c — the littlefs filesystem test's directory quotas
 * (docs/littlefs.md, "Quotas"): trusted.littlefs.quota on a directory,
 * what each entry is charged (trusted.littlefs.used), EDQUOT at the quota
 * with nothing already written lost, statfs below the root, the charge
 * freed by unlink, truncate and rename, a file removed while open freed at
 * its close, directories kept from moving between roots, and the count
 * across a remount. Runs on the board's geometry: 256 KiB blocks, inline
 * files up to 256 bytes. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "littlefs_vfs_init.h"

#define Q MNT "/q"
#define QUOTA 2048
#define INLINE_MAX 256
#define BLOCK (256 * 1024)
/* An entry's name tag, struct tag and attribute tag, and the attribute. */
#define ENTRY(name_len) (3 * 4 + (name_len) + 40)

static long used(const char *dir)
{
	char text[24] = "";

	if (getxattr(dir, "trusted.littlefs.used", text, sizeof(text) - 1) <= 0)
		return -1;
	return strtol(text, NULL, 10);
}

static bool used_is(const char *dir, long want)
{
	long got = used(dir);

	if (got != want)
		printf("lfsvfs: %s: charged %ld bytes, want %ld\n", dir, got, want);
	return got == want;
}

static int set_quota(const char *dir, const char *bytes)
{
	return setxattr(dir, "trusted.littlefs.quota", bytes, strlen(bytes), 0);
}

/* Appends chunk-byte writes to fd until one fails; the bytes written. */
static long fill_file(int fd, size_t chunk, int *err)
{
	static const char bytes[INLINE_MAX] = { 'q' };
	long total = 0;
	ssize_t n;

	while ((n = write(fd, bytes, chunk)) > 0)
		total += n;
	*err = n < 0 ? errno : 0;
	return total;
}

static void setting(void)
{
	char text[16] = "";

	check(mkdir(Q, 0755) == 0 && set_quota(Q, "2048") == 0 &&
	      getxattr(Q, "trusted.littlefs.quota", text, sizeof(text) - 1) == 4 &&
	      strcmp(text, "2048") == 0, "a quota of 2048 bytes set and read back");
	check(used_is(Q, 0), "an empty quota root is charged nothing");
	check_errno(setxattr(Q, "trusted.littlefs.used", "0", 1, 0), EPERM,
		    "trusted.littlefs.used cannot be set (EPERM)");
	check_errno(set_quota(Q, "lots"), EINVAL, "a quota that is not a number is refused (EINVAL)");
	check(put(MNT "/plain", "p", O_EXCL) == 0, "a file for the next case");
	check_errno(set_quota(MNT "/plain", "100"), ENOTDIR, "a file cannot have a quota (ENOTDIR)");
	check_errno((int)getxattr(MNT, "trusted.littlefs.used", text, sizeof(text)), ENODATA,
		    "a directory without quota has no charge (ENODATA)");
}

static void charges(void)
{
	struct statfs sf;
	int fd, err;
	long n;

	check(put(Q "/f", "0123456789", O_EXCL) == 0 && used_is(Q, ENTRY(1) + 10),
	      "a 10-byte inline file is charged its entry and 10 bytes");
	check(statfs(Q, &sf) == 0 && sf.f_bsize == 1 && sf.f_blocks == QUOTA &&
	      sf.f_bavail == QUOTA - ENTRY(1) - 10, "statfs below the root: the quota and what is left");
	fd = open(Q "/f", O_WRONLY | O_APPEND);
	n = fd >= 0 ? fill_file(fd, 100, &err) : -1;
	check(n == 200 && err == EDQUOT, "growing past the inline size would take a block: EDQUOT");
	close(fd);
	check(used_is(Q, ENTRY(1) + 210), "the charge holds the 210 bytes written");
	{
		char want[210];

		memcpy(want, "0123456789", 10);
		memset(want + 10, 'q', 1);
		memset(want + 11, 0, 99);
		memset(want + 110, 'q', 1);
		memset(want + 111, 0, 99);
		check(holds(Q "/f", want, sizeof(want)), "nothing already written is lost");
	}
	check_errno(mkdir(Q "/d", 0755), EDQUOT, "a directory takes two blocks: EDQUOT");
	check_errno(truncate(Q "/f", INLINE_MAX + 1), EDQUOT, "a truncate past the inline size: EDQUOT");
	check(truncate(Q "/f", 5) == 0 && used_is(Q, ENTRY(1) + 5), "truncating frees the charge");
}

/* A quota of more than a block: a file past the inline size is charged
 * its whole block, and the block is freed when it is cut short again. */
static void blocks(void)
{
	static char big[INLINE_MAX + 44];

	check(mkdir(MNT "/qbig", 0755) == 0 && set_quota(MNT "/qbig", "300000") == 0,
	      "a quota root of 300000 bytes");
	memset(big, 'b', sizeof(big) - 1);
	check(put(MNT "/qbig/b", big, O_EXCL) == 0 && used_is(MNT "/qbig", ENTRY(1) + 8 + BLOCK),
	      "a 299-byte file is charged a whole block and its CTZ struct");
	check(truncate(MNT "/qbig/b", 100) == 0 && used_is(MNT "/qbig", ENTRY(1) + 100),
	      "cut to 100 bytes it is inline again and charged 100");
	check(unlink(MNT "/qbig/b") == 0 && rmdir(MNT "/qbig") == 0, "the file and its root removed");
}

/* Small files until EDQUOT: the quota stops one writer filling the partition. */
static void many_files(void)
{
	char path[64];
	int made = 0, fd, err = 0;
	long before = used(Q);

	for (;;) {
		snprintf(path, sizeof(path), Q "/n%02d", made);
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
		if (fd < 0) {
			err = errno;
			break;
		}
		if (write(fd, "0123456789", 10) != 10) {
			err = errno;
			close(fd);
			unlink(path);
			break;
		}
		close(fd);
		made++;
	}
	printf("lfsvfs: %d files of 10 bytes made, then %s\n", made, strerror(err));
	check(err == EDQUOT && made == (QUOTA - before) / (ENTRY(3) + 10),
	      "small files until the quota is used: then EDQUOT");
	check(access(Q "/n00", F_OK) == 0 && used(Q) <= QUOTA, "the files made are there, within quota");
	check(unlink(Q "/n00") == 0 && used_is(Q, before + (made - 1) * (ENTRY(3) + 10)) &&
	      put(Q "/n00", "0123456789", O_EXCL) == 0, "unlink frees the charge, a file fits again");
	check(put(MNT "/outside", "not charged", O_EXCL) == 0 && unlink(MNT "/outside") == 0,
	      "outside the quota root writes go on");
}

static void moves(void)
{
	long before = used(Q);
	int fd;

	check(rename(Q "/n01", Q "/n1") == 0 && used_is(Q, before - 1), "a shorter name frees its byte");
	check(rename(Q "/n1", MNT "/moved") == 0 && used_is(Q, before - 1 - ENTRY(2) - 10),
	      "a file moved out of the root frees its charge");
	check(rename(MNT "/moved", Q "/n01") == 0 && used_is(Q, before),
	      "and moved back in is charged again");
	check(mkdir(MNT "/dd", 0755) == 0, "a directory outside the root");
	check_errno(rename(MNT "/dd", Q "/dd"), EXDEV, "a directory does not move into a root (EXDEV)");
	check(rmdir(MNT "/dd") == 0, "and is removed");
	fd = open(Q "/n02", O_RDONLY);
	check(fd >= 0 && unlink(Q "/n02") == 0 && used_is(Q, before - ENTRY(3)),
	      "a file removed while open keeps its data charged");
	check(fd >= 0 && close(fd) == 0 && used_is(Q, before - ENTRY(3) - 10),
	      "and frees it at its last close");
}

static void persistence(void)
{
	long before = used(Q);

	check(umount(MNT) == 0 && mount_data(NULL) == 0, "unmount and mount again");
	check(used_is(Q, before), "the charge counted again from flash is the same");
	check(set_quota(Q, "0") == 0 && used(Q) == -1 && put(Q "/free", "no quota", O_EXCL) == 0,
	      "quota 0 removes the quota");
}

static void remove_tree(void)
{
	char path[64];
	bool ok = unlink(Q "/f") == 0 && unlink(Q "/free") == 0 && unlink(MNT "/plain") == 0;

	for (int i = 0; i < 64; i++) {
		snprintf(path, sizeof(path), Q "/n%02d", i);
		if (unlink(path) != 0 && errno != ENOENT)
			ok = false;
	}
	check(ok && rmdir(Q) == 0, "the quota root and its files are removed");
}

void quotas(void)
{
	setting();
	charges();
	blocks();
	many_files();
	moves();
	persistence();
	remove_tree();
}
