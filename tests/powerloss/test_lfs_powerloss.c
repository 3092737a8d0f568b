/*
 * test_lfs_powerloss.c - power-loss harness for the littlefs core.
 *
 * A seeded random workload (create/overwrite, append, overwrite in the
 * middle, truncate, write-sync-write-close, rename of files and of empty
 * directories (also over an empty directory), remove, mkdir, rmdir) runs
 * against the core on the emulated flash and against a model. Before each
 * operation the flash image is saved; the operation is then replayed from
 * that image once for every program/erase it performs, with the power cut
 * at that point (the interrupted program/erase done cleanly, half, or as
 * garbage, in turn). After each cut: mount, compare the whole tree with
 * the model before the operation, after it, or at one of its commit points
 * in between (a file created but still empty; the content at an
 * lfs_file_sync of a file kept open across two writes); then write, read
 * back and remove a probe file, and remount, to show the filesystem is
 * still usable. Every program must hit erased bytes.
 *
 * Half of the seeds run with block_cycles 1, so pairs relocate (wear
 * leveling) under power loss too, most often with 256-byte blocks. Every
 * third seed has bad blocks (every 9th block fails program/erase). Each
 * seed also runs on one continuous mount (in-memory state carried from
 * operation to operation), replayed from the formatted image with the cut
 * at every 5th program/erase of the whole run.
 *
 * Default: enough seeds for at least 10,000 cut points.
 * LFS_POWERLOSS_LONG=1: ten times the seeds, two more geometries.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/tap.h"
#include "lfs_emubd.h"

#define NDIRS 4
#define NFILES 8
#define MAXLEN 2048
#define OPS_PER_SEED 40

static const char *const dir_path[NDIRS] = { "d0", "d1", "d0/s", "d2" };
static const int dir_parent[NDIRS] = { -1, -1, 0, -1 };
static const char *const file_path[NFILES] = { "f0", "f1", "f2", "d0/f3", "d0/f4",
					       "d1/f5", "d0/s/f6", "d2/f7" };
static const int file_parent[NFILES] = { -1, -1, -1, 0, 0, 1, 2, 3 };

struct model {
	int dir_exists[NDIRS];
	int file_exists[NFILES];
	uint32_t file_len[NFILES];
	uint8_t data[NFILES][MAXLEN];
};

enum op_kind { OP_WRITE, OP_APPEND, OP_OVERWRITE, OP_TRUNCATE, OP_RENAME, OP_REMOVE,
	       OP_MKDIR, OP_RMDIR, OP_RENAME_DIR, OP_SYNCED_WRITE, OP_KINDS };

struct op {
	int kind;
	int a, b;
	uint32_t off, len;
	uint32_t dseed;
};

static uint32_t min_u32(uint32_t a, uint32_t b) { return a < b ? a : b; }
static uint32_t max_u32(uint32_t a, uint32_t b) { return a > b ? a : b; }

static uint32_t rng_next(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void gen_data(uint8_t *out, uint32_t len, uint32_t seed)
{
	for (uint32_t i = 0; i < len; i++) {
		seed = seed * 1664525u + 1013904223u;
		out[i] = (uint8_t)(seed >> 24);
	}
}

static int parent_exists(const struct model *m, int parent)
{
	return parent < 0 || m->dir_exists[parent];
}

static int dir_empty(const struct model *m, int d)
{
	for (int i = 0; i < NDIRS; i++)
		if (dir_parent[i] == d && m->dir_exists[i])
			return 0;
	for (int i = 0; i < NFILES; i++)
		if (file_parent[i] == d && m->file_exists[i])
			return 0;
	return 1;
}

/* Pick a random operation that is valid in model state m. */
static struct op gen_op(const struct model *m, uint32_t *rng, lfs_size_t block_size)
{
	struct op op;
	for (;;) {
		memset(&op, 0, sizeof(op));
		op.kind = (int)(rng_next(rng) % OP_KINDS);
		op.a = (int)(rng_next(rng) % NFILES);
		op.b = (int)(rng_next(rng) % NFILES);
		op.dseed = rng_next(rng);
		uint32_t maxlen = min_u32(MAXLEN, 3 * block_size);
		switch (op.kind) {
		case OP_WRITE:
			op.len = rng_next(rng) % maxlen;
			if (rng_next(rng) % 3 == 0)
				op.len %= 64;
			if (parent_exists(m, file_parent[op.a]))
				return op;
			break;
		case OP_APPEND:
		case OP_OVERWRITE:
			if (!m->file_exists[op.a])
				break;
			op.off = op.kind == OP_OVERWRITE ? rng_next(rng) % (m->file_len[op.a] + 1) : 0;
			op.len = 1 + rng_next(rng) % 400;
			if ((op.kind == OP_APPEND ? m->file_len[op.a] : op.off) + op.len <= maxlen)
				return op;
			break;
		case OP_TRUNCATE:
			op.len = rng_next(rng) % (m->file_len[op.a] + 300);
			if (m->file_exists[op.a] && op.len <= maxlen)
				return op;
			break;
		case OP_RENAME:
			if (m->file_exists[op.a] && op.a != op.b && parent_exists(m, file_parent[op.b]))
				return op;
			break;
		case OP_REMOVE:
			if (m->file_exists[op.a])
				return op;
			break;
		case OP_MKDIR:
			op.a %= NDIRS;
			if (!m->dir_exists[op.a] && parent_exists(m, dir_parent[op.a]))
				return op;
			break;
		case OP_RMDIR:
			op.a %= NDIRS;
			if (m->dir_exists[op.a] && dir_empty(m, op.a))
				return op;
			break;
		case OP_SYNCED_WRITE:
			/* len bytes, lfs_file_sync, off more bytes, close */
			op.len = 1 + rng_next(rng) % (maxlen / 2);
			op.off = 1 + rng_next(rng) % (maxlen / 2);
			if (parent_exists(m, file_parent[op.a]))
				return op;
			break;
		case OP_RENAME_DIR:
			/* an empty directory, moved over nothing or an empty one */
			op.a %= NDIRS;
			op.b %= NDIRS;
			if (op.a != op.b && dir_parent[op.b] != op.a && m->dir_exists[op.a] &&
			    dir_empty(m, op.a) && parent_exists(m, dir_parent[op.b]) &&
			    (!m->dir_exists[op.b] || dir_empty(m, op.b)))
				return op;
			break;
		}
	}
}

