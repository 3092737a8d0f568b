/*
 * test_lfs_api.c - unit tests of the littlefs core API on the emulated
 * flash, in seven geometries (blocks 512..4096, prog 1..256, read 1..256):
 * format/mount, files (inline and CTZ, many blocks, a third of the device
 * with random seeks, seek past the end, truncate up and down, append,
 * O_EXCL/O_TRUNC), directories (split pairs, sorted listing), remove,
 * rename over files and directories, attributes, open files and dirs that
 * follow their entries, a full device that can be emptied again, static
 * buffers without an allocation hook, RAM/I-O counters, fs_grow, file_max,
 * remount persistence, and every documented error code.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../powerloss/lfs_emubd.h"
#include "tap.h"

static struct emubd bd;
static lfs_t lfs;

static void fill(uint8_t *buf, size_t n, uint32_t seed)
{
	for (size_t i = 0; i < n; i++) {
		seed = seed * 1664525u + 1013904223u;
		buf[i] = (uint8_t)(seed >> 24);
	}
}

static int write_file(const char *path, const uint8_t *data, size_t n, int flags)
{
	lfs_file_t f;
	int err = lfs_file_open(&lfs, &f, path, flags);
	if (err)
		return err;
	lfs_ssize_t w = lfs_file_write(&lfs, &f, data, (lfs_size_t)n);
	int cerr = lfs_file_close(&lfs, &f);
	if (w < 0)
		return (int)w;
	return cerr ? cerr : (w == (lfs_ssize_t)n ? 0 : -1);
}

/* 0 when path holds exactly data. */
static int check_file(const char *path, const uint8_t *data, size_t n)
{
	lfs_file_t f;
	int err = lfs_file_open(&lfs, &f, path, LFS_O_RDONLY);
	if (err)
		return err;
	uint8_t *buf = malloc(n + 16);
	lfs_ssize_t r = lfs_file_read(&lfs, &f, buf, (lfs_size_t)n + 16);
	lfs_soff_t size = lfs_file_size(&lfs, &f);
	lfs_file_close(&lfs, &f);
	int ok = r == (lfs_ssize_t)n && size == (lfs_soff_t)n && memcmp(buf, data, n) == 0;
	free(buf);
	return ok ? 0 : -1;
}

static int remount(void)
{
	int err = lfs_unmount(&lfs);
	return err ? err : lfs_mount(&lfs, &bd.cfg);
}

static void test_format_mount(void)
{
	tap_ok(lfs_mount(&lfs, &bd.cfg) == LFS_ERR_CORRUPT, "mount of blank flash is LFS_ERR_CORRUPT");
	tap_ok(lfs_format(&lfs, &bd.cfg) == 0, "format");
	tap_ok(memcmp(bd.data + 8, "littlefs", 8) == 0, "superblock magic at offset 8 of block 0");
	tap_ok(lfs_mount(&lfs, &bd.cfg) == 0, "mount");
	struct lfs_fsinfo fi;
	tap_ok(lfs_fs_stat(&lfs, &fi) == 0 && fi.disk_version == 0x00020001 &&
	       fi.block_size == bd.cfg.block_size && fi.block_count == bd.cfg.block_count &&
	       fi.blocks_used == 2 && fi.name_max == 255, "fs_stat after format: v2.1, 2 blocks used");
	tap_ok(lfs_fs_size(&lfs) == 2, "fs_size is 2");
	struct lfs_info info;
	tap_ok(lfs_stat(&lfs, "/", &info) == 0 && info.type == LFS_TYPE_DIR, "stat /");
}

static void test_small_files(void)
{
	uint8_t data[300], big[1];
	fill(data, sizeof(data), 1);
	(void)big;
	tap_ok(write_file("hello", (const uint8_t *)"hi there", 8,
			  LFS_O_WRONLY | LFS_O_CREAT) == 0, "create small file");
	tap_ok(check_file("hello", (const uint8_t *)"hi there", 8) == 0, "read small file back");
	tap_ok(write_file("hello", (const uint8_t *)"x", 1, LFS_O_WRONLY | LFS_O_CREAT | LFS_O_EXCL) ==
	       LFS_ERR_EXIST, "O_EXCL on existing file is LFS_ERR_EXIST");
	tap_ok(write_file("hello", data, 40, LFS_O_WRONLY | LFS_O_TRUNC) == 0 &&
	       check_file("hello", data, 40) == 0, "O_TRUNC replaces the content");
	tap_ok(write_file("hello", data + 40, 10, LFS_O_WRONLY | LFS_O_APPEND) == 0 &&
	       check_file("hello", data, 50) == 0, "O_APPEND appends");
	tap_ok(write_file("missing", data, 1, LFS_O_WRONLY) == LFS_ERR_NOENT,
	       "open without O_CREAT of a missing file is LFS_ERR_NOENT");
	tap_ok(remount() == 0 && check_file("hello", data, 50) == 0, "small file persists across remount");
}

