/*
 * update_meta_format.h - the byte layout of update metadata and of its state
 * file (docs/update-metadata.md) as named fields, for the reader
 * (update_meta.c, update_meta_state.c), the writer (update_meta_build.c) and
 * the tests. Not installed. Byte-array fields, so the structs have no
 * padding and overlay the bytes at any offset; integers are little-endian
 * (spherule/le.h). The signature block is the image package's
 * (struct pkg_signature_data).
 */
#ifndef SPHERULE_UPDATE_META_FORMAT_H
#define SPHERULE_UPDATE_META_FORMAT_H

#include <stdint.h>

#include "pkg_format.h"
#include "spherule/update_meta.h"

struct update_meta_header {
	uint8_t magic[4];          /* UPDATE_META_MAGIC, no NUL */
	uint8_t format_version[2]; /* UPDATE_META_FORMAT_VERSION */
	uint8_t role[2];           /* enum update_meta_role */
	uint8_t size[4];           /* header + body + signature block */
	uint8_t version[4];        /* >= 1 */
	uint8_t expires[8];        /* unix seconds */
	uint8_t body_len[4];
	uint8_t reserved[4];       /* 0 */
};

/* How a role names the document of the role below it. */
struct update_meta_ref_data {
	uint8_t version[4];
	uint8_t size[4];
	uint8_t sha256[32]; /* of the whole document */
};

struct update_meta_timestamp_data {
	struct update_meta_ref_data snapshot;
	uint8_t nonce[UPDATE_META_NONCE_SIZE];         /* the check-in's, echoed */
	uint8_t device_id[UPDATE_META_DEVICE_ID_SIZE]; /* the device that checked in */
};

struct update_meta_snapshot_data {
	struct update_meta_ref_data targets;
};

/* The targets body: this, then count target records. */
struct update_meta_targets_data {
	uint8_t count[2]; /* 0..UPDATE_META_TARGETS_MAX */
	uint8_t reserved[2];
};

struct update_meta_target_data {
	uint8_t kind[2]; /* enum update_meta_kind */
	uint8_t reserved[2];
	uint8_t version[4];
	uint8_t security_version[4];
	uint8_t size[4];
	uint8_t sha256[32];
	uint8_t component_id[16];
	uint8_t image_id[16];
	uint8_t name[UPDATE_META_NAME_SIZE]; /* NUL-padded UTF-8 */
};

/* The state file. */
struct update_meta_role_state_data {
	uint8_t version[4];
	uint8_t sha256[32];
};

struct update_meta_state_data {
	uint8_t magic[4];          /* UPDATE_META_STATE_MAGIC */
	uint8_t format_version[2]; /* UPDATE_META_STATE_FORMAT_VERSION */
	uint8_t reserved[2];
	struct update_meta_role_state_data roles[UPDATE_META_ROLES]; /* index role - 1 */
	uint8_t checksum[8]; /* the first 8 bytes of SHA-256 of the bytes before it */
};

_Static_assert(sizeof(struct update_meta_header) == UPDATE_META_HEADER_SIZE, "header size");
_Static_assert(sizeof(struct update_meta_timestamp_data) == UPDATE_META_TIMESTAMP_BODY_SIZE,
	       "timestamp body size");
_Static_assert(sizeof(struct update_meta_snapshot_data) == UPDATE_META_SNAPSHOT_BODY_SIZE,
	       "snapshot body size");
_Static_assert(sizeof(struct update_meta_targets_data) == UPDATE_META_TARGETS_BODY_SIZE(0),
	       "targets body header size");
_Static_assert(sizeof(struct update_meta_target_data) == UPDATE_META_TARGET_SIZE, "target size");
_Static_assert(sizeof(struct update_meta_state_data) == UPDATE_META_STATE_SIZE &&
		       UPDATE_META_STATE_SIZE <= 128,
	       "state size");

#endif