static void model_apply(struct model *m, const struct op *op)
{
	int a = op->a, b = op->b;
	switch (op->kind) {
	case OP_WRITE:
		m->file_exists[a] = 1;
		m->file_len[a] = op->len;
		gen_data(m->data[a], op->len, op->dseed);
		break;
	case OP_APPEND:
		gen_data(m->data[a] + m->file_len[a], op->len, op->dseed);
		m->file_len[a] += op->len;
		break;
	case OP_OVERWRITE:
		gen_data(m->data[a] + op->off, op->len, op->dseed);
		m->file_len[a] = max_u32(m->file_len[a], op->off + op->len);
		break;
	case OP_TRUNCATE:
		if (op->len > m->file_len[a])
			memset(m->data[a] + m->file_len[a], 0, op->len - m->file_len[a]);
		m->file_len[a] = op->len;
		break;
	case OP_RENAME:
		m->file_exists[b] = 1;
		m->file_len[b] = m->file_len[a];
		memcpy(m->data[b], m->data[a], m->file_len[a]);
		m->file_exists[a] = 0;
		break;
	case OP_REMOVE:
		m->file_exists[a] = 0;
		break;
	case OP_MKDIR:
		m->dir_exists[a] = 1;
		break;
	case OP_RMDIR:
		m->dir_exists[a] = 0;
		break;
	case OP_RENAME_DIR:
		m->dir_exists[a] = 0;
		m->dir_exists[b] = 1;
		break;
	case OP_SYNCED_WRITE:
		m->file_exists[a] = 1;
		m->file_len[a] = op->len + op->off;
		gen_data(m->data[a], op->len + op->off, op->dseed);
		break;
	}
}

/* States a cut inside op may leave besides the old and the new one: the
 * file created but empty, and the state at an lfs_file_sync. */
