/*
 * cramfs_build.c - lays out and writes an XIP-ready cramfs image (see
 * cramfs_build.h and docs/cramfs-xip.md).
 *
 * Layout, all offsets from the start of the image:
 *   superblock with the root inode (76 bytes)
 *   directory listings, "width-first" (a directory's entries, then the
 *     listings of its subdirectories in order), so the root's entries start
 *     at byte 76 as the kernel requires
 *   for each regular file with data and each symlink, depth-first: its block
 *     pointer table (one direct, uncompressed pointer per 4096-byte block);
 *     a symlink's target follows its table, zero-padded to 4 bytes
 *   zero padding to a 4096-byte boundary, at least CRAMFS_ENTRY_READ_LEN
 *     bytes past the last directory entry
 *   for each regular file with data, depth-first: its bytes, zero-padded to
 *     the next 4096-byte boundary (so the kernel never finds the last page
 *     "shared" with other data and maps it too)
 * The image therefore ends on a 4096-byte boundary, which is its size.
 * With opts->not_xip the files' data follows the tables instead, each file
 * 4-byte aligned and never on a 4096-byte boundary (the same direct
 * pointers), then zero padding to the image's 4096-byte end.
 */
#include "cramfs_build.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cramfs_crc32.h"
#include "cramfs_format.h"
#include "cramfs_tree.h"
#include "spherule/error_detail.h"

#define BLOCK CRAMFS_XIP_BLOCK_SIZE
/* Largest image: its size must fit the 32-bit superblock field. */
#define MAX_IMAGE_SIZE (UINT64_C(0xffffffff) & ~(uint64_t)(BLOCK - 1))
/* Metadata must be reachable through the 26-bit word offsets of inodes. */
#define MAX_META_END ((uint64_t)CRAMFS_MAX_OFFSET_WORDS << 2)
#define DEFAULT_VOLUME_NAME "Spherule"

static uint64_t round_up(uint64_t v, uint64_t to)
{
	return (v + to - 1) / to * to;
}

static bool has_block_table(const struct cramfs_node *n)
{
	return (S_ISREG(n->mode) || S_ISLNK(n->mode)) && n->size > 0;
}

/* Directory listings, width-first. */
static void lay_listings(struct cramfs_node *dir, uint64_t *off)
{
	dir->meta_offset = dir->nchildren ? (uint32_t)*off : 0;
	for (size_t i = 0; i < dir->nchildren; i++) {
		dir->children[i]->entry_offset = (uint32_t)*off;
		*off += cramfs_entry_len(strlen(dir->children[i]->name));
	}
	for (size_t i = 0; i < dir->nchildren; i++)
		if (S_ISDIR(dir->children[i]->mode))
			lay_listings(dir->children[i], off);
}

/* Block pointer tables and symlink targets, depth-first. The running offset
 * is 64-bit; the caller refuses the image before using any stored offset if
 * the end passes MAX_META_END. */
static void lay_tables(struct cramfs_node *dir, uint64_t *off, uint32_t *blocks)
{
	for (size_t i = 0; i < dir->nchildren; i++) {
		struct cramfs_node *n = dir->children[i];
		if (S_ISDIR(n->mode)) {
			lay_tables(n, off, blocks);
			continue;
		}
		if (!has_block_table(n))
			continue;
		n->meta_offset = (uint32_t)*off;
		*off += 4u * (uint64_t)cramfs_block_count(n->size);
		*blocks += cramfs_block_count(n->size);
		if (S_ISLNK(n->mode)) {
			n->data_offset = (uint32_t)*off;
			*off += round_up(n->size, 4);
		}
	}
}

/* Regular file data, depth-first, each on a block boundary; not_xip: each
 * 4-byte aligned and off every block boundary, so that the kernel finds no
 * page-aligned data to map from flash. The caller refuses the image before
 * using any stored offset if the end passes MAX_IMAGE_SIZE. */
