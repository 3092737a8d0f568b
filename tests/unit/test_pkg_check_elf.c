/*
 * test_pkg_check_elf.c - unit tests of pkg_check_elf_files() and the cramfs
 * walk under it (pkg/pkg_check_elf.c, pkg/cramfs_walk.c): images built by
 * the cramfs builder from scratch trees holding good and bad ELF files
 * (crafted, and the static musl program of the tree, TEST_HELLO_BIN) at any
 * depth, program headers across a block boundary, ELF files of another class
 * or byte order, the nesting limit; then damaged and crafted images (block
 * pointers, superblock, listings, a directory graph that revisits listings).
 * Every read must stay inside the image. TAP output.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cramfs_build.h"
#include "cramfs_read.h"
#include "cramfs_walk.h"
#include "spherule/pkg_check_elf.h"
#include "tap.h"
#include "test_cramfs_util.h"
#include "test_elf_craft.h"

static const struct elf_phdr_spec exec_stack[] = {
	{ T_PT_LOAD, T_PF_R | T_PF_X }, { T_PT_GNU_STACK, T_PF_R | T_PF_W | T_PF_X } };
static const struct elf_phdr_spec rwx[] = {
	{ T_PT_GNU_STACK, T_PF_R | T_PF_W }, { T_PT_LOAD, T_PF_R | T_PF_W | T_PF_X } };

static char root[512];
static unsigned outside_reads;

struct image {
	uint8_t *data;
	size_t len;
};

static int image_read(void *ctx, uint32_t off, void *buf, uint32_t len)
{
	const struct image *img = ctx;

	if (off > img->len || len > img->len - off) {
		outside_reads++;
		return -EFAULT;
	}
	memcpy(buf, img->data + off, len);
	return 0;
}

static void write_bytes(const char *rel, const void *data, size_t len, mode_t mode)
{
	char path[1024];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	if (fd < 0 || write(fd, data, len) != (ssize_t)len || close(fd) != 0) {
		perror(path);
		exit(2);
	}
}

/* Writes a crafted executable ELF at rel. */
static void write_elf(const char *rel, uint8_t elf_class, uint8_t order,
		      const struct elf_phdr_spec *ph, unsigned n)
{
	uint8_t buf[1024];
	struct elf_spec s = { elf_class, order, T_ET_EXEC, n, ph };

	write_bytes(rel, buf, elf_craft(buf, sizeof(buf), &s), 0755);
}

static void fresh_tree(void)
{
	if (root[0])
		remove_tree(root);
	scratch_dir(root, sizeof(root), "pkg_check_elf");
}

static struct image build(void)
{
	struct cramfs_build_opts opts = { .max_size = 1u << 20 };
	struct image img = { NULL, 0 };
	struct error_detail err = { "" };

	if (cramfs_build_dir_mem(root, &opts, &img.data, &img.len, NULL, &err) < 0) {
		fprintf(stderr, "cramfs build: %s\n", err.msg);
		exit(2);
	}
	return img;
}

/* pkg_check_elf_files() over img must return want with msg (NULL: any) and problem p. */
static void expect(struct image *img, int want, enum elf_problem p, const char *msg,
		   const char *name)
{
	struct pkg_source src = { image_read, img, (uint32_t)img->len, false, 0 };
	struct error_detail err = { "" };
	enum elf_problem got = ELF_PROBLEM_NONE;
	int rc = pkg_check_elf_files(&src, (uint32_t)img->len, &got, &err);
	int ok = rc == want && got == p && (!msg || strcmp(err.msg, msg) == 0);

	if (!ok)
		printf("# rc %d (want %d), problem %d (want %d), msg \"%s\"\n", rc, want, got, p,
		       err.msg);
	tap_ok(ok, "%s", name);
}

/* Images of one crafted ELF file that are refused. */
struct one_file_case {
	const char *rel;
	uint8_t elf_class, order;
	const struct elf_phdr_spec *ph;
	unsigned n;
	enum elf_problem problem;
	const char *msg, *name;
};

