/*
 * test_lfs_pinned.c - the bound on the blocks an operation keeps pinned
 * (LFS_PINNED_MAX in lfs/lfs.h: new metadata blocks nothing on disk
 * references yet). The worst case the bound is derived from, a new
 * directory whose commit splits and moves its pair, and whose re-linking
 * commits split and move three more pairs in a row before one lands with a
 * split, pins exactly LFS_PINNED_MAX blocks and succeeds. One move more
 * fails with LFS_ERR_NOBUFS and leaves the filesystem as it was. Pins are
 * dropped when a commit lands: a rename whose two commits each move three
 * pairs needs the pins of one. Bad blocks met while a pair is written add
 * no pins.
 *
 * Pairs are made to move by bad blocks: both blocks of a pair failing
 * program/erase move it; its newest block failing alone makes the commit
 * compact into the other block, in place. Each directory holds six entries
 * with 200-byte names, so that every compaction splits its pair.
 */
#include <stdio.h>
#include <string.h>

#include "../powerloss/lfs_emubd.h"
#include "tap.h"

#define BLOCK_SIZE 2048
#define BLOCK_COUNT 256
#define NAME_LEN 200
#define ENTRIES 6

/* Path of directory `depth` of tree t (1: "t0", 2: "t0/t1", ...). */
static void dir_path(char *out, size_t size, char t, int depth)
{
	size_t len = 0;
	out[0] = '\0';
	for (int i = 0; i < depth; i++)
		len += (size_t)snprintf(out + len, size - len, "%s%c%d", i ? "/" : "", t, i);
}

/* Path of entry k of directory `depth` of tree t: a 200-byte name. */
static void entry_path(char *out, size_t size, char t, int depth, int k)
{
	char dir[64];
	dir_path(dir, sizeof(dir), t, depth);
	size_t len = (size_t)snprintf(out, size, "%s/%c", dir, 'a' + k);
	memset(out + len, 'n', NAME_LEN - 1);
	out[len + NAME_LEN - 1] = '\0';
}

static int create_empty(lfs_t *lfs, const char *path)
{
	lfs_file_t f;
	int err = lfs_file_open(lfs, &f, path, LFS_O_WRONLY | LFS_O_CREAT | LFS_O_EXCL);
	return err ? err : lfs_file_close(lfs, &f);
}

/* Directories t0/t1/.../t(depth-1), each with ENTRIES long-named files. */
static int make_tree(lfs_t *lfs, char t, int depth)
{
	char path[64], entry[NAME_LEN + 64];
	for (int d = 1; d <= depth; d++) {
		dir_path(path, sizeof(path), t, d);
		int err = lfs_mkdir(lfs, path);
		for (int k = 0; !err && k < ENTRIES; k++) {
			entry_path(entry, sizeof(entry), t, d, k);
			err = create_empty(lfs, entry);
		}
		if (err)
			return err;
	}
	return 0;
}

/* Every directory and entry of make_tree is there. */
static int tree_intact(lfs_t *lfs, char t, int depth)
{
	char path[NAME_LEN + 64];
	struct lfs_info info;
	for (int d = 1; d <= depth; d++) {
		dir_path(path, sizeof(path), t, d);
		if (lfs_stat(lfs, path, &info) || info.type != LFS_TYPE_DIR)
			return 0;
		for (int k = 0; k < ENTRIES; k++) {
			entry_path(path, sizeof(path), t, d, k);
			if (lfs_stat(lfs, path, &info) || info.type != LFS_TYPE_REG)
				return 0;
		}
	}
	return 1;
}

/* Mark the blocks of directory `depth` of tree t bad: both (the pair must
 * move) or only the newest (its commit compacts in place). */
static int mark_bad(lfs_t *lfs, struct emubd *bd, char t, int depth, int both)
{
	char path[64];
	lfs_dir_t dir;
	dir_path(path, sizeof(path), t, depth);
	if (lfs_dir_open(lfs, &dir, path))
		return -1;
	/* white box: the pair the handle fetched, newest block first */
	bd->bad[dir.h.m.pair[0]] = EMUBD_BAD_FAIL;
	if (both)
		bd->bad[dir.h.m.pair[1]] = EMUBD_BAD_FAIL;
	return lfs_dir_close(lfs, &dir);
}

