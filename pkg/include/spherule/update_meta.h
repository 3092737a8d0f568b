/*
 * update_meta.h - the signed update metadata of over-the-air updates, in the
 * TUF style (docs/update-metadata.md): three roles, each a signed, versioned
 * document with an expiry. The update service answers a device's check-in
 * with a bundle, timestamp ‖ snapshot ‖ targets: the timestamp echoes the
 * device's nonce and id and names the snapshot by version, size and SHA-256;
 * the snapshot names the targets the same way; the targets list the images
 * (an OS image, app image packages) the device should run, each by size and
 * SHA-256. The device verifies the bundle against the metadata keys it trusts
 * and the state it kept from the last bundle it accepted, then checks each
 * file it downloads against its target.
 *
 * Portable: the host library (OpenSSL) and the device library (mbedTLS) both
 * contain the reader and verifier; the writer is host-only
 * (update_meta_build_*(), spherule/pkg_host.h). Nothing is allocated.
 */
#ifndef SPHERULE_UPDATE_META_H
#define SPHERULE_UPDATE_META_H

#include <stddef.h>
#include <stdint.h>

#include "spherule/pkg.h"

#define UPDATE_META_MAGIC "SPUM"
#define UPDATE_META_FORMAT_VERSION 1u
#define UPDATE_META_HEADER_SIZE 32u
#define UPDATE_META_TARGET_SIZE 128u
#define UPDATE_META_TARGETS_MAX 32u
#define UPDATE_META_NAME_SIZE 48u
#define UPDATE_META_KEYS_MAX 4u
#define UPDATE_META_NONCE_SIZE 32u
#define UPDATE_META_DEVICE_ID_SIZE 32u

/* Body sizes, and whole documents (header ‖ body ‖ signature block). */
#define UPDATE_META_TIMESTAMP_BODY_SIZE 104u
#define UPDATE_META_SNAPSHOT_BODY_SIZE 40u
#define UPDATE_META_TARGETS_BODY_SIZE(n) (4u + (n) * UPDATE_META_TARGET_SIZE)
#define UPDATE_META_DOC_SIZE(body) (UPDATE_META_HEADER_SIZE + (body) + PKG_SIGNATURE_SIZE)
#define UPDATE_META_TIMESTAMP_SIZE UPDATE_META_DOC_SIZE(UPDATE_META_TIMESTAMP_BODY_SIZE)
#define UPDATE_META_SNAPSHOT_SIZE UPDATE_META_DOC_SIZE(UPDATE_META_SNAPSHOT_BODY_SIZE)
#define UPDATE_META_TARGETS_SIZE(n) UPDATE_META_DOC_SIZE(UPDATE_META_TARGETS_BODY_SIZE(n))
#define UPDATE_META_TARGETS_SIZE_MAX UPDATE_META_TARGETS_SIZE(UPDATE_META_TARGETS_MAX)
#define UPDATE_META_BUNDLE_MAX \
	(UPDATE_META_TIMESTAMP_SIZE + UPDATE_META_SNAPSHOT_SIZE + UPDATE_META_TARGETS_SIZE_MAX)

enum update_meta_role {
	UPDATE_META_ROLE_TARGETS = 1,
	UPDATE_META_ROLE_SNAPSHOT = 2,
	UPDATE_META_ROLE_TIMESTAMP = 3,
};
#define UPDATE_META_ROLES 3u

enum update_meta_kind {
	UPDATE_META_KIND_OS = 1,  /* an .osimage file (docs/os-image.md) */
	UPDATE_META_KIND_APP = 2, /* an app image package (docs/image-package.md) */
};

/* The metadata public keys a device trusts (uncompressed P-256 points); any
 * of them may sign any role, so a new key is rotated in by trusting it next
 * to the old one before the service signs with it. */
struct update_meta_trust {
	unsigned count; /* 1..UPDATE_META_KEYS_MAX */
	uint8_t keys[UPDATE_META_KEYS_MAX][PKG_PUBKEY_SIZE];
};

/* One image the device should run. */
struct update_meta_target {
	uint16_t kind; /* enum update_meta_kind */
	uint32_t version;
	uint32_t security_version;
	uint32_t size;         /* bytes of the file, > 0 */
	uint8_t sha256[32];    /* of the file: it is fetched from /v1/images/<sha256 hex> */
	uint8_t component_id[16]; /* the app's UUID bytes; zeros for the OS */
	uint8_t image_id[16];     /* zeros for the OS */
	char name[UPDATE_META_NAME_SIZE + 1]; /* NUL-terminated, no control characters */
};

/* What an accepted bundle targets. */
struct update_meta_targets {
	uint32_t version;  /* the targets role's version */
	uint64_t expires;  /* unix seconds */
	uint16_t count;    /* 0..UPDATE_META_TARGETS_MAX; at most one OS target */
	struct update_meta_target targets[UPDATE_META_TARGETS_MAX];
};

/* The last accepted version of each role and the SHA-256 of its whole
 * document; index role - 1. All zero before the first bundle. */
struct update_meta_role_state {
	uint32_t version;
	uint8_t sha256[32];
};

