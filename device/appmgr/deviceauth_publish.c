/* deviceauth_publish.c — the device certificate where apps read it (see
 * deviceauth_publish.h). */
#include "deviceauth_publish.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "spherule/app_service.h"

#define PUBLISHED_MODE 0444
#define SHELF_MODE 0755

/* The contents of one published file: its texts back to back, a newline
 * after a text that lacks one so that PEM blocks stay apart. */
struct published {
	struct iovec part[4];
	int count;
	size_t len;
};

static void add_text(struct published *f, const char *text, size_t len)
{
	static char newline[] = "\n";

	f->part[f->count++] = (struct iovec){ (void *)text, len };
	f->len += len;
	if (len > 0 && text[len - 1] != '\n') {
		f->part[f->count++] = (struct iovec){ newline, 1 };
		f->len++;
	}
}

/* Whether the file at fd holds exactly f's bytes. */
static bool holds(int fd, const struct published *f)
{
	char buf[256];

	for (int i = 0; i < f->count; i++) {
		const char *want = f->part[i].iov_base;
		size_t left = f->part[i].iov_len;

		while (left > 0) {
			size_t n = left < sizeof(buf) ? left : sizeof(buf);

			if (read(fd, buf, n) != (ssize_t)n || memcmp(buf, want, n) != 0)
				return false;
			want += n;
			left -= n;
		}
	}
	return read(fd, buf, 1) == 0;
}

/* Whether path is already f, with the owner and mode it is published with. */
static bool already(const char *path, uid_t uid, const struct published *f)
{
	struct stat st;
	bool same;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return false;
	same = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == uid && st.st_gid == uid &&
	       (st.st_mode & 07777) == PUBLISHED_MODE && (size_t)st.st_size == f->len && holds(fd, f);
	close(fd);
	return same;
}

/* Publishes f as name on shelf unless the file already is f: written beside
 * it (".name.new"), given its owner and mode, synced and renamed over it.
 * 0 (it already was), 1 (written), or -errno with why. */
static int publish_file(const struct deviceauth_shelf *shelf, const char *name, const struct published *f,
			struct error_detail *why)
{
	char path[128], tmp[128];
	int fd, err = 0;

	if (snprintf(path, sizeof(path), "%s/%s", shelf->dir, name) >= (int)sizeof(path) ||
	    snprintf(tmp, sizeof(tmp), "%s/.%s.new", shelf->dir, name) >= (int)sizeof(tmp))
		return error_detail_set(why, -ENAMETOOLONG, "%s: name too long", shelf->dir);
	if (already(path, shelf->uid, f))
		return 0;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0400);
	if (fd < 0)
		return error_detail_set(why, -errno, "%s: %s", tmp, strerror(errno));
	errno = 0;
	if (writev(fd, f->part, f->count) != (ssize_t)f->len || fchown(fd, shelf->uid, shelf->uid) != 0 ||
	    fchmod(fd, PUBLISHED_MODE) != 0 || fsync(fd) != 0)
		err = errno ? -errno : -EIO;
	if (close(fd) != 0 && err == 0)
		err = -errno;
	if (err == 0 && rename(tmp, path) != 0)
		err = -errno;
	if (err != 0) {
		unlink(tmp);
		return error_detail_set(why, err, "%s: %s", path, strerror(-err));
	}
	return 1;
}

/* The directory, made if missing, with its owner and mode. */
static int ready_shelf(const struct deviceauth_shelf *shelf, struct error_detail *why)
{
	struct stat st;

	if (mkdir(shelf->dir, SHELF_MODE) != 0 && errno != EEXIST)
		return error_detail_set(why, -errno, "%s: %s", shelf->dir, strerror(errno));
	if (lstat(shelf->dir, &st) != 0)
		return error_detail_set(why, -errno, "%s: %s", shelf->dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return error_detail_set(why, -ENOTDIR, "%s: not a directory", shelf->dir);
	if ((st.st_uid != shelf->uid || st.st_gid != shelf->uid) && chown(shelf->dir, shelf->uid, shelf->uid) != 0)
		return error_detail_set(why, -errno, "%s: chown: %s", shelf->dir, strerror(errno));
	if ((st.st_mode & 07777) != SHELF_MODE && chmod(shelf->dir, SHELF_MODE) != 0)
		return error_detail_set(why, -errno, "%s: chmod: %s", shelf->dir, strerror(errno));
	return 0;
}

int deviceauth_publish(const struct deviceauth_shelf *shelf, const uint8_t *payload, size_t len,
		       struct error_detail *why)
{
	struct app_svc_deviceauth_store h;
	struct published cert = { .count = 0 }, chain = { .count = 0 };
	const char *text = (const char *)payload + sizeof(h);
	int err, chain_written, cert_written;

	if (len < sizeof(h))
		return error_detail_set(why, -EBADMSG, "%zu bytes: shorter than the head", len);
	memcpy(&h, payload, sizeof(h));
	add_text(&cert, text, h.cert_len);
	add_text(&cert, text + h.cert_len + h.chain_len, h.key_len);
	add_text(&chain, text + h.cert_len, h.chain_len);
	err = ready_shelf(shelf, why);
	if (err != 0)
		return err;
	/* The chain first: an app that sees the new certificate finds its CA. */
	chain_written = publish_file(shelf, DEVICEAUTH_PUBLISH_CHAIN, &chain, why);
	if (chain_written < 0)
		return chain_written;
	cert_written = publish_file(shelf, DEVICEAUTH_PUBLISH_CERT, &cert, why);
	return cert_written < 0 ? cert_written : (chain_written | cert_written);
}

int deviceauth_unpublish(const struct deviceauth_shelf *shelf, struct error_detail *why)
{
	static const char *const names[] = { DEVICEAUTH_PUBLISH_CERT, DEVICEAUTH_PUBLISH_CHAIN };
	char path[128];
	int err = ready_shelf(shelf, why);

	if (err != 0)
		return err;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", shelf->dir, names[i]);
		if (unlink(path) != 0 && errno != ENOENT)
			return error_detail_set(why, -errno, "%s: %s", path, strerror(errno));
	}
	return 0;
}
