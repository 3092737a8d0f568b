/*
 * mkcramfs_xip.c - host tool: builds an XIP-ready cramfs image from a
 * directory, or lists and checks one (--list). See docs/cramfs-xip.md.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cramfs_build.h"
#include "cramfs_read.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: mkcramfs-xip [--max-size BYTES] [--allow-setuid] [--volume-name NAME]\n"
		"                    [--edition N] DIR IMAGE\n"
		"       mkcramfs-xip --list IMAGE\n"
		"\n"
		"Builds a cramfs image of DIR whose files are stored uncompressed, page\n"
		"aligned and reached by direct block pointers, so that Linux maps them\n"
		"straight from flash (execute in place). All files are owned by 0:0.\n"
		"Device nodes, fifos and sockets are refused, and so are setuid/setgid\n"
		"files unless --allow-setuid is given. BYTES may end in K or M (x1024).\n"
		"\n"
		"--list prints MODE SIZE DATA-OFFSET PATH for every inode of IMAGE after\n"
		"checking the superblock, the crc and that every file is XIP-mappable;\n"
		"it exits 1 with the reason otherwise. IMAGE may be longer than the\n"
		"filesystem (an image package).\n");
}

static int parse_size(const char *s, unsigned long long *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s || *s == '-')
		return -EINVAL;
	if (*end == 'K' || *end == 'M') {
		unsigned long long mul = *end == 'K' ? 1024ull : 1024ull * 1024ull;
		if (v > ~0ull / mul)
			return -ERANGE;
		v *= mul;
		end++;
	}
	if (*end)
		return -EINVAL;
	*out = v;
	return 0;
}

/* ctx is the walk's struct error_detail, which list_image() reports. */
static int print_entry(const struct cramfs_image *img, const struct cramfs_entry *e,
		       void *ctx)
{
	uint8_t target[CRAMFS_XIP_BLOCK_SIZE];

	printf("%07o %8u %#10x %s", e->inode.mode, e->inode.size, e->data_offset, e->path);
	if (S_ISLNK(e->inode.mode)) {
		long len = cramfs_image_read(img, e, target, sizeof(target), ctx);
		if (len < 0) {
			printf("\n");
			return (int)len;
		}
		printf(" -> %.*s", (int)len, (const char *)target);
	}
	printf("\n");
	return 0;
}

static int list_image(const char *path)
{
	struct cramfs_image img;
	struct stat st;
	struct error_detail err = { "" };
	void *map;
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;

	if (fd < 0 || fstat(fd, &st)) {
		fprintf(stderr, "mkcramfs-xip: %s: %s\n", path, strerror(errno));
		return 1;
	}
	map = st.st_size ? mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0)
			 : MAP_FAILED;
	close(fd);
	if (map == MAP_FAILED) {
		fprintf(stderr, "mkcramfs-xip: %s: cannot map: %s\n", path,
			st.st_size ? strerror(errno) : "empty file");
		return 1;
	}
	rc = cramfs_image_open(&img, map, (size_t)st.st_size, &err);
	if (!rc) {
		printf("# %s: %u bytes, flags %#x, crc %#x, edition %u, %u blocks, %u inodes, "
		       "volume \"%s\"\n",
		       path, img.size, img.flags, img.crc, img.edition, img.blocks, img.files,
		       img.volume_name);
		rc = cramfs_image_walk(&img, print_entry, &err, &err);
	}
	munmap(map, (size_t)st.st_size);
	if (rc) {
		fprintf(stderr, "mkcramfs-xip: %s: %s\n", path, err.msg);
		return 1;
	}
	return 0;
}

static int build_image(const char *dir, const char *path, const struct cramfs_build_opts *opts)
{
	struct cramfs_build_result res;
	struct error_detail err = { "" };
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644), rc;

	if (fd < 0) {
		fprintf(stderr, "mkcramfs-xip: %s: %s\n", path, strerror(errno));
		return 1;
	}
	rc = cramfs_build_dir(dir, opts, fd, &res, &err);
	if (close(fd) && !rc)
		rc = error_detail_set(&err, -EIO, "%s: close: %s", path, strerror(errno));
	if (rc) {
		unlink(path);
		fprintf(stderr, "mkcramfs-xip: %s\n", err.msg);
		return 1;
	}
	printf("%s: %u bytes, %u inodes, %u data blocks, file data from %#x, crc %#x\n", path,
	       res.image_size, res.files, res.blocks, res.data_start, res.crc);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "max-size", required_argument, NULL, 'm' },
		{ "allow-setuid", no_argument, NULL, 's' },
		{ "volume-name", required_argument, NULL, 'n' },
		{ "edition", required_argument, NULL, 'e' },
		{ "list", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cramfs_build_opts opts = { 0 };
	const char *list = NULL;
	unsigned long long v;
	int c;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'm':
			if (parse_size(optarg, &v)) {
				fprintf(stderr, "mkcramfs-xip: bad --max-size %s\n", optarg);
				return 2;
			}
			opts.max_size = v;
			break;
		case 's':
			opts.allow_setuid = true;
			break;
		case 'n':
			opts.volume_name = optarg;
			break;
		case 'e':
			if (parse_size(optarg, &v) || v > UINT32_MAX) {
				fprintf(stderr, "mkcramfs-xip: bad --edition %s\n", optarg);
				return 2;
			}
			opts.edition = (uint32_t)v;
			break;
		case 'l':
			list = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (list) {
		if (optind != argc) {
			usage(stderr);
			return 2;
		}
		return list_image(list);
	}
	if (argc - optind != 2) {
		usage(stderr);
		return 2;
	}
	return build_image(argv[optind], argv[optind + 1], &opts);
}