static const struct one_file_case one_file_refusals[] = {
	{ "no\tstack", 1, 1, rwx + 1, 1, ELF_PROBLEM_WRITABLE_EXEC, NULL,
	  "W+X reported before the missing stack" },
	{ "no\tstack", 1, 1, elf_good_phdrs, 2, ELF_PROBLEM_NO_GNU_STACK,
	  "no?stack has no PT_GNU_STACK, so ARM Linux would make its stack and all readable "
	  "memory executable",
	  "no PT_GNU_STACK refused; a control character in the name shown as ?" },
	{ "x64", 2, 1, elf_good_phdrs, 3, ELF_PROBLEM_FOREIGN,
	  "x64 is a 64-bit ELF file, which the device's kernel would read as 32-bit little-endian",
	  "a correct ELF64 file refused: the device reads it as ELF32" },
	{ "be", 1, 2, elf_good_phdrs, 3, ELF_PROBLEM_FOREIGN,
	  "be is a big-endian ELF file, which the device's kernel would read as 32-bit "
	  "little-endian",
	  "a correct big-endian ELF32 file refused" },
	{ "x64", 2, 1, exec_stack, 2, ELF_PROBLEM_EXEC_STACK, "x64 asks for an executable stack",
	  "an ELF64 file asking for an executable stack: that reason first" },
};

static void copy_hello(const char *rel)
{
	static uint8_t data[1u << 20];
	FILE *f = fopen(TEST_HELLO_BIN, "rb");
	size_t len = f ? fread(data, 1, sizeof(data), f) : 0;

	if (f)
		fclose(f);
	if (len == 0) {
		fprintf(stderr, "%s: missing (build it first)\n", TEST_HELLO_BIN);
		exit(2);
	}
	write_bytes(rel, data, len, 0755);
}

static void test_trees(void)
{
	const struct elf_spec obj = { 1, 1, T_ET_REL, 0, NULL };
	uint8_t buf[256];
	struct image img;

	fresh_tree();
	make_dir(root, "bin", 0755);
	make_dir(root, "lib", 0755);
	make_dir(root, "share", 0755);
	copy_hello("bin/hello");
	write_elf("lib/good", 1, 1, elf_good_phdrs, 3);
	write_bytes("lib/obj.o", buf, elf_craft(buf, sizeof(buf), &obj), 0644);
	make_file(root, "share/readme", 5000, 1, 0644);
	write_bytes("share/empty", "", 0, 0644);
	write_bytes("share/elfish", "\177EL", 3, 0644);
	make_symlink(root, "share/link", "../bin/hello");
	img = build();
	expect(&img, 0, ELF_PROBLEM_NONE, NULL,
	       "hello, a good crafted ELF, an object file, data, an empty file, a symlink: accepted");
	free(img.data);

	make_dir(root, "a", 0755);
	make_dir(root, "a/b", 0755);
	make_dir(root, "a/b/c", 0755);
	write_elf("a/b/c/bad", 1, 1, exec_stack, 2);
	img = build();
	expect(&img, -EPERM, ELF_PROBLEM_EXEC_STACK, "a/b/c/bad asks for an executable stack",
	       "an executable stack three directories down refused, with its path");
	free(img.data);

	fresh_tree();
	make_dir(root, "bin", 0755);
	copy_hello("bin/a");
	write_elf("bin/rwx", 1, 1, rwx, 2);
	img = build();
	expect(&img, -EPERM, ELF_PROBLEM_WRITABLE_EXEC,
	       "bin/rwx asks for a writable and executable segment (program header 1)",
	       "a writable and executable segment refused after a good file");
	free(img.data);

	for (size_t i = 0; i < sizeof(one_file_refusals) / sizeof(one_file_refusals[0]); i++) {
		const struct one_file_case *c = &one_file_refusals[i];

		fresh_tree();
		write_elf(c->rel, c->elf_class, c->order, c->ph, c->n);
		img = build();
		expect(&img, -EPERM, c->problem, c->msg, c->name);
		free(img.data);
	}
}