static int model_intermediates(const struct model *old, const struct op *op, struct model mids[2])
{
	int n = 0;
	if ((op->kind == OP_WRITE || op->kind == OP_SYNCED_WRITE) && !old->file_exists[op->a]) {
		mids[n] = *old;
		mids[n].file_exists[op->a] = 1;
		mids[n].file_len[op->a] = 0;
		n++;
	}
	if (op->kind == OP_SYNCED_WRITE) {
		mids[n] = *old;
		mids[n].file_exists[op->a] = 1;
		mids[n].file_len[op->a] = op->len;
		gen_data(mids[n].data[op->a], op->len, op->dseed);
		n++;
	}
	return n;
}

/* Run op on the filesystem; returns the first error. */
static int fs_apply(lfs_t *lfs, const struct op *op)
{
	static uint8_t buf[MAXLEN];
	lfs_file_t f;
	int err = 0, cerr;
	const char *path = file_path[op->a];
	switch (op->kind) {
	case OP_WRITE:
	case OP_APPEND:
	case OP_OVERWRITE: {
		int flags = LFS_O_WRONLY;
		if (op->kind == OP_WRITE)
			flags |= LFS_O_CREAT | LFS_O_TRUNC;
		if (op->kind == OP_APPEND)
			flags |= LFS_O_APPEND;
		err = lfs_file_open(lfs, &f, path, flags);
		if (err)
			return err;
		gen_data(buf, op->len, op->dseed);
		if (op->kind == OP_OVERWRITE) {
			lfs_soff_t pos = lfs_file_seek(lfs, &f, (lfs_soff_t)op->off, LFS_SEEK_SET);
			err = pos < 0 ? (int)pos : 0;
		}
		if (!err) {
			lfs_ssize_t w = lfs_file_write(lfs, &f, buf, op->len);
			err = w < 0 ? (int)w : (w == (lfs_ssize_t)op->len ? 0 : -1);
		}
		cerr = lfs_file_close(lfs, &f);
		return err ? err : cerr;
	}
	case OP_TRUNCATE:
		err = lfs_file_open(lfs, &f, path, LFS_O_RDWR);
		if (err)
			return err;
		err = lfs_file_truncate(lfs, &f, op->len);
		cerr = lfs_file_close(lfs, &f);
		return err ? err : cerr;
	case OP_RENAME:
		return lfs_rename(lfs, path, file_path[op->b]);
	case OP_REMOVE:
		return lfs_remove(lfs, path);
	case OP_MKDIR:
		return lfs_mkdir(lfs, dir_path[op->a]);
	case OP_RMDIR:
		return lfs_remove(lfs, dir_path[op->a]);
	case OP_RENAME_DIR:
		return lfs_rename(lfs, dir_path[op->a], dir_path[op->b]);
	case OP_SYNCED_WRITE: {
		err = lfs_file_open(lfs, &f, path, LFS_O_WRONLY | LFS_O_CREAT | LFS_O_TRUNC);
		if (err)
			return err;
		gen_data(buf, op->len + op->off, op->dseed);
		lfs_ssize_t w = lfs_file_write(lfs, &f, buf, op->len);
		err = w < 0 ? (int)w : lfs_file_sync(lfs, &f);
		if (!err) {
			w = lfs_file_write(lfs, &f, buf + op->len, op->off);
			err = w < 0 ? (int)w : 0;
		}
		cerr = lfs_file_close(lfs, &f);
		return err ? err : cerr;
	}
	}
	return -1;
}

static int check_file(lfs_t *lfs, const struct model *m, int i, const struct lfs_info *info)
{
	static uint8_t buf[MAXLEN + 1];
	if (info->type != LFS_TYPE_REG || info->size != m->file_len[i])
		return -1;
	lfs_file_t f;
	if (lfs_file_open(lfs, &f, file_path[i], LFS_O_RDONLY))
		return -1;
	lfs_ssize_t r = lfs_file_read(lfs, &f, buf, MAXLEN + 1);
	lfs_file_close(lfs, &f);
	return r == (lfs_ssize_t)m->file_len[i] && memcmp(buf, m->data[i], m->file_len[i]) == 0 ? 0 : -1;
}

