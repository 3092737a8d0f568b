/* cases_other.c — the storage hostile app against the storage victim's
 * directory, which the victim opened to everyone (mode 0777, its secret
 * mode 0666: only the Spherule LSM refuses), by every path and every
 * operation that reaches a file; and against the rest of the data
 * partition: /mnt/data and /mnt/data/apps themselves, a directory for
 * another component id, its own directory's name and place. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "attempts.h"
#include "store_hostile.h"

#define NOBODY_DIR STORE_APPS_DIR "/" STORE_NOBODY_ID

static int read_secret(void) { return try_open(STORE_VICTIM_SECRET, O_RDONLY); }
static int write_secret(void) { return try_open(STORE_VICTIM_SECRET, O_WRONLY); }

static int open_secret_creating(void)
{
	int fd = open(STORE_VICTIM_SECRET, O_RDWR | O_CREAT | O_CLOEXEC, 0666);

	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

static int create_in_victim_dir(void) { return try_create(STORE_VICTIM_DIR "/planted"); }
static int stat_secret(void) { return try_stat(STORE_VICTIM_SECRET); }
static int stat_victim_dir(void) { return try_stat(STORE_VICTIM_DIR); }
static int list_victim_dir(void) { return try_open(STORE_VICTIM_DIR, O_RDONLY | O_DIRECTORY); }

/* Its working directory (its image) is restored if the chdir succeeds. */
static int chdir_victim_dir(void)
{
	int here = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC), err;

	if (here < 0)
		return -errno;
	err = attempt_result(chdir(STORE_VICTIM_DIR));
	if (err == 0 && fchdir(here) != 0)
		err = -EIO;
	close(here);
	return err;
}

/* An O_PATH descriptor names the directory without opening it; the secret
 * relative to it. */
static int secret_from_path_fd(void)
{
	int dir = open(STORE_VICTIM_DIR, O_PATH | O_DIRECTORY | O_CLOEXEC), fd;

	if (dir < 0)
		return -errno;
	fd = openat(dir, STORE_SECRET_NAME, O_RDONLY | O_CLOEXEC);
	close(dir);
	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

static int secret_via_own_dir(void)
{
	return try_open(OWN_DIR "/../" STORE_VICTIM_ID "/" STORE_SECRET_NAME, O_RDONLY);
}

static int secret_via_proc_root(void) { return try_open("/proc/self/root" STORE_VICTIM_SECRET, O_RDONLY); }

/* Its working directory is its image, /mnt/apps/<its id>. */
static int secret_via_proc_cwd(void)
{
	return try_open("/proc/self/cwd/../../data/apps/" STORE_VICTIM_ID "/" STORE_SECRET_NAME, O_RDONLY);
}

static int unlink_secret(void) { return attempt_result(unlink(STORE_VICTIM_SECRET)); }
static int truncate_secret(void) { return attempt_result(truncate(STORE_VICTIM_SECRET, 0)); }
static int chmod_secret(void) { return attempt_result(chmod(STORE_VICTIM_SECRET, 0600)); }
static int rename_secret_to_own(void) { return attempt_result(rename(STORE_VICTIM_SECRET, OWN_DIR "/stolen")); }
static int rename_own_to_victim(void) { return attempt_result(rename(OWN_FILE, STORE_VICTIM_DIR "/planted")); }
static int link_own_to_victim(void) { return attempt_result(link(OWN_FILE, STORE_VICTIM_DIR "/planted")); }
static int link_secret_to_own(void) { return attempt_result(link(STORE_VICTIM_SECRET, OWN_DIR "/stolen")); }
static int symlink_in_victim_dir(void) { return attempt_result(symlink(OWN_FILE, STORE_VICTIM_DIR "/planted")); }

static int list_apps_dir(void) { return try_open(STORE_APPS_DIR, O_RDONLY | O_DIRECTORY); }
static int list_data(void) { return try_open(STORE_DATA_DIR, O_RDONLY | O_DIRECTORY); }
static int create_in_data(void) { return try_create(STORE_DATA_DIR "/planted"); }
static int create_in_apps_dir(void) { return try_create(STORE_APPS_DIR "/planted"); }
static int mkdir_for_nobody(void) { return attempt_result(mkdir(NOBODY_DIR, 0700)); }
static int rename_own_dir(void) { return attempt_result(rename(OWN_DIR, NOBODY_DIR)); }
static int remove_own_dir(void) { return attempt_result(rmdir(OWN_DIR)); }
static int move_own_file_to_data(void) { return attempt_result(rename(OWN_FILE, STORE_DATA_DIR "/planted")); }
static int statfs_data(void) { return try_statfs(STORE_DATA_DIR); }

const struct attack_case other_cases[] = {
	{ "open the victim's secret for reading (mode 0666)", -EACCES, read_secret },
	{ "open the victim's secret for writing", -EACCES, write_secret },
	{ "open the victim's secret with O_CREAT", -EACCES, open_secret_creating },
	{ "create a file in the victim's directory (mode 0777)", -EACCES, create_in_victim_dir },
	{ "stat the victim's secret", -EACCES, stat_secret },
	{ "stat the victim's directory", -EACCES, stat_victim_dir },
	{ "list the victim's directory", -EACCES, list_victim_dir },
	{ "chdir into the victim's directory", -EACCES, chdir_victim_dir },
	{ "the victim's secret relative to an O_PATH descriptor of its directory", -EACCES,
	  secret_from_path_fd },
	{ "the victim's secret through its own directory's ..", -EACCES, secret_via_own_dir },
	{ "the victim's secret through /proc/self/root", -EACCES, secret_via_proc_root },
	{ "the victim's secret through /proc/self/cwd/../../data", -EACCES, secret_via_proc_cwd },
	{ "unlink the victim's secret", -EACCES, unlink_secret },
	{ "truncate the victim's secret", -EACCES, truncate_secret },
	{ "chmod the victim's secret", -EACCES, chmod_secret },
	{ "rename the victim's secret into its own directory", -EACCES, rename_secret_to_own },
	{ "rename its own file into the victim's directory", -EACCES, rename_own_to_victim },
	{ "hard link its own file into the victim's directory", -EACCES, link_own_to_victim },
	{ "hard link the victim's secret into its own directory", -EACCES, link_secret_to_own },
	{ "symlink in the victim's directory", -EACCES, symlink_in_victim_dir },
	{ "list /mnt/data/apps", -EACCES, list_apps_dir },
	{ "list /mnt/data", -EACCES, list_data },
	{ "create a file in /mnt/data", -EACCES, create_in_data },
	{ "create a file in /mnt/data/apps", -EACCES, create_in_apps_dir },
	{ "make the storage directory of another component id", -EACCES, mkdir_for_nobody },
	{ "rename its storage directory", -EACCES, rename_own_dir },
	{ "remove its storage directory", -EACCES, remove_own_dir },
	{ "move its own file out of its directory, to /mnt/data", -EACCES, move_own_file_to_data },
	{ "statfs of the whole partition (/mnt/data)", -EACCES, statfs_data },
};
const unsigned other_case_count = CASE_COUNT(other_cases);