/* Program headers that straddle the file's first and second blocks. */
static void test_block_boundary(void)
{
	static uint8_t file[3 * 4096];
	struct elf_offsets o = elf_offsets(1);
	struct elf_spec s = { 1, 1, T_ET_EXEC, 3, elf_good_phdrs };
	const uint32_t phoff = 4096 - 40;
	struct image img;

	for (int bad = 0; bad < 2; bad++) {
		uint8_t hdr[256];
		size_t n = elf_craft(hdr, sizeof(hdr), &s);

		memset(file, 0x5a, sizeof(file));
		memcpy(file, hdr, o.ehdr_size);
		memcpy(file + phoff, hdr + o.ehdr_size, n - o.ehdr_size);
		elf_put(file + o.phoff, 4, phoff, 1);
		if (bad) /* the stack's p_flags, in the second block */
			elf_put(file + phoff + 2 * o.phdr_size + 24, 4, 7, 1);
		fresh_tree();
		write_bytes("split", file, sizeof(file), 0755);
		img = build();
		if (bad)
			expect(&img, -EPERM, ELF_PROBLEM_EXEC_STACK, "split asks for an executable stack",
			       "program headers across a block boundary: the second block read");
		else
			expect(&img, 0, ELF_PROBLEM_NONE, NULL,
			       "program headers across a block boundary: accepted");
		free(img.data);
	}
}

static void test_depth(void)
{
	char rel[256] = "";
	struct image img;

	fresh_tree();
	for (unsigned i = 1; i <= CRAMFS_WALK_DEPTH_MAX; i++) {
		strcat(rel, i > 1 ? "/d" : "d");
		make_dir(root, rel, 0755);
		if (i == CRAMFS_WALK_DEPTH_MAX - 1) {
			img = build();
			expect(&img, 0, ELF_PROBLEM_NONE, NULL, "31 nested directories accepted");
			free(img.data);
		}
	}
	img = build();
	expect(&img, -EINVAL, ELF_PROBLEM_NONE, "cramfs: directories nested more than 32 deep",
	       "32 nested directories refused: the walk's limit");
	free(img.data);
}

/* The entry of path in img (built from the tree). */
static struct cramfs_entry lookup(const struct image *img, const char *path)
{
	struct cramfs_image ci;
	struct cramfs_entry e;
	struct error_detail err = { "" };

	if (cramfs_image_open(&ci, img->data, img->len, &err) < 0 ||
	    cramfs_image_lookup(&ci, path, &e, &err) < 0) {
		fprintf(stderr, "%s: %s\n", path, err.msg);
		exit(2);
	}
	return e;
}