/* Tree t of `moves` + 1 directories whose deepest `moves` pairs move at
 * their next commit, one after the other, and whose top directory's next
 * commit compacts in place. */
static int make_moving_tree(lfs_t *lfs, struct emubd *bd, char t, int moves)
{
	int err = make_tree(lfs, t, moves + 1);
	for (int d = 2; !err && d <= moves + 1; d++)
		err = mark_bad(lfs, bd, t, d, 1);
	return err ? err : mark_bad(lfs, bd, t, 1, 0);
}

static lfs_size_t pinned_peak(lfs_t *lfs)
{
	struct lfs_counters c;
	lfs_fs_counters(lfs, &c);
	return c.pinned_peak;
}

/* On a new flash, a new directory at the bottom of a moving tree: returns
 * lfs_mkdir's result, *peak gets the pins it needed. */
static int mkdir_moving(lfs_t *lfs, struct emubd *bd, int moves, lfs_size_t *peak)
{
	char path[64];
	*peak = 0;
	if (emubd_init(bd, 16, 16, BLOCK_SIZE, BLOCK_COUNT) || lfs_format(lfs, &bd->cfg) ||
	    lfs_mount(lfs, &bd->cfg) || make_moving_tree(lfs, bd, 'd', moves))
		return -1;
	lfs_fs_counters_reset(lfs);
	dir_path(path, sizeof(path), 'd', moves + 1);
	strcat(path, "/x");
	int err = lfs_mkdir(lfs, path);
	*peak = pinned_peak(lfs);
	return err;
}

static int remount(lfs_t *lfs, struct emubd *bd)
{
	return lfs_unmount(lfs) == 0 && lfs_mount(lfs, &bd->cfg) == 0;
}

static void test_worst_case(void)
{
	struct emubd bd;
	lfs_t lfs;
	lfs_size_t peak;
	struct lfs_info info;
	int err = mkdir_moving(&lfs, &bd, 4, &peak);
	tap_ok(err == 0, "worst case (a new directory, four pairs split and moved in a row, "
	       "a split where the commit lands) succeeds (%d)", err);
	tap_ok(peak == LFS_PINNED_MAX, "it pins exactly LFS_PINNED_MAX = %d blocks (%u)",
	       LFS_PINNED_MAX, (unsigned)peak);
	int ok = remount(&lfs, &bd);
	tap_ok(ok && tree_intact(&lfs, 'd', 5) && lfs_stat(&lfs, "d0/d1/d2/d3/d4/x", &info) == 0 &&
	       info.type == LFS_TYPE_DIR && lfs_fs_size(&lfs) > 0,
	       "after a remount the new directory and the whole tree are there");
	tap_ok(bd.reprograms == 0, "no program hit non-erased bytes");
	lfs_unmount(&lfs);
	emubd_free(&bd);
}

static void test_past_the_limit(void)
{
	struct emubd bd;
	lfs_t lfs;
	lfs_size_t peak;
	struct lfs_info info;
	int err = mkdir_moving(&lfs, &bd, 5, &peak);
	tap_ok(err == LFS_ERR_NOBUFS, "one move more fails with LFS_ERR_NOBUFS (%d)", err);
	tap_ok(peak == LFS_PINNED_MAX, "no more than LFS_PINNED_MAX blocks were pinned (%u)",
	       (unsigned)peak);
	int ok = remount(&lfs, &bd);
	tap_ok(ok && tree_intact(&lfs, 'd', 6) &&
	       lfs_stat(&lfs, "d0/d1/d2/d3/d4/d5/x", &info) == LFS_ERR_NOENT,
	       "after a remount the tree is as before the failed call");
	err = lfs_mkdir(&lfs, "d0/d1/d2/d3/d4/d5/x");
	tap_ok(err == LFS_ERR_NOBUFS, "the same call fails the same way again (%d)", err);
	memset(bd.bad, EMUBD_BAD_NONE, BLOCK_COUNT);
	err = lfs_mkdir(&lfs, "d0/d1/d2/d3/d4/d5/x");
	ok = err == 0 && remount(&lfs, &bd) && tree_intact(&lfs, 'd', 6) &&
	     lfs_stat(&lfs, "d0/d1/d2/d3/d4/d5/x", &info) == 0;
	tap_ok(ok, "with the blocks good again it succeeds and survives a remount (%d)", err);
	tap_ok(bd.reprograms == 0, "no program hit non-erased bytes");
	lfs_unmount(&lfs);
	emubd_free(&bd);
}

