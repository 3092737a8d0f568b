/*
 * cramfs_tree.c - scans a host directory tree for the cramfs builder and
 * refuses what an XIP app or rootfs image must not hold: device nodes, fifos,
 * sockets, setuid/setgid files (unless allowed), names and files too large
 * for the format's fields.
 */
#include "cramfs_tree.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cramfs_build.h"
#include "spherule/error_detail.h"

static int scan_node(const char *path, const char *name, bool allow_setuid,
		     struct cramfs_node **out, struct error_detail *err);

static int compare_nodes(const void *a, const void *b)
{
	const struct cramfs_node *na = *(const struct cramfs_node *const *)a;
	const struct cramfs_node *nb = *(const struct cramfs_node *const *)b;

	return strcmp(na->name, nb->name);
}

static int check_mode(const char *path, mode_t mode, bool allow_setuid, struct error_detail *err)
{
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return error_detail_set(err, -EINVAL, "%s: device node refused (/dev is devtmpfs)",
					path);
	if (S_ISFIFO(mode))
		return error_detail_set(err, -EINVAL, "%s: fifo refused", path);
	if (S_ISSOCK(mode))
		return error_detail_set(err, -EINVAL, "%s: socket refused", path);
	if (!S_ISREG(mode) && !S_ISDIR(mode) && !S_ISLNK(mode))
		return error_detail_set(err, -EINVAL, "%s: unknown file type %#o", path,
					(unsigned)(mode & S_IFMT));
	if ((mode & (S_ISUID | S_ISGID)) && !allow_setuid)
		return error_detail_set(err, -EPERM, "%s: setuid/setgid file refused (mode %04o)",
					path, (unsigned)(mode & 07777));
	return 0;
}

static int read_link(struct cramfs_node *n, struct error_detail *err)
{
	char buf[PATH_MAX];
	ssize_t len = readlink(n->path, buf, sizeof(buf));

	if (len < 0)
		return error_detail_set(err, -errno, "%s: readlink: %s", n->path, strerror(errno));
	if ((size_t)len >= sizeof(buf))
		return error_detail_set(err, -ENAMETOOLONG, "%s: symlink target too long", n->path);
	n->target = malloc((size_t)len + 1);
	if (!n->target)
		return error_detail_set(err, -ENOMEM, "out of memory");
	memcpy(n->target, buf, (size_t)len);
	n->target[len] = '\0';
	n->size = (uint32_t)len;
	return 0;
}

static int add_child(struct cramfs_node *dir, struct cramfs_node *child, size_t *cap)
{
	if (dir->nchildren == *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;
		struct cramfs_node **c = realloc(dir->children, ncap * sizeof(*c));
		if (!c)
			return -ENOMEM;
		dir->children = c;
		*cap = ncap;
	}
	dir->children[dir->nchildren++] = child;
	return 0;
}

static int scan_dir(struct cramfs_node *dir, bool allow_setuid, struct error_detail *err)
{
	DIR *d = opendir(dir->path);
	struct dirent *de;
	size_t cap = 0;
	uint64_t listing = 0;
	int rc = 0;

	if (!d)
		return error_detail_set(err, -errno, "%s: opendir: %s", dir->path, strerror(errno));
	for (;;) {
		errno = 0;
		de = readdir(d);
		if (!de) {
			if (errno)
				rc = error_detail_set(err, -errno, "%s: readdir: %s", dir->path,
						      strerror(errno));
			break;
		}
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		char *child_path;
		if (asprintf(&child_path, "%s/%s", dir->path, de->d_name) < 0) {
			rc = error_detail_set(err, -ENOMEM, "out of memory");
			break;
		}
		struct cramfs_node *child = NULL;
		rc = scan_node(child_path, de->d_name, allow_setuid, &child, err);
		free(child_path);
		if (rc)
			break;
		if (add_child(dir, child, &cap)) {
			cramfs_tree_free(child);
			rc = error_detail_set(err, -ENOMEM, "out of memory");
			break;
		}
		listing += cramfs_entry_len(strlen(child->name));
	}
	closedir(d);
	if (rc)
		return rc;
	if (listing > CRAMFS_MAX_SIZE)
		return error_detail_set(err, -EFBIG,
					"%s: directory listing of %llu bytes exceeds %u", dir->path,
					(unsigned long long)listing, CRAMFS_MAX_SIZE);
	dir->size = (uint32_t)listing;
	if (dir->nchildren)
		qsort(dir->children, dir->nchildren, sizeof(*dir->children), compare_nodes);
	return 0;
}

static int scan_node(const char *path, const char *name, bool allow_setuid,
		     struct cramfs_node **out, struct error_detail *err)
{
	struct stat st;
	struct cramfs_node *n;
	int rc;

	if (strlen(name) > CRAMFS_XIP_MAX_NAME_LEN)
		return error_detail_set(err, -ENAMETOOLONG, "%s: name of %zu bytes exceeds %u",
					path, strlen(name), CRAMFS_XIP_MAX_NAME_LEN);
	if (lstat(path, &st))
		return error_detail_set(err, -errno, "%s: %s", path, strerror(errno));
	rc = check_mode(path, st.st_mode, allow_setuid, err);
	if (rc)
		return rc;
	if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > CRAMFS_XIP_MAX_FILE_SIZE)
		return error_detail_set(err, -EFBIG, "%s: %llu bytes exceeds %u", path,
					(unsigned long long)st.st_size, CRAMFS_XIP_MAX_FILE_SIZE);
	n = calloc(1, sizeof(*n));
	if (!n || !(n->name = strdup(name)) || !(n->path = strdup(path))) {
		cramfs_tree_free(n);
		return error_detail_set(err, -ENOMEM, "out of memory");
	}
	n->mode = st.st_mode & (S_IFMT | 07777);
	if (S_ISREG(st.st_mode))
		n->size = (uint32_t)st.st_size;
	else if (S_ISLNK(st.st_mode))
		rc = read_link(n, err);
	else
		rc = scan_dir(n, allow_setuid, err);
	if (rc) {
		cramfs_tree_free(n);
		return rc;
	}
	*out = n;
	return 0;
}

int cramfs_tree_scan(const char *root, bool allow_setuid, struct cramfs_node **out,
		     struct error_detail *err)
{
	struct stat st;

	*out = NULL;
	if (lstat(root, &st))
		return error_detail_set(err, -errno, "%s: %s", root, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return error_detail_set(err, -ENOTDIR, "%s: not a directory", root);
	return scan_node(root, "", allow_setuid, out, err);
}

uint32_t cramfs_tree_count(const struct cramfs_node *n)
{
	uint32_t count = 1;

	for (size_t i = 0; i < n->nchildren; i++)
		count += cramfs_tree_count(n->children[i]);
	return count;
}

void cramfs_tree_free(struct cramfs_node *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->nchildren; i++)
		cramfs_tree_free(n->children[i]);
	free(n->children);
	free(n->name);
	free(n->path);
	free(n->target);
	free(n);
}
