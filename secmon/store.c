/*
 * store.c - opening and checking secmon's store (store.h): the format
 * marker, the device key, every key file of the four sets (named by its
 * thumbprint, holding the 65-byte point), the counters directory.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "durable_file.h"
#include "spherule/pkg_host.h"
#include "store.h"

int secmon_store_path(const char *flash, char *out, size_t len)
{
	return snprintf(out, len, "%s" SECMON_STORE_SUFFIX, flash) < (int)len ? 0 : -ENAMETOOLONG;
}

const char *secmon_key_set_name(enum secmon_key_set_id id)
{
	static const char *const names[SECMON_KEY_SETS] = { "vendor-keys", "oem-keys", "revoked-keys",
							    "development-keys" };

	return names[id];
}

const struct secmon_key *secmon_key_find(const struct secmon_key_set *set,
					 const uint8_t thumbprint[PKG_THUMBPRINT_SIZE])
{
	for (unsigned i = 0; i < set->count; i++)
		if (!memcmp(set->keys[i].thumbprint, thumbprint, PKG_THUMBPRINT_SIZE))
			return &set->keys[i];
	return NULL;
}

int secmon_key_set_add(struct secmon_key_set *set, const uint8_t point[PKG_PUBKEY_SIZE],
		       struct error_detail *err)
{
	struct secmon_key *k = &set->keys[set->count];
	char hex[65];

	if (set->count == SECMON_KEYS_MAX)
		return error_detail_set(err, -E2BIG, "more than %u keys in one set", SECMON_KEYS_MAX);
	memcpy(k->point, point, PKG_PUBKEY_SIZE);
	pkg_thumbprint(point, k->thumbprint);
	pkg_thumbprint_hex(k->thumbprint, hex);
	if (secmon_key_find(set, k->thumbprint))
		return error_detail_set(err, -EEXIST, "key %s given twice", hex);
	set->count++;
	return 0;
}

/* A key file name: the 64 lowercase hex digits of a thumbprint. */
static bool is_thumbprint_name(const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)name[i]) && !(name[i] >= 'a' && name[i] <= 'f'))
			return false;
	return n == 2 * PKG_THUMBPRINT_SIZE;
}

static int load_key(int dirfd, const char *set, const char *name, struct secmon_key_set *keys,
		    struct error_detail *err)
{
	uint8_t point[PKG_PUBKEY_SIZE + 1];
	char hex[65];
	ssize_t n;

	if (!is_thumbprint_name(name))
		return error_detail_set(err, -EINVAL, "%s/%s: not a key file (a thumbprint in hex)", set, name);
	n = durable_read(dirfd, name, point, sizeof(point));
	if (n < 0)
		return error_detail_set(err, (int)n, "%s/%s: %s", set, name, strerror((int)-n));
	if (n != PKG_PUBKEY_SIZE || point[0] != 0x04)
		return error_detail_set(err, -EINVAL, "%s/%s: not a 65-byte uncompressed P-256 point", set, name);
	if (keys->count == SECMON_KEYS_MAX)
		return error_detail_set(err, -EINVAL, "%s: more than %u keys", set, SECMON_KEYS_MAX);
	if (secmon_key_set_add(keys, point, NULL) < 0)
		return error_detail_set(err, -EINVAL, "%s/%s: the same key twice", set, name);
	pkg_thumbprint_hex(keys->keys[keys->count - 1].thumbprint, hex);
	if (strcmp(hex, name))
		return error_detail_set(err, -EINVAL, "%s/%s: holds key %s", set, name, hex);
	return 0;
}