/* A rename between the bottoms of two moving trees: its destination commit
 * and its source commit each move three pairs before landing with a split
 * (3 * 3 + 2 pins); the first landing drops its pins. */
static void test_pins_dropped_at_landing(void)
{
	struct emubd bd;
	lfs_t lfs;
	char from[NAME_LEN + 64], to[64];
	struct lfs_info info;
	if (emubd_init(&bd, 16, 16, BLOCK_SIZE, BLOCK_COUNT))
		return;
	int ok = lfs_format(&lfs, &bd.cfg) == 0 && lfs_mount(&lfs, &bd.cfg) == 0 &&
		 make_moving_tree(&lfs, &bd, 'a', 3) == 0 &&
		 make_moving_tree(&lfs, &bd, 'b', 3) == 0;
	entry_path(from, sizeof(from), 'a', 4, 0);
	dir_path(to, sizeof(to), 'b', 4);
	strcat(to, "/y");
	lfs_fs_counters_reset(&lfs);
	int err = ok ? lfs_rename(&lfs, from, to) : -1;
	lfs_size_t peak = pinned_peak(&lfs);
	tap_ok(err == 0, "a rename whose two commits each move three pairs succeeds (%d)", err);
	tap_ok(peak == 3 * 3 + 2, "it pins 11 blocks at most, not 22 (%u)", (unsigned)peak);
	ok = remount(&lfs, &bd) && lfs_stat(&lfs, from, &info) == LFS_ERR_NOENT &&
	     lfs_stat(&lfs, to, &info) == 0 && info.type == LFS_TYPE_REG;
	tap_ok(ok, "after a remount the entry has its new name only");
	lfs_unmount(&lfs);
	emubd_free(&bd);
}

static void test_bad_blocks_add_no_pins(void)
{
	struct emubd bd;
	lfs_t lfs;
	char path[16];
	if (emubd_init(&bd, 16, 16, BLOCK_SIZE, BLOCK_COUNT))
		return;
	int ok = lfs_format(&lfs, &bd.cfg) == 0 && lfs_mount(&lfs, &bd.cfg) == 0;
	for (lfs_block_t b = 2; b < BLOCK_COUNT; b++)
		bd.bad[b] = b % 4 != 3 ? EMUBD_BAD_FAIL : EMUBD_BAD_NONE;
	for (int i = 0; ok && i < 16; i++) {
		snprintf(path, sizeof(path), "b%d", i);
		ok = lfs_mkdir(&lfs, path) == 0;
	}
	struct lfs_counters c;
	lfs_fs_counters(&lfs, &c);
	tap_ok(ok && c.bad_blocks >= 16, "16 directories made with 3 blocks in 4 bad "
	       "(%llu bad blocks hit)", (unsigned long long)c.bad_blocks);
	tap_ok(c.pinned_peak == 2, "each kept only its own two blocks pinned (peak %u)",
	       (unsigned)c.pinned_peak);
	lfs_unmount(&lfs);
	emubd_free(&bd);
}

int main(void)
{
	test_worst_case();
	test_past_the_limit();
	test_pins_dropped_at_landing();
	test_bad_blocks_add_no_pins();
	return tap_done();
}
