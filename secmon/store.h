/*
 * store.h - secmon's store: the directory <flash>.secmon/ beside the flash
 * file (never inside it) that stands for the security processor's fuses and
 * private storage: the device key pair, the trusted key sets (OS vendor
 * keys, OEM app keys, revoked keys, development app keys) and the
 * per-component security-version counters (counter.h). Format:
 * docs/secmon.md, *Store*.
 *
 * Made whole by secmon_store_manufacture() (built in a temporary directory
 * and renamed into place, so a store is complete or absent); after that only
 * the counters change, each by one durable file replacement.
 */
#ifndef SECMON_STORE_H
#define SECMON_STORE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "spherule/pkg.h"

#define SECMON_STORE_SUFFIX ".secmon"
#define SECMON_STORE_FORMAT "spherule-secmon-store 1\n"
#define SECMON_DEVICE_KEY_FILE "device.key"
#define SECMON_COUNTERS_DIR "counters"
#define SECMON_KEYS_MAX 16u /* keys in each set */

enum secmon_key_set_id {
	SECMON_VENDOR_KEYS,  /* sign OS images (docs/os-image.md) */
	SECMON_OEM_KEYS,     /* sign app images */
	SECMON_REVOKED_KEYS, /* trusted by no set, whatever the others say */
	SECMON_DEVELOPMENT_KEYS, /* sign app images run only in development mode */
	SECMON_KEY_SETS,
};

struct secmon_key {
	uint8_t point[PKG_PUBKEY_SIZE];
	uint8_t thumbprint[PKG_THUMBPRINT_SIZE];
};

struct secmon_key_set {
	struct secmon_key keys[SECMON_KEYS_MAX];
	unsigned count;
};

struct secmon_store {
	char path[PATH_MAX];
	int dirfd;       /* the store directory (locked when opened exclusive) */
	int counters_fd; /* its counters/ directory */
	EVP_PKEY *device_key;
	uint8_t device_point[PKG_PUBKEY_SIZE];
	char device_id[2 * PKG_THUMBPRINT_SIZE + 1]; /* hex SHA-256 of device_point */
	struct secmon_key_set sets[SECMON_KEY_SETS];
};

/* "<flash>.secmon" into out: 0 or -ENAMETOOLONG. */
int secmon_store_path(const char *flash, char *out, size_t len);

/* The directory of a key set in the store: "vendor-keys", "oem-keys",
 * "revoked-keys", "development-keys". */
const char *secmon_key_set_name(enum secmon_key_set_id id);

/* Adds point to set: 0, -E2BIG past SECMON_KEYS_MAX, -EEXIST if it is in it. */
int secmon_key_set_add(struct secmon_key_set *set, const uint8_t point[PKG_PUBKEY_SIZE],
		       struct error_detail *err);

/* The key of set whose thumbprint is given, or NULL. */
const struct secmon_key *secmon_key_find(const struct secmon_key_set *set,
					 const uint8_t thumbprint[PKG_THUMBPRINT_SIZE]);

/*
 * Manufactures the store at path: a new device key pair (generated here, its
 * private key written only to the store, mode 0600) and the key sets given
 * (at least one vendor and one OEM key; no key both trusted or development
 * and revoked, none both OEM and development),
 * counters all 0. Refuses an existing store (-EEXIST) unless replace, and a
 * store in use (-EBUSY). The new device id goes to device_id.
 */
int secmon_store_manufacture(const char *path, const struct secmon_key_set sets[SECMON_KEY_SETS],
			     bool replace, char device_id[2 * PKG_THUMBPRINT_SIZE + 1],
			     struct error_detail *err);

/*
 * Opens and checks the store at path: -ENOENT when there is none, -EINVAL
 * when it is malformed. exclusive locks it for this process (-EBUSY when
 * another still holds it after SECMON_LOCK_WAIT_TENTHS tenths of a second,
 * the time a secmon whose QEMU ended takes to end): the one secmon that
 * runs the device. Close it with secmon_store_close().
 */
#define SECMON_LOCK_WAIT_TENTHS 30
int secmon_store_open(const char *path, bool exclusive, struct secmon_store *s,
		      struct error_detail *err);
void secmon_store_close(struct secmon_store *s);

#endif
