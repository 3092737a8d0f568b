/*
 * cramfs_walk.c - bounded walk of a cramfs image through a read callback
 * (see cramfs_walk.h). Every offset taken from the image is checked against
 * the filesystem size before it is read.
 */
#include "cramfs_walk.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "cramfs/cramfs_format.h"
#include "pkg_internal.h"

#define BLOCK 4096u
/* cramfs offsets are 26-bit word counts: no image is larger. */
#define CRAMFS_ADDRESSABLE ((CRAMFS_MAX_OFFSET_WORDS + 1u) * 4u)

static int read_at(const struct cramfs_walk *w, uint32_t off, void *buf, uint32_t len,
		   struct error_detail *err)
{
	int rc = w->read(w->ctx, off, buf, len);

	return rc ? error_detail_set(err, rc, "cannot read the image at offset %u: %s", off,
				     strerror(-rc))
		  : 0;
}

/* Opens the superblock: size, flags, the root listing as the first level. */
static int open_root(struct cramfs_walk *w, uint32_t len, struct error_detail *err)
{
	uint8_t sb[CRAMFS_SB_LEN];
	struct cramfs_inode_fields root;
	uint32_t flags;
	int rc;

	if (len < CRAMFS_SB_LEN)
		return error_detail_set(err, -EINVAL, "cramfs: %u bytes, shorter than a superblock",
					len);
	rc = read_at(w, 0, sb, sizeof(sb), err);
	if (rc)
		return rc;
	if (get_le32(sb + CRAMFS_SB_MAGIC) != CRAMFS_MAGIC)
		return error_detail_set(err, -EINVAL, "cramfs: bad magic %#x",
					get_le32(sb + CRAMFS_SB_MAGIC));
	flags = get_le32(sb + CRAMFS_SB_FLAGS);
	if ((flags & CRAMFS_XIP_FLAGS) != CRAMFS_XIP_FLAGS)
		return error_detail_set(
			err, -EINVAL,
			"cramfs: flags %#x lack FSID_VERSION_2|SORTED_DIRS|EXT_BLOCK_POINTERS",
			flags);
	w->size = get_le32(sb + CRAMFS_SB_SIZE);
	if (w->size < CRAMFS_SB_LEN || w->size > len || w->size > CRAMFS_ADDRESSABLE)
		return error_detail_set(err, -EINVAL, "cramfs: size %u outside the %u bytes given",
					w->size, len);
	cramfs_get_inode(sb + CRAMFS_SB_ROOT, &root);
	if (!S_ISDIR(root.mode))
		return error_detail_set(err, -EINVAL, "cramfs: the root is not a directory");
	w->dir[0] = (struct cramfs_walk_dir){ root.offset, root.offset + root.size, CRAMFS_SB_ROOT };
	w->depth = 1;
	return 0;
}

int cramfs_walk_files(struct cramfs_walk *w, const struct pkg_source *src, uint32_t len,
		      cramfs_walk_fn fn, void *ctx, struct error_detail *err)
{
	uint32_t visits = 0, max_visits;
	int rc;

	memset(w, 0, sizeof(*w));
	w->read = src->read;
	w->ctx = src->ctx;
	rc = open_root(w, len, err);
	if (rc)
		return rc;
	/* A listing holds at most one entry per inode's worth of bytes. */
	max_visits = w->size / CRAMFS_INODE_LEN;
	while (w->depth > 0) {
		struct cramfs_walk_dir *d = &w->dir[w->depth - 1];
		struct cramfs_inode_fields ino;
		uint8_t raw[CRAMFS_INODE_LEN];
		uint32_t off = d->next;

		if (off >= d->end) {
			w->depth--;
			continue;
		}
		if (off > w->size - CRAMFS_INODE_LEN)
			return error_detail_set(err, -EINVAL,
						"cramfs: directory entry at %u passes the image end %u",
						off, w->size);
		rc = read_at(w, off, raw, sizeof(raw), err);
		if (rc)
			return rc;
		cramfs_get_inode(raw, &ino);
		d->next = off + CRAMFS_INODE_LEN + 4u * ino.namelen_words;
		if (++visits > max_visits)
			return error_detail_set(
				err, -EINVAL,
				"cramfs: more directory entries than the image can hold (a directory loop)");
		if (S_ISDIR(ino.mode)) {
			if (w->depth == CRAMFS_WALK_DEPTH_MAX)
				return error_detail_set(err, -EINVAL,
							"cramfs: directories nested more than %u deep",
							CRAMFS_WALK_DEPTH_MAX);
			w->dir[w->depth++] =
				(struct cramfs_walk_dir){ ino.offset, ino.offset + ino.size, off };
		} else if (S_ISREG(ino.mode)) {
			struct cramfs_walk_file f = { w, off, ino.size, ino.offset };

			rc = fn(&f, ctx);
			if (rc)
				return rc;
		}
	}
	return 0;
}

