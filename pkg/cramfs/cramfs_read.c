/*
 * cramfs_read.c - reader and checker of XIP cramfs images (see cramfs_read.h).
 * Every offset read from the image is bounds-checked against the
 * superblock size before use.
 */
#include "cramfs_read.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cramfs_crc32.h"
#include "spherule/error_detail.h"

#define BLOCK CRAMFS_XIP_BLOCK_SIZE
/* Longest symlink target the kernel reads back from one block. */
#define MAX_SYMLINK_SIZE (BLOCK - 1)

static bool in_image(const struct cramfs_image *img, uint64_t off, uint64_t len)
{
	return off <= img->size && len <= img->size - off;
}

static uint32_t block_ptr(const struct cramfs_image *img, const struct cramfs_entry *e,
			  uint32_t i)
{
	return get_le32(img->data + e->inode.offset + 4 * i);
}

static uint32_t block_start(uint32_t ptr)
{
	return (ptr & ~CRAMFS_BLK_FLAGS) << CRAMFS_BLK_DIRECT_PTR_SHIFT;
}

static bool has_data(const struct cramfs_entry *e)
{
	return (S_ISREG(e->inode.mode) || S_ISLNK(e->inode.mode)) && e->inode.size > 0;
}

int cramfs_image_open(struct cramfs_image *img, const void *data, size_t len,
		      struct error_detail *err)
{
	const uint8_t *p = data;
	uint32_t crc;

	memset(img, 0, sizeof(*img));
	if (len < BLOCK)
		return error_detail_set(err, -EINVAL, "image of %zu bytes is too short", len);
	if (get_le32(p + CRAMFS_SB_MAGIC) != CRAMFS_MAGIC)
		return error_detail_set(err, -EINVAL, "bad magic %#x",
					get_le32(p + CRAMFS_SB_MAGIC));
	if (memcmp(p + CRAMFS_SB_SIGNATURE, CRAMFS_SIGNATURE, 16))
		return error_detail_set(err, -EINVAL, "bad signature");
	img->data = p;
	img->size = get_le32(p + CRAMFS_SB_SIZE);
	img->flags = get_le32(p + CRAMFS_SB_FLAGS);
	img->crc = get_le32(p + CRAMFS_SB_FSID_CRC);
	img->edition = get_le32(p + CRAMFS_SB_FSID_EDITION);
	img->blocks = get_le32(p + CRAMFS_SB_FSID_BLOCKS);
	img->files = get_le32(p + CRAMFS_SB_FSID_FILES);
	memcpy(img->volume_name, p + CRAMFS_SB_NAME, CRAMFS_XIP_VOLUME_NAME_LEN);
	cramfs_get_inode(p + CRAMFS_SB_ROOT, &img->root);
	if (img->flags & ~CRAMFS_SUPPORTED_FLAGS)
		return error_detail_set(err, -EINVAL, "flags %#x unsupported by Linux", img->flags);
	if ((img->flags & CRAMFS_XIP_FLAGS) != CRAMFS_XIP_FLAGS)
		return error_detail_set(err, -EINVAL,
					"flags %#x lack FSID_VERSION_2|SORTED_DIRS|EXT_BLOCK_POINTERS",
					img->flags);
	if (img->size % BLOCK || img->size < BLOCK || img->size > len)
		return error_detail_set(err, -EINVAL,
					"size %u is not a multiple of %u within the %zu bytes given",
					img->size, BLOCK, len);
	crc = cramfs_image_crc(p, img->size);
	if (crc != img->crc)
		return error_detail_set(err, -EBADMSG, "crc %#x, computed %#x", img->crc, crc);
	if (!S_ISDIR(img->root.mode))
		return error_detail_set(err, -EINVAL, "root is not a directory");
	if (img->root.size ? img->root.offset != CRAMFS_SB_LEN : img->root.offset != 0)
		return error_detail_set(err, -EINVAL, "root listing at %u, expected %u",
					img->root.offset, CRAMFS_SB_LEN);
	return 0;
}

static void root_entry(const struct cramfs_image *img, struct cramfs_entry *e)
{
	memset(e, 0, sizeof(*e));
	strcpy(e->path, "/");
	e->inode = img->root;
	e->entry_offset = CRAMFS_SB_ROOT;
}

/* Decodes the entry at off inside a listing ending at end, named below
 * parent. Sets *next to the following entry. */
static int decode_entry(const struct cramfs_image *img, const char *parent, uint32_t off,
			uint32_t end, struct cramfs_entry *e, uint32_t *next,
			struct error_detail *err)
{
	const char *name;
	size_t namelen, padded;