static void test_large_files(void)
{
	size_t n = 10 * bd.cfg.block_size + 123;
	uint8_t *data = malloc(n), *buf = malloc(n);
	fill(data, n, 2);
	lfs_ssize_t used = lfs_fs_size(&lfs);
	tap_ok(write_file("big", data, n, LFS_O_WRONLY | LFS_O_CREAT) == 0, "write file of %zu bytes", n);
	tap_ok(lfs_fs_size(&lfs) == used + (lfs_ssize_t)lfs_file_blocks(&lfs, (lfs_size_t)n) &&
	       lfs_file_blocks(&lfs, lfs.inline_max) == 0 && lfs_file_blocks(&lfs, lfs.inline_max + 1) == 1,
	       "lfs_file_blocks: the %u blocks the file took, none at inline_max, one past it",
	       (unsigned)lfs_file_blocks(&lfs, (lfs_size_t)n));
	tap_ok(check_file("big", data, n) == 0, "read it back");
	tap_ok(remount() == 0 && check_file("big", data, n) == 0, "large file persists across remount");

	lfs_file_t f;
	int ok = lfs_file_open(&lfs, &f, "big", LFS_O_RDWR) == 0;
	ok = ok && lfs_file_seek(&lfs, &f, 3000, LFS_SEEK_SET) == 3000;
	fill(data + 3000, 500, 3);
	ok = ok && lfs_file_write(&lfs, &f, data + 3000, 500) == 500;
	ok = ok && lfs_file_tell(&lfs, &f) == 3500;
	ok = ok && lfs_file_seek(&lfs, &f, -100, LFS_SEEK_CUR) == 3400;
	ok = ok && lfs_file_read(&lfs, &f, buf, 100) == 100 && memcmp(buf, data + 3400, 100) == 0;
	ok = ok && lfs_file_close(&lfs, &f) == 0;
	tap_ok(ok && check_file("big", data, n) == 0, "overwrite in the middle of a large file");

	ok = lfs_file_open(&lfs, &f, "big", LFS_O_RDWR) == 0;
	ok = ok && lfs_file_seek(&lfs, &f, 0, LFS_SEEK_END) == (lfs_soff_t)n;
	ok = ok && lfs_file_seek(&lfs, &f, 1000, LFS_SEEK_END) == (lfs_soff_t)n + 1000;
	ok = ok && lfs_file_read(&lfs, &f, buf, 10) == 0;
	ok = ok && lfs_file_write(&lfs, &f, "END", 3) == 3;
	ok = ok && lfs_file_size(&lfs, &f) == (lfs_soff_t)n + 1003;
	ok = ok && lfs_file_close(&lfs, &f) == 0;
	uint8_t *ext = calloc(n + 1003, 1);
	memcpy(ext, data, n);
	memcpy(ext + n + 1000, "END", 3);
	tap_ok(ok && check_file("big", ext, n + 1003) == 0, "seek past the end and write fills zeros");

	ok = lfs_file_open(&lfs, &f, "big", LFS_O_RDWR) == 0;
	ok = ok && lfs_file_truncate(&lfs, &f, 2 * bd.cfg.block_size + 7) == 0;
	ok = ok && lfs_file_size(&lfs, &f) == (lfs_soff_t)(2 * bd.cfg.block_size + 7);
	ok = ok && lfs_file_close(&lfs, &f) == 0;
	tap_ok(ok && check_file("big", data, 2 * bd.cfg.block_size + 7) == 0, "truncate down");
	ok = lfs_file_open(&lfs, &f, "big", LFS_O_RDWR) == 0;
	ok = ok && lfs_file_truncate(&lfs, &f, 3 * bd.cfg.block_size) == 0;
	ok = ok && lfs_file_close(&lfs, &f) == 0;
	memset(ext, 0, n);
	memcpy(ext, data, 2 * bd.cfg.block_size + 7);
	tap_ok(ok && check_file("big", ext, 3 * bd.cfg.block_size) == 0, "truncate up fills zeros");
	ok = lfs_file_open(&lfs, &f, "big", LFS_O_RDWR) == 0;
	ok = ok && lfs_file_truncate(&lfs, &f, lfs.inline_max) == 0 && lfs_file_close(&lfs, &f) == 0;
	tap_ok(ok && check_file("big", data, lfs.inline_max) == 0 && remount() == 0 &&
	       check_file("big", data, lfs.inline_max) == 0,
	       "truncate down to inline size (%u) keeps the bytes", (unsigned)lfs.inline_max);
	lfs_ssize_t blocks_inline = lfs_fs_size(&lfs);
	ok = lfs_file_open(&lfs, &f, "big", LFS_O_RDWR) == 0;
	ok = ok && lfs_file_truncate(&lfs, &f, 0) == 0 && lfs_file_close(&lfs, &f) == 0;
	tap_ok(blocks_inline == lfs_fs_size(&lfs),
	       "a file cut to inline size is inline again: no data block (%d blocks used, %d empty)",
	       (int)blocks_inline, (int)lfs_fs_size(&lfs));
	tap_ok(ok && check_file("big", data, 0) == 0, "truncate to zero");
	tap_ok(remount() == 0 && check_file("big", data, 0) == 0, "truncated file persists");
	tap_ok(lfs_remove(&lfs, "big") == 0, "remove big");
	free(ext);
	free(data);
	free(buf);
}

