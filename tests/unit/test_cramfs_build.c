/*
 * test_cramfs_build.c - builds XIP cramfs images of varied trees and reads
 * every inode back: contents byte for byte, modes, owners, the superblock,
 * sorted listings, and, checked independently of pkg/cramfs's reader, the
 * layout the kernel needs to map each file from flash (direct uncompressed
 * contiguous page-aligned blocks, zero tail). Also determinism, and that the
 * reader's checker rejects images breaking those rules.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "cramfs_crc32.h"
#include "cramfs_format.h"
#include "cramfs_read.h"
#include "spherule/le.h"
#include "test_cramfs_util.h"

enum kind { DIR_, FILE_, LINK_ };

struct spec {
	enum kind kind;
	char path[300];
	size_t size;
	mode_t mode;
	char target[4100];
};

#define MAX_SPECS 400
static struct spec specs[MAX_SPECS];
static size_t nspecs;

static struct spec *add(enum kind kind, const char *path, size_t size, mode_t mode)
{
	struct spec *s = &specs[nspecs++];

	s->kind = kind;
	snprintf(s->path, sizeof(s->path), "%s", path);
	s->size = size;
	s->mode = mode;
	return s;
}

static void add_link(const char *path, const char *target)
{
	struct spec *s = add(LINK_, path, strlen(target), 0777);

	snprintf(s->target, sizeof(s->target), "%s", target);
}

static void define_tree(void)
{
	static const size_t sizes[] = { 0, 1, 4095, 4096, 4097, 8192, 100000 };
	char name[300];

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		snprintf(name, sizeof(name), "f%zu", sizes[i]);
		add(FILE_, name, sizes[i], i % 2 ? 0755 : 0644);
	}
	add(DIR_, "a", 0, 0755);
	add(DIR_, "a/b", 0, 0750);
	add(DIR_, "a/b/c", 0, 0755);
	add(DIR_, "a/b/c/d", 0, 0700);
	add(FILE_, "a/b/c/d/deep.bin", 12345, 0755);
	add(FILE_, "a/x", 3, 0600);
	add(DIR_, "a/emptysub", 0, 0711);
	add(DIR_, "empty", 0, 0755);
	add(DIR_, "names", 0, 0755);
	for (int len = 1; len <= 9; len++) {
		snprintf(name, sizeof(name), "names/%.*s", len, "abcdefghi");
		add(FILE_, name, (size_t)len * 100, 0644);
	}
	add(FILE_, "names/Zed", 7, 0644);
	add(FILE_, "names/_under", 8, 0644);
	add(FILE_, "names/caf\xc3\xa9", 9, 0644);
	memset(name, 'L', CRAMFS_XIP_MAX_NAME_LEN);
	name[CRAMFS_XIP_MAX_NAME_LEN] = '\0';
	add(FILE_, name, 10, 0444);
	add(DIR_, "many", 0, 0755);
	for (int i = 0; i < 300; i++) {
		int k = (i * 7) % 300; /* created out of name order */
		snprintf(name, sizeof(name), "many/e%03d", k);
		add(FILE_, name, (size_t)(k * 37) % 5000, 0644);
	}
	add_link("link", "f4097");
	add_link("abs", "/sbin/appmgr");
	add_link("a/up", "../f1");
	add_link("l1", "x");
	struct spec *s = add(LINK_, "longlink", 4000, 0777);
	for (int i = 0; i < 4000; i++)
		s->target[i] = (char)('a' + i % 26);
}

static void create_tree(const char *root, int reverse)
{
	/* Directories first (parents before children), then the rest in the
	 * chosen order, so that two trees differ in creation order. */
	for (size_t i = 0; i < nspecs; i++)
		if (specs[i].kind == DIR_)
			make_dir(root, specs[i].path, specs[i].mode);
	for (size_t j = 0; j < nspecs; j++) {
		const struct spec *s = &specs[reverse ? nspecs - 1 - j : j];
		if (s->kind == FILE_)
			make_file(root, s->path, s->size, (uint32_t)(s - specs), s->mode);
		else if (s->kind == LINK_)
			make_symlink(root, s->path, s->target);
	}
}

