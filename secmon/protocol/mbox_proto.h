/*
 * mbox_proto.h - the secmon mailbox protocol: the requests the device (appmgr)
 * sends to secmon and secmon's responses, as C structs, and the codec that
 * turns them into bytes and back (docs/secmon-protocol.md is the wire format).
 *
 * Pure C11, no allocation, no I/O: every function works on the caller's
 * structs and buffers. Built for the host (secmon) and the device (appmgr).
 * A decoder checks every length and field against the bounds below before it
 * fills the struct; an encoder refuses a struct the decoder would refuse, so
 * neither side ever sends what the other must reject.
 */
#ifndef SPHERULE_MBOX_PROTO_H
#define SPHERULE_MBOX_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Header: magic, version, length, id, type, status (16 bytes). */
#define MBOX_MAGIC0 0x53u /* 'S' */
#define MBOX_MAGIC1 0x4du /* 'M' */
#define MBOX_VERSION 1u
#define MBOX_HEADER_SIZE 16u
/* Largest message, header included, in every version of the protocol. */
#define MBOX_MSG_MAX 1024u
/* Set in a response's type: the type of the request it answers, ORed. */
#define MBOX_RESPONSE_BIT 0x8000u

/* Field sizes and bounds. */
#define MBOX_SLOT_MAX 63u
#define MBOX_COMPONENT_ID_SIZE 16u
#define MBOX_IMAGE_ID_SIZE 16u
#define MBOX_THUMBPRINT_SIZE 32u /* SHA-256 of the signing key's 65-byte point */
#define MBOX_DEVICE_ID_SIZE 32u /* SHA-256 of the device's public key */
#define MBOX_PUBKEY_SIZE 65u /* 0x04 || X || Y (P-256) */
#define MBOX_NONCE_SIZE 32u
#define MBOX_DIGEST_SIZE 32u /* SHA-256 */
#define MBOX_SIGNATURE_SIZE 64u /* ECDSA P-256 r || s, big-endian */
#define MBOX_MEASUREMENTS_MAX 8u
#define MBOX_RANDOM_MAX 256u
/* The package's first bytes a staged slot keeps erased (verify staged). */
#define MBOX_STAGED_HEAD_SIZE 16u

enum mbox_type {
	MBOX_VERIFY_IMAGE = 1,
	MBOX_ADVANCE_COUNTER = 2,
	MBOX_DEVICE_ID = 3,
	MBOX_ATTEST = 4,
	MBOX_RANDOM = 5,
	MBOX_CAPABILITY = 6,
	MBOX_VERIFY_STAGED_IMAGE = 7,
	MBOX_INSTALL_OS = 8,
	MBOX_OS_BOOT_STATE = 9,
	MBOX_CONFIRM_OS = 10,
};
#define MBOX_TYPE_LAST MBOX_CONFIRM_OS

/* Stable numbers (docs/secmon-protocol.md, "Status codes"). 1..31: the
 * message could not be read (the response has no body); 32 and up: it was
 * read and the operation failed (the response has the request's fields). */
enum mbox_status {
	MBOX_OK = 0,
	MBOX_ST_TRUNCATED = 1,
	MBOX_ST_BAD_MAGIC = 2,
	MBOX_ST_BAD_LENGTH = 3,
	MBOX_ST_BAD_VERSION = 4,
	MBOX_ST_TRAILING = 5,
	MBOX_ST_UNKNOWN_TYPE = 6,
	MBOX_ST_NONZERO_RESERVED = 7,
	MBOX_ST_OUT_OF_RANGE = 8,
	MBOX_ST_PROTOCOL_LAST = 31,
	MBOX_ST_NO_SLOT = 32,
	MBOX_ST_NO_IMAGE = 33,
	MBOX_ST_BAD_IMAGE = 34,
	MBOX_ST_BAD_SIGNATURE = 35,
	MBOX_ST_UNTRUSTED_KEY = 36,
	MBOX_ST_REVOKED_KEY = 37,
	MBOX_ST_NEEDS_DEVELOPMENT = 38,
	MBOX_ST_WRONG_TYPE = 39,
	MBOX_ST_WRONG_COMPONENT = 40,
	MBOX_ST_ROLLED_BACK = 41,
	MBOX_ST_COUNTER_BACKWARDS = 42,
	MBOX_ST_COUNTER_UNPROVEN = 43,
	MBOX_ST_NO_COUNTER_SPACE = 44,
	MBOX_ST_STORE_FAILED = 45,
};

/* Verify result flags. */
#define MBOX_IMAGE_DEBUG_BUILD 0x1u /* the package's DEBUG section says so */
#define MBOX_IMAGE_DEVELOPMENT_KEY 0x2u /* signed by a key trusted only in development mode */
#define MBOX_IMAGE_FLAGS_ALL 0x3u
/* Image types (pkg.h's enum pkg_image_type); 0: none was read. */
#define MBOX_IMAGE_TYPE_MAX 3u