static void test_damaged(void)
{
	struct cramfs_entry e;
	struct image img;
	uint32_t ptr;

	fresh_tree();
	make_dir(root, "bin", 0755);
	write_elf("bin/ok", 1, 1, elf_good_phdrs, 3);
	img = build();
	e = lookup(&img, "/bin/ok");
	ptr = get_le32(img.data + e.inode.offset);
	put_le32(img.data + e.inode.offset, ptr & ~CRAMFS_BLK_FLAG_UNCOMPRESSED);
	expect(&img, -ENOTSUP, ELF_PROBLEM_UNREADABLE, NULL,
	       "a compressed block cannot be checked: refused");
	put_le32(img.data + e.inode.offset, CRAMFS_BLK_FLAGS | (uint32_t)(img.len >> 2));
	expect(&img, -EINVAL, ELF_PROBLEM_UNREADABLE,
	       "bin/ok cannot be read at offset 0: Invalid argument",
	       "a block pointer past the image end: refused");
	put_le32(img.data + e.inode.offset, ptr);
	expect(&img, 0, ELF_PROBLEM_NONE, NULL, "restored: accepted");

	put_le32(img.data + CRAMFS_SB_MAGIC, 0x12345678);
	expect(&img, -EINVAL, ELF_PROBLEM_NONE, "cramfs: bad magic 0x12345678", "bad magic: refused");
	put_le32(img.data + CRAMFS_SB_MAGIC, CRAMFS_MAGIC);
	put_le32(img.data + CRAMFS_SB_FLAGS, CRAMFS_FLAG_FSID_VERSION_2);
	expect(&img, -EINVAL, ELF_PROBLEM_NONE, NULL, "no EXT_BLOCK_POINTERS flag: refused");
	put_le32(img.data + CRAMFS_SB_FLAGS, CRAMFS_XIP_FLAGS);
	put_le32(img.data + CRAMFS_SB_SIZE, (uint32_t)img.len + 4096);
	expect(&img, -EINVAL, ELF_PROBLEM_NONE, NULL, "a size past the bytes given: refused");
	put_le32(img.data + CRAMFS_SB_SIZE, (uint32_t)img.len);
	{
		struct image shorter = { img.data, 60 };

		expect(&shorter, -EINVAL, ELF_PROBLEM_NONE, NULL, "60 bytes: refused");
	}
	{
		struct cramfs_inode_fields r, saved;

		cramfs_get_inode(img.data + CRAMFS_SB_ROOT, &saved);
		r = saved;
		r.offset = (uint32_t)img.len - 8;
		cramfs_put_inode(img.data + CRAMFS_SB_ROOT, &r);
		expect(&img, -EINVAL, ELF_PROBLEM_NONE, NULL,
		       "a directory entry running past the image end: refused");
		r = saved;
		r.mode = S_IFREG | 0644;
		cramfs_put_inode(img.data + CRAMFS_SB_ROOT, &r);
		expect(&img, -EINVAL, ELF_PROBLEM_NONE, "cramfs: the root is not a directory",
		       "a root that is not a directory: refused");
	}
	free(img.data);
}

/*
 * A crafted image whose listings form a graph: the root and each of 29
 * directories below list two directories, both pointing at the next listing,
 * so a walk without a bound would visit 2^30 entries.
 */
static void test_listing_graph(void)
{
	static uint8_t data[8192];
	struct image img = { data, sizeof(data) };
	const uint32_t levels = 30, entry = CRAMFS_INODE_LEN + 4;
	struct cramfs_inode_fields r = { S_IFDIR | 0755, 0, 2 * entry, 0, 0, CRAMFS_SB_LEN };

	memset(data, 0, sizeof(data));
	put_le32(data + CRAMFS_SB_MAGIC, CRAMFS_MAGIC);
	put_le32(data + CRAMFS_SB_SIZE, sizeof(data));
	put_le32(data + CRAMFS_SB_FLAGS, CRAMFS_XIP_FLAGS);
	cramfs_put_inode(data + CRAMFS_SB_ROOT, &r);
	for (uint32_t l = 0; l < levels; l++) {
		uint32_t at = CRAMFS_SB_LEN + l * 2 * entry;

		for (uint32_t i = 0; i < 2; i++) {
			struct cramfs_inode_fields d = { S_IFDIR | 0755, 0, 2 * entry, 0, 1,
							 at + 2 * entry };

			if (l == levels - 1)
				d = (struct cramfs_inode_fields){ S_IFDIR | 0755, 0, 0, 0, 1, 0 };
			cramfs_put_inode(data + at + i * entry, &d);
			data[at + i * entry + CRAMFS_INODE_LEN] = (uint8_t)('a' + i);
		}
	}
	expect(&img, -EINVAL, ELF_PROBLEM_NONE,
	       "cramfs: more directory entries than the image can hold (a directory loop)",
	       "listings visited over and over: the walk stops at the image's entry capacity");
}

int main(void)
{
	test_trees();
	test_block_boundary();
	test_depth();
	test_damaged();
	test_listing_graph();
	tap_ok(outside_reads == 0, "no read outside the image (%u)", outside_reads);
	remove_tree(root);
	return tap_done();
}