static int load_key_set(struct secmon_store *s, enum secmon_key_set_id id, struct error_detail *err)
{
	const char *set = secmon_key_set_name(id);
	int fd = openat(s->dirfd, set, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	DIR *dir = fd < 0 ? NULL : fdopendir(fd);
	struct dirent *e;
	int rc = 0;

	if (!dir && errno == ENOENT && id == SECMON_DEVELOPMENT_KEYS)
		return 0; /* a store manufactured before the set existed: none */
	if (!dir) {
		rc = error_detail_set(err, -errno, "%s: %s", set, strerror(errno));
		if (fd >= 0)
			close(fd);
		return rc;
	}
	while (!rc && (e = readdir(dir)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			rc = load_key(fd, set, e->d_name, &s->sets[id], err);
	closedir(dir);
	return rc;
}

static int check_format(int dirfd, struct error_detail *err)
{
	char text[sizeof(SECMON_STORE_FORMAT)];
	ssize_t n = durable_read(dirfd, "format", (uint8_t *)text, sizeof(text) - 1);

	if (n < 0)
		return error_detail_set(err, (int)n, "format: %s (not a secmon store, or an unfinished one)",
					strerror((int)-n));
	text[n] = '\0';
	if (strcmp(text, SECMON_STORE_FORMAT))
		return error_detail_set(err, -EINVAL, "format: not \"%.*s\"",
					(int)sizeof(SECMON_STORE_FORMAT) - 2, SECMON_STORE_FORMAT);
	return 0;
}

static int load_device_key(struct secmon_store *s, struct error_detail *err)
{
	char path[PATH_MAX + sizeof(SECMON_DEVICE_KEY_FILE)];
	uint8_t thumbprint[PKG_THUMBPRINT_SIZE];
	int rc;

	snprintf(path, sizeof(path), "%s/%s", s->path, SECMON_DEVICE_KEY_FILE);
	s->device_key = pkg_key_read(path, true, err);
	if (!s->device_key)
		return -EINVAL;
	rc = pkg_key_point(s->device_key, s->device_point, err);
	if (rc < 0)
		return rc;
	pkg_thumbprint(s->device_point, thumbprint);
	pkg_thumbprint_hex(thumbprint, s->device_id);
	return 0;
}

/* The store's content, once its directory is open: everything it must hold. */
static int load_store(struct secmon_store *s, struct error_detail *err)
{
	int rc = check_format(s->dirfd, err);

	if (!rc)
		rc = load_device_key(s, err);
	for (int id = 0; !rc && id < SECMON_KEY_SETS; id++)
		rc = load_key_set(s, id, err);
	if (rc)
		return rc;
	s->counters_fd = openat(s->dirfd, SECMON_COUNTERS_DIR, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (s->counters_fd < 0)
		return error_detail_set(err, -errno, "%s: %s", SECMON_COUNTERS_DIR, strerror(errno));
	return 0;
}

/* The store locked for this secmon: waits up to SECMON_LOCK_WAIT_TENTHS for
 * a secmon of the same device that is ending (its QEMU just ended). */
static int lock_store(int dirfd)
{
	for (int i = 0;; i++) {
		if (flock(dirfd, LOCK_EX | LOCK_NB) == 0)
			return 0;
		if (errno != EWOULDBLOCK || i == SECMON_LOCK_WAIT_TENTHS)
			return -1;
		nanosleep(&(struct timespec){ .tv_nsec = 100000000 }, NULL);
	}
}

int secmon_store_open(const char *path, bool exclusive, struct secmon_store *s,
		      struct error_detail *err)
{
	struct error_detail why = { "" };
	int rc;

	memset(s, 0, sizeof(*s));
	s->counters_fd = -1;
	if (snprintf(s->path, sizeof(s->path), "%s", path) >= (int)sizeof(s->path))
		return error_detail_set(err, -ENAMETOOLONG, "%s: path too long", path);
	s->dirfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (s->dirfd < 0)
		return error_detail_set(err, -errno, "%s: %s", path, strerror(errno));
	if (exclusive && lock_store(s->dirfd) < 0)
		rc = error_detail_set(err, errno == EWOULDBLOCK ? -EBUSY : -errno,
				      "%s: in use by another secmon (the device is running)", path);
	else if ((rc = load_store(s, &why)) < 0)
		rc = error_detail_set(err, rc == -ENOENT ? -EINVAL : rc, "%s: malformed store: %s", path,
				      why.msg);
	if (rc < 0)
		secmon_store_close(s);
	return rc;
}

void secmon_store_close(struct secmon_store *s)
{
	EVP_PKEY_free(s->device_key);
	s->device_key = NULL;
	if (s->counters_fd >= 0)
		close(s->counters_fd);
	if (s->dirfd >= 0)
		close(s->dirfd);
	s->dirfd = s->counters_fd = -1;
}