	memset(e, 0, sizeof(*e));
	if (off % 4 || (uint64_t)off + CRAMFS_INODE_LEN > end)
		return error_detail_set(err, -EINVAL, "%s: entry at %u outside its listing", parent,
					off);
	if ((uint64_t)off + CRAMFS_ENTRY_READ_LEN > img->size)
		return error_detail_set(err, -EINVAL,
					"%s: entry at %u is less than %u bytes before the image end "
					"(the kernel would read it as zeros)",
					parent, off, CRAMFS_ENTRY_READ_LEN);
	cramfs_get_inode(img->data + off, &e->inode);
	padded = 4u * e->inode.namelen_words;
	if (!padded || (uint64_t)off + CRAMFS_INODE_LEN + padded > end)
		return error_detail_set(err, -EINVAL, "%s: entry at %u has a bad name length",
					parent, off);
	name = (const char *)img->data + off + CRAMFS_INODE_LEN;
	namelen = strnlen(name, padded);
	if (!namelen || padded - namelen >= 4 || memchr(name, '/', namelen) ||
	    (namelen <= 2 && !memcmp(name, "..", namelen)))
		return error_detail_set(err, -EINVAL, "%s: entry at %u has a bad name", parent,
					off);
	for (size_t i = namelen; i < padded; i++)
		if (name[i])
			return error_detail_set(err, -EINVAL,
						"%s: entry at %u: name padding not zero", parent,
						off);
	if (snprintf(e->path, sizeof(e->path), "%s%s%.*s", parent, strcmp(parent, "/") ? "/" : "",
		     (int)namelen, name) >= (int)sizeof(e->path))
		return error_detail_set(err, -ENAMETOOLONG, "%s: path too long", parent);
	e->entry_offset = off;
	if (has_data(e) && in_image(img, e->inode.offset, 4))
		e->data_offset = block_start(block_ptr(img, e, 0));
	*next = off + CRAMFS_INODE_LEN + (uint32_t)padded;
	return 0;
}

int cramfs_entry_check_xip(const struct cramfs_image *img, const struct cramfs_entry *e,
			   struct error_detail *err)
{
	uint32_t nblocks = cramfs_block_count(e->inode.size), first, start;
	bool is_file = S_ISREG(e->inode.mode);

	if (!is_file && !S_ISLNK(e->inode.mode))
		return error_detail_set(err, -EINVAL, "%s: not a file or symlink", e->path);
	if (!e->inode.size)
		return 0;
	if (!is_file && e->inode.size > MAX_SYMLINK_SIZE)
		return error_detail_set(err, -EINVAL, "%s: symlink target of %u bytes", e->path,
					e->inode.size);
	if (!e->inode.offset || !in_image(img, e->inode.offset, 4ull * nblocks))
		return error_detail_set(err, -EINVAL, "%s: block table at %u outside the image",
					e->path, e->inode.offset);
	first = block_ptr(img, e, 0);
	start = block_start(first);
	for (uint32_t i = 0; i < nblocks; i++) {
		uint32_t ptr = block_ptr(img, e, i);
		if (!(ptr & CRAMFS_BLK_FLAG_UNCOMPRESSED))
			return error_detail_set(err, -EINVAL, "%s: block %u is compressed", e->path,
						i);
		if (!(ptr & CRAMFS_BLK_FLAG_DIRECT_PTR))
			return error_detail_set(err, -EINVAL, "%s: block %u is not direct", e->path,
						i);
		if (ptr != first + i * (BLOCK >> CRAMFS_BLK_DIRECT_PTR_SHIFT))
			return error_detail_set(err, -EINVAL,
						"%s: block %u at %u does not follow block 0 at %u",
						e->path, i, block_start(ptr), start);
	}
	if (!is_file)
		return in_image(img, start, e->inode.size)
			       ? 0
			       : error_detail_set(err, -EINVAL,
						  "%s: target at %u outside the image", e->path,
						  start);
	if (!start || start % BLOCK)
		return error_detail_set(err, -EINVAL, "%s: data at %#x is not page aligned",
					e->path, start);
	if (!in_image(img, start, (uint64_t)nblocks * BLOCK))
		return error_detail_set(err, -EINVAL,
					"%s: data pages at %#x pass the image end %#x", e->path,
					start, img->size);
	for (uint64_t i = (uint64_t)start + e->inode.size; i < (uint64_t)start + nblocks * BLOCK;
	     i++)
		if (img->data[i])
			return error_detail_set(err, -EINVAL,
						"%s: last page shared: byte at %#llx after the end of "
						"the file is not zero (the kernel would not map it)",
						e->path, (unsigned long long)i);
	return 0;
}

static int check_entry(const struct cramfs_image *img, const struct cramfs_entry *e,
		       struct error_detail *err)
{
	uint32_t mode = e->inode.mode;

	if (e->inode.uid || e->inode.gid)
		return error_detail_set(err, -EINVAL, "%s: owner %u:%u, expected 0:0", e->path,
					e->inode.uid, e->inode.gid);
	if (S_ISDIR(mode)) {
		if (e->inode.size && !in_image(img, e->inode.offset, e->inode.size))
			return error_detail_set(err, -EINVAL, "%s: listing outside the image",
						e->path);
		return 0;
	}
	if (S_ISREG(mode) || S_ISLNK(mode))
		return cramfs_entry_check_xip(img, e, err);
	return error_detail_set(err, -EINVAL, "%s: file type %#o not allowed", e->path,
				mode & S_IFMT);
}