static const char *specs_path(const char *root, const char *rel)
{
	static char path[8192];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	return path;
}

static uint32_t bitwise_crc32(const uint8_t *p, size_t len)
{
	uint32_t crc = 0xffffffffu;

	for (size_t i = 0; i < len; i++) {
		crc ^= p[i];
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
	}
	return ~crc;
}

/* Raw decoding, written independently of cramfs_format.h's helpers. */
struct raw_inode {
	uint32_t mode, uid, size, gid, namelen, offset;
};

static struct raw_inode raw_inode(const uint8_t *p)
{
	struct raw_inode r = {
		.mode = get_le32(p) & 0xffff,
		.uid = get_le32(p) >> 16,
		.size = get_le32(p + 4) & 0xffffff,
		.gid = get_le32(p + 4) >> 24,
		.namelen = (get_le32(p + 8) & 63) * 4,
		.offset = (get_le32(p + 8) >> 6) * 4,
	};
	return r;
}

static void test_superblock(const uint8_t *img, size_t len, const struct cramfs_build_result *res)
{
	uint8_t *copy = malloc(len);
	uint32_t blocks = 0;

	for (size_t i = 0; i < nspecs; i++)
		if (specs[i].kind != DIR_)
			blocks += (uint32_t)((specs[i].size + 4095) / 4096);
	memcpy(copy, img, len);
	memset(copy + 32, 0, 4);
	tap_ok(get_le32(img) == 0x28cd3d45, "magic");
	tap_ok(get_le32(img + 4) == len && len % 4096 == 0 && res->image_size == len,
	    "size %u = image length %zu, multiple of 4096", get_le32(img + 4), len);
	tap_ok(get_le32(img + 8) == (0x1 | 0x2 | 0x800), "flags %#x = FSID_V2|SORTED|EXT_BLOCK_PTRS",
	    get_le32(img + 8));
	tap_ok(!memcmp(img + 16, "Compressed ROMFS", 16), "signature");
	tap_ok(get_le32(img + 32) == bitwise_crc32(copy, len) && res->crc == get_le32(img + 32),
	    "crc %#x matches an independent CRC-32 over the image", get_le32(img + 32));
	tap_ok(get_le32(img + 44) == nspecs + 1 && res->files == nspecs + 1, "fsid.files %u = %zu inodes",
	    get_le32(img + 44), nspecs + 1);
	tap_ok(get_le32(img + 40) == blocks && res->blocks == blocks, "fsid.blocks %u = %u",
	    get_le32(img + 40), blocks);
	tap_ok(!memcmp(img + 48, "Spherule\0\0\0\0\0\0\0\0", 16), "default volume name");
	struct raw_inode root = raw_inode(img + 64);
	tap_ok(S_ISDIR(root.mode) && root.offset == 76 && root.uid == 0 && root.gid == 0,
	    "root inode: directory listing at 76, owner 0:0");
	free(copy);
}

/* Checks the kernel's XIP conditions for a file from the raw bytes. */
static int raw_xip_ok(const uint8_t *img, uint32_t imgsize, struct raw_inode r, uint32_t *start)
{
	uint32_t nblocks = (r.size + 4095) / 4096;
	uint32_t first = get_le32(img + r.offset);

	*start = (first & 0x3fffffff) << 2;
	if (!r.offset || r.offset + 4 * nblocks > imgsize || *start % 4096 || !*start ||
	    *start + nblocks * 4096 > imgsize)
		return 0;
	for (uint32_t i = 0; i < nblocks; i++) {
		uint32_t ptr = get_le32(img + r.offset + 4 * i);
		if ((ptr & 0xc0000000u) != 0xc0000000u || ((ptr & 0x3fffffff) << 2) != *start + i * 4096)
			return 0;
	}
	for (uint32_t i = *start + r.size; i < *start + nblocks * 4096; i++)
		if (img[i])
			return 0;
	return 1;
}