/* Names in directory path, "." and ".." excluded, joined by ','. */
static int list_dir(const char *path, char *out, size_t outsz)
{
	lfs_dir_t d;
	struct lfs_info info;
	int err = lfs_dir_open(&lfs, &d, path);
	if (err)
		return err;
	out[0] = '\0';
	int res;
	while ((res = lfs_dir_read(&lfs, &d, &info)) > 0) {
		if (!strcmp(info.name, ".") || !strcmp(info.name, ".."))
			continue;
		if (out[0])
			strncat(out, ",", outsz - strlen(out) - 1);
		strncat(out, info.name, outsz - strlen(out) - 1);
		if (info.type == LFS_TYPE_DIR)
			strncat(out, "/", outsz - strlen(out) - 1);
	}
	lfs_dir_close(&lfs, &d);
	return res;
}

static void test_dirs(void)
{
	char list[512];
	tap_ok(lfs_mkdir(&lfs, "a") == 0 && lfs_mkdir(&lfs, "a/b") == 0 && lfs_mkdir(&lfs, "c") == 0,
	       "mkdir a, a/b, c");
	tap_ok(lfs_mkdir(&lfs, "a") == LFS_ERR_EXIST, "mkdir of existing dir is LFS_ERR_EXIST");
	tap_ok(lfs_mkdir(&lfs, "x/y") == LFS_ERR_NOENT, "mkdir under missing dir is LFS_ERR_NOENT");
	tap_ok(write_file("a/b/f1", (const uint8_t *)"one", 3, LFS_O_WRONLY | LFS_O_CREAT) == 0 &&
	       write_file("a/f0", (const uint8_t *)"zero", 4, LFS_O_WRONLY | LFS_O_CREAT) == 0,
	       "files in subdirectories");
	tap_ok(list_dir("/", list, sizeof(list)) == 0 && !strcmp(list, "a/,c/,hello"),
	       "root lists a/,c/,hello in order (got %s)", list);
	tap_ok(list_dir("a", list, sizeof(list)) == 0 && !strcmp(list, "b/,f0"), "a lists b/,f0 (got %s)", list);
	lfs_dir_t d;
	struct lfs_info info;
	int n = 0, ok = lfs_dir_open(&lfs, &d, "a/b") == 0;
	while (ok && lfs_dir_read(&lfs, &d, &info) > 0)
		n++;
	ok = ok && lfs_dir_rewind(&lfs, &d) == 0 && lfs_dir_read(&lfs, &d, &info) == 1 &&
	     !strcmp(info.name, ".") && lfs_dir_read(&lfs, &d, &info) == 1 && !strcmp(info.name, "..");
	ok = ok && lfs_dir_read(&lfs, &d, &info) == 1 && !strcmp(info.name, "f1") && info.size == 3 &&
	     info.type == LFS_TYPE_REG;
	lfs_dir_close(&lfs, &d);
	tap_ok(ok && n == 3, "dir_read gives ., .., f1 and dir_rewind restarts");
	tap_ok(lfs_stat(&lfs, "a/./b/../f0", &info) == 0 && info.size == 4 && !strcmp(info.name, "f0"),
	       "paths with . and .. resolve");
	tap_ok(lfs_dir_open(&lfs, &d, "hello") == LFS_ERR_NOTDIR, "dir_open of a file is LFS_ERR_NOTDIR");
	tap_ok(lfs_stat(&lfs, "hello/x", &info) == LFS_ERR_NOTDIR, "file used as a dir is LFS_ERR_NOTDIR");
	tap_ok(lfs_dir_open(&lfs, &d, "nope") == LFS_ERR_NOENT, "dir_open of missing is LFS_ERR_NOENT");
	lfs_file_t f;
	tap_ok(lfs_file_open(&lfs, &f, "a", LFS_O_RDONLY) == LFS_ERR_ISDIR, "open of a dir is LFS_ERR_ISDIR");
	tap_ok(lfs_remove(&lfs, "a") == LFS_ERR_NOTEMPTY, "remove of non-empty dir is LFS_ERR_NOTEMPTY");
	tap_ok(lfs_remove(&lfs, "nope") == LFS_ERR_NOENT, "remove of missing is LFS_ERR_NOENT");
	tap_ok(lfs_remove(&lfs, "c") == 0 && lfs_stat(&lfs, "c", &info) == LFS_ERR_NOENT, "remove empty dir");
	tap_ok(remount() == 0 && list_dir("/", list, sizeof(list)) == 0 && !strcmp(list, "a/,hello") &&
	       list_dir("a/b", list, sizeof(list)) == 0 && !strcmp(list, "f1"), "dirs persist across remount");
	char name[300];
	memset(name, 'n', sizeof(name));
	name[256] = '\0';
	tap_ok(lfs_mkdir(&lfs, name) == LFS_ERR_NAMETOOLONG, "256-byte name is LFS_ERR_NAMETOOLONG");
	tap_ok(write_file(name, (const uint8_t *)"x", 1, LFS_O_WRONLY | LFS_O_CREAT) == LFS_ERR_NAMETOOLONG,
	       "file with 256-byte name is LFS_ERR_NAMETOOLONG");
	name[255] = '\0';
	tap_ok(write_file(name, (const uint8_t *)"x", 1, LFS_O_WRONLY | LFS_O_CREAT) == 0 &&
	       lfs_remove(&lfs, name) == 0, "255-byte name works");
}

