/*
 * durable_file.h - how secmon changes a file of its store so that a power
 * cut leaves the old content or the new, never a mix: the new content goes
 * to NAME.new, which is written, fsync()ed and renamed over NAME, and then
 * the directory is fsync()ed so that the rename itself is on disk.
 *
 * durable_fault_hook lets the tests fail, or kill the process at, any step.
 */
#ifndef SECMON_DURABLE_FILE_H
#define SECMON_DURABLE_FILE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* The steps of durable_replace(), in order. */
enum durable_step {
	DURABLE_CREATE,   /* open NAME.new (created or truncated) */
	DURABLE_WRITE,    /* write the content */
	DURABLE_SYNC,     /* fsync NAME.new */
	DURABLE_RENAME,   /* rename NAME.new over NAME: the new content counts from here */
	DURABLE_SYNC_DIR, /* fsync the directory */
	DURABLE_STEPS,
};

/* Called before each step when set (tests only): a non-zero return, a
 * negative errno, is taken as that step's failure. */
extern int (*durable_fault_hook)(enum durable_step step);

/* Replaces NAME in directory dirfd with data (mode bits mode) as above.
 * 0 or -errno; on failure NAME still holds its old content (or is absent). */
int durable_replace(int dirfd, const char *name, const void *data, size_t len, mode_t mode);

/* Reads the whole of NAME in dirfd into buf (at most max bytes): its length,
 * -EFBIG if it is longer, or -errno (-ENOENT when it does not exist). */
ssize_t durable_read(int dirfd, const char *name, uint8_t *buf, size_t max);

/* Reads exactly len bytes of fd at offset off (the store's files, the flash
 * file): 0, -errno, or -EIO when the file ends sooner. */
int durable_read_at(int fd, void *buf, size_t len, off_t off);

/* fsync()s the directory dirfd: 0 or -errno. */
int durable_sync_dir(int dirfd);

#endif