static void test_entries(const uint8_t *img, size_t len, const struct cramfs_image *ci)
{
	int content_ok = 1, meta_ok = 1, xip_ok = 1, found_ok = 1, distinct_ok = 1;
	uint32_t starts[MAX_SPECS], nstarts = 0;
	uint8_t *buf = malloc(200000);
	struct error_detail err = { "" };
	char path[400];

	for (size_t i = 0; i < nspecs; i++) {
		const struct spec *s = &specs[i];
		struct cramfs_entry e;
		snprintf(path, sizeof(path), "/%s", s->path);
		if (cramfs_image_lookup(ci, path, &e, &err)) {
			found_ok = tap_ok(0, "lookup %s: %s", path, err.msg);
			continue;
		}
		struct raw_inode r = raw_inode(img + e.entry_offset);
		mode_t type = s->kind == DIR_ ? S_IFDIR : s->kind == FILE_ ? S_IFREG : S_IFLNK;
		if (r.mode != (type | s->mode) || r.uid || r.gid ||
		    (s->kind != DIR_ && r.size != s->size)) {
			meta_ok = tap_ok(0, "%s: mode %o size %u owner %u:%u", path, r.mode, r.size,
				      r.uid, r.gid);
			continue;
		}
		if (s->kind == DIR_)
			continue;
		long got = cramfs_image_read(ci, &e, buf, 200000, &err);
		int same = got == (long)s->size;
		for (size_t k = 0; same && k < s->size; k++)
			same = buf[k] == (s->kind == LINK_ ? (uint8_t)s->target[k]
							     : pattern_byte((uint32_t)i, k));
		if (!same)
			content_ok = tap_ok(0, "%s: content differs (%ld: %s)", path, got, err.msg);
		if (!s->size) {
			if (r.offset)
				xip_ok = tap_ok(0, "%s: empty file has offset %u", path, r.offset);
			continue;
		}
		uint32_t start;
		if (s->kind == FILE_) {
			if (!raw_xip_ok(img, (uint32_t)len, r, &start))
				xip_ok = tap_ok(0, "%s: not XIP-mappable", path);
			else if (memcmp(img + start, buf, s->size))
				content_ok = tap_ok(0, "%s: raw data at %u differs", path, start);
		} else if ((get_le32(img + r.offset) & 0xc0000000u) != 0xc0000000u) {
			xip_ok = tap_ok(0, "%s: symlink block not direct+uncompressed", path);
		}
		for (uint32_t k = 0; k < nstarts; k++)
			if (starts[k] == r.offset)
				distinct_ok = 0;
		starts[nstarts++] = r.offset;
	}
	tap_ok(found_ok, "every path is found by lookup");
	tap_ok(meta_ok, "every inode: type, permission bits, size, owner 0:0");
	tap_ok(content_ok, "every file and symlink reads back byte for byte");
	tap_ok(xip_ok, "every file: direct uncompressed contiguous page-aligned blocks, zero tail");
	tap_ok(distinct_ok, "every inode with data has its own block table (unique inode number)");
	free(buf);
}

/* Every directory listing sorted bytewise (as unsigned chars), from the raw
 * bytes, and each name padded minimally with zeros. */
static int raw_listing_sorted(const uint8_t *img, struct raw_inode dir, int depth)
{
	char prev[256] = "";

	for (uint32_t off = dir.offset; off < dir.offset + dir.size;) {
		struct raw_inode r = raw_inode(img + off);
		char name[256] = "";
		memcpy(name, img + off + 12, r.namelen);
		size_t n = strlen(name);
		if (!n || r.namelen != ((n + 3) & ~(size_t)3) ||
		    (prev[0] && strcmp(prev, name) >= 0))
			return 0;
		memcpy(prev, name, sizeof(prev));
		if (S_ISDIR(r.mode) && r.size && !raw_listing_sorted(img, r, depth + 1))
			return 0;
		off += 12 + r.namelen;
	}
	return depth < 16;
}

static int collect(const struct cramfs_image *img, const struct cramfs_entry *e, void *ctx)
{
	(*(size_t *)ctx)++;
	return 0;
}