/* Entry `name` of directory `parent` as the model expects it. */
static int check_entry(lfs_t *lfs, const struct model *m, int parent, const struct lfs_info *info)
{
	for (int i = 0; i < NDIRS; i++) {
		const char *base = strrchr(dir_path[i], '/');
		base = base ? base + 1 : dir_path[i];
		if (dir_parent[i] == parent && m->dir_exists[i] && !strcmp(base, info->name))
			return info->type == LFS_TYPE_DIR ? 0 : -1;
	}
	for (int i = 0; i < NFILES; i++) {
		const char *base = strrchr(file_path[i], '/');
		base = base ? base + 1 : file_path[i];
		if (file_parent[i] == parent && m->file_exists[i] && !strcmp(base, info->name))
			return check_file(lfs, m, i, info);
	}
	return -1;
}

static int expected_entries(const struct model *m, int parent)
{
	int n = 0;
	for (int i = 0; i < NDIRS; i++)
		n += dir_parent[i] == parent && m->dir_exists[i];
	for (int i = 0; i < NFILES; i++)
		n += file_parent[i] == parent && m->file_exists[i];
	return n;
}

/* 0 when the filesystem tree equals the model exactly. */
static int fs_matches(lfs_t *lfs, const struct model *m)
{
	for (int d = -1; d < NDIRS; d++) {
		const char *path = d < 0 ? "/" : dir_path[d];
		lfs_dir_t dir;
		struct lfs_info info;
		int exists = d < 0 || m->dir_exists[d];
		int err = lfs_dir_open(lfs, &dir, path);
		if (!exists) {
			if (err == 0)
				lfs_dir_close(lfs, &dir);
			if (err != LFS_ERR_NOENT)
				return -1;
			continue;
		}
		if (err)
			return -1;
		int n = 0, res, bad = 0;
		while ((res = lfs_dir_read(lfs, &dir, &info)) > 0) {
			if (!strcmp(info.name, ".") || !strcmp(info.name, ".."))
				continue;
			n++;
			if (check_entry(lfs, m, d, &info))
				bad = 1;
		}
		lfs_dir_close(lfs, &dir);
		if (res < 0 || bad || n != expected_entries(m, d))
			return -1;
	}
	return 0;
}

/* The filesystem is usable: write, read back and remove a probe file. */
static int probe(lfs_t *lfs, lfs_size_t block_size)
{
	static uint8_t out[4096], in[4096];
	uint32_t len = min_u32(sizeof(out), block_size + 100);
	gen_data(out, len, 77);
	lfs_file_t f;
	if (lfs_file_open(lfs, &f, "probe", LFS_O_WRONLY | LFS_O_CREAT | LFS_O_EXCL))
		return -1;
	lfs_ssize_t w = lfs_file_write(lfs, &f, out, len);
	if (lfs_file_close(lfs, &f) || w != (lfs_ssize_t)len)
		return -1;
	if (lfs_file_open(lfs, &f, "probe", LFS_O_RDONLY))
		return -1;
	lfs_ssize_t r = lfs_file_read(lfs, &f, in, len);
	lfs_file_close(lfs, &f);
	if (r != (lfs_ssize_t)len || memcmp(in, out, len))
		return -1;
	return lfs_remove(lfs, "probe");
}

struct geometry {
	lfs_size_t read, prog, block, count;
};

struct tally {
	long cuts, old_state, new_state, mid_state, failures;
};

/* After a cut during op (which returned err): mount, the tree must be the
 * old, new or created-empty state, a probe file must work, remount must
 * work. Counts the outcome in t. */
static void check_after_cut(struct emubd *bd, const struct model *old, const struct model *new_m,
			    const struct model *mids, int nmids, const struct op *op, int err,
			    struct tally *t, const char *where)
{
	lfs_t lfs;
	const char *why = NULL;
	t->cuts++;
	if (err != EMUBD_ERR_POWERLOSS && err != 0)
		why = "operation failed";
	else if (lfs_mount(&lfs, &bd->cfg))
		why = "mount after the cut failed";
	else {
		if (fs_matches(&lfs, old) == 0)
			t->old_state++;
		else if (fs_matches(&lfs, new_m) == 0)
			t->new_state++;
		else {
			why = "tree is neither the old, an intermediate nor the new state";
			for (int i = 0; why && i < nmids; i++) {
				if (fs_matches(&lfs, &mids[i]) == 0) {
					t->mid_state++;
					why = NULL;
				}
			}
		}
		if (!why && probe(&lfs, bd->cfg.block_size))
			why = "probe write after the cut failed";
		if (!why && (lfs_unmount(&lfs) || lfs_mount(&lfs, &bd->cfg)))
			why = "remount failed";
		lfs_unmount(&lfs);
	}
	if (why) {
		t->failures++;
		if (t->failures <= 5)
			printf("# %s (op kind %d): %s (err %d)\n", where, op->kind, why, err);
	}
}

