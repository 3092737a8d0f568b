/*
 * store_manufacture.c - makes secmon's store (store.h): the device key pair
 * is generated here and its private key written only into the store; the
 * whole store is built in a temporary directory beside it, synced, and
 * renamed into place, so a store is complete or absent.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "durable_file.h"
#include "spherule/pkg_host.h"
#include "store.h"

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path) < 0 ? -1 : 0;
}

/* The first key of a that is also in b, or NULL. */
static const struct secmon_key *shared_key(const struct secmon_key_set *a, const struct secmon_key_set *b)
{
	for (unsigned i = 0; i < a->count; i++)
		if (secmon_key_find(b, a->keys[i].thumbprint))
			return &a->keys[i];
	return NULL;
}

/* A key both trusted and revoked, or both an OEM and a development key, is
 * a mistake: refused rather than guessed. */
static int check_sets(const struct secmon_key_set sets[SECMON_KEY_SETS], struct error_detail *err)
{
	static const struct {
		enum secmon_key_set_id a, b;
		const char *what;
	} exclusive[] = {
		{ SECMON_REVOKED_KEYS, SECMON_VENDOR_KEYS, "both trusted and revoked" },
		{ SECMON_REVOKED_KEYS, SECMON_OEM_KEYS, "both trusted and revoked" },
		{ SECMON_REVOKED_KEYS, SECMON_DEVELOPMENT_KEYS, "both a development key and revoked" },
		{ SECMON_OEM_KEYS, SECMON_DEVELOPMENT_KEYS, "both an OEM key and a development key" },
	};

	if (!sets[SECMON_VENDOR_KEYS].count || !sets[SECMON_OEM_KEYS].count)
		return error_detail_set(err, -EINVAL, "a device needs at least one OS vendor key and one OEM key");
	for (size_t i = 0; i < sizeof(exclusive) / sizeof(exclusive[0]); i++) {
		const struct secmon_key *k = shared_key(&sets[exclusive[i].a], &sets[exclusive[i].b]);
		char hex[65];

		if (k) {
			pkg_thumbprint_hex(k->thumbprint, hex);
			return error_detail_set(err, -EINVAL, "key %s is %s", hex, exclusive[i].what);
		}
	}
	return 0;
}

static int write_key_set(int dirfd, enum secmon_key_set_id id, const struct secmon_key_set *set,
			 struct error_detail *err)
{
	const char *name = secmon_key_set_name(id);
	int fd, rc = 0;

	if (mkdirat(dirfd, name, 0700) < 0 ||
	    (fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return error_detail_set(err, -errno, "%s: %s", name, strerror(errno));
	for (unsigned i = 0; !rc && i < set->count; i++) {
		char hex[65];

		pkg_thumbprint_hex(set->keys[i].thumbprint, hex);
		rc = durable_replace(fd, hex, set->keys[i].point, PKG_PUBKEY_SIZE, 0644);
		if (rc)
			error_detail_set(err, rc, "%s/%s: %s", name, hex, strerror(-rc));
	}
	close(fd);
	return rc;
}

/* A new device key pair; the private key's PEM goes to the store only. */
static int write_device_key(int dirfd, char device_id[65], struct error_detail *err)
{
	uint8_t point[PKG_PUBKEY_SIZE], thumbprint[PKG_THUMBPRINT_SIZE];
	EVP_PKEY *key = pkg_key_generate(err);
	char *pem = NULL;
	size_t len = 0;
	int rc;

	if (!key)
		return -EIO;
	rc = pkg_key_point(key, point, err);
	if (!rc)
		rc = pkg_key_pem(key, true, &pem, &len, err);
	if (!rc && (rc = durable_replace(dirfd, SECMON_DEVICE_KEY_FILE, pem, len, 0600)) < 0)
		error_detail_set(err, rc, "%s: %s", SECMON_DEVICE_KEY_FILE, strerror(-rc));
	if (pem)
		explicit_bzero(pem, len);
	free(pem);
	EVP_PKEY_free(key);
	if (!rc) {
		pkg_thumbprint(point, thumbprint);
		pkg_thumbprint_hex(thumbprint, device_id);
	}
	return rc;
}

/* Fills the new store's directory; the format marker last. */
static int fill(const char *dir, const struct secmon_key_set sets[SECMON_KEY_SETS], char device_id[65],
		struct error_detail *err)
{
	int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc;

	if (dirfd < 0)
		return error_detail_set(err, -errno, "%s: %s", dir, strerror(errno));
	rc = write_device_key(dirfd, device_id, err);
	for (int id = 0; !rc && id < SECMON_KEY_SETS; id++)
		rc = write_key_set(dirfd, id, &sets[id], err);
	if (!rc && mkdirat(dirfd, SECMON_COUNTERS_DIR, 0700) < 0)
		rc = error_detail_set(err, -errno, "%s: %s", SECMON_COUNTERS_DIR, strerror(errno));
	if (!rc && (rc = durable_replace(dirfd, "format", SECMON_STORE_FORMAT, strlen(SECMON_STORE_FORMAT),
					 0644)) < 0)
		error_detail_set(err, rc, "format: %s", strerror(-rc));
	close(dirfd);
	return rc;
}

/* Renames the finished store in tmp to path; with replace, swaps it with the
 * old one (locked first: a running device's store is not replaced), which
 * then lies at tmp. */
static int put_in_place(const char *tmp, const char *path, bool replace, struct error_detail *err)
{
	int old = replace ? open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1, rc = 0;

	if (old >= 0 && flock(old, LOCK_EX | LOCK_NB) < 0)
		rc = error_detail_set(err, -EBUSY, "%s: in use by a running device", path);
	else if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, old >= 0 ? RENAME_EXCHANGE : RENAME_NOREPLACE) < 0)
		rc = error_detail_set(err, -errno, "%s: %s", path,
				      errno == EEXIST ? "a store exists already" : strerror(errno));
	if (old >= 0)
		close(old);
	return rc;
}

static int sync_parent(const char *path)
{
	char copy[PATH_MAX];
	int fd, rc;

	snprintf(copy, sizeof(copy), "%s", path);
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	rc = durable_sync_dir(fd);
	close(fd);
	return rc;
}

int secmon_store_manufacture(const char *path, const struct secmon_key_set sets[SECMON_KEY_SETS],
			     bool replace, char device_id[2 * PKG_THUMBPRINT_SIZE + 1],
			     struct error_detail *err)
{
	char tmp[PATH_MAX];
	int rc = check_sets(sets, err);

	if (rc)
		return rc;
	if (!replace && access(path, F_OK) == 0)
		return error_detail_set(err, -EEXIST, "%s: a store exists already", path);
	if (snprintf(tmp, sizeof(tmp), "%s.new-XXXXXX", path) >= (int)sizeof(tmp))
		return error_detail_set(err, -ENAMETOOLONG, "%s: path too long", path);
	if (!mkdtemp(tmp))
		return error_detail_set(err, -errno, "%s: %s", tmp, strerror(errno));
	rc = fill(tmp, sets, device_id, err);
	if (!rc)
		rc = put_in_place(tmp, path, replace, err);
	nftw(tmp, remove_one, 8, FTW_DEPTH | FTW_PHYS);
	if (!rc && (rc = sync_parent(path)) < 0)
		error_detail_set(err, rc, "%s: syncing its directory: %s", path, strerror(-rc));
	return rc;
}