/* Patches a 32-bit word in a copy of the image, fixes the crc, and reports
 * whether the reader's walk rejects it with a message containing what. */
static int rejects(const uint8_t *img, size_t len, uint32_t off, uint32_t value,
		   const char *what)
{
	uint8_t *copy = malloc(len);
	struct cramfs_image ci;
	struct error_detail err = { "" };
	int rc;

	memcpy(copy, img, len);
	put_le32(copy + off, value);
	put_le32(copy + CRAMFS_SB_FSID_CRC, cramfs_image_crc(copy, (uint32_t)len));
	rc = cramfs_image_open(&ci, copy, len, &err);
	if (!rc)
		rc = cramfs_image_walk(&ci, NULL, NULL, &err);
	free(copy);
	if (rc >= 0 || !strstr(err.msg, what))
		fprintf(stderr, "# expected \"%s\", got %d \"%s\"\n", what, rc, err.msg);
	return rc < 0 && strstr(err.msg, what);
}

static void test_checker(const uint8_t *img, size_t len, const struct cramfs_image *ci)
{
	struct cramfs_entry f4097, f8192, f4096, a;
	struct cramfs_image bad;
	uint8_t *copy = malloc(len);
	struct error_detail err = { "" };

	cramfs_image_lookup(ci, "/f4097", &f4097, &err);
	cramfs_image_lookup(ci, "/f8192", &f8192, &err);
	cramfs_image_lookup(ci, "/f4096", &f4096, &err);
	cramfs_image_lookup(ci, "/a", &a, &err);
	uint32_t tail = f4097.data_offset + 4097;
	uint32_t tail_word = tail & ~3u;
	tap_ok(rejects(img, len, tail_word, get_le32(img + tail_word) | 0x01000000u, "last page shared"),
	    "checker: non-zero byte after the end of a file's last page");
	uint32_t p1 = f8192.inode.offset + 4;
	tap_ok(rejects(img, len, p1, get_le32(img + p1) & ~CRAMFS_BLK_FLAG_DIRECT_PTR, "not direct"),
	    "checker: block pointer without DIRECT_PTR");
	tap_ok(rejects(img, len, p1, get_le32(img + p1) & ~CRAMFS_BLK_FLAG_UNCOMPRESSED, "compressed"),
	    "checker: compressed block");
	tap_ok(rejects(img, len, p1, get_le32(img + p1) + 2048, "does not follow"),
	    "checker: non-contiguous blocks");
	uint32_t p0 = f4096.inode.offset;
	tap_ok(rejects(img, len, p0, get_le32(img + p0) + 1, "not page aligned"),
	    "checker: data not page aligned");
	tap_ok(rejects(img, len, a.entry_offset, get_le32(img + a.entry_offset) | 5u << 16, "owner"),
	    "checker: owner not 0:0");
	tap_ok(rejects(img, len, CRAMFS_SB_FSID_FILES, get_le32(img + CRAMFS_SB_FSID_FILES) + 1,
		    "fsid.files"),
	    "checker: fsid.files wrong");
	memcpy(copy, img, len);
	copy[len - 1] ^= 1;
	tap_ok(cramfs_image_open(&bad, copy, len, &err) == -EBADMSG,
	       "reader: crc mismatch detected (%s)", err.msg);
	tap_ok(cramfs_image_open(&bad, img, len - 4096, &err) == -EINVAL,
	       "reader: image shorter than its size refused");
	free(copy);
}

static uint8_t *build(const char *root, const struct cramfs_build_opts *opts, size_t *len,
		      struct cramfs_build_result *res)
{
	uint8_t *img;
	struct error_detail err = { "" };
	int rc = cramfs_build_dir_mem(root, opts, &img, len, res, &err);

	if (rc) {
		fprintf(stderr, "build %s: %d %s\n", root, rc, err.msg);
		exit(1);
	}
	return img;
}

