/*
 * test_cramfs_refuse.c - every refusal of the XIP cramfs builder, each with
 * its errno and a message naming the offending file: setuid/setgid (and
 * --allow-setuid storing them), device nodes, fifos, sockets, names over
 * 252 bytes, files over 16 MiB - 1, images over the size limit, bad options.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#include "cramfs_read.h"
#include "test_cramfs_util.h"

/* Builds root and checks the result code and that the message mentions
 * what; on success returns the image through *img if img is not NULL. */
static int expect(const char *root, const struct cramfs_build_opts *opts, int want,
		  const char *what, uint8_t **img, size_t *len)
{
	uint8_t *image = (uint8_t *)&image;
	size_t image_len = 1;
	struct error_detail err = { "" };
	int rc = cramfs_build_dir_mem(root, opts, &image, &image_len, NULL, &err);
	int ok = rc == want && (!what || strstr(err.msg, what)) &&
		 (rc ? !image && !image_len : !!image);

	if (!ok)
		fprintf(stderr, "# %s: got %d \"%s\", wanted %d \"%s\"\n", root, rc, err.msg, want,
			what ? what : "");
	if (img && !rc) {
		*img = image;
		*len = image_len;
	} else if (!rc) {
		free(image);
	}
	return ok;
}

static void fresh(char *root, size_t len, const char *tag)
{
	scratch_dir(root, len, tag);
	make_file(root, "ok", 10, 1, 0644);
}

static void test_setuid(void)
{
	char root[4096], path[4200];
	struct cramfs_build_opts allow = { .allow_setuid = true };
	struct cramfs_image ci;
	struct cramfs_entry e;
	uint8_t *img;
	size_t len;

	fresh(root, sizeof(root), "suid");
	make_dir(root, "bin", 0755);
	make_file(root, "bin/su", 100, 2, 04755);
	snprintf(path, sizeof(path), "%s/bin/su", root);
	tap_ok(expect(root, NULL, -EPERM, path, NULL, NULL), "setuid file refused, named");
	int built = expect(root, &allow, 0, NULL, &img, &len);
	struct error_detail err = { "" };
	int kept = built && !cramfs_image_open(&ci, img, len, &err) &&
		   !cramfs_image_walk(&ci, NULL, NULL, &err) &&
		   !cramfs_image_lookup(&ci, "/bin/su", &e, &err) &&
		   e.inode.mode == (S_IFREG | 04755) && !e.inode.uid;
	tap_ok(kept, "--allow-setuid stores mode 04755, owner 0");
	if (built)
		free(img);
	remove_tree(root);

	fresh(root, sizeof(root), "sgid");
	make_dir(root, "shared", 0755);
	snprintf(path, sizeof(path), "%s/shared", root);
	chmod(path, 02755);
	tap_ok(expect(root, NULL, -EPERM, path, NULL, NULL), "setgid directory refused, named");
	remove_tree(root);
}

/* A device node in the tree is refused with a message naming it (skipped
 * where mknod is not permitted). */
static void test_device_node(const char *what, mode_t mode, dev_t dev)
{
	char root[4096], path[4200];

	fresh(root, sizeof(root), "dev");
	snprintf(path, sizeof(path), "%s/node", root);
	if (mknod(path, mode, dev) == 0)
		tap_ok(expect(root, NULL, -EINVAL, "device node", NULL, NULL) &&
			    expect(root, NULL, -EINVAL, path, NULL, NULL),
		    "%s refused, named", what);
	else
		tap_skip("mknod needs privileges", "%s refused", what);
	remove_tree(root);
}

static void test_special_files(void)
{
	char root[4096], path[4200];
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int s;

	test_device_node("character device", S_IFCHR | 0666, makedev(1, 3));
	test_device_node("block device", S_IFBLK | 0600, makedev(7, 0));

	fresh(root, sizeof(root), "fifo");
	snprintf(path, sizeof(path), "%s/pipe", root);
	tap_ok(!mkfifo(path, 0644) && expect(root, NULL, -EINVAL, "fifo", NULL, NULL),
	    "fifo refused");
	remove_tree(root);

	fresh(root, sizeof(root), "sock");
	int fits = snprintf(sun.sun_path, sizeof(sun.sun_path), "%s/s", root) <
		   (int)sizeof(sun.sun_path);
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	tap_ok(fits && s >= 0 && !bind(s, (struct sockaddr *)&sun, sizeof(sun)) &&
		    expect(root, NULL, -EINVAL, "socket", NULL, NULL),
	    "socket refused");
	if (s >= 0)
		close(s);
	remove_tree(root);
}

