/* cases_quota.c — the storage hostile app against its quota (8 KiB): a
 * file grown until a write is refused (EDQUOT), with every byte written
 * before kept; growth by truncate; many small files, then many
 * directories, each until the quota refuses one, so that one app cannot
 * fill the data partition; and after each, removing what it wrote lets it
 * write again (the charge is freed). Each filling case prints how far it
 * got ("store-hostile: # ...") and stops at a cap well past the quota, so
 * that without a quota it fails instead of filling the partition (the
 * directories case excepted: 64 directories outgrow the partition's 64
 * blocks, and it fails with ENOSPC). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "attempts.h"
#include "storage_files.h"
#include "store_hostile.h"

#define GROWN OWN_DIR "/grown"
#define AGAIN OWN_DIR "/again"
#define WRITE_SIZE 256u
#define GROW_CAP (2u * STORE_QUOTA_BYTES)
#define SMALL_FILE_SIZE 64u
#define SMALL_FILE_CAP 512u
#define DIR_CAP 64u
#define TRUNCATE_SIZE (64 * 1024)

static char pattern[GROW_CAP];   /* what the grown file holds (filled by the first case) */
static size_t grown;             /* bytes written before the quota refused a write */

/* Writes pattern[at, at + len) at the end of fd: the bytes written (a
 * short write counts), or -errno (-EIO for none written without error). */
static long write_more(int fd, size_t at, size_t len)
{
	ssize_t n = write(fd, pattern + at, len);

	return n < 0 ? -errno : n == 0 ? -EIO : n;
}

static int grow_until_refused(void)
{
	int fd = open(GROWN, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	long n = 0;

	if (fd < 0)
		return -errno;
	for (size_t i = 0; i < sizeof(pattern); i++)
		pattern[i] = (char)(i * 7u + 1u);
	for (grown = 0; grown + WRITE_SIZE <= GROW_CAP; grown += (size_t)n)
		if ((n = write_more(fd, grown, WRITE_SIZE)) < 0)
			break;
	close(fd);
	printf("store-hostile: # %zu bytes written, then %s\n", grown, errno_name(n < 0 ? (int)n : 0));
	return n < 0 ? (int)n : 0;
}

static int grown_bytes_kept(void) { return storage_holds(GROWN, pattern, grown); }
static int within_quota(void) { return grown <= STORE_QUOTA_BYTES ? 0 : -EFBIG; }

/* -EBADMSG when the refused truncate changed the file's size anyway. */
static int truncate_past_quota(void)
{
	int err = attempt_result(truncate(GROWN, TRUNCATE_SIZE));
	struct stat st;

	if (stat(GROWN, &st) != 0)
		return -errno;
	return (size_t)st.st_size == grown ? err : -EBADMSG;
}

/* After removing what filled it: a write of WRITE_SIZE bytes, read back. */
static int writes_again(void)
{
	int err = storage_write(AGAIN, pattern, WRITE_SIZE, 0600) ?: storage_holds(AGAIN, pattern, WRITE_SIZE);

	unlink(AGAIN);
	return err;
}

static int unlink_grown_writes_again(void) { return attempt_result(unlink(GROWN)) ?: writes_again(); }

static int create_small_file(unsigned i)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/f%u", OWN_DIR, i);
	return storage_write(path, pattern, SMALL_FILE_SIZE, 0600);
}

static int make_dir(unsigned i)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/d%u", OWN_DIR, i);
	return attempt_result(mkdir(path, 0700));
}

/* Calls make(0), make(1), ... until one fails or cap succeeded, and
 * prints how many did: the error of the one that failed, or 0. */
static int fill(int (*make)(unsigned), unsigned cap, const char *what)
{
	unsigned made = 0;
	int err = 0;

	while (made < cap && (err = make(made)) == 0)
		made++;
	printf("store-hostile: # %u %s made, then %s\n", made, what, errno_name(err));
	return err;
}

static int small_files_until_refused(void)
{
	return fill(create_small_file, SMALL_FILE_CAP, "64-byte files");
}

static int dirs_until_refused(void) { return fill(make_dir, DIR_CAP, "directories"); }

/* statfs says less is left than its quota once it is full. */
static int statfs_shows_full(void)
{
	unsigned long long total, left;
	int err = storage_quota(OWN_DIR, &total, &left);

	if (err)
		return err;
	printf("store-hostile: # statfs when full: %llu of %llu bytes left\n", left, total);
	return left < total ? 0 : -EPROTO;
}

static int empty_writes_again(void) { return own_dir_empty() ?: writes_again(); }

const struct attack_case quota_cases[] = {
	{ "grow a file in 256-byte writes until its quota refuses one", -EDQUOT, grow_until_refused },
	{ "every byte written before EDQUOT reads back (positive)", 0, grown_bytes_kept },
	{ "it wrote no more than its quota (positive)", 0, within_quota },
	{ "grow that file to 64 KiB by truncate (its size unchanged)", -EDQUOT, truncate_past_quota },
	{ "it writes again once it removed that file (positive)", 0, unlink_grown_writes_again },
	{ "create 64-byte files until its quota refuses one (the partition does not fill)", -EDQUOT,
	  small_files_until_refused },
	{ "statfs of its directory shows less left when full (positive)", 0, statfs_shows_full },
	{ "it writes again once it removed its files (positive)", 0, empty_writes_again },
	{ "make directories until its quota refuses one (the partition does not fill)", -EDQUOT,
	  dirs_until_refused },
	{ "it writes again once it removed its directories (positive)", 0, empty_writes_again },
};
const unsigned quota_case_count = CASE_COUNT(quota_cases);
