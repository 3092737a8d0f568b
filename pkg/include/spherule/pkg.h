/*
 * pkg.h - the Spherule image package (.imagepackage): parse the footer and
 * verify the signature of a package read through a callback.
 *
 * Shared by the host CLI, appmgr on the device and (later) secmon. Nothing in
 * here allocates memory: the package is read in bounded chunks through
 * struct pkg_source, the footer is copied into struct pkg_image (at most
 * PKG_FOOTER_MAX bytes). The byte layout is specified in docs/image-package.md.
 */
#ifndef SPHERULE_PKG_H
#define SPHERULE_PKG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spherule/error_detail.h"

#define PKG_PAYLOAD_ALIGN 4096u
#define PKG_FOOTER_MAGIC "SPKF"
#define PKG_FORMAT_VERSION 1u
#define PKG_FOOTER_HEADER_SIZE 16u
#define PKG_SECTION_HEADER_SIZE 8u
#define PKG_FOOTER_MAX (16u * 1024u)
#define PKG_SECTIONS_MAX 32u
#define PKG_MANIFEST_MAX (8u * 1024u)
#define PKG_DEFAULT_MAX_SIZE (1024u * 1024u)
/* Bytes read and hashed at a time by pkg_open() / pkg_verify(). */
#define PKG_READ_CHUNK 4096u

enum pkg_section_id {
	PKG_SECTION_IDENTITY = 1,
	PKG_SECTION_VERSION = 2,
	PKG_SECTION_MANIFEST = 3,
	PKG_SECTION_ABI_DEPENDS = 4,
	PKG_SECTION_DEBUG = 5,
	PKG_SECTION_SIGNATURE = 0x00ff,
};

/* Exact data lengths of the fixed-size sections. */
#define PKG_IDENTITY_SIZE 36u
#define PKG_VERSION_SIZE 8u
#define PKG_DEBUG_SIZE 4u
#define PKG_SIGNATURE_SIZE 100u

enum pkg_image_type {
	PKG_IMAGE_APPLICATION = 1,
	PKG_IMAGE_OS_ROOTFS = 2,
	PKG_IMAGE_KERNEL = 3,
};

#define PKG_SIG_ECDSA_P256_SHA256 1u
#define PKG_DEBUG_BUILD 0x1u

#define PKG_PUBKEY_SIZE 65u     /* 0x04 || X || Y */
#define PKG_THUMBPRINT_SIZE 32u /* SHA-256 of the 65-byte point */
#define PKG_RAW_SIGNATURE_SIZE 64u

/* Reads len bytes at offset off of the package source into buf: 0 or -errno. */
typedef int (*pkg_read_fn)(void *ctx, uint32_t off, void *buf, uint32_t len);

struct pkg_source {
	pkg_read_fn read;
	void *ctx;
	uint32_t size;     /* bytes readable */
	bool trailing_ok;  /* false for a file (size must equal the package size),
	                      true for a flash slot (bytes after the package ignored) */
	uint32_t max_size; /* largest package accepted; 0 = PKG_DEFAULT_MAX_SIZE */
};

struct pkg_image {
	uint32_t payload_size; /* P: the cramfs image, a multiple of 4096 */
	uint32_t footer_size;  /* F */
	uint32_t package_size; /* P + F */
	uint16_t section_count;
	uint16_t image_type;   /* enum pkg_image_type */
	uint8_t component_id[16];
	uint8_t image_id[16];
	uint32_t version;
	uint32_t security_version;
	uint32_t debug_flags;  /* PKG_DEBUG_BUILD; 0 without a DEBUG section */
	const uint8_t *manifest; /* compiled manifest inside footer[]; NULL if absent */
	uint32_t manifest_len;
	const uint8_t *abi_depends; /* opaque ABI_DEPENDS data; NULL if absent */
	uint32_t abi_depends_len;
	uint8_t thumbprint[PKG_THUMBPRINT_SIZE];
	uint8_t signature[PKG_RAW_SIGNATURE_SIZE]; /* r || s, big-endian */
	uint32_t signed_size;  /* bytes [0, signed_size) are signed */
	/* Copy of the footer; manifest and abi_depends point into it, so a
	 * struct pkg_image must not be copied by value. */
	uint8_t footer[PKG_FOOTER_MAX];
};

/*
 * Checks the payload header and the whole footer of the package in src and
 * fills img. Returns 0, or a negative errno with err->msg set:
 *   -ENODATA truncated, -E2BIG over a limit, -EINVAL malformed or mis-sized,
 *   -EBADMSG unsigned (no SIGNATURE section last), or the read callback's error.
 */
int pkg_open(const struct pkg_source *src, struct pkg_image *img, struct error_detail *err);

/*
 * Streams [0, img->signed_size) through SHA-256 (payload read again from src
 * in PKG_READ_CHUNK pieces, footer taken from img's copy) and checks the
 * signature with pubkey. Returns 0, -ENOKEY if pubkey is not the key the
 * package names, -EBADMSG if the signature does not verify, -EINVAL for an
 * invalid public key, or the read callback's error.
 */
int pkg_verify(const struct pkg_source *src, const struct pkg_image *img,
	       const uint8_t pubkey[PKG_PUBKEY_SIZE], struct error_detail *err);

/* SHA-256 of the 65-byte uncompressed public point. */
void pkg_thumbprint(const uint8_t pubkey[PKG_PUBKEY_SIZE], uint8_t out[PKG_THUMBPRINT_SIZE]);

/* Writes the 64 lowercase hex digits of a thumbprint and a NUL into out. */
void pkg_thumbprint_hex(const uint8_t thumbprint[PKG_THUMBPRINT_SIZE], char out[65]);

/* Writes a component or image id as "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
 * (lowercase, bytes in text order) and a NUL into out. */
void pkg_uuid_text(const uint8_t id[16], char out[37]);

/* Name of a section id ("IDENTITY", ...) or "unknown". */
const char *pkg_section_name(uint16_t id);

/* Name of an image type ("application", ...) or "unknown". */
const char *pkg_image_type_name(uint16_t type);

#endif
