/* lfs_workloads: the littlefs benchmark's workloads (see lfs_workloads.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lfs_workloads.h"
#include "toolmsg.h"

#define BENCH_CHUNK 1024u
#define BENCH_LARGE_FILE (1024u * 1024u)
#define BENCH_SMALL_FILES 512u
#define BENCH_SMALL_DIRS 8u
#define BENCH_SMALL_SIZE 128u
#define BENCH_APPENDS 512u
#define BENCH_APPEND_SIZE 128u
#define BENCH_OVERWRITES 256u
#define BENCH_OVERWRITE_SIZE 128u

static uint32_t bench_random(struct bench *b)
{
	b->rng = b->rng * 1103515245u + 12345u;
	return b->rng >> 8;
}

static void bench_fill(struct bench *b, uint8_t *buf, size_t size)
{
	for (size_t i = 0; i < size; i++)
		buf[i] = (uint8_t)bench_random(b);
}

static int bench_check(int err, const char *what)
{
	if (err < 0)
		toolmsg_error("%s: %s", what, strerror(-err));
	return err < 0 ? err : 0;
}

/* Writes size bytes from data in chunks of BENCH_CHUNK; counts the calls. */
static int bench_write(struct bench *b, lfs_file_t *file, const uint8_t *data,
		       size_t size, unsigned long *ops)
{
	for (size_t done = 0; done < size; done += BENCH_CHUNK) {
		size_t n = size - done < BENCH_CHUNK ? size - done : BENCH_CHUNK;
		lfs_ssize_t put = lfs_file_write(&b->dev.lfs, file, data + done, (lfs_size_t)n);
		if (put != (lfs_ssize_t)n)
			return bench_check(put < 0 ? (int)put : -EIO, "write");
		if (ops)
			(*ops)++;
	}
	return 0;
}

static int bench_write_file(struct bench *b, const char *path, const uint8_t *data,
			    size_t size, int flags, unsigned long *ops)
{
	lfs_file_t file;
	int err = lfs_file_open(&b->dev.lfs, &file, path, flags);
	if (err)
		return bench_check(err, path);
	err = bench_write(b, &file, data, size, ops);
	int close_err = lfs_file_close(&b->dev.lfs, &file);
	return err ? err : bench_check(close_err, path);
}

static int bench_verify_file(struct bench *b, const char *path, const uint8_t *data,
			     size_t size)
{
	lfs_file_t file;
	static uint8_t buf[BENCH_CHUNK];
	int err = lfs_file_open(&b->dev.lfs, &file, path, LFS_O_RDONLY);
	if (err)
		return bench_check(err, path);
	size_t done = 0;
	for (;;) {
		lfs_ssize_t got = lfs_file_read(&b->dev.lfs, &file, buf, sizeof(buf));
		if (got < 0) {
			err = bench_check((int)got, path);
			break;
		}
		if (got == 0)
			break;
		if (done + (size_t)got > size || memcmp(buf, data + done, (size_t)got)) {
			toolmsg_error("%s: content differs from what was written", path);
			err = -EIO;
			break;
		}
		done += (size_t)got;
	}
	lfs_file_close(&b->dev.lfs, &file);
	if (!err && done != size) {
		toolmsg_error("%s: %zu bytes instead of %zu", path, done, size);
		err = -EIO;
	}
	return err;
}

/* ---- the workloads: setup (not measured), run (measured), verify ---- */

static void bench_small_name(char *path, size_t len, unsigned i)
{
	snprintf(path, len, "/dir%u/file%04u", i % BENCH_SMALL_DIRS, i);
}

static int bench_small_setup(struct bench *b)
{
	char path[32];
	for (unsigned d = 0; d < BENCH_SMALL_DIRS; d++) {
		snprintf(path, sizeof(path), "/dir%u", d);
		int err = lfs_mkdir(&b->dev.lfs, path);
		if (err)
			return bench_check(err, path);
	}
	bench_fill(b, b->model, BENCH_SMALL_FILES * BENCH_SMALL_SIZE);
	return 0;
}

static int bench_small_run(struct bench *b, struct bench_result *r)
{
	char path[32];
	for (unsigned i = 0; i < BENCH_SMALL_FILES; i++) {
		bench_small_name(path, sizeof(path), i);
		int err = bench_write_file(b, path, b->model + i * BENCH_SMALL_SIZE,
					   BENCH_SMALL_SIZE,
					   LFS_O_WRONLY | LFS_O_CREAT | LFS_O_EXCL, NULL);
		if (err)
			return err;
		r->ops++;
		r->bytes_written += BENCH_SMALL_SIZE;
	}
	return 0;
}

static int bench_small_verify(struct bench *b)
{
	char path[32];
	for (unsigned i = 0; i < BENCH_SMALL_FILES; i++) {
		bench_small_name(path, sizeof(path), i);
		int err = bench_verify_file(b, path, b->model + i * BENCH_SMALL_SIZE,
					    BENCH_SMALL_SIZE);
		if (err)
			return err;
	}
	return 0;
}

static int bench_no_setup(struct bench *b)
{
	bench_fill(b, b->model, BENCH_LARGE_FILE);
	return 0;
}

static int bench_sequential_run(struct bench *b, struct bench_result *r)
{
	r->bytes_written = BENCH_LARGE_FILE;
	return bench_write_file(b, "/large", b->model, BENCH_LARGE_FILE,
				LFS_O_WRONLY | LFS_O_CREAT | LFS_O_EXCL, &r->ops);
}

