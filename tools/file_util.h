/*
 * file_util.h - whole-file reads, atomic writes (temp file + fsync + rename,
 * or + link for a file that must not be replaced) and a struct pkg_source
 * over bytes in memory, and the start of a process's /proc file, for the CLI
 * commands.
 */
#ifndef SPHERULE_FILE_UTIL_H
#define SPHERULE_FILE_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "spherule/pkg.h"

/* Reads a whole file of at most max bytes into a malloc()ed buffer (with a
 * NUL after the last byte). 0, -EFBIG if larger, or -errno. */
int file_read_all(const char *path, size_t max, uint8_t **buf, size_t *len);

/* Replaces path with data atomically: a temporary file in the same directory
 * created with mode, written, fsync()ed and renamed. 0 or -errno. */
int file_write_atomic(const char *path, const void *data, size_t len, mode_t mode);

/* Writes path with data (created with mode, fsync()ed) only if path does
 * not exist, also when another process makes it at the same time: 0,
 * -EEXIST, or -errno. */
int file_write_new(const char *path, const void *data, size_t len, mode_t mode);

/* The start of /proc/<pid>/<name> (at most cap - 1 bytes) into buf, NUL
 * terminated: true when it could be read, whole or its start. */
bool proc_file_start(pid_t pid, const char *name, char *buf, size_t cap);

struct mem_source {
	const uint8_t *data;
	size_t len;
};

/* A package source reading from ms (len must fit in 32 bits). */
struct pkg_source mem_source_init(struct mem_source *ms, bool trailing_ok, uint32_t max_size);

#endif
