/* xip_write_init.c — PID 1 of the XIP write test (tests/vm/test_xip_write.sh,
 * docs/board-qemu-armv7.md "Writing the flash that apps execute from"). It
 * mounts the test app image (slot app0, executed in place from flash bank
 * 1), starts its heartbeat program, and meanwhile formats littlefs on the
 * "data" partition of the same chip and writes files through the MTD
 * character device until the core has issued XIPW_MIN_FLASH_OPS programs
 * and erases. Then it checks what it wrote, that the heartbeat still runs
 * and stops cleanly with its code unchanged, prints one TAP line per check
 * ("xipw: ok N - name"), "xipw: done P passed, F failed" and powers off. */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lfs_mtd.h"

#define IMAGE_DIR "/mnt/apps"
#define XIPW_MIN_FLASH_OPS 5000ul
#define XIPW_FILES 16u
#define XIPW_FILE_SIZE 600u /* above the inline limit: each write takes a new block */

static unsigned checks, failures;

static void check(bool ok, const char *name)
{
	checks++;
	if (!ok)
		failures++;
	printf("xipw: %s %u - %s\n", ok ? "ok" : "not ok", checks, name);
}

static void fill(unsigned char *buf, unsigned long seed)
{
	for (unsigned i = 0; i < XIPW_FILE_SIZE; i++)
		buf[i] = (unsigned char)(seed * 131u + i * 7u);
}

static int write_file(lfs_t *lfs, struct lfs_mtd *m, unsigned long seed)
{
	unsigned char buf[XIPW_FILE_SIZE];
	char path[16];
	lfs_file_t file;
	lfs_ssize_t n;
	int err;

	snprintf(path, sizeof(path), "/f%lu", seed % XIPW_FILES);
	fill(buf, seed);
	err = lfs_file_opencfg(lfs, &file, path, LFS_O_WRONLY | LFS_O_CREAT | LFS_O_TRUNC,
			       m->file_buf);
	if (err < 0)
		return err;
	n = lfs_file_write(lfs, &file, buf, sizeof(buf));
	err = lfs_file_close(lfs, &file);
	return n < 0 ? (int)n : n != sizeof(buf) ? -EIO : err;
}

/* 0 when the file of `seed` holds what write_file wrote. */
static int read_back(lfs_t *lfs, struct lfs_mtd *m, unsigned long seed)
{
	unsigned char want[XIPW_FILE_SIZE], got[XIPW_FILE_SIZE + 1];
	char path[16];
	lfs_file_t file;
	lfs_ssize_t n;
	int err;

	snprintf(path, sizeof(path), "/f%lu", seed % XIPW_FILES);
	fill(want, seed);
	err = lfs_file_opencfg(lfs, &file, path, LFS_O_RDONLY, m->file_buf);
	if (err < 0)
		return err;
	n = lfs_file_read(lfs, &file, got, sizeof(got));
	lfs_file_close(lfs, &file);
	return n == XIPW_FILE_SIZE && memcmp(want, got, XIPW_FILE_SIZE) == 0 ? 0 : -EIO;
}

static pid_t start_heartbeat(void)
{
	char *const argv[] = { "bin/heartbeat", NULL };
	char *const envp[] = { NULL };
	pid_t pid = fork();

	if (pid == 0) {
		if (chdir(IMAGE_DIR) == 0)
			execve(argv[0], argv, envp);
		printf("xipw: heartbeat did not start: %s\n", strerror(errno));
		_exit(127);
	}
	return pid;
}

/* Writes files until XIPW_MIN_FLASH_OPS flash operations; returns how
 * many files it wrote, the last one's seed being that minus one. */
static unsigned long write_loop(lfs_t *lfs, struct lfs_mtd *m, int *err)
{
	unsigned long seed = 0;

	*err = 0;
	while (*err == 0 && m->progs + m->erases < XIPW_MIN_FLASH_OPS)
		*err = write_file(lfs, m, seed++);
	if (*err)
		printf("xipw: writing file %lu: %s\n", seed - 1, strerror(-*err));
	return seed;
}

static void run(void)
{
	const struct timespec settle = { .tv_nsec = 300000000L };
	struct lfs_mtd m;
	lfs_t lfs;
	unsigned long written;
	int err, status;
	bool readable = true;
	pid_t beat;

	err = lfs_mtd_open(&m, "data");
	check(err == 0, "the data partition opens through its character device");
	if (err)
		return;
	beat = start_heartbeat();
	check(beat > 0, "the heartbeat app starts from its image in bank 1");
	nanosleep(&settle, NULL);
	err = lfs_format(&lfs, &m.cfg);
	if (err == 0)
		err = lfs_mount(&lfs, &m.cfg);
	check(err == 0, "littlefs formats and mounts the data partition while the app runs");
	if (err)
		return;
	printf("xipw: writes start\n");
	written = write_loop(&lfs, &m, &err);
	printf("xipw: writes done: %lu files, %lu programs, %lu erases\n", written, m.progs,
	       m.erases);
	check(err == 0, "every file write succeeds while the app executes from the same chip");
	check(m.erases > 0 && m.progs > 0, "the writes both programmed and erased the chip");
	for (unsigned long s = written > XIPW_FILES ? written - XIPW_FILES : 0; s < written; s++)
		readable = readable && read_back(&lfs, &m, s) == 0;
	check(readable, "each file reads back what was written last");
	err = lfs_unmount(&lfs);
	if (err == 0)
		err = lfs_mount(&lfs, &m.cfg);
	check(err == 0 && read_back(&lfs, &m, written - 1) == 0, "the filesystem mounts again, intact");
	lfs_mtd_close(&m);
	check(waitpid(beat, &status, WNOHANG) == 0, "the heartbeat app never stopped");
	kill(beat, SIGTERM);
	check(waitpid(beat, &status, 0) == beat && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "the heartbeat app exits cleanly, its code read back unchanged throughout");
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (mount("proc", "/proc", "proc", 0, NULL) == 0 &&
	    mount("mtd:app0", IMAGE_DIR, "cramfs", MS_RDONLY, NULL) == 0)
		run();
	else
		check(false, "mount /proc and the app image");
	printf("xipw: done %u passed, %u failed\n", checks - failures, failures);
	sync();
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}