static void test_many_entries(void)
{
	char path[32], list[4096];
	int ok = lfs_mkdir(&lfs, "many") == 0;
	for (int i = 0; ok && i < 60; i++) {
		snprintf(path, sizeof(path), "many/file%03d", (i * 37) % 60);
		ok = write_file(path, (const uint8_t *)path, strlen(path), LFS_O_WRONLY | LFS_O_CREAT) == 0;
	}
	tap_ok(ok, "60 files in one directory (pairs split)");
	ok = remount() == 0 && list_dir("many", list, sizeof(list)) == 0;
	char expect[4096] = "";
	for (int i = 0; i < 60; i++) {
		snprintf(path, sizeof(path), "%sfile%03d", i ? "," : "", i);
		strcat(expect, path);
	}
	tap_ok(ok && !strcmp(list, expect), "they list sorted after remount");
	for (int i = 0; ok && i < 60; i++) {
		snprintf(path, sizeof(path), "many/file%03d", i);
		ok = check_file(path, (const uint8_t *)path, strlen(path)) == 0;
	}
	tap_ok(ok, "every one reads back");
	for (int i = 0; ok && i < 60; i += 2) {
		snprintf(path, sizeof(path), "many/file%03d", i);
		ok = lfs_remove(&lfs, path) == 0;
	}
	ok = ok && lfs_remove(&lfs, "many") == LFS_ERR_NOTEMPTY;
	for (int i = 1; ok && i < 60; i += 2) {
		snprintf(path, sizeof(path), "many/file%03d", i);
		ok = lfs_remove(&lfs, path) == 0;
	}
	tap_ok(ok && lfs_remove(&lfs, "many") == 0, "remove them all and the directory");
	/* names that are prefixes of others sort first */
	static const char *const names[] = { "ab", "a", "abc", "b", "aa", "ba", "abd", "" };
	ok = lfs_mkdir(&lfs, "pre") == 0;
	for (int i = 0; ok && names[i][0]; i++) {
		snprintf(path, sizeof(path), "pre/%s", names[i]);
		ok = write_file(path, (const uint8_t *)names[i], strlen(names[i]),
				LFS_O_WRONLY | LFS_O_CREAT | LFS_O_EXCL) == 0;
	}
	ok = ok && write_file("pre/ab", (const uint8_t *)"x", 1,
			      LFS_O_WRONLY | LFS_O_CREAT | LFS_O_EXCL) == LFS_ERR_EXIST;
	ok = ok && list_dir("pre", list, sizeof(list)) == 0;
	tap_ok(ok && !strcmp(list, "a,aa,ab,abc,abd,b,ba"), "names that prefix others list first (got %s)",
	       ok ? list : "-");
	for (int i = 0; ok && names[i][0]; i++) {
		snprintf(path, sizeof(path), "pre/%s", names[i]);
		ok = lfs_remove(&lfs, path) == 0;
	}
	tap_ok(ok && lfs_remove(&lfs, "pre") == 0, "and are removed by name");
}

static void test_rename(void)
{
	char list[512];
	struct lfs_info info;
	tap_ok(lfs_rename(&lfs, "hello", "hello2") == 0 && check_file("hello2", (const uint8_t *)"", 0) != LFS_ERR_NOENT &&
	       lfs_stat(&lfs, "hello", &info) == LFS_ERR_NOENT, "rename file in the same dir");
	tap_ok(lfs_rename(&lfs, "hello2", "a/b/moved") == 0 && lfs_stat(&lfs, "a/b/moved", &info) == 0 &&
	       lfs_stat(&lfs, "hello2", &info) == LFS_ERR_NOENT, "rename file across directories");
	tap_ok(write_file("a/f0", (const uint8_t *)"new", 3, LFS_O_WRONLY | LFS_O_TRUNC) == 0 &&
	       lfs_rename(&lfs, "a/f0", "a/b/f1") == 0 && check_file("a/b/f1", (const uint8_t *)"new", 3) == 0 &&
	       lfs_stat(&lfs, "a/f0", &info) == LFS_ERR_NOENT, "rename over an existing file replaces it");
	tap_ok(lfs_mkdir(&lfs, "d1") == 0 && lfs_mkdir(&lfs, "d2") == 0 &&
	       write_file("d1/in", (const uint8_t *)"in", 2, LFS_O_WRONLY | LFS_O_CREAT) == 0 &&
	       lfs_rename(&lfs, "d1", "d2") == 0 && check_file("d2/in", (const uint8_t *)"in", 2) == 0 &&
	       lfs_stat(&lfs, "d1", &info) == LFS_ERR_NOENT, "rename dir over an empty dir replaces it");
	tap_ok(lfs_mkdir(&lfs, "d3") == 0 && lfs_rename(&lfs, "d3", "d2") == LFS_ERR_NOTEMPTY,
	       "rename over a non-empty dir is LFS_ERR_NOTEMPTY");
	tap_ok(lfs_rename(&lfs, "d3", "a/b/f1") == LFS_ERR_NOTDIR, "rename dir over file is LFS_ERR_NOTDIR");
	tap_ok(lfs_rename(&lfs, "a/b/f1", "d3") == LFS_ERR_ISDIR, "rename file over dir is LFS_ERR_ISDIR");
	tap_ok(lfs_rename(&lfs, "d2", "d2/sub") == LFS_ERR_INVAL, "rename dir into itself is LFS_ERR_INVAL");
	tap_ok(lfs_rename(&lfs, "none", "x") == LFS_ERR_NOENT, "rename of missing is LFS_ERR_NOENT");
	tap_ok(lfs_rename(&lfs, "d3", "d3") == 0, "rename onto itself is a no-op");
	tap_ok(remount() == 0 && list_dir("/", list, sizeof(list)) == 0 && !strcmp(list, "a/,d2/,d3/"),
	       "renames persist across remount (got %s)", list);
	tap_ok(lfs_fs_gc(&lfs) == 0 && list_dir("d2", list, sizeof(list)) == 0 && !strcmp(list, "in"),
	       "fs_gc keeps the tree");
}

