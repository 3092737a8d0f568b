/*
 * pkg_format.h - the byte layout of an image package (docs/image-package.md)
 * as named fields: the one definition the reader (pkg_open.c), the writer
 * (pkg_build.c) and the unit tests use. Not installed.
 *
 * Every field is an array of bytes, so the structs have no padding, need no
 * alignment and overlay the bytes at any offset of a package; multi-byte
 * fields are little-endian (spherule/le.h). The sizes the format documents
 * (spherule/pkg.h) are checked against the structs at compile time.
 */
#ifndef SPHERULE_PKG_FORMAT_H
#define SPHERULE_PKG_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#include "cramfs/cramfs_format.h"
#include "spherule/pkg.h"

/* Payload header at offset 0: the part of the cramfs superblock read. */
struct pkg_payload_header {
	uint8_t magic[4]; /* CRAMFS_MAGIC */
	uint8_t size[4];  /* P: bytes of the cramfs image */
};
#define PKG_PAYLOAD_HEADER_SIZE 8u

/* Footer header at offset P. */
struct pkg_footer_header {
	uint8_t magic[4]; /* PKG_FOOTER_MAGIC, no NUL */
	uint8_t format_version[2];
	uint8_t section_count[2]; /* the SIGNATURE section included */
	uint8_t footer_size[4];   /* F: header and all sections */
	uint8_t payload_size[4];  /* P again */
};

/* Header of each section; length bytes of data and zero padding to a
 * multiple of 4 follow it. */
struct pkg_section_header {
	uint8_t id[2]; /* enum pkg_section_id */
	uint8_t flags[2];
	uint8_t length[4];
};

/* Data of the fixed-size sections. */
struct pkg_identity_data {
	uint8_t image_type[2]; /* enum pkg_image_type */
	uint8_t reserved[2];
	uint8_t component_id[16];
	uint8_t image_id[16];
};

struct pkg_version_data {
	uint8_t version[4];
	uint8_t security_version[4];
};

struct pkg_debug_data {
	uint8_t flags[4]; /* PKG_DEBUG_BUILD */
};

struct pkg_signature_data {
	uint8_t algorithm[2]; /* PKG_SIG_ECDSA_P256_SHA256 */
	uint8_t reserved[2];
	uint8_t key_thumbprint[PKG_THUMBPRINT_SIZE];
	uint8_t signature[PKG_RAW_SIGNATURE_SIZE]; /* r || s, big-endian */
};

_Static_assert(offsetof(struct pkg_payload_header, magic) == CRAMFS_SB_MAGIC &&
		       offsetof(struct pkg_payload_header, size) == CRAMFS_SB_SIZE &&
		       sizeof(struct pkg_payload_header) == PKG_PAYLOAD_HEADER_SIZE,
	       "the payload header is the cramfs superblock's magic and size");
_Static_assert(sizeof(struct pkg_footer_header) == PKG_FOOTER_HEADER_SIZE &&
		       sizeof((struct pkg_footer_header){ 0 }.magic) == sizeof(PKG_FOOTER_MAGIC) - 1,
	       "footer header size");
_Static_assert(sizeof(struct pkg_section_header) == PKG_SECTION_HEADER_SIZE, "section header size");
_Static_assert(sizeof(struct pkg_identity_data) == PKG_IDENTITY_SIZE, "IDENTITY size");
_Static_assert(sizeof(struct pkg_version_data) == PKG_VERSION_SIZE, "VERSION size");
_Static_assert(sizeof(struct pkg_debug_data) == PKG_DEBUG_SIZE, "DEBUG size");
_Static_assert(sizeof(struct pkg_signature_data) == PKG_SIGNATURE_SIZE, "SIGNATURE size");

#endif