static void test_limits(void)
{
	char root[4096], name[300], path[4400];
	struct cramfs_build_opts opts = { 0 };
	uint8_t *img;
	size_t len;
	int fd;

	fresh(root, sizeof(root), "name");
	make_dir(root, "d", 0755);
	memset(name, 'n', 253);
	strcpy(name + 253, "");
	char rel[310];
	snprintf(rel, sizeof(rel), "d/%s", name);
	make_file(root, rel, 1, 3, 0644);
	tap_ok(expect(root, NULL, -ENAMETOOLONG, "253 bytes", NULL, NULL),
	    "name of 253 bytes refused");
	remove_tree(root);

	fresh(root, sizeof(root), "big");
	snprintf(path, sizeof(path), "%s/big", root);
	fd = open(path, O_WRONLY | O_CREAT, 0644);
	int sized = fd >= 0 && !ftruncate(fd, CRAMFS_XIP_MAX_FILE_SIZE + 1);
	tap_ok(sized && expect(root, NULL, -EFBIG, path, NULL, NULL),
	    "file of 16 MiB refused, named");
	sized = sized && !ftruncate(fd, CRAMFS_XIP_MAX_FILE_SIZE - 1) &&
		pwrite(fd, "Z", 1, CRAMFS_XIP_MAX_FILE_SIZE - 1) == 1;
	if (fd >= 0)
		close(fd);
	int built = sized && expect(root, NULL, 0, NULL, &img, &len);
	struct cramfs_image ci;
	struct cramfs_entry e;
	struct error_detail err = { "" };
	int ok = built && !cramfs_image_open(&ci, img, len, &err) &&
		 !cramfs_image_walk(&ci, NULL, NULL, &err) &&
		 !cramfs_image_lookup(&ci, "/big", &e, &err) &&
		 e.inode.size == CRAMFS_XIP_MAX_FILE_SIZE &&
		 img[e.data_offset + CRAMFS_XIP_MAX_FILE_SIZE - 1] == 'Z' &&
		 img[e.data_offset + CRAMFS_XIP_MAX_FILE_SIZE] == 0;
	tap_ok(ok, "file of 16 MiB - 1 stored, XIP-mappable");
	if (built)
		free(img);

	opts.max_size = len;
	tap_ok(built && expect(root, &opts, 0, NULL, NULL, NULL), "image of exactly --max-size built");
	opts.max_size = len - 1;
	tap_ok(built && expect(root, &opts, -EFBIG, "limit", NULL, NULL),
	    "image one byte over --max-size refused");

	snprintf(path, sizeof(path), "%s.img", root);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	tap_ok(fd >= 0 && cramfs_build_dir(root, &opts, fd, NULL, &err) == -EFBIG &&
		       lseek(fd, 0, SEEK_END) == 0,
	       "nothing written to the fd when the build fails");
	if (fd >= 0)
		close(fd);
	unlink(path);
	remove_tree(root);
}

static void test_options(void)
{
	char root[4096], path[4200];
	struct cramfs_build_opts opts = { .volume_name = "0123456789abcdefg" };

	fresh(root, sizeof(root), "opts");
	tap_ok(expect(root, &opts, -EINVAL, "volume name", NULL, NULL), "17-byte volume name refused");
	snprintf(path, sizeof(path), "%s/ok", root);
	tap_ok(expect(path, NULL, -ENOTDIR, path, NULL, NULL), "root that is a file refused");
	snprintf(path, sizeof(path), "%s/missing", root);
	tap_ok(expect(path, NULL, -ENOENT, path, NULL, NULL), "missing root refused");
	remove_tree(root);
}

int main(void)
{
	test_setuid();
	test_special_files();
	test_limits();
	test_options();
	return tap_done();
}