static void test_empty_and_options(void)
{
	char root[4096];
	struct error_detail err = { "" };
	struct cramfs_build_opts opts = { .volume_name = "0123456789abcdef", .edition = 7 };
	struct cramfs_build_result res;
	struct cramfs_image ci;
	size_t len, count = 0;
	uint8_t *img;

	scratch_dir(root, sizeof(root), "empty");
	chmod(root, 0700);
	img = build(root, &opts, &len, &res);
	tap_ok(len == 4096 && res.files == 1 && res.blocks == 0 && res.data_start == 4096,
	    "empty tree: one 4096-byte block, one inode");
	int ok = !cramfs_image_open(&ci, img, len, &err) &&
		 !cramfs_image_walk(&ci, collect, &count, &err);
	tap_ok(ok && count == 1 && ci.root.size == 0 && ci.root.offset == 0 &&
		       ci.root.mode == (S_IFDIR | 0700),
	       "empty tree: root listing empty, root mode kept (%s)", ok ? "ok" : err.msg);
	tap_ok(!strcmp(ci.volume_name, "0123456789abcdef") && ci.edition == 7,
	    "16-byte volume name and edition stored");
	free(img);
	remove_tree(root);
}

/* Directory entries end 160 bytes before a page boundary and no file has
 * data: the kernel reads each entry as 264 bytes, so the image must extend
 * past that page. */
static void test_entries_near_end(void)
{
	char root[4096], name[32];
	struct error_detail err = { "" };
	struct cramfs_build_result res;
	struct cramfs_image ci;
	size_t len;
	uint8_t *img;

	scratch_dir(root, sizeof(root), "near-end");
	for (int i = 0; i < 193; i++) {
		snprintf(name, sizeof(name), "name%04d", i);
		make_file(root, name, 0, 0, 0644);
	}
	img = build(root, NULL, &len, &res);
	struct raw_inode r = raw_inode(img + 64);
	int walked = !cramfs_image_open(&ci, img, len, &err) &&
		     !cramfs_image_walk(&ci, NULL, NULL, &err);
	tap_ok(walked && r.offset + r.size == 3936 && len == 8192,
	    "last entry at 3916 of 4096: image grows to 8192 so the kernel reads it whole");
	put_le32(img + CRAMFS_SB_SIZE, 4096);
	put_le32(img + CRAMFS_SB_FSID_CRC, cramfs_image_crc(img, 4096));
	walked = !cramfs_image_open(&ci, img, 4096, &err) &&
		 !cramfs_image_walk(&ci, NULL, NULL, &err);
	tap_ok(!walked && strstr(err.msg, "image end"),
	       "checker: entry too close to the image end");
	free(img);
	remove_tree(root);
}

static void test_fd_output(const char *root, const uint8_t *img, size_t len)
{
	char path[4096];
	struct error_detail err = { "" };
	struct cramfs_build_result res;

	scratch_dir(path, sizeof(path), "out");
	strcat(path, "/image");
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	uint8_t *back = malloc(len + 5);
	int ok = fd >= 0 && write(fd, "head:", 5) == 5 &&
		 !cramfs_build_dir(root, NULL, fd, &res, &err) &&
		 pread(fd, back, len + 5, 0) == (ssize_t)(len + 5) &&
		 lseek(fd, 0, SEEK_END) == (off_t)(len + 5);
	tap_ok(ok && !memcmp(back, "head:", 5) && !memcmp(back + 5, img, len),
	    "cramfs_build_dir writes the same image at the fd's current position");
	close(fd);
	*strrchr(path, '/') = '\0';
	remove_tree(path);
	free(back);
}

/* not_xip (a debug build): every file reads back through its direct
 * pointers, but no file's data starts on a page boundary, so the kernel's
 * cramfs_physmem_mmap finds nothing to map from flash ("data is not page
 * aligned") and the XIP check refuses every file with data. */
