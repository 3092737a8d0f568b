/*
 * test_cramfs_tool.c - the mkcramfs-xip command line: --help, building,
 * --list output and its checks (exit 1 with the reason on a non-XIP image),
 * refusals leaving no image behind, --max-size, --volume-name, and, when
 * util-linux fsck.cramfs is installed, its verdict on the superblock and crc.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cramfs_crc32.h"
#include "cramfs_format.h"
#include "cramfs_read.h"
#include "test_cramfs_util.h"

#ifndef CRAMFS_TOOL
#error "CRAMFS_TOOL must name the mkcramfs-xip binary"
#endif

static char out_buf[65536], err_buf[65536];

static void slurp(int fd, char *buf, size_t len)
{
	size_t done = 0;
	ssize_t got;

	while ((got = read(fd, buf + done, len - 1 - done)) > 0)
		done += (size_t)got;
	buf[done] = '\0';
}

/* Runs argv (NULL-terminated); stdout/stderr land in out_buf/err_buf.
 * Returns the exit status, or -1 if it did not exit normally. */
static int run(const char *const *argv)
{
	char out_path[] = "/tmp/cramfs-tool-out-XXXXXX", err_path[] = "/tmp/cramfs-tool-err-XXXXXX";
	int out = mkstemp(out_path), err = mkstemp(err_path), status = -1;
	pid_t pid;

	if (out < 0 || err < 0)
		return -1;
	unlink(out_path);
	unlink(err_path);
	pid = fork();
	if (pid == 0) {
		dup2(out, 1);
		dup2(err, 2);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, &status, 0);
	lseek(out, 0, SEEK_SET);
	lseek(err, 0, SEEK_SET);
	slurp(out, out_buf, sizeof(out_buf));
	slurp(err, err_buf, sizeof(err_buf));
	close(out);
	close(err);
	return pid > 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static uint8_t *load(const char *path, size_t *len)
{
	struct stat st;
	uint8_t *buf = NULL;
	int fd = open(path, O_RDONLY);

	if (fd >= 0 && !fstat(fd, &st) && (buf = malloc((size_t)st.st_size + 1)) &&
	    read(fd, buf, (size_t)st.st_size) == st.st_size)
		*len = (size_t)st.st_size;
	else {
		free(buf);
		buf = NULL;
	}
	if (fd >= 0)
		close(fd);
	return buf;
}

static int store(const char *path, const uint8_t *buf, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	int ok = fd >= 0 && write(fd, buf, len) == (ssize_t)len;

	if (fd >= 0)
		close(fd);
	return ok;
}

static void test_list(const char *image, const char *dir)
{
	const char *list[] = { CRAMFS_TOOL, "--list", image, NULL };
	struct cramfs_image ci;
	struct cramfs_entry e;
	char line[512], path[4200];
	struct error_detail err = { "" };
	size_t len;
	uint8_t *img = load(image, &len);

	tap_ok(run(list) == 0, "--list exits 0 on a built image");
	int ok = img && !cramfs_image_open(&ci, img, len, &err) &&
		 !cramfs_image_lookup(&ci, "/bin/prog", &e, &err);
	snprintf(line, sizeof(line), "0100755     5000 %#10x /bin/prog\n", ok ? e.data_offset : 0);
	tap_ok(ok && e.data_offset && strstr(out_buf, line),
	    "--list prints mode, size, data offset and path");
	tap_ok(strstr(out_buf, "0120777        7 ") && strstr(out_buf, " /lnk -> bin/app\n"),
	    "--list prints symlink targets");
	tap_ok(strstr(out_buf, " /empty\n") && strstr(out_buf, "0040755 ") &&
		    strstr(out_buf, " 0 /a/zero\n"),
	    "--list prints empty directories and empty files");

	/* An image package: the footer follows the filesystem. */
	snprintf(path, sizeof(path), "%s/pkg", dir);
	uint8_t *pkg = malloc(len + 100);
	memcpy(pkg, img, len);
	memset(pkg + len, 0xa5, 100);
	const char *list_pkg[] = { CRAMFS_TOOL, "--list", path, NULL };
	tap_ok(store(path, pkg, len + 100) && run(list_pkg) == 0,
	    "--list accepts an image followed by other data");

	/* Non-zero byte in the unused tail of /bin/prog's last page. */
	memcpy(pkg, img, len);
	pkg[e.data_offset + 5000] = 1;
	put_le32(pkg + CRAMFS_SB_FSID_CRC, cramfs_image_crc(pkg, (uint32_t)len));
	tap_ok(store(path, pkg, len) && run(list_pkg) == 1 && strstr(err_buf, "/bin/prog") &&
		    strstr(err_buf, "last page shared"),
	    "--list exits 1 naming a file the kernel could not map whole");
	memcpy(pkg, img, len);
	pkg[100] ^= 0xff;
	tap_ok(store(path, pkg, len) && run(list_pkg) == 1 && strstr(err_buf, "crc"),
	    "--list exits 1 on a crc mismatch");
	tap_ok(store(path, (const uint8_t *)"not an image", 12) && run(list_pkg) == 1,
	    "--list exits 1 on a file that is no image");
	free(pkg);
	free(img);
}

/* util-linux fsck.cramfs refuses EXT_BLOCK_POINTERS ("unsupported filesystem
 * features"); on a copy with that flag cleared it still checks the
 * superblock and the crc with its own code. */
static void test_fsck(const char *image, const char *dir)
{
	static const char *const candidates[] = { "/usr/sbin/fsck.cramfs", "/sbin/fsck.cramfs" };
	const char *fsck = NULL;
	char path[4200];
	size_t len;
	uint8_t *img;

	for (size_t i = 0; i < 2 && !fsck; i++)
		if (!access(candidates[i], X_OK))
			fsck = candidates[i];
	if (!fsck) {
		tap_skip("fsck.cramfs not installed", "fsck.cramfs verifies superblock and crc");
		return;
	}
	const char *real[] = { fsck, image, NULL };
	int rc = run(real);
	printf("# %s on the image: exit %d, %s", fsck, rc, err_buf);
	img = load(image, &len);
	snprintf(path, sizeof(path), "%s/noext", dir);
	put_le32(img + CRAMFS_SB_FLAGS, CRAMFS_FLAG_FSID_VERSION_2 | CRAMFS_FLAG_SORTED_DIRS);
	put_le32(img + CRAMFS_SB_FSID_CRC, cramfs_image_crc(img, (uint32_t)len));
	const char *noext[] = { fsck, "-v", path, NULL };
	tap_ok(store(path, img, len) && run(noext) == 0 && strstr(out_buf, "OK"),
	    "fsck.cramfs accepts superblock and crc (EXT_BLOCK_POINTERS cleared)");
	free(img);
}

int main(void)
{
	char dir[4096], tree[4200], image[4200], path[4300];
	const char *help[] = { CRAMFS_TOOL, "--help", NULL };
	const char *none[] = { CRAMFS_TOOL, NULL };

	tap_ok(run(help) == 0 && strstr(out_buf, "usage: mkcramfs-xip") && strstr(out_buf, "--list"),
	    "--help prints usage, exits 0");
	tap_ok(run(none) == 2 && strstr(err_buf, "usage"), "missing arguments: usage, exit 2");

	scratch_dir(dir, sizeof(dir), "tool");
	snprintf(tree, sizeof(tree), "%s/tree", dir);
	snprintf(image, sizeof(image), "%s/image", dir);
	make_dir(dir, "tree", 0755);
	make_dir(tree, "bin", 0755);
	make_dir(tree, "a", 0755);
	make_dir(tree, "empty", 0755);
	make_file(tree, "bin/prog", 5000, 1, 0755);
	make_file(tree, "bin/app", 9000, 2, 0755);
	make_file(tree, "a/zero", 0, 3, 0644);
	make_symlink(tree, "lnk", "bin/app");
	const char *build[] = { CRAMFS_TOOL, tree, image, NULL };
	tap_ok(run(build) == 0 && strstr(out_buf, "inodes") && !access(image, R_OK),
	    "builds an image and prints a summary");
	test_list(image, dir);

	snprintf(path, sizeof(path), "%s/suid.img", dir);
	make_file(tree, "bin/su", 10, 4, 04755);
	const char *suid[] = { CRAMFS_TOOL, tree, path, NULL };
	tap_ok(run(suid) == 1 && strstr(err_buf, "bin/su") && access(path, F_OK) && errno == ENOENT,
	    "setuid file: exit 1 naming it, no image left behind");
	const char *allow[] = { CRAMFS_TOOL, "--allow-setuid", tree, path, NULL };
	const char *list_suid[] = { CRAMFS_TOOL, "--list", path, NULL };
	tap_ok(run(allow) == 0 && run(list_suid) == 0 && strstr(out_buf, "0104755       10 "),
	    "--allow-setuid keeps the setuid bit");
	const char *small[] = { CRAMFS_TOOL, "--allow-setuid", "--max-size", "16K", tree, path,
				NULL };
	tap_ok(run(small) == 1 && strstr(err_buf, "16384"), "--max-size 16K refuses a bigger image");
	const char *named[] = { CRAMFS_TOOL, "--allow-setuid", "--max-size", "1M",
				"--volume-name", "hello-app", tree, path, NULL };
	tap_ok(run(named) == 0 && run(list_suid) == 0 && strstr(out_buf, "volume \"hello-app\""),
	    "--volume-name stored, --max-size 1M accepted");
	const char *badsize[] = { CRAMFS_TOOL, "--max-size", "12Q", tree, path, NULL };
	tap_ok(run(badsize) == 2, "bad --max-size: exit 2");

	test_fsck(image, dir);
	remove_tree(dir);
	return tap_done();
}