struct update_meta_state {
	struct update_meta_role_state roles[UPDATE_META_ROLES];
};

/*
 * Verifies a check-in answer: bundle (len bytes, exactly timestamp ‖
 * snapshot ‖ targets) against trust, the nonce and device id the device sent
 * with its check-in, the time now (unix seconds, from a trusted clock) and
 * state. On success fills out, records the three roles in state and returns
 * 0; on failure leaves state as it was, zeroes out and returns:
 *   -ENODATA truncated, -EINVAL malformed,
 *   -EKEYREJECTED signed by a key not in trust or a signature that does not
 *                 verify,
 *   -EALREADY     replayed: the timestamp's nonce or device id is not this
 *                 check-in's,
 *   -ESTALE       rolled back: a role's version is lower than the one in
 *                 state, or equal with another hash,
 *   -EKEYEXPIRED  expired: a role's expiry is not after now,
 *   -EXDEV        mixed: the snapshot or targets is not the one (version,
 *                 size, SHA-256) the role above names,
 *   -ENOMEM / -EIO from the crypto backend.
 * update_meta_strerror() names the refusal.
 */
int update_meta_verify_bundle(const uint8_t *bundle, size_t len, const struct update_meta_trust *trust,
			      const uint8_t nonce[UPDATE_META_NONCE_SIZE],
			      const uint8_t device_id[UPDATE_META_DEVICE_ID_SIZE], uint64_t now,
			      struct update_meta_state *state, struct update_meta_targets *out);

/* The same, with the reason for a person in err: "<update_meta_strerror(rc)>:
 * <what, naming the role, versions and times>", for the log line
 * `updated: metadata refused: <reason>`. */
int update_meta_verify_bundle_err(const uint8_t *bundle, size_t len,
				  const struct update_meta_trust *trust,
				  const uint8_t nonce[UPDATE_META_NONCE_SIZE],
				  const uint8_t device_id[UPDATE_META_DEVICE_ID_SIZE], uint64_t now,
				  struct update_meta_state *state, struct update_meta_targets *out,
				  struct error_detail *err);

/* Checks a downloaded file (its SHA-256 and size in bytes) against its
 * target: 0, or -EBADMSG when either differs. */
int update_meta_check_file(const struct update_meta_target *target, const uint8_t sha256[32],
			   uint64_t size);

/* The refusal an error of this library is: "truncated", "malformed",
 * "unknown key or bad signature", "replayed", "rolled back", "expired",
 * "mixed", "file does not match its target", else strerror(-rc). */
const char *update_meta_strerror(int rc);

/* "targets", "snapshot", "timestamp" or "unknown". */
const char *update_meta_role_name(uint16_t role);

/* One document as read by update_meta_doc_parse(): its header and signature
 * block; bytes points into the caller's buffer. */
struct update_meta_doc {
	uint16_t role;
	uint32_t size; /* the whole document */
	uint32_t version;
	uint64_t expires;
	uint32_t body_len;
	const uint8_t *bytes; /* size bytes: header ‖ body ‖ signature block */
	uint8_t sha256[32];   /* of the whole document */
	uint8_t thumbprint[PKG_THUMBPRINT_SIZE];
	uint8_t signature[PKG_RAW_SIGNATURE_SIZE];
};

/*
 * Reads the document at the start of buf (len bytes readable; it is
 * self-sized, bytes after it are not its own): header, body length for its
 * role, signature block. 0, -ENODATA truncated or -EINVAL malformed (the
 * reason in err). Does not check the signature or the body's fields.
 */
int update_meta_doc_parse(const uint8_t *buf, size_t len, struct update_meta_doc *doc,
			  struct error_detail *err);

/* Reads a targets document's body (doc parsed, role targets): 0 or -EINVAL
 * (count above 32 or not the body's length, a reserved field, an unknown
 * kind, an empty file, OS ids not zero, an app without a component id, a
 * name not NUL-padded or with control characters, two OS targets, two
 * targets of one app). */
int update_meta_targets_parse(const struct update_meta_doc *doc, struct update_meta_targets *out,
			      struct error_detail *err);

/* The serialised state (for mutable storage): magic "SPMS", format 1,
 * reserved, the three roles, and 8 bytes of the SHA-256 of what precedes
 * them, so a torn or corrupted file is detected. */
#define UPDATE_META_STATE_MAGIC "SPMS"
#define UPDATE_META_STATE_FORMAT_VERSION 1u
#define UPDATE_META_STATE_SIZE 124u

/* 0, or the crypto backend's -errno. */
int update_meta_state_serialise(const struct update_meta_state *state,
				uint8_t out[UPDATE_META_STATE_SIZE]);

/* 0; -ENODATA when len is not UPDATE_META_STATE_SIZE (a short or long
 * file), -EINVAL for another magic, format or a reserved field, -EBADMSG
 * when the checksum does not match (torn or corrupted). state is zeroed on
 * failure: the caller decides whether to start over (trusting the first
 * bundle's versions) or to refuse updates. */
int update_meta_state_deserialise(const uint8_t *buf, size_t len, struct update_meta_state *state);

#endif