static void test_not_xip(const char *root, size_t xip_len)
{
	struct cramfs_build_opts opts = { .not_xip = true };
	struct cramfs_build_result res;
	struct error_detail err = { "" };
	struct cramfs_image ci;
	uint8_t *buf = malloc(200000);
	int read_ok = 1, off_page = 1, refused = 1;
	size_t len, files = 0;
	uint8_t *img = build(root, &opts, &len, &res);
	char path[400];

	tap_ok(!cramfs_image_open(&ci, img, len, &err) && len % 4096 == 0,
	       "not_xip: the image opens, its size a multiple of 4096 (%zu)", len);
	for (size_t i = 0; i < nspecs; i++) {
		const struct spec *s = &specs[i];
		struct cramfs_entry e;

		if (s->kind != FILE_ || s->size == 0)
			continue;
		snprintf(path, sizeof(path), "/%s", s->path);
		if (cramfs_image_lookup(&ci, path, &e, &err) != 0 ||
		    cramfs_image_read(&ci, &e, buf, 200000, &err) != (long)s->size) {
			read_ok = tap_ok(0, "not_xip: %s: %s", path, err.msg);
			continue;
		}
		for (size_t k = 0; k < s->size; k++)
			read_ok &= buf[k] == pattern_byte((uint32_t)i, k);
		off_page &= e.data_offset % 4 == 0 && e.data_offset % 4096 != 0;
		refused &= cramfs_entry_check_xip(&ci, &e, &err) == -EINVAL;
		files++;
	}
	tap_ok(read_ok && files > 300, "not_xip: all %zu files read back byte for byte", files);
	tap_ok(off_page, "not_xip: every file's data 4-byte aligned, none on a page boundary");
	tap_ok(refused, "not_xip: the XIP check refuses every file with data");
	tap_ok(res.data_start % 4096 != 0 && len < xip_len,
	       "not_xip: data follows the tables (from %#x), %zu bytes in all (XIP: %zu)",
	       res.data_start, len, xip_len);
	free(buf);
	free(img);
}

int main(void)
{
	char root1[4096], root2[4096];
	struct error_detail err = { "" };
	struct cramfs_build_result res, res2;
	struct cramfs_image ci;
	size_t len, len2, count = 0;
	uint8_t *img, *img2;

	tap_ok(cramfs_crc32(0, (const uint8_t *)"123456789", 9) == 0xcbf43926u,
	    "crc32 check value");
	define_tree();
	scratch_dir(root1, sizeof(root1), "tree1");
	scratch_dir(root2, sizeof(root2), "tree2");
	create_tree(root1, 0);
	create_tree(root2, 1);
	img = build(root1, NULL, &len, &res);
	test_superblock(img, len, &res);
	err.msg[0] = '\0';
	tap_ok(!cramfs_image_open(&ci, img, len, &err), "reader opens the image %s", err.msg);
	int walked = !cramfs_image_walk(&ci, collect, &count, &err);
	tap_ok(walked && count == nspecs + 1, "reader walks and checks all %zu inodes (%s)", count,
	       walked ? "ok" : err.msg);
	test_entries(img, len, &ci);
	tap_ok(raw_listing_sorted(img, raw_inode(img + 64), 0),
	    "every listing sorted bytewise, names minimally padded");
	tap_ok(res.data_start % 4096 == 0 && res.data_start > 76, "file data starts at page %#x",
	    res.data_start);
	img2 = build(root2, NULL, &len2, &res2);
	tap_ok(len == len2 && !memcmp(img, img2, len),
	    "deterministic: a tree created in another order gives the same bytes");
	free(img2);
	struct timeval times[2] = { { 1, 0 }, { 1, 0 } };
	int touched = !utimes(root1, times);
	int owned = !lchown(root1, 1234, 1234) && !lchown(specs_path(root1, "f1"), 99, 99);
	img2 = build(root1, NULL, &len2, &res2);
	tap_ok(touched && len == len2 && !memcmp(img, img2, len),
	    "deterministic: timestamps%s do not matter", owned ? " and owners" : "");
	free(img2);
	test_checker(img, len, &ci);
	test_fd_output(root1, img, len);
	test_empty_and_options();
	test_entries_near_end();
	test_not_xip(root1, len);
	printf("# image of %zu inodes: %zu bytes, data from %#x\n", nspecs + 1, len, res.data_start);
	free(img);
	remove_tree(root1);
	remove_tree(root2);
	return tap_done();
}