static void test_attrs(void)
{
	uint8_t buf[64];
	tap_ok(lfs_setattr(&lfs, "d2/in", 'A', "attr-one", 8) == 0, "setattr");
	tap_ok(lfs_getattr(&lfs, "d2/in", 'A', buf, sizeof(buf)) == 8 && !memcmp(buf, "attr-one", 8), "getattr");
	tap_ok(lfs_getattr(&lfs, "d2/in", 'B', buf, sizeof(buf)) == LFS_ERR_NODATA,
	       "getattr of missing attribute is LFS_ERR_NODATA");
	tap_ok(lfs_setattr(&lfs, "d2/in", 'A', "two", 3) == 0 &&
	       lfs_getattr(&lfs, "d2/in", 'A', buf, sizeof(buf)) == 3 && !memcmp(buf, "two", 3),
	       "setattr replaces");
	tap_ok(lfs_setattr(&lfs, "/", 'R', "root", 4) == 0 && lfs_getattr(&lfs, "/", 'R', buf, 4) == 4,
	       "attribute on the root directory");
	tap_ok(lfs_rename(&lfs, "d2/in", "a/in2") == 0 && lfs_getattr(&lfs, "a/in2", 'A', buf, 8) == 3,
	       "attributes follow a rename");
	tap_ok(remount() == 0 && lfs_fs_gc(&lfs) == 0 && lfs_getattr(&lfs, "a/in2", 'A', buf, 8) == 3 &&
	       lfs_getattr(&lfs, "/", 'R', buf, 4) == 4 && !memcmp(buf, "root", 4),
	       "attributes persist across remount and compaction");
	/* in a pair without attributes so far, the open file's copy of the
	 * pair learns of the new one from the commit, so the compactions its
	 * syncs cause keep it */
	lfs_file_t f;
	int ok = lfs_mkdir(&lfs, "at") == 0 &&
		 write_file("at/f", (const uint8_t *)"in", 2, LFS_O_WRONLY | LFS_O_CREAT) == 0 &&
		 lfs_file_open(&lfs, &f, "at/f", LFS_O_WRONLY) == 0;
	ok = ok && lfs_setattr(&lfs, "at/f", 'C', "kept", 4) == 0;
	for (int i = 0; ok && i < 200; i++)
		ok = lfs_file_seek(&lfs, &f, 0, LFS_SEEK_SET) == 0 &&
		     lfs_file_write(&lfs, &f, "in", 2) == 2 && lfs_file_sync(&lfs, &f) == 0;
	ok = lfs_file_close(&lfs, &f) == 0 && ok;
	tap_ok(ok && lfs_getattr(&lfs, "at/f", 'C', buf, 8) == 4 && !memcmp(buf, "kept", 4) &&
	       check_file("at/f", (const uint8_t *)"in", 2) == 0 && lfs_remove(&lfs, "at/f") == 0 &&
	       lfs_remove(&lfs, "at") == 0,
	       "an attribute set while the file is open survives the compactions of its syncs");
	tap_ok(lfs_removeattr(&lfs, "a/in2", 'A') == 0 &&
	       lfs_getattr(&lfs, "a/in2", 'A', buf, 8) == LFS_ERR_NODATA, "removeattr");
	tap_ok(lfs_setattr(&lfs, "nope", 'A', "x", 1) == LFS_ERR_NOENT, "setattr on missing is LFS_ERR_NOENT");
	static uint8_t huge[1100];
	tap_ok(lfs_setattr(&lfs, "a/in2", 'A', huge, sizeof(huge)) == LFS_ERR_OVERFLOW,
	       "attribute above attr_max is LFS_ERR_OVERFLOW");
}

static void test_badf(void)
{
	lfs_file_t f;
	uint8_t b[4];
	int ok = lfs_file_open(&lfs, &f, "ro", LFS_O_WRONLY | LFS_O_CREAT) == 0 && lfs_file_close(&lfs, &f) == 0;
	tap_ok(ok && lfs_file_write(&lfs, &f, "x", 1) == LFS_ERR_BADF, "write to closed file is LFS_ERR_BADF");
	tap_ok(lfs_file_read(&lfs, &f, b, 1) == LFS_ERR_BADF && lfs_file_close(&lfs, &f) == LFS_ERR_BADF,
	       "read/close of closed file is LFS_ERR_BADF");
	ok = lfs_file_open(&lfs, &f, "ro", LFS_O_RDONLY) == 0;
	tap_ok(ok && lfs_file_write(&lfs, &f, "x", 1) == LFS_ERR_BADF, "write to read-only file is LFS_ERR_BADF");
	lfs_file_close(&lfs, &f);
	ok = lfs_file_open(&lfs, &f, "ro", LFS_O_WRONLY) == 0;
	tap_ok(ok && lfs_file_read(&lfs, &f, b, 1) == LFS_ERR_BADF, "read of write-only file is LFS_ERR_BADF");
	lfs_file_close(&lfs, &f);
	tap_ok(lfs_file_open(&lfs, &f, "ro", 0) == LFS_ERR_INVAL, "open without access mode is LFS_ERR_INVAL");
	tap_ok(lfs_remove(&lfs, "ro") == 0, "remove ro");
}