static void lay_data(struct cramfs_node *dir, uint64_t *off, bool not_xip)
{
	for (size_t i = 0; i < dir->nchildren; i++) {
		struct cramfs_node *n = dir->children[i];
		if (S_ISDIR(n->mode))
			lay_data(n, off, not_xip);
		else if (S_ISREG(n->mode) && n->size > 0 && !not_xip) {
			n->data_offset = (uint32_t)*off;
			*off += round_up(n->size, BLOCK);
		} else if (S_ISREG(n->mode) && n->size > 0) {
			*off = round_up(*off, 4);
			if (*off % BLOCK == 0)
				*off += 4;
			n->data_offset = (uint32_t)*off;
			*off += n->size;
		}
	}
}

static void put_node_inode(uint8_t *p, const struct cramfs_node *n)
{
	struct cramfs_inode_fields f = {
		.mode = n->mode,
		.uid = 0,
		.size = n->size,
		.gid = 0,
		.namelen_words = (uint32_t)((strlen(n->name) + 3) / 4),
		.offset = n->meta_offset,
	};

	cramfs_put_inode(p, &f);
}

static void emit_listings(uint8_t *img, const struct cramfs_node *dir)
{
	for (size_t i = 0; i < dir->nchildren; i++) {
		const struct cramfs_node *n = dir->children[i];
		put_node_inode(img + n->entry_offset, n);
		memcpy(img + n->entry_offset + CRAMFS_INODE_LEN, n->name, strlen(n->name));
		if (S_ISDIR(n->mode))
			emit_listings(img, n);
	}
}

static int read_file_data(uint8_t *dst, const struct cramfs_node *n, struct error_detail *err)
{
	struct stat st;
	size_t done = 0;
	uint8_t extra;
	int fd = open(n->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	int rc = 0;

	if (fd < 0)
		return error_detail_set(err, -errno, "%s: %s", n->path, strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || (uint64_t)st.st_size != n->size) {
		rc = error_detail_set(err, -EIO, "%s: changed while building", n->path);
		goto out;
	}
	while (done < n->size) {
		ssize_t got = read(fd, dst + done, n->size - done);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			rc = error_detail_set(err, got ? -errno : -EIO, "%s: read: %s", n->path,
					      got ? strerror(errno) : "file shrank");
			goto out;
		}
		done += (size_t)got;
	}
	if (read(fd, &extra, 1) != 0)
		rc = error_detail_set(err, -EIO, "%s: changed while building", n->path);
out:
	close(fd);
	return rc;
}

static int emit_data(uint8_t *img, const struct cramfs_node *dir, struct error_detail *err)
{
	for (size_t i = 0; i < dir->nchildren; i++) {
		const struct cramfs_node *n = dir->children[i];
		int rc = 0;

		if (S_ISDIR(n->mode))
			rc = emit_data(img, n, err);
		else if (has_block_table(n)) {
			for (uint32_t b = 0; b < cramfs_block_count(n->size); b++)
				put_le32(img + n->meta_offset + 4 * b,
						cramfs_direct_block_ptr(n->data_offset + b * BLOCK));
			if (S_ISLNK(n->mode))
				memcpy(img + n->data_offset, n->target, n->size);
			else
				rc = read_file_data(img + n->data_offset, n, err);
		}
		if (rc)
			return rc;
	}
	return 0;
}

static void emit_superblock(uint8_t *img, const struct cramfs_node *root, uint32_t size,
			    uint32_t blocks, uint32_t files, uint32_t edition,
			    const char *volume_name)
{
	put_le32(img + CRAMFS_SB_MAGIC, CRAMFS_MAGIC);
	put_le32(img + CRAMFS_SB_SIZE, size);
	put_le32(img + CRAMFS_SB_FLAGS, CRAMFS_XIP_FLAGS);
	put_le32(img + CRAMFS_SB_FUTURE, 0);
	memcpy(img + CRAMFS_SB_SIGNATURE, CRAMFS_SIGNATURE, 16);
	put_le32(img + CRAMFS_SB_FSID_EDITION, edition);
	put_le32(img + CRAMFS_SB_FSID_BLOCKS, blocks);
	put_le32(img + CRAMFS_SB_FSID_FILES, files);
	memcpy(img + CRAMFS_SB_NAME, volume_name, strlen(volume_name));
	put_node_inode(img + CRAMFS_SB_ROOT, root);
	put_le32(img + CRAMFS_SB_FSID_CRC, cramfs_image_crc(img, size));
}

