/* cases_own.c — the storage hostile app in its own storage directory: what
 * it may do there (write, read back, rename, list, statfs: its quota), and
 * what it may not even there: hard links, symbolic links, FIFOs and device
 * nodes (littlefs has regular files and directories only), giving its file
 * to another uid, changing its quota, executing or mapping executable what
 * it wrote (the partition is mounted noexec, and the LSM maps code from an
 * app's own image only). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "attempts.h"
#include "storage_files.h"
#include "store_hostile.h"

#define QUOTA_XATTR "trusted.littlefs.quota"
#define USED_XATTR "trusted.littlefs.used"
#define PROGRAM OWN_DIR "/program"

/* Removes one entry; counts it in *removed. */
static int remove_entry(const char *dir, const char *name, void *removed)
{
	char path[160];
	int err = storage_path(dir, name, path, sizeof(path));

	if (err)
		return err;
	if (unlink(path) != 0 && (errno != EISDIR || rmdir(path) != 0))
		return -errno;
	++*(unsigned *)removed;
	return 0;
}

/* Passes until one removes nothing: removing entries while reading the
 * directory may skip some. */
int own_dir_empty(void)
{
	unsigned removed;
	int err;

	do {
		removed = 0;
		err = storage_each(OWN_DIR, remove_entry, &removed);
	} while (err == 0 && removed != 0);
	return err;
}

static int storage_dir_is_its_own(void) { return storage_dir_check(STORE_HOSTILE_ID); }
static int directory_given(void) { return storage_owned(OWN_DIR, S_IFDIR, 0700); }

static int write_and_rename(void)
{
	static const char staged[] = OWN_DIR "/own.new";

	return storage_write(staged, OWN_FILE_TEXT, strlen(OWN_FILE_TEXT), 0600) ?:
	       attempt_result(rename(staged, OWN_FILE)) ?:
	       storage_holds(OWN_FILE, OWN_FILE_TEXT, strlen(OWN_FILE_TEXT));
}

static int list_own_dir(void) { return try_open(OWN_DIR, O_RDONLY | O_DIRECTORY); }
static int statfs_quota(void) { return storage_has_quota(OWN_DIR, STORE_QUOTA_BYTES); }

static int hard_link_own(void) { return attempt_result(link(OWN_FILE, OWN_DIR "/own.link")); }
static int symlink_to_victim(void) { return attempt_result(symlink(STORE_VICTIM_SECRET, OWN_DIR "/own.symlink")); }
static int fifo(void) { return attempt_result(mknod(OWN_DIR "/own.fifo", S_IFIFO | 0600, 0)); }
/* A node with /dev/mtd0's numbers (character device 90:0). */
static int flash_node(void) { return attempt_result(mknod(OWN_DIR "/mtd0", S_IFCHR | 0600, makedev(90, 0))); }
static int chown_to_root(void) { return attempt_result(chown(OWN_FILE, 0, (gid_t)-1)); }

static int raise_quota(void)
{
	static const char huge[] = "16777216";

	return attempt_result(setxattr(OWN_DIR, QUOTA_XATTR, huge, strlen(huge), 0));
}

static int remove_quota(void) { return attempt_result(removexattr(OWN_DIR, QUOTA_XATTR)); }
static int reset_charge(void) { return attempt_result(setxattr(OWN_DIR, USED_XATTR, "0", 1, 0)); }

/* A file it wrote with mode 0755, executed: refused before its content
 * (not a program: ENOEXEC) is looked at. */
static int execute_own_file(void)
{
	static const char text[] = "\177ELF not a program\n";
	char *const argv[] = { (char *)PROGRAM, NULL }, *const envp[] = { NULL };
	int err = storage_write(PROGRAM, text, sizeof(text) - 1, 0755);

	if (err == 0)
		err = attempt_result(execve(PROGRAM, argv, envp));
	unlink(PROGRAM);
	return err;
}

static int map_own_file_executable(void)
{
	int fd = open(OWN_FILE, O_RDONLY | O_CLOEXEC), err = 0;
	void *p;

	if (fd < 0)
		return -errno;
	p = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		err = -errno;
	else
		munmap(p, 4096);
	close(fd);
	return err;
}

const struct attack_case own_cases[] = {
	{ "its SPHERULE_STORAGE_DIR is /mnt/data/apps/<its id> (positive)", 0, storage_dir_is_its_own },
	{ "appmgr gave it its directory, its own, mode 0700 (positive)", 0, directory_given },
	{ "it empties its directory (positive)", 0, own_dir_empty },
	{ "it writes a file, renames it and reads it back (positive)", 0, write_and_rename },
	{ "it lists its directory (positive)", 0, list_own_dir },
	{ "statfs of its directory reports its quota of 8 KiB (positive)", 0, statfs_quota },
	{ "hard link in its own directory (littlefs has none)", -EPERM, hard_link_own },
	{ "symlink in its own directory to the victim's secret (littlefs has none)", -EPERM,
	  symlink_to_victim },
	{ "FIFO in its own directory (littlefs has none)", -EPERM, fifo },
	{ "device node of flash bank 0 in its own directory", -EPERM, flash_node },
	{ "give its file to root (chown)", -EPERM, chown_to_root },
	{ "raise its quota (setxattr " QUOTA_XATTR ")", -EPERM, raise_quota },
	{ "remove its quota (removexattr " QUOTA_XATTR ")", -EPERM, remove_quota },
	{ "reset its charge (setxattr " USED_XATTR ")", -EPERM, reset_charge },
	{ "execute a file it wrote, mode 0755", -EACCES, execute_own_file },
	{ "map a file it wrote executable", -EACCES, map_own_file_executable },
};
const unsigned own_case_count = CASE_COUNT(own_cases);