/* Measurement kinds (attestation). */
enum mbox_measurement_kind {
	MBOX_MEAS_BOOT_CHAIN = 1, /* the hash chain over the OS parts below, in order */
	MBOX_MEAS_OS_DESCRIPTION = 2, /* the signed OS description, signature included */
	MBOX_MEAS_BOOT_STUB = 3,
	MBOX_MEAS_DEVICE_TREE = 4,
	MBOX_MEAS_KERNEL = 5,
	MBOX_MEAS_ROOTFS = 6,
	MBOX_MEAS_CAPABILITY = 7, /* the development capability secmon accepted */
};
#define MBOX_MEAS_KIND_LAST MBOX_MEAS_CAPABILITY

/* OS slots (install staged OS, OS boot state). */
#define MBOX_OS_SLOT_A 0u
#define MBOX_OS_SLOT_B 1u
/* The other slot's state (OS boot state). */
enum mbox_os_slot_state {
	MBOX_OS_SLOT_EMPTY = 0,
	MBOX_OS_SLOT_GOOD = 1,
	MBOX_OS_SLOT_TRIAL_PENDING = 2,
	MBOX_OS_SLOT_BAD = 3,
};

/* Device capabilities (capability check). */
enum mbox_capability {
	MBOX_CAP_APP_DEVELOPMENT = 1,
};
#define MBOX_CAP_LAST MBOX_CAP_APP_DEVELOPMENT

/* Request fields, per type (MBOX_DEVICE_ID has none). */
struct mbox_verify_request {
	uint16_t slot; /* 0..MBOX_SLOT_MAX: flash partition "app<slot>" */
	uint8_t component_id[MBOX_COMPONENT_ID_SIZE];
};

struct mbox_advance_request {
	uint16_t slot; /* the image that proves the new value */
	uint8_t component_id[MBOX_COMPONENT_ID_SIZE];
	uint32_t security_version; /* the counter's new value */
};

struct mbox_attest_request {
	uint8_t nonce[MBOX_NONCE_SIZE];
};

struct mbox_random_request {
	uint16_t count; /* 1..MBOX_RANDOM_MAX */
};

struct mbox_capability_request {
	uint16_t capability; /* enum mbox_capability */
};

/* A package written to a slot all but its first MBOX_STAGED_HEAD_SIZE bytes,
 * which stay erased in flash until secmon answers OK; the result is
 * MBOX_VERIFY_IMAGE's (res.verify). */
struct mbox_verify_staged_request {
	uint16_t slot; /* 0..MBOX_SLOT_MAX: flash partition "app<slot>" */
	uint8_t component_id[MBOX_COMPONENT_ID_SIZE];
	uint8_t head[MBOX_STAGED_HEAD_SIZE]; /* the package's first bytes, held back */
};

/* The OS staged in partition osstage, to check and copy into the inactive
 * OS slot; the result is res.install_os. */
struct mbox_install_os_request {
	uint8_t desc_sha256[MBOX_DIGEST_SIZE]; /* SHA-256 of the staged description expected */
};

union mbox_request_fields {
	struct mbox_verify_request verify;
	struct mbox_advance_request advance;
	struct mbox_attest_request attest;
	struct mbox_random_request random;
	struct mbox_capability_request capability;
	struct mbox_verify_staged_request verify_staged;
	struct mbox_install_os_request install_os;
};

struct mbox_request {
	uint32_t id; /* not 0; echoed in the response */
	uint16_t type; /* enum mbox_type */
	union mbox_request_fields f;
};

/* Result fields, per type (MBOX_VERIFY_STAGED_IMAGE: verify). */
struct mbox_verify_result {
	uint16_t image_type; /* 0..MBOX_IMAGE_TYPE_MAX */
	uint16_t flags; /* MBOX_IMAGE_* */
	uint32_t version;
	uint32_t security_version;
	uint32_t counter; /* the component's security-version counter */
	uint8_t image_id[MBOX_IMAGE_ID_SIZE];
	uint8_t key_thumbprint[MBOX_THUMBPRINT_SIZE];
};

struct mbox_advance_result {
	uint32_t counter; /* the counter's value after the request */
};

struct mbox_device_id_result {
	uint8_t device_id[MBOX_DEVICE_ID_SIZE];
	uint8_t public_key[MBOX_PUBKEY_SIZE];
};

struct mbox_measurement {
	uint16_t kind; /* enum mbox_measurement_kind */
	uint8_t digest[MBOX_DIGEST_SIZE];
};

struct mbox_attest_result {
	uint8_t device_id[MBOX_DEVICE_ID_SIZE];
	uint16_t count; /* 0..MBOX_MEASUREMENTS_MAX */
	struct mbox_measurement measurements[MBOX_MEASUREMENTS_MAX];
	uint8_t signature[MBOX_SIGNATURE_SIZE]; /* over mbox_attest_signed_bytes() */
};