static int bench_large_setup(struct bench *b)
{
	bench_fill(b, b->model, BENCH_LARGE_FILE + BENCH_APPENDS * BENCH_APPEND_SIZE);
	return bench_write_file(b, "/large", b->model, BENCH_LARGE_FILE,
				LFS_O_WRONLY | LFS_O_CREAT | LFS_O_EXCL, NULL);
}

static int bench_append_run(struct bench *b, struct bench_result *r)
{
	for (unsigned i = 0; i < BENCH_APPENDS; i++) {
		int err = bench_write_file(b, "/large",
					   b->model + BENCH_LARGE_FILE + i * BENCH_APPEND_SIZE,
					   BENCH_APPEND_SIZE, LFS_O_WRONLY | LFS_O_APPEND, NULL);
		if (err)
			return err;
		r->ops++;
		r->bytes_written += BENCH_APPEND_SIZE;
	}
	return 0;
}

static int bench_append_verify(struct bench *b)
{
	return bench_verify_file(b, "/large", b->model,
				 BENCH_LARGE_FILE + BENCH_APPENDS * BENCH_APPEND_SIZE);
}

static int bench_overwrite_run(struct bench *b, struct bench_result *r)
{
	lfs_file_t file;
	int err = lfs_file_open(&b->dev.lfs, &file, "/large", LFS_O_RDWR);
	if (err)
		return bench_check(err, "/large");
	for (unsigned i = 0; !err && i < BENCH_OVERWRITES; i++) {
		uint32_t off = bench_random(b) % (BENCH_LARGE_FILE - BENCH_OVERWRITE_SIZE);
		bench_fill(b, b->model + off, BENCH_OVERWRITE_SIZE);
		lfs_soff_t pos = lfs_file_seek(&b->dev.lfs, &file, (lfs_soff_t)off,
					       LFS_SEEK_SET);
		err = bench_check(pos < 0 ? (int)pos : 0, "seek");
		if (!err)
			err = bench_write(b, &file, b->model + off, BENCH_OVERWRITE_SIZE, NULL);
		if (!err)
			err = bench_check(lfs_file_sync(&b->dev.lfs, &file), "sync");
		r->ops++;
		r->bytes_written += BENCH_OVERWRITE_SIZE;
	}
	int close_err = lfs_file_close(&b->dev.lfs, &file);
	return err ? err : bench_check(close_err, "close");
}

static int bench_large_verify(struct bench *b)
{
	return bench_verify_file(b, "/large", b->model, BENCH_LARGE_FILE);
}

const struct bench_workload bench_workloads[BENCH_WORKLOADS] = {
	{ "small files", bench_small_setup, bench_small_run, bench_small_verify,
	  9100000, 206912, 262144 },
	{ "sequential", bench_no_setup, bench_sequential_run, bench_large_verify,
	  1057570, 1050704, 1052672 },
	{ "appends", bench_large_setup, bench_append_run, bench_append_verify,
	  3715936, 1132464, 2174976 },
	{ "overwrites", bench_large_setup, bench_overwrite_run, bench_large_verify,
	  279809430, 135245984, 135770112 },
};



int bench_init(struct bench *b, const struct lfsdev_geometry *geo)
{
	b->geo = *geo;
	b->model = malloc(BENCH_LARGE_FILE + BENCH_APPENDS * BENCH_APPEND_SIZE);
	return b->model ? 0 : bench_check(-ENOMEM, "model");
}

void bench_free(struct bench *b)
{
	free(b->model);
	b->model = NULL;
}

bool bench_is_reference_geometry(const struct lfsdev_geometry *geo)
{
	return geo->block_size == 4096 && geo->block_count == 1024 && geo->read_size == 16 &&
	       geo->prog_size == 16 && geo->cache_size == 256 && geo->lookahead_size == 128;
}

static double bench_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int bench_one(struct bench *b, const struct bench_workload *w, struct bench_result *r)
{
	memset(r, 0, sizeof(*r));
	r->name = w->name;
	b->rng = 1;
	int err = flashdev_create_memory(&b->dev.flash, b->geo.block_size, b->geo.block_count);
	if (err)
		return bench_check(err, "flash");
	lfsdev_configure(&b->dev, &b->geo);
	err = bench_check(lfsdev_format(&b->dev), "format");
	if (!err)
		err = bench_check(lfsdev_mount(&b->dev), "mount");
	if (err)
		goto out;
	err = w->setup(b);
	if (!err) {
		struct lfs_counters counters;
		flashdev_reset_counters(&b->dev.flash);
		lfs_fs_counters_reset(&b->dev.lfs);
		double start = bench_now();
		err = w->run(b, r);
		r->seconds = bench_now() - start;
		lfs_fs_counters(&b->dev.lfs, &counters);
		r->ram_peak = counters.ram_peak_bytes;
		r->bytes_read = b->dev.flash.bytes_read;
		r->bytes_programmed = b->dev.flash.bytes_programmed;
		r->bytes_erased = b->dev.flash.bytes_erased;
	}
	if (!err)
		err = w->verify(b);
	int unmount_err = lfsdev_unmount(&b->dev);
	if (!err)
		err = bench_check(unmount_err, "unmount");
	if (!err) {
		err = bench_check(lfsdev_mount(&b->dev), "remount");
		if (!err)
			err = w->verify(b);
		lfsdev_unmount(&b->dev);
	}
out:
	flashdev_close(&b->dev.flash);
	if (err)
		toolmsg_error("workload '%s' failed", w->name);
	return err;
}

