/*
 * test_cramfs_util.h - helpers shared by the pkg/cramfs unit tests: scratch
 * directory trees with deterministic file contents (TAP output: tap.h).
 */
#ifndef TEST_CRAMFS_UTIL_H
#define TEST_CRAMFS_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "tap.h"


/* Creates a fresh empty directory (mode 0755) under $TMPDIR or /tmp and
 * writes its path into buf. */
void scratch_dir(char *buf, size_t len, const char *tag);
/* Removes a tree (files, symlinks, dirs). */
void remove_tree(const char *path);

/* The deterministic byte i of a test file with this seed. */
uint8_t pattern_byte(uint32_t seed, size_t i);
/* Creates dir/rel (parent directories must exist) with size pattern bytes and
 * the given mode; exits on failure. */
void make_file(const char *dir, const char *rel, size_t size, uint32_t seed, mode_t mode);
void make_dir(const char *dir, const char *rel, mode_t mode);
void make_symlink(const char *dir, const char *rel, const char *target);

#endif