struct walk {
	const struct cramfs_image *img;
	cramfs_visit_fn fn;
	void *ctx;
	uint32_t visited;
	struct error_detail *err;
};

static int visit(struct walk *w, const struct cramfs_entry *e);

static int walk_dir(struct walk *w, const struct cramfs_entry *dir)
{
	uint32_t off = dir->inode.offset, end = dir->inode.offset + dir->inode.size;
	char prev[CRAMFS_XIP_MAX_NAME_LEN + 1] = "";
	struct cramfs_entry e;

	while (off < end) {
		int rc = decode_entry(w->img, dir->path, off, end, &e, &off, w->err);
		if (rc)
			return rc;
		const char *name = strrchr(e.path, '/') + 1;
		if (prev[0] && strcmp(prev, name) >= 0)
			return error_detail_set(w->err, -EINVAL, "%s: not sorted after \"%s\"",
						e.path, prev);
		snprintf(prev, sizeof(prev), "%s", name);
		rc = visit(w, &e);
		if (rc)
			return rc;
	}
	return 0;
}

static int visit(struct walk *w, const struct cramfs_entry *e)
{
	int rc;

	if (++w->visited > w->img->files)
		return error_detail_set(w->err, -EINVAL, "%s: more inodes than fsid.files %u",
					e->path, w->img->files);
	rc = check_entry(w->img, e, w->err);
	if (!rc && w->fn)
		rc = w->fn(w->img, e, w->ctx);
	if (!rc && S_ISDIR(e->inode.mode))
		rc = walk_dir(w, e);
	return rc;
}

int cramfs_image_walk(const struct cramfs_image *img, cramfs_visit_fn fn, void *ctx,
		      struct error_detail *err)
{
	struct walk w = { img, fn, ctx, 0, err };
	struct cramfs_entry root;
	int rc;

	root_entry(img, &root);
	rc = visit(&w, &root);
	if (rc)
		return rc;
	if (w.visited != img->files)
		return error_detail_set(err, -EINVAL, "%u inodes, fsid.files says %u", w.visited,
					img->files);
	return 0;
}

int cramfs_image_lookup(const struct cramfs_image *img, const char *path, struct cramfs_entry *e,
			struct error_detail *err)
{
	const char *p = path;

	root_entry(img, e);
	while (*p == '/')
		p++;
	while (*p) {
		size_t len = strcspn(p, "/");
		uint32_t off = e->inode.offset, end = e->inode.offset + e->inode.size;
		char parent[CRAMFS_READ_PATH_MAX];
		bool found = false;

		if (!S_ISDIR(e->inode.mode))
			return error_detail_set(err, -ENOTDIR, "%s: not a directory", e->path);
		if (e->inode.size && !in_image(img, off, e->inode.size))
			return error_detail_set(err, -EINVAL, "%s: listing outside the image",
						e->path);
		memcpy(parent, e->path, sizeof(parent));
		while (!found && off < end) {
			int rc = decode_entry(img, parent, off, end, e, &off, err);
			if (rc)
				return rc;
			const char *name = strrchr(e->path, '/') + 1;
			found = strlen(name) == len && !memcmp(name, p, len);
		}
		if (!found)
			return error_detail_set(err, -ENOENT, "%s: not found", path);
		p += len;
		while (*p == '/')
			p++;
	}
	return 0;
}

long cramfs_image_read(const struct cramfs_image *img, const struct cramfs_entry *e, uint8_t *buf,
		       size_t buflen, struct error_detail *err)
{
	uint32_t size = e->inode.size;

	if (!S_ISREG(e->inode.mode) && !S_ISLNK(e->inode.mode))
		return error_detail_set(err, -EISDIR, "%s: not a file or symlink", e->path);
	if (buflen < size)
		return error_detail_set(err, -ENOSPC, "%s: %u bytes do not fit in %zu", e->path,
					size, buflen);
	if (size && !in_image(img, e->inode.offset, 4ull * cramfs_block_count(size)))
		return error_detail_set(err, -EINVAL, "%s: block table outside the image", e->path);
	for (uint32_t i = 0; i < cramfs_block_count(size); i++) {
		uint32_t ptr = block_ptr(img, e, i);
		uint32_t len = size - i * BLOCK < BLOCK ? size - i * BLOCK : BLOCK;
		if ((ptr & CRAMFS_BLK_FLAGS) != CRAMFS_BLK_FLAGS)
			return error_detail_set(err, -ENOTSUP,
						"%s: block %u is not direct and uncompressed",
						e->path, i);
		if (!in_image(img, block_start(ptr), len))
			return error_detail_set(err, -EINVAL, "%s: block %u outside the image",
						e->path, i);
		memcpy(buf + (size_t)i * BLOCK, img->data + block_start(ptr), len);
	}
	return (long)size;
}