/* Every cut point of one operation, starting from image `before`. */
static void cut_operation(struct emubd *bd, const uint8_t *before, size_t image,
			  const struct model *old, const struct model *new_m,
			  const struct model *mids, int nmids, const struct op *op, long op_writes,
			  struct tally *t, int seed, int opno)
{
	lfs_t lfs;
	char where[96];
	for (long k = 1; k <= op_writes; k++) {
		memcpy(bd->data, before, image);
		emubd_power_on(bd);
		if (lfs_mount(&lfs, &bd->cfg)) {
			t->failures++;
			continue;
		}
		emubd_cut_after(bd, k, (int)(k % 3));
		int err = fs_apply(&lfs, op);
		lfs_unmount(&lfs);
		emubd_power_on(bd);
		snprintf(where, sizeof(where), "seed %d op %d cut %ld mode %ld", seed, opno, k, k % 3);
		check_after_cut(bd, old, new_m, mids, nmids, op, err, t, where);
	}
}

/* Every third seed runs on flash where every 9th block fails programs and
 * erases, so bad-block moves are cut by power loss too. */
static void mark_bad_blocks(struct emubd *bd, int seed)
{
	for (lfs_block_t b = 2; seed % 3 == 0 && b < bd->cfg.block_count; b += 9)
		bd->bad[b] = EMUBD_BAD_FAIL;
}

/* The model after op i, and the created-empty state when op i creates. */
struct step {
	struct op op;
	struct model before, after, mids[2];
	int nmids;
};

/* The same workload run on one continuous mount from the formatted image,
 * cut at every `stride`-th program/erase of the whole run. */
static void run_continuous(const struct geometry *g, int seed, int block_cycles, int stride,
			   struct tally *t)
{
	struct emubd bd;
	static struct step steps[OPS_PER_SEED];
	if (emubd_init(&bd, g->read, g->prog, g->block, g->count)) {
		t->failures++;
		return;
	}
	bd.cfg.block_cycles = block_cycles;
	size_t image = (size_t)g->block * g->count;
	uint8_t *formatted = malloc(image);
	lfs_t lfs;
	uint32_t rng = 0x9e3779b9u ^ (uint32_t)seed * 2654435761u;
	struct model cur;
	memset(&cur, 0, sizeof(cur));
	if (lfs_format(&lfs, &bd.cfg) || lfs_mount(&lfs, &bd.cfg)) {
		t->failures++;
		goto out;
	}
	mark_bad_blocks(&bd, seed);
	memcpy(formatted, bd.data, image);
	long start = bd.ops;
	for (int i = 0; i < OPS_PER_SEED; i++) {
		struct step *st = &steps[i];
		st->op = gen_op(&cur, &rng, g->block);
		st->before = cur;
		model_apply(&cur, &st->op);
		st->after = cur;
		st->nmids = model_intermediates(&st->before, &st->op, st->mids);
		if (fs_apply(&lfs, &st->op)) {
			t->failures++;
			goto out;
		}
	}
	lfs_unmount(&lfs);
	long total = bd.ops - start;
	char where[96];
	for (long k = 1 + seed % stride; k <= total; k += stride) {
		memcpy(bd.data, formatted, image);
		emubd_power_on(&bd);
		if (lfs_mount(&lfs, &bd.cfg)) {
			t->failures++;
			continue;
		}
		emubd_cut_after(&bd, k, (int)(k % 3));
		int i = 0, err = 0;
		for (; i < OPS_PER_SEED; i++) {
			err = fs_apply(&lfs, &steps[i].op);
			if (err)
				break;
		}
		lfs_unmount(&lfs);
		emubd_power_on(&bd);
		if (i == OPS_PER_SEED) {
			t->failures++;  /* the cut never happened: the run diverged */
			continue;
		}
		snprintf(where, sizeof(where), "continuous seed %d cut %ld in op %d", seed, k, i);
		check_after_cut(&bd, &steps[i].before, &steps[i].after, steps[i].mids, steps[i].nmids,
				&steps[i].op, err, t, where);
	}
	if (bd.reprograms)
		t->failures++;
out:
	free(formatted);
	emubd_free(&bd);
}