static void test_nospc(void)
{
	lfs_file_t f;
	uint8_t chunk[512];
	fill(chunk, sizeof(chunk), 9);
	/* What earlier cases left: the device goes back to it. */
	lfs_ssize_t start = lfs_fs_size(&lfs);
	int ok = lfs_file_open(&lfs, &f, "fill", LFS_O_WRONLY | LFS_O_CREAT) == 0;
	lfs_ssize_t res = 0;
	size_t total = 0;
	while (ok && res >= 0 && total < (size_t)bd.cfg.block_size * bd.cfg.block_count * 2) {
		res = lfs_file_write(&lfs, &f, chunk, sizeof(chunk));
		if (res > 0)
			total += (size_t)res;
	}
	tap_ok(res == LFS_ERR_NOSPC, "filling the device gives LFS_ERR_NOSPC (after %zu bytes)", total);
	lfs_file_close(&lfs, &f);
	tap_ok(lfs_remove(&lfs, "fill") == 0, "the full file can be removed");
	lfs_ssize_t used = lfs_fs_size(&lfs);
	tap_ok(used > 0 && used <= start, "space is reclaimed (%d blocks in use, %d before)", (int)used,
	       (int)start);
	tap_ok(write_file("after", chunk, sizeof(chunk), LFS_O_WRONLY | LFS_O_CREAT) == 0 &&
	       check_file("after", chunk, sizeof(chunk)) == 0 && lfs_remove(&lfs, "after") == 0,
	       "writing works again after LFS_ERR_NOSPC");
	/* many files in one directory until the device is full: every one can
	 * still be removed (commits then compact without needing new blocks) */
	char path[32];
	int n = 0, err = 0;
	ok = lfs_mkdir(&lfs, "full") == 0;
	while (ok && !err && n < 4000) {
		snprintf(path, sizeof(path), "full/%04d", n);
		err = write_file(path, chunk, 100 + (size_t)(n % 7) * 60, LFS_O_WRONLY | LFS_O_CREAT);
		n += !err;
	}
	tap_ok(ok && err == LFS_ERR_NOSPC, "%d files fill the device, then LFS_ERR_NOSPC", n);
	lfs_remove(&lfs, path);
	for (int i = 0; ok && i < n; i++) {
		snprintf(path, sizeof(path), "full/%04d", i);
		ok = lfs_remove(&lfs, path) == 0;
	}
	tap_ok(ok && lfs_remove(&lfs, "full") == 0 && lfs_fs_size(&lfs) <= start,
	       "all of them and their directory can be removed");
}

static void test_corrupt_superblock(void)
{
	lfs_unmount(&lfs);
	uint8_t *copy = malloc((size_t)bd.cfg.block_size * 2);
	memcpy(copy, bd.data, (size_t)bd.cfg.block_size * 2);
	bd.data[8] ^= 0xff;
	bd.data[bd.cfg.block_size + 8] ^= 0xff;
	tap_ok(lfs_mount(&lfs, &bd.cfg) == LFS_ERR_CORRUPT, "mount with damaged superblock is LFS_ERR_CORRUPT");
	memcpy(bd.data, copy, (size_t)bd.cfg.block_size * 2);
	struct lfs_config other = bd.cfg;
	other.block_count = bd.cfg.block_count / 2;
	tap_ok(lfs_mount(&lfs, &other) == LFS_ERR_INVAL, "mount with another block count is LFS_ERR_INVAL");
	other = bd.cfg;
	other.block_size = bd.cfg.block_size * 2;
	tap_ok(lfs_mount(&lfs, &other) != 0, "mount with another block size fails");
	other = bd.cfg;
	other.lookahead_size = 3;
	tap_ok(lfs_mount(&lfs, &other) == LFS_ERR_INVAL, "bad config is LFS_ERR_INVAL");
	tap_ok(lfs_mount(&lfs, &bd.cfg) == 0, "mount works again with the superblock restored");
	free(copy);
}

/* Open files and dirs keep pointing at their entries while other calls
 * insert and delete entries around them, split their pair, or rename them. */