int cramfs_walk_file_read(void *ctx, uint64_t off, void *buf, uint32_t len)
{
	const struct cramfs_walk_file *f = ctx;
	const struct cramfs_walk *w = f->walk;
	uint8_t *p = buf;

	if (off > f->size || len > f->size - off)
		return -ENODATA;
	while (len > 0) {
		uint32_t block = (uint32_t)(off / BLOCK), in = (uint32_t)(off % BLOCK);
		uint32_t n = BLOCK - in < len ? BLOCK - in : len;
		uint64_t ptr_at = (uint64_t)f->blocks + 4u * block;
		uint8_t raw[4];
		uint32_t ptr, start;
		int rc;

		if (ptr_at + 4 > w->size)
			return -EINVAL;
		rc = w->read(w->ctx, (uint32_t)ptr_at, raw, 4);
		if (rc)
			return rc;
		ptr = get_le32(raw);
		if ((ptr & CRAMFS_BLK_FLAGS) != CRAMFS_BLK_FLAGS)
			return -ENOTSUP;
		start = (ptr & ~CRAMFS_BLK_FLAGS) << CRAMFS_BLK_DIRECT_PTR_SHIFT;
		if ((uint64_t)start + in + n > w->size)
			return -EINVAL;
		rc = w->read(w->ctx, start + in, p, n);
		if (rc)
			return rc;
		p += n;
		off += n;
		len -= n;
	}
	return 0;
}

/* Appends the name of the entry at off to buf (holding *used bytes of len). */
static void append_name(const struct cramfs_walk *w, uint32_t off, char *buf, size_t len,
			size_t *used)
{
	uint8_t raw[CRAMFS_INODE_LEN];
	char name[CRAMFS_MAXPATHLEN];
	struct cramfs_inode_fields ino;
	uint32_t n = 0;

	if (off <= w->size - CRAMFS_INODE_LEN && w->read(w->ctx, off, raw, sizeof(raw)) == 0) {
		cramfs_get_inode(raw, &ino);
		n = 4u * ino.namelen_words;
		if (n > w->size - off - CRAMFS_INODE_LEN ||
		    w->read(w->ctx, off + CRAMFS_INODE_LEN, name, n) != 0)
			n = 0;
	}
	while (n > 0 && name[n - 1] == '\0')
		n--;
	if (n == 0) {
		memcpy(name, "?", 1);
		n = 1;
	}
	for (uint32_t i = 0; i < n && *used + 1 < len; i++)
		buf[(*used)++] = name[i] >= ' ' && name[i] < 0x7f ? name[i] : '?';
	buf[*used] = '\0';
}

void cramfs_walk_file_path(const struct cramfs_walk_file *f, char *buf, size_t len)
{
	const struct cramfs_walk *w = f->walk;
	size_t used = 0;

	if (len == 0)
		return;
	buf[0] = '\0';
	for (uint32_t i = 1; i < w->depth; i++) {
		append_name(w, w->dir[i].entry, buf, len, &used);
		if (used + 1 < len)
			buf[used++] = '/';
		buf[used] = '\0';
	}
	append_name(w, f->entry, buf, len, &used);
}
