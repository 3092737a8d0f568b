/*
 * key_files.h - P-256 key pairs as PEM files for the CLI: writing one half
 * (`spherule keygen`), reading the public keys a device is to trust
 * (--trust-key), and the development keys of the build tree (out/keys/),
 * made once on first use by whichever command needs them first:
 *
 *   os-development.key  the OS vendor key `flash build` signs the OS
 *                       description with unless --os-key is given
 *   development.key     the OEM key `make run` signs the examples with
 *
 * Their public halves (KEY.pub) are the keys `emulator start` manufactures a
 * device without a store or factory order with (docs/secmon.md,
 * *Development keys*).
 */
#ifndef SPHERULE_KEY_FILES_H
#define SPHERULE_KEY_FILES_H

#include <limits.h>
#include <stdbool.h>

#include "spherule/pkg_host.h"

#define DEV_KEY_OS_VENDOR "os-development"
#define DEV_KEY_OEM "development"

/* Writes the private (mode 0600) or public (0644) PEM of key to path, fsync()ed;
 * replace: atomically over an existing file; else -EEXIST when path exists.
 * 0, -EEXIST (nothing printed), or -1 after cli_fail(command, ...). */
int key_file_write(const char *command, EVP_PKEY *key, bool private_part, const char *path, bool replace);

#define MAX_TRUST_KEYS 8     /* --trust-key options */
#define TRUST_KEY_PEM_MAX 256 /* a P-256 SubjectPublicKeyInfo PEM is 178 bytes */

/* A public key the device is to trust, with its public PEM (the only half
 * the CLI keeps, whatever file it was read from). */
struct trust_key {
	uint8_t point[PKG_PUBKEY_SIZE];
	uint8_t thumbprint[PKG_THUMBPRINT_SIZE];
	char pem[TRUST_KEY_PEM_MAX]; /* SubjectPublicKeyInfo PEM, NUL-terminated */
};

/* k for key's public half: 0, or -errno with err set. */
int trust_key_of(EVP_PKEY *key, struct trust_key *k, struct error_detail *err);

/* The key of the n keys whose thumbprint is given, or NULL. */
const struct trust_key *trust_key_find(const struct trust_key *keys, unsigned n,
				       const uint8_t thumbprint[PKG_THUMBPRINT_SIZE]);

/* Reads a --trust-key public key file: 0 or -1 after cli_fail(command, ...). */
int trust_key_load(const char *command, const char *path, struct trust_key *k);

struct dev_key {
	char key[PATH_MAX];      /* out/keys/NAME.key: private, PKCS#8 PEM */
	char pub[PATH_MAX + 8];  /* out/keys/NAME.key.pub: public, SubjectPublicKeyInfo PEM */
};

/* The development key NAME (DEV_KEY_*), made first if missing; two commands
 * making it at once agree on one key. 0 or -1 after cli_fail(command, ...). */
int dev_key(const char *command, const char *name, struct dev_key *k);

#endif