static void run_seed(const struct geometry *g, int seed, int block_cycles, struct tally *t)
{
	struct emubd bd;
	if (emubd_init(&bd, g->read, g->prog, g->block, g->count)) {
		t->failures++;
		return;
	}
	bd.cfg.block_cycles = block_cycles;
	size_t image = (size_t)g->block * g->count;
	uint8_t *before = malloc(image);
	static struct model old, new_m, mids[2];
	memset(&old, 0, sizeof(old));
	lfs_t lfs;
	uint32_t rng = 0x9e3779b9u ^ (uint32_t)seed * 2654435761u;
	if (lfs_format(&lfs, &bd.cfg)) {
		t->failures++;
		goto out;
	}
	mark_bad_blocks(&bd, seed);
	for (int i = 0; i < OPS_PER_SEED; i++) {
		struct op op = gen_op(&old, &rng, g->block);
		new_m = old;
		model_apply(&new_m, &op);
		int nmids = model_intermediates(&old, &op, mids);
		memcpy(before, bd.data, image);
		if (lfs_mount(&lfs, &bd.cfg)) {
			t->failures++;
			break;
		}
		long start = bd.ops;
		int err = fs_apply(&lfs, &op);
		long writes = bd.ops - start;
		int match = fs_matches(&lfs, &new_m);
		lfs_unmount(&lfs);
		if (err || match) {
			printf("# seed %d op %d (kind %d): uninterrupted run failed (err %d)\n", seed, i,
			       op.kind, err);
			t->failures++;
			break;
		}
		uint8_t *after = malloc(image);
		memcpy(after, bd.data, image);
		long ops_now = bd.ops;
		cut_operation(&bd, before, image, &old, &new_m, mids, nmids, &op, writes, t, seed, i);
		memcpy(bd.data, after, image);
		bd.ops = ops_now;
		emubd_power_on(&bd);
		free(after);
		old = new_m;
	}
	if (bd.reprograms)
		t->failures++;
out:
	free(before);
	emubd_free(&bd);
}

int main(void)
{
	int longrun = getenv("LFS_POWERLOSS_LONG") != NULL;
	static const struct geometry geos[] = {
		{ 16, 16, 512, 64 },
		{ 16, 16, 256, 128 },  /* small blocks: many compactions and relocations */
		{ 1, 1, 512, 64 },
		{ 64, 256, 1024, 48 },
	};
	int ngeo = longrun ? 4 : 2;
	int seeds = longrun ? 500 : 50;
	int only = getenv("LFS_POWERLOSS_SEED") ? atoi(getenv("LFS_POWERLOSS_SEED")) : 0;
	long total = 0;
	for (int gi = 0; gi < ngeo; gi++) {
		const struct geometry *g = &geos[gi];
		for (int seed = 1; seed <= seeds; seed++) {
			if (only && seed != only)
				continue;
			int cycles = seed % 2 ? 1 : -1;
			for (int continuous = 0; continuous < 2; continuous++) {
				struct tally t = { 0 };
				if (continuous)
					run_continuous(g, seed, cycles, 5, &t);
				else
					run_seed(g, seed, cycles, &t);
				total += t.cuts;
				tap_ok(t.failures == 0 && t.cuts > 0,
				       "%s: block %u prog %u read %u block_cycles %d%s seed %d: %ld "
				       "cut points, recovered old %ld / new %ld / intermediate %ld",
				       continuous ? "continuous mount, every 5th write" :
						    "remount per operation, every write",
				       g->block, g->prog, g->read, cycles,
				       seed % 3 == 0 ? " bad blocks" : "", seed, t.cuts, t.old_state,
				       t.new_state, t.mid_state);
			}
		}
	}
	tap_ok(total >= 10000, "%ld power cuts in total (at least 10000)", total);
	return tap_done();
}