int cramfs_build_dir_mem(const char *root_path, const struct cramfs_build_opts *opts,
			 uint8_t **image, size_t *image_len, struct cramfs_build_result *res,
			 struct error_detail *err)
{
	static const struct cramfs_build_opts defaults;
	const char *volume_name;
	struct cramfs_node *root;
	uint64_t off = CRAMFS_SB_LEN, listings_end, data_start, limit;
	uint32_t blocks = 0;
	uint8_t *img;
	int rc;

	*image = NULL;
	*image_len = 0;
	if (!opts)
		opts = &defaults;
	volume_name = opts->volume_name ? opts->volume_name : DEFAULT_VOLUME_NAME;
	if (strlen(volume_name) > CRAMFS_XIP_VOLUME_NAME_LEN)
		return error_detail_set(err, -EINVAL, "volume name longer than %u bytes",
					CRAMFS_XIP_VOLUME_NAME_LEN);
	rc = cramfs_tree_scan(root_path, opts->allow_setuid, &root, err);
	if (rc)
		return rc;
	root->entry_offset = CRAMFS_SB_ROOT;
	lay_listings(root, &off);
	listings_end = off;
	lay_tables(root, &off, &blocks);
	if (off > MAX_META_END) {
		rc = error_detail_set(err, -EFBIG,
				      "%s: %llu bytes of metadata exceed the format's %llu",
				      root_path, (unsigned long long)off,
				      (unsigned long long)MAX_META_END);
		goto out;
	}
	/* The kernel reads every directory entry as CRAMFS_ENTRY_READ_LEN
	 * bytes and gets zeros if they pass the image end: keep them inside. */
	if (off < listings_end + CRAMFS_ENTRY_READ_LEN)
		off = listings_end + CRAMFS_ENTRY_READ_LEN;
	data_start = opts->not_xip ? off : round_up(off, BLOCK);
	off = data_start;
	lay_data(root, &off, opts->not_xip);
	off = round_up(off, BLOCK);
	limit = opts->max_size && opts->max_size < MAX_IMAGE_SIZE ? opts->max_size : MAX_IMAGE_SIZE;
	if (off > limit) {
		rc = error_detail_set(err, -EFBIG,
				      "%s: image of %llu bytes exceeds the limit of %llu bytes",
				      root_path, (unsigned long long)off,
				      (unsigned long long)limit);
		goto out;
	}
	img = calloc(1, (size_t)off);
	if (!img) {
		rc = error_detail_set(err, -ENOMEM, "out of memory for %llu bytes",
				      (unsigned long long)off);
		goto out;
	}
	emit_listings(img, root);
	rc = emit_data(img, root, err);
	if (rc) {
		free(img);
		goto out;
	}
	uint32_t files = cramfs_tree_count(root);
	emit_superblock(img, root, (uint32_t)off, blocks, files, opts->edition, volume_name);
	if (res) {
		res->image_size = (uint32_t)off;
		res->files = files;
		res->blocks = blocks;
		res->crc = get_le32(img + CRAMFS_SB_FSID_CRC);
		res->data_start = (uint32_t)data_start;
	}
	*image = img;
	*image_len = (size_t)off;
out:
	cramfs_tree_free(root);
	return rc;
}

int cramfs_build_dir(const char *root, const struct cramfs_build_opts *opts, int out_fd,
		     struct cramfs_build_result *res, struct error_detail *err)
{
	uint8_t *img;
	size_t len, done = 0;
	int rc = cramfs_build_dir_mem(root, opts, &img, &len, res, err);

	if (rc)
		return rc;
	while (done < len) {
		ssize_t put = write(out_fd, img + done, len - done);
		if (put < 0 && errno == EINTR)
			continue;
		if (put <= 0) {
			rc = error_detail_set(err, put ? -errno : -EIO, "write image: %s",
					      put ? strerror(errno) : "short write");
			break;
		}
		done += (size_t)put;
	}
	free(img);
	return rc;
}