static void test_open_handles(void)
{
	lfs_file_t f, g;
	char path[32];
	uint8_t data[700];
	fill(data, sizeof(data), 11);
	int ok = lfs_mkdir(&lfs, "h") == 0 &&
		 lfs_file_open(&lfs, &f, "h/m", LFS_O_RDWR | LFS_O_CREAT) == 0 &&
		 lfs_file_write(&lfs, &f, data, 100) == 100;
	for (int i = 0; ok && i < 40; i++) {
		snprintf(path, sizeof(path), "h/%c%02d", i % 2 ? 'a' : 'z', i);
		ok = write_file(path, (const uint8_t *)path, strlen(path), LFS_O_WRONLY | LFS_O_CREAT) == 0;
	}
	ok = ok && lfs_file_sync(&lfs, &f) == 0 && lfs_file_write(&lfs, &f, data + 100, 600) == 600;
	for (int i = 0; ok && i < 40; i += 3) {
		snprintf(path, sizeof(path), "h/%c%02d", i % 2 ? 'a' : 'z', i);
		ok = lfs_remove(&lfs, path) == 0;
	}
	ok = ok && lfs_file_close(&lfs, &f) == 0;
	tap_ok(ok && check_file("h/m", data, 700) == 0,
	       "an open file survives 40 creates, removes and pair splits around it");
	ok = lfs_file_open(&lfs, &f, "h/m", LFS_O_RDWR) == 0 && lfs_rename(&lfs, "h/m", "h/renamed") == 0 &&
	     lfs_file_seek(&lfs, &f, 0, LFS_SEEK_END) == 700 && lfs_file_write(&lfs, &f, "tail", 4) == 4 &&
	     lfs_file_close(&lfs, &f) == 0;
	memcpy(data + 300, "tail", 4);
	fill(data, 300, 12);
	uint8_t expect[704];
	fill(expect, sizeof(data), 11);
	memcpy(expect + 700, "tail", 4);
	tap_ok(ok && check_file("h/renamed", expect, 704) == 0, "a file renamed while open keeps being written");
	ok = lfs_file_open(&lfs, &f, "h/renamed", LFS_O_RDONLY) == 0 &&
	     lfs_file_open(&lfs, &g, "h/renamed", LFS_O_WRONLY | LFS_O_TRUNC) == 0 &&
	     lfs_file_write(&lfs, &g, "new", 3) == 3 && lfs_file_close(&lfs, &g) == 0 &&
	     lfs_file_read(&lfs, &f, data, 4) == 4 && memcmp(data, expect, 4) == 0 &&
	     lfs_file_close(&lfs, &f) == 0;
	tap_ok(ok && check_file("h/renamed", (const uint8_t *)"new", 3) == 0,
	       "a reader keeps its snapshot while a writer replaces the file");
	lfs_dir_t d;
	struct lfs_info info;
	int seen = 0, res;
	ok = lfs_dir_open(&lfs, &d, "h") == 0;
	while (ok && (res = lfs_dir_read(&lfs, &d, &info)) > 0) {
		if (info.name[0] == '.')
			continue;
		if (seen++ == 3)
			ok = write_file("h/0first", data, 1, LFS_O_WRONLY | LFS_O_CREAT) == 0;
		if (!strcmp(info.name, "0first"))
			ok = 0;
	}
	lfs_dir_close(&lfs, &d);
	tap_ok(ok && seen == 27, "dir_read sees each of the 27 entries once while one is added before it (%d)", seen);
	ok = lfs_file_open(&lfs, &f, "h/renamed", LFS_O_RDWR) == 0 && lfs_remove(&lfs, "h/renamed") == 0 &&
	     lfs_file_write(&lfs, &f, "x", 1) == 1 && lfs_file_close(&lfs, &f) == 0 &&
	     lfs_stat(&lfs, "h/renamed", &info) == LFS_ERR_NOENT;
	tap_ok(ok, "a file removed while open can be written and closed, and stays removed");
	for (int i = 0; i < 40; i++) {
		snprintf(path, sizeof(path), "h/%c%02d", i % 2 ? 'a' : 'z', i);
		lfs_remove(&lfs, path);
	}
	tap_ok(lfs_remove(&lfs, "h/0first") == 0 && lfs_remove(&lfs, "h") == 0, "clean up h");
}

/* A file of a third of the device: deep skip-lists, random reads. */
static void test_huge_file(void)
{
	size_t n = (size_t)bd.cfg.block_size * bd.cfg.block_count / 3;
	uint8_t *data = malloc(n), buf[300];
	fill(data, n, 21);
	int ok = write_file("huge", data, n, LFS_O_WRONLY | LFS_O_CREAT) == 0;
	lfs_file_t f;
	ok = ok && lfs_file_open(&lfs, &f, "huge", LFS_O_RDONLY) == 0;
	uint32_t r = 99;
	for (int i = 0; ok && i < 200; i++) {
		r = r * 1103515245u + 12345u;
		lfs_soff_t off = (lfs_soff_t)(r % (n - sizeof(buf)));
		ok = lfs_file_seek(&lfs, &f, off, LFS_SEEK_SET) == off &&
		     lfs_file_read(&lfs, &f, buf, sizeof(buf)) == (lfs_ssize_t)sizeof(buf) &&
		     memcmp(buf, data + off, sizeof(buf)) == 0;
	}
	lfs_file_close(&lfs, &f);
	tap_ok(ok, "file of %zu bytes: 200 random seeks read the right bytes", n);
	tap_ok(lfs_remove(&lfs, "huge") == 0, "remove it");
	free(data);
}

