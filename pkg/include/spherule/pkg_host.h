/*
 * pkg_host.h - host-only half of the package library (OpenSSL 3): P-256 keys,
 * signing, and writing package footers, OS descriptions and update
 * metadata. Not built for the device.
 */
#ifndef SPHERULE_PKG_HOST_H
#define SPHERULE_PKG_HOST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <openssl/evp.h>

#include "spherule/os_desc.h"
#include "spherule/pkg.h"
#include "spherule/update_meta.h"

/* A new ECDSA P-256 key pair, or NULL with err set. Free with EVP_PKEY_free(). */
EVP_PKEY *pkg_key_generate(struct error_detail *err);

/* Reads a PEM key; want_private selects a private key (PKCS#8 or SEC1) or a
 * public key (SubjectPublicKeyInfo; a private key file is accepted too).
 * Refuses anything but a P-256 EC key. NULL with err set on failure. */
EVP_PKEY *pkg_key_read(const char *path, bool want_private, struct error_detail *err);

/* The P-256 public key (SubjectPublicKeyInfo PEM) in the len bytes of pem;
 * what names them in err. NULL with err set on failure. */
EVP_PKEY *pkg_key_parse_public(const char *pem, size_t len, const char *what, struct error_detail *err);

/* The P-256 public key of a 65-byte uncompressed point (04 || X || Y), or
 * NULL when it is not a point on the curve. Free with EVP_PKEY_free(). */
EVP_PKEY *pkg_key_from_point(const uint8_t point[PKG_PUBKEY_SIZE]);

/* Writes the private (PKCS#8) or public (SubjectPublicKeyInfo) PEM to f. */
int pkg_key_write_pem(EVP_PKEY *key, bool private_part, FILE *f, struct error_detail *err);

/* The PEM text of key's private (PKCS#8) or public part in a malloc()ed
 * buffer of *len bytes; the caller wipes a private key's text
 * (explicit_bzero) before it frees it. */
int pkg_key_pem(EVP_PKEY *key, bool private_part, char **text, size_t *len, struct error_detail *err);

/* The 65-byte uncompressed public point of a P-256 key. */
int pkg_key_point(EVP_PKEY *key, uint8_t point[PKG_PUBKEY_SIZE], struct error_detail *err);

/* Signs a SHA-256 digest: signature = r || s, 32 big-endian bytes each. */
int pkg_sign_digest(EVP_PKEY *key, const uint8_t digest[32], uint8_t signature[64],
		    struct error_detail *err);

/* Builds a footer section by section into a caller buffer. */
struct pkg_writer {
	uint8_t *footer;       /* PKG_FOOTER_MAX bytes */
	uint32_t size;         /* bytes written so far */
	uint16_t sections;
	uint32_t payload_size;
};

void pkg_writer_init(struct pkg_writer *w, uint8_t footer[PKG_FOOTER_MAX], uint32_t payload_size);
/* Appends a section (zero padding to 4 bytes); -E2BIG past the limits. */
int pkg_writer_add(struct pkg_writer *w, uint16_t id, const void *data, uint32_t len,
		   struct error_detail *err);
/* Writes the footer header for the sections added so far (an unsigned footer). */
void pkg_writer_finish(struct pkg_writer *w);
/* Appends the SIGNATURE section over payload || footer, then finishes. */
int pkg_writer_sign(struct pkg_writer *w, const uint8_t *payload, EVP_PKEY *key,
		    struct error_detail *err);

struct pkg_build_params {
	uint16_t image_type;
	uint8_t component_id[16];
	uint8_t image_id[16];
	uint32_t version;
	uint32_t security_version;
	uint32_t debug_flags;
	const uint8_t *manifest; /* compiled; required for an application */
	uint32_t manifest_len;
};

/*
 * Writes the signed footer (IDENTITY, VERSION, MANIFEST, DEBUG, SIGNATURE) of
 * payload, a cramfs image whose superblock size is payload_size, into
 * footer[PKG_FOOTER_MAX]; its size goes to *footer_size.
 */
int pkg_build_footer(const uint8_t *payload, uint32_t payload_size,
		     const struct pkg_build_params *params, EVP_PKEY *key,
		     uint8_t footer[PKG_FOOTER_MAX], uint32_t *footer_size,
		     struct error_detail *err);

/* One part of an OS, to be described: its bytes. */
struct os_desc_input {
	uint16_t id; /* enum os_part_id, strictly ascending across the parts */
	const uint8_t *data;
	uint32_t size; /* > 0 */
};

/*
 * Writes the signed OS description of count parts (their sizes and SHA-256)
 * with the OS version and security version into out; its size goes to
 * *size. docs/os-image.md.
 */
int os_desc_build(const struct os_desc_input *parts, unsigned count, uint32_t version,
		  uint32_t security_version, EVP_PKEY *key, uint8_t out[OS_DESC_MAX], uint32_t *size,
		  struct error_detail *err);

/*
 * Update metadata (spherule/update_meta.h, docs/update-metadata.md), each
 * written into out and signed with key; its size goes to *size. Every
 * document is read back with the device's parser before it is returned, so
 * what a device would refuse as malformed is refused here (-EINVAL, with the
 * reason). version >= 1; expires in unix seconds.
 */
int update_meta_build_targets(uint32_t version, uint64_t expires,
			      const struct update_meta_target *targets, unsigned count, EVP_PKEY *key,
			      uint8_t out[UPDATE_META_TARGETS_SIZE_MAX], uint32_t *size,
			      struct error_detail *err);
/* The snapshot naming the targets document (targets_len bytes). */
int update_meta_build_snapshot(uint32_t version, uint64_t expires, const uint8_t *targets,
			       size_t targets_len, EVP_PKEY *key,
			       uint8_t out[UPDATE_META_SNAPSHOT_SIZE], uint32_t *size,
			       struct error_detail *err);
/* The timestamp naming the snapshot document (snapshot_len bytes), answering
 * the check-in of device_id with nonce. */
int update_meta_build_timestamp(uint32_t version, uint64_t expires, const uint8_t *snapshot,
				size_t snapshot_len, const uint8_t nonce[UPDATE_META_NONCE_SIZE],
				const uint8_t device_id[UPDATE_META_DEVICE_ID_SIZE], EVP_PKEY *key,
				uint8_t out[UPDATE_META_TIMESTAMP_SIZE], uint32_t *size,
				struct error_detail *err);
/* Signs the document at the start of doc (len bytes readable, the size in
 * its header at most len) with key again, after its header or body was
 * changed (tests of refusals): -EINVAL when the size does not fit. */
int update_meta_sign(uint8_t *doc, size_t len, EVP_PKEY *key, struct error_detail *err);

/* Random bytes from OpenSSL's generator: 0 or -EIO. */
int pkg_random(uint8_t *buf, size_t len);

#endif
