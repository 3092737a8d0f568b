/*
 * state_dir.h - the service's state directory (--state DIR): metadata.key,
 * the metadata signing key (P-256 PKCS#8 PEM), and admin-token, the admin
 * API's bearer token, both made at first start with mode 0600; images/,
 * the uploaded files by their SHA-256. Instances sharing a database share it.
 */
#ifndef SPHERULE_CLOUD_STATE_DIR_H
#define SPHERULE_CLOUD_STATE_DIR_H

#include <stdbool.h>
#include <stddef.h>

#include "cloud.h"

/* The state directory's default: $HOME/.local/state/spherule-cloud. */
const char *cloud_state_default(char *buf, size_t len);

/* Opens dir into svc (meta_key, token, images_dir); create: make what is
 * missing. 0 or -errno with why set. */
int cloud_state_open(const char *dir, bool create, struct cloud *svc, char *why, size_t whylen);

/* The P-256 private key in path (PKCS#8 PEM) into *key; create: made first
 * (mode 0600) when missing. 0 or -errno with why set. */
int cloud_state_key(const char *path, bool create, EVP_PKEY **key, char *why, size_t whylen);

/* Writes data to path durably (a temporary file, fsync, link), mode 0600 when
 * private_file, else 0644; -EEXIST when path exists (kept). */
int cloud_file_publish(const char *path, const void *data, size_t len, bool private_file);

#endif