static void test_file_max(void)
{
	struct lfs_config c = bd.cfg;
	c.file_max = 1000;
	lfs_file_t f;
	uint8_t data[600] = { 0 };
	int ok = lfs_format(&lfs, &c) == 0 && lfs_mount(&lfs, &c) == 0 &&
		 lfs_file_open(&lfs, &f, "f", LFS_O_WRONLY | LFS_O_CREAT) == 0 &&
		 lfs_file_write(&lfs, &f, data, 600) == 600;
	tap_ok(ok && lfs_file_write(&lfs, &f, data, 600) == LFS_ERR_FBIG &&
	       lfs_file_truncate(&lfs, &f, 1001) == LFS_ERR_FBIG &&
	       lfs_file_seek(&lfs, &f, 1001, LFS_SEEK_SET) == LFS_ERR_INVAL,
	       "beyond file_max: LFS_ERR_FBIG (write, truncate), LFS_ERR_INVAL (seek)");
	tap_ok(lfs_file_close(&lfs, &f) == 0 && check_file("f", data, 600) == 0 && lfs_unmount(&lfs) == 0,
	       "the file keeps its 600 bytes");
}

/* Static buffers only (no allocation hook), RAM counters, grow. */
static void test_static_and_grow(void)
{
	static uint8_t rbuf[4096], pbuf[4096], lbuf[64], fbuf[4096];
	struct lfs_config c = bd.cfg;
	c.alloc = NULL;
	c.free = NULL;
	c.block_count = bd.cfg.block_count / 2;
	c.lookahead_size = 8;
	tap_ok(lfs_format(&lfs, &c) == LFS_ERR_NOMEM, "without buffers or allocation hook: LFS_ERR_NOMEM");
	c.read_buffer = rbuf;
	c.prog_buffer = pbuf;
	c.lookahead_buffer = lbuf;
	lfs_file_t f;
	int ok = lfs_format(&lfs, &c) == 0 && lfs_mount(&lfs, &c) == 0;
	tap_ok(ok && lfs_file_open(&lfs, &f, "s", LFS_O_WRONLY | LFS_O_CREAT) == LFS_ERR_NOMEM,
	       "lfs_file_open without hook is LFS_ERR_NOMEM");
	ok = ok && lfs_file_opencfg(&lfs, &f, "s", LFS_O_WRONLY | LFS_O_CREAT, fbuf) == 0 &&
	     lfs_file_write(&lfs, &f, rbuf, 3000) == 3000 && lfs_file_close(&lfs, &f) == 0;
	struct lfs_counters cnt;
	lfs_fs_counters(&lfs, &cnt);
	lfs_size_t expect = (lfs_size_t)(sizeof(lfs_t) + 2 * c.cache_size + c.lookahead_size);
	tap_ok(ok && cnt.ram_bytes == expect &&
	       cnt.ram_peak_bytes == expect + sizeof(lfs_file_t) + c.cache_size &&
	       cnt.bytes_programmed > 3000 && cnt.erases > 0 && cnt.stack_bytes_max > 0,
	       "static buffers work; RAM counters: %u now, %u peak", cnt.ram_bytes, cnt.ram_peak_bytes);
	lfs_fs_counters_reset(&lfs);
	lfs_fs_counters(&lfs, &cnt);
	tap_ok(cnt.bytes_programmed == 0 && cnt.ram_peak_bytes == expect, "counters reset");
	struct lfs_fsinfo fi;
	ok = lfs_fs_grow(&lfs, bd.cfg.block_count) == 0 && lfs_fs_stat(&lfs, &fi) == 0 &&
	     fi.block_count == bd.cfg.block_count && lfs_unmount(&lfs) == 0;
	c.block_count = 0;
	ok = ok && lfs_mount(&lfs, &c) == 0 && lfs_fs_stat(&lfs, &fi) == 0 &&
	     fi.block_count == bd.cfg.block_count && check_file("s", rbuf, 3000) == LFS_ERR_NOMEM;
	tap_ok(ok, "fs_grow to the whole device; mount with block_count 0 reads it from the superblock");
	tap_ok(lfs_fs_grow(&lfs, bd.cfg.block_count / 4) == LFS_ERR_INVAL, "shrinking is LFS_ERR_INVAL");
	lfs_unmount(&lfs);
}

struct geometry {
	lfs_size_t read, prog, block, count;
};

static const struct geometry geometries[] = {
	{ 16, 16, 512, 256 },
	{ 1, 1, 512, 256 },
	{ 4, 64, 1024, 128 },
	{ 64, 4, 2048, 64 },
	{ 256, 256, 4096, 40 },
	{ 1, 256, 4096, 40 },
	{ 256, 1, 4096, 40 },
};

int main(void)
{
	for (size_t g = 0; g < sizeof(geometries) / sizeof(geometries[0]); g++) {
		const struct geometry *geo = &geometries[g];
		printf("# geometry: read %u prog %u block %u count %u\n", geo->read, geo->prog, geo->block,
		       geo->count);
		if (emubd_init(&bd, geo->read, geo->prog, geo->block, geo->count))
			return 1;
		test_format_mount();
		test_small_files();
		test_large_files();
		test_huge_file();
		test_dirs();
		test_many_entries();
		test_rename();
		test_attrs();
		test_open_handles();
		test_badf();
		test_nospc();
		test_corrupt_superblock();
		lfs_unmount(&lfs);
		test_static_and_grow();
		test_file_max();
		tap_ok(bd.reprograms == 0, "no program hit non-erased bytes (block %u)", geo->block);
		emubd_free(&bd);
	}
	return tap_done();
}