struct mbox_random_result {
	uint16_t count; /* the request's count when OK, else 0 */
	uint8_t bytes[MBOX_RANDOM_MAX];
};

struct mbox_capability_result {
	uint8_t granted; /* 0 or 1 */
};

struct mbox_install_os_result {
	uint16_t slot; /* MBOX_OS_SLOT_A or _B: the slot written */
	uint32_t version;
	uint32_t security_version;
	uint8_t measurement[MBOX_DIGEST_SIZE]; /* the boot chain the slot will measure */
};

struct mbox_os_boot_state_result {
	uint16_t slot; /* the running OS's slot */
	uint16_t trial; /* 1: this boot is an unconfirmed trial */
	uint32_t version;
	uint32_t security_version;
	uint16_t other_state; /* enum mbox_os_slot_state */
	uint32_t deadline_s; /* seconds left to confirm, 0 if none */
};

struct mbox_confirm_os_result {
	uint32_t counter; /* the OS security counter after the request */
};

union mbox_result_fields {
	struct mbox_verify_result verify;
	struct mbox_advance_result advance;
	struct mbox_device_id_result device_id;
	struct mbox_attest_result attest;
	struct mbox_random_result random;
	struct mbox_capability_result capability;
	struct mbox_install_os_result install_os;
	struct mbox_os_boot_state_result os_boot_state;
	struct mbox_confirm_os_result confirm_os;
};

struct mbox_response {
	uint32_t id; /* the request's */
	uint16_t type; /* the request's, without MBOX_RESPONSE_BIT */
	uint16_t status; /* enum mbox_status */
	/* Only when status is MBOX_OK or above MBOX_ST_PROTOCOL_LAST: */
	union mbox_request_fields req; /* the request's fields, echoed */
	union mbox_result_fields res;
};

/*
 * Reads the header of a message at the start of a byte stream (at least
 * MBOX_HEADER_SIZE bytes in hdr) and sets *size to the bytes of the whole
 * message. Checks only what framing needs (magic, length bounds), the same in
 * every version. 0, or -EBADMSG with *why set (MBOX_ST_TRUNCATED,
 * MBOX_ST_BAD_MAGIC, MBOX_ST_BAD_LENGTH).
 */
int mbox_frame_size(const uint8_t *hdr, size_t len, uint32_t *size, enum mbox_status *why);

/*
 * Decodes one request: buf holds exactly one message. 0, or -EBADMSG with
 * *why set to the protocol status (1..31) for the error response. Even then
 * req->id and req->type hold what the header said (0 when buf is shorter
 * than a header), for mbox_response_init().
 */
int mbox_decode_request(const uint8_t *buf, size_t len, struct mbox_request *req,
			enum mbox_status *why);

/*
 * Decodes one response: buf holds exactly one message. 0, or -EBADMSG with
 * *why set to what is wrong with it (1..31).
 */
int mbox_decode_response(const uint8_t *buf, size_t len, struct mbox_response *resp,
			 enum mbox_status *why);

/*
 * Encode req or resp into buf (cap bytes): the message's size, -EINVAL when
 * a field is outside its bounds (what the decoder would refuse), -ENOSPC
 * when cap is too small (MBOX_MSG_MAX always suffices).
 */
int mbox_encode_request(const struct mbox_request *req, uint8_t *buf, size_t cap);
int mbox_encode_response(const struct mbox_response *resp, uint8_t *buf, size_t cap);

/*
 * Starts the response to req with status: zeroes resp, copies the id and type
 * and, unless status is a protocol error, the request's fields. The caller
 * fills resp->res.
 */
void mbox_response_init(struct mbox_response *resp, const struct mbox_request *req,
			enum mbox_status status);

/*
 * Whether resp answers req: the same id and type and, unless resp is a
 * protocol error, the same request fields echoed. A device drops a response
 * that does not (a late answer to an earlier request).
 */
bool mbox_response_answers(const struct mbox_response *resp, const struct mbox_request *req);

/*
 * The bytes an attestation signature covers: MBOX_ATTEST_CONTEXT (NUL
 * included), then the attestation response's body up to the signature (the
 * nonce, device id, count and measurements), into buf. The size, -EINVAL
 * (not an attestation, or a field out of bounds) or -ENOSPC
 * (MBOX_ATTEST_SIGNED_MAX always suffices).
 */
#define MBOX_ATTEST_CONTEXT "spherule attestation v1"
#define MBOX_ATTEST_SIGNED_MAX (sizeof(MBOX_ATTEST_CONTEXT) + MBOX_MSG_MAX)
int mbox_attest_signed_bytes(const struct mbox_response *resp, uint8_t *buf, size_t cap);

/* A status's name ("ROLLED_BACK") and one-line meaning, or NULL for a number
 * the protocol does not define. */
const char *mbox_status_name(uint16_t status);
const char *mbox_status_text(uint16_t status);

#endif
