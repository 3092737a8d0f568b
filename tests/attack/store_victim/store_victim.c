/* store_victim — the storage victim of the attack suite (per-app storage,
 * docs/security-model.md). Its manifest gives it 8 KiB of storage. It
 * writes its secret (mode 0666) into its storage directory and opens the
 * directory to everyone (mode 0777), so that nothing but the Spherule LSM
 * stands between the other apps and its file, and prints
 *   store-victim: ok N - <case> (got <errno name>)     (case_report.h)
 *   store-victim: done P passed, F failed
 *   store-victim: ready
 * Then, every 2 s, it checks that its secret is intact (content, mode,
 * owner), that its directory holds nothing but its own files and that it
 * can still write (another app filling its own quota must not stop it),
 * and prints "store-victim: check N: intact" or
 * "store-victim: check N: <what>: <errno name>". tests/attack/test_attack.sh
 * waits for a check made after the attackers finished. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "attempts.h"
#include "case_report.h"
#include "storage_files.h"
#include "store_names.h"

#define CHECK_INTERVAL_S 2
#define PROBE_NAME "probe"

static const char dir[] = STORE_VICTIM_DIR;
static const char secret[] = STORE_VICTIM_SECRET;
static const char probe[] = STORE_VICTIM_DIR "/" PROBE_NAME;

static int storage_dir_is_its_own(void) { return storage_dir_check(STORE_VICTIM_ID); }

static int directory_given(void) { return storage_owned(dir, S_IFDIR, 0700); }

static int write_secret(void)
{
	return storage_write(secret, STORE_SECRET_TEXT, strlen(STORE_SECRET_TEXT), 0666) ?:
	       storage_holds(secret, STORE_SECRET_TEXT, strlen(STORE_SECRET_TEXT));
}

static int open_directory(void) { return attempt_result(chmod(dir, 0777)); }

static int statfs_quota(void) { return storage_has_quota(dir, STORE_QUOTA_BYTES); }

static const struct attack_case setup_cases[] = {
	{ "its SPHERULE_STORAGE_DIR is /mnt/data/apps/<its id> (positive)", 0, storage_dir_is_its_own },
	{ "appmgr gave it its directory, its own, mode 0700 (positive)", 0, directory_given },
	{ "write its secret, mode 0666 (positive)", 0, write_secret },
	{ "open its directory to everyone, mode 0777 (positive)", 0, open_directory },
	{ "statfs of its directory reports its quota of 8 KiB (positive)", 0, statfs_quota },
};

/* -EEXIST for an entry it did not write. */
static int its_own_entry(const char *in, const char *name, void *ctx)
{
	return strcmp(name, STORE_SECRET_NAME) == 0 || strcmp(name, PROBE_NAME) == 0 ? 0 : -EEXIST;
}

/* One round: 0, or -errno with *what naming the step that failed. */
static int check_files(unsigned round, const char **what)
{
	char text[32];
	int err;

	*what = "its secret reads back";
	if ((err = storage_holds(secret, STORE_SECRET_TEXT, strlen(STORE_SECRET_TEXT))) != 0)
		return err;
	*what = "its secret keeps its owner and mode 0666";
	if ((err = storage_owned(secret, S_IFREG, 0666)) != 0)
		return err;
	*what = "its directory keeps its owner and mode 0777";
	if ((err = storage_owned(dir, S_IFDIR, 0777)) != 0)
		return err;
	*what = "its directory holds only its own files";
	if ((err = storage_each(dir, its_own_entry, NULL)) != 0)
		return err;
	*what = "it writes and reads back a file";
	snprintf(text, sizeof(text), "probe %u\n", round);
	return storage_write(probe, text, strlen(text), 0600) ?: storage_holds(probe, text, strlen(text));
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("store-victim: start\n");
	cases_run("store-victim", setup_cases, CASE_COUNT(setup_cases));
	printf("store-victim: ready\n");
	for (unsigned round = 1;; round++) {
		const char *what;
		int err = check_files(round, &what);

		if (err == 0)
			printf("store-victim: check %u: intact\n", round);
		else
			printf("store-victim: check %u: %s: %s\n", round, what, errno_name(err));
		sleep(CHECK_INTERVAL_S);
	}
}
