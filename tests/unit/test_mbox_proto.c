/*
 * test_mbox_proto.c - the secmon mailbox protocol codec (secmon/protocol,
 * docs/secmon-protocol.md): every malformed length and field of a request is
 * answered with its error status (through the server test double, as secmon
 * must), every malformed response is refused by the device side, every
 * message round-trips, the bytes are the documented ones (the seed corpus is
 * the golden copy: MBOX_SEEDS_WRITE=1 rewrites it after a deliberate change
 * of the format), a response is matched only to its own request, the
 * attestation's signed bytes are what the spec says, and the spec's table of
 * status codes is the codec's. Prints TAP lines.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mbox_handle.h"
#include "mbox_proto.h"
#include "spherule/le.h"
#include "spherule/pkg.h"
#include "tap.h"

/* The protocol carries pkg's sizes and values. */
_Static_assert(MBOX_THUMBPRINT_SIZE == PKG_THUMBPRINT_SIZE && MBOX_PUBKEY_SIZE == PKG_PUBKEY_SIZE &&
		       MBOX_SIGNATURE_SIZE == PKG_RAW_SIGNATURE_SIZE &&
		       MBOX_IMAGE_TYPE_MAX == PKG_IMAGE_KERNEL &&
		       MBOX_IMAGE_DEBUG_BUILD == PKG_DEBUG_BUILD,
	       "mailbox and package sizes agree");

/* Body sizes from docs/secmon-protocol.md, written out independently of the
 * codec's tables. */
#define VERIFY_REQ 20u
#define ADVANCE_REQ 24u
#define ATTEST_REQ 32u
#define RANDOM_REQ 4u
#define CAPABILITY_REQ 4u
#define VERIFY_STAGED_REQ 36u
#define VERIFY_RES 64u
#define ADVANCE_RES 4u
#define DEVICE_ID_RES 100u
#define ATTEST_RES(n) (36u + 36u * (n) + 64u)
#define RANDOM_RES(n) (4u + (n))
#define CAPABILITY_RES 4u
#define INSTALL_OS_REQ 32u
#define INSTALL_OS_RES 44u
#define OS_BOOT_STATE_RES 20u
#define CONFIRM_OS_RES 4u

static const uint8_t component[16] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
				       0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xf0, 0x01 };
/* A staged package's held-back first bytes (a cramfs superblock's start). */
static const uint8_t head[16] = { 0x45, 0x3d, 0xcd, 0x28, 0x00, 0x10, 0x00, 0x00,
				  0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 };

/* A request built by hand: header (status 0) and body. */
static size_t raw_request(uint8_t *buf, uint16_t type, uint32_t id, const uint8_t *body, size_t n)
{
	buf[0] = 'S';
	buf[1] = 'M';
	put_le16(buf + 2, 1);
	put_le32(buf + 4, (uint32_t)(16 + n));
	put_le32(buf + 8, id);
	put_le16(buf + 12, type);
	put_le16(buf + 14, 0);
	if (n)
		memcpy(buf + 16, body, n);
	return 16 + n;
}

/* The well-formed request bodies of each type, by hand. */
struct sample_body {
	uint16_t type;
	const char *name;
	uint8_t body[64];
	size_t n;
};

static struct sample_body bodies[MBOX_TYPE_LAST];
#define BODIES (sizeof(bodies) / sizeof(bodies[0]))

static void make_bodies(void)
{
	struct sample_body *b = bodies;

	*b = (struct sample_body){ MBOX_VERIFY_IMAGE, "verify", { 5, 0, 0, 0 }, VERIFY_REQ };
	memcpy(b->body + 4, component, 16);
	*++b = (struct sample_body){ MBOX_ADVANCE_COUNTER, "advance", { 5, 0, 0, 0 }, ADVANCE_REQ };
	memcpy(b->body + 4, component, 16);
	put_le32(b->body + 20, 9);
	*++b = (struct sample_body){ MBOX_DEVICE_ID, "device-id", { 0 }, 0 };
	*++b = (struct sample_body){ MBOX_ATTEST, "attest", { 0 }, ATTEST_REQ };
	for (unsigned i = 0; i < ATTEST_REQ; i++)
		b->body[i] = (uint8_t)(0xc0 + i);
	*++b = (struct sample_body){ MBOX_RANDOM, "random", { 32, 0, 0, 0 }, RANDOM_REQ };
	*++b = (struct sample_body){ MBOX_CAPABILITY, "capability", { 1, 0, 0, 0 }, CAPABILITY_REQ };
	*++b = (struct sample_body){ MBOX_VERIFY_STAGED_IMAGE, "verify-staged", { 5, 0, 0, 0 },
				     VERIFY_STAGED_REQ };
	memcpy(b->body + 4, component, 16);
	memcpy(b->body + 20, head, 16);
	*++b = (struct sample_body){ MBOX_INSTALL_OS, "install-os", { 0 }, INSTALL_OS_REQ };
	for (unsigned i = 0; i < INSTALL_OS_REQ; i++)
		b->body[i] = (uint8_t)(0x90 + i);
	*++b = (struct sample_body){ MBOX_OS_BOOT_STATE, "os-boot-state", { 0 }, 0 };
	*++b = (struct sample_body){ MBOX_CONFIRM_OS, "confirm-os", { 0 }, 0 };
}

/*
 * Sends buf (len bytes) to the server double and checks that it answers
 * with status want, no body, the request's id (id) and type echoed; also
 * that the decoder refuses it with want. Returns whether all held,
 * printing why not.
 */
static int answered_with(const uint8_t *buf, size_t len, uint16_t want, uint32_t id, uint16_t type)
{
	uint8_t out[MBOX_MSG_MAX];
	struct mbox_request req;
	struct mbox_response resp;
	enum mbox_status why = MBOX_OK;
	size_t n = mbox_handle(buf, len, out);

	if (mbox_decode_request(buf, len, &req, &why) != -EBADMSG || why != want) {
		printf("# decode_request: status %u, want %u\n", why, want);
		return 0;
	}
	if (mbox_decode_response(out, n, &resp, &why) < 0) {
		printf("# the error response does not decode: %s\n", mbox_status_name(why));
		return 0;
	}
	if (resp.status != want || n != MBOX_HEADER_SIZE || resp.id != id ||
	    resp.type != (type & ~MBOX_RESPONSE_BIT) || get_le16(out + 2) != MBOX_VERSION) {
		printf("# response: status %u (want %u), %zu bytes, id %u (want %u), type %#x\n",
		       resp.status, want, n, resp.id, id, resp.type);
		return 0;
	}
	return 1;
}

/* Every header shorter than 16 bytes, bad magic, bad length fields, length
 * past the buffer, buffer past the length, version, status, id, type. */
static void test_request_header_errors(void)
{
	uint8_t buf[MBOX_MSG_MAX + 32], copy[sizeof(buf)];
	size_t n = raw_request(buf, MBOX_VERIFY_IMAGE, 7, bodies[0].body, bodies[0].n);
	int ok = 1;

	for (size_t len = 0; len < MBOX_HEADER_SIZE; len++)
		ok &= answered_with(buf, len, MBOX_ST_TRUNCATED, 0, 0);
	tap_ok(ok, "request: every header shorter than 16 bytes (0..15) -> TRUNCATED, id 0");

	ok = 1;
	for (size_t len = MBOX_HEADER_SIZE; len < n; len++)
		ok &= answered_with(buf, len, MBOX_ST_TRUNCATED, 7, MBOX_VERIFY_IMAGE);
	tap_ok(ok,
	       "request: length field past the buffer (every cut of a verify request) -> TRUNCATED");

	memcpy(copy, buf, n);
	copy[n] = 0;
	tap_ok(answered_with(copy, n + 1, MBOX_ST_TRAILING, 7, MBOX_VERIFY_IMAGE),
	       "request: a byte after the length field's end -> TRAILING");

	for (int i = 0; i < 2; i++) {
		memcpy(copy, buf, n);
		copy[i] ^= 0x20;
		tap_ok(answered_with(copy, n, MBOX_ST_BAD_MAGIC, 7, MBOX_VERIFY_IMAGE),
		       "request: magic byte %d wrong -> BAD_MAGIC", i);
	}

	const uint32_t lengths[] = { 0, 15, MBOX_MSG_MAX + 1, 0x10000, UINT32_MAX };
	for (size_t i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++) {
		memcpy(copy, buf, n);
		put_le32(copy + 4, lengths[i]);
		tap_ok(answered_with(copy, n, MBOX_ST_BAD_LENGTH, 7, MBOX_VERIFY_IMAGE),
		       "request: length field %u -> BAD_LENGTH", lengths[i]);
	}
	/* The largest length is framed; this one is too long for its type. */
	memset(copy, 0, sizeof(copy));
	memcpy(copy, buf, n);
	put_le32(copy + 4, MBOX_MSG_MAX);
	tap_ok(answered_with(copy, MBOX_MSG_MAX, MBOX_ST_TRAILING, 7, MBOX_VERIFY_IMAGE),
	       "request: length field %u (the maximum) on a verify request -> TRAILING",
	       MBOX_MSG_MAX);

	const uint16_t versions[] = { 0, 2, 0xffff };
	for (size_t i = 0; i < sizeof(versions) / sizeof(versions[0]); i++) {
		memcpy(copy, buf, n);
		put_le16(copy + 2, versions[i]);
		tap_ok(answered_with(copy, n, MBOX_ST_BAD_VERSION, 7, MBOX_VERIFY_IMAGE),
		       "request: version %u -> BAD_VERSION, answered in version 1", versions[i]);
	}

	memcpy(copy, buf, n);
	put_le16(copy + 14, MBOX_ST_ROLLED_BACK);
	tap_ok(answered_with(copy, n, MBOX_ST_NONZERO_RESERVED, 7, MBOX_VERIFY_IMAGE),
	       "request: status field not 0 -> NONZERO_RESERVED");

	memcpy(copy, buf, n);
	put_le32(copy + 8, 0);
	tap_ok(answered_with(copy, n, MBOX_ST_OUT_OF_RANGE, 0, MBOX_VERIFY_IMAGE),
	       "request: id 0 -> OUT_OF_RANGE");

	const uint16_t types[] = { 0, MBOX_TYPE_LAST + 1, 0x7fff, 0x8000 | MBOX_VERIFY_IMAGE,
				   0xffff };
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		memcpy(copy, buf, n);
		put_le16(copy + 12, types[i]);
		tap_ok(answered_with(copy, n, MBOX_ST_UNKNOWN_TYPE, 7, types[i]),
		       "request: type %#x -> UNKNOWN_TYPE, the type echoed", types[i]);
	}
}

/* Every type: each cut of its body, one byte more, each reserved byte set. */
static void test_request_body_errors(void)
{
	uint8_t buf[MBOX_MSG_MAX], body[80];
	/* Reserved bytes of each body (offsets), from the spec's tables. */
	const struct {
		uint16_t type;
		unsigned off[2];
	} reserved[] = {
		{ MBOX_VERIFY_IMAGE, { 2, 3 } },
		{ MBOX_ADVANCE_COUNTER, { 2, 3 } },
		{ MBOX_RANDOM, { 2, 3 } },
		{ MBOX_CAPABILITY, { 2, 3 } },
		{ MBOX_VERIFY_STAGED_IMAGE, { 2, 3 } },
	};

	for (size_t t = 0; t < BODIES; t++) {
		const struct sample_body *b = &bodies[t];
		int ok = 1;

		for (size_t k = 0; k < b->n; k++) {
			size_t n = raw_request(buf, b->type, 9, b->body, k);
			ok &= answered_with(buf, n, MBOX_ST_TRUNCATED, 9, b->type);
		}
		tap_ok(ok, "request %s: every body shorter than %zu bytes -> TRUNCATED", b->name,
		       b->n);

		memcpy(body, b->body, b->n);
		body[b->n] = 0;
		size_t n = raw_request(buf, b->type, 9, body, b->n + 1);
		tap_ok(answered_with(buf, n, MBOX_ST_TRAILING, 9, b->type),
		       "request %s: a byte after its fields -> TRAILING", b->name);
	}
	for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++) {
		const struct sample_body *b = &bodies[0];
		int ok = 1;

		while (b->type != reserved[i].type)
			b++;
		for (int j = 0; j < 2; j++) {
			memcpy(body, b->body, b->n);
			body[reserved[i].off[j]] = 0x80;
			size_t n = raw_request(buf, b->type, 9, body, b->n);
			ok &= answered_with(buf, n, MBOX_ST_NONZERO_RESERVED, 9, b->type);
		}
		tap_ok(ok, "request %s: each reserved byte set -> NONZERO_RESERVED", b->name);
	}
}

/* Puts v as a 16-bit field at off of a copy of the sample body of type; 1 if
 * the request is then accepted, 0 if refused with OUT_OF_RANGE (-1 else). */
static int bounded(uint16_t type, unsigned off, uint16_t v)
{
	const struct sample_body *b = &bodies[0];
	uint8_t buf[MBOX_MSG_MAX], body[64];
	struct mbox_request req;
	enum mbox_status why;

	while (b->type != type)
		b++;
	memcpy(body, b->body, b->n);
	put_le16(body + off, v);
	size_t n = raw_request(buf, type, 3, body, b->n);
	if (mbox_decode_request(buf, n, &req, &why) == 0)
		return 1;
	return why == MBOX_ST_OUT_OF_RANGE && answered_with(buf, n, why, 3, type) ? 0 : -1;
}

static void test_request_bounds(void)
{
	tap_ok(bounded(MBOX_VERIFY_IMAGE, 0, 0) == 1 && bounded(MBOX_VERIFY_IMAGE, 0, 63) == 1 &&
		       bounded(MBOX_VERIFY_IMAGE, 0, 64) == 0 &&
		       bounded(MBOX_VERIFY_IMAGE, 0, 0xffff) == 0,
	       "verify: slot 0 and 63 accepted, 64 and 65535 -> OUT_OF_RANGE");
	tap_ok(bounded(MBOX_ADVANCE_COUNTER, 0, 63) == 1 &&
		       bounded(MBOX_ADVANCE_COUNTER, 0, 64) == 0,
	       "advance: slot 63 accepted, 64 -> OUT_OF_RANGE");
	tap_ok(bounded(MBOX_RANDOM, 0, 1) == 1 && bounded(MBOX_RANDOM, 0, 256) == 1 &&
		       bounded(MBOX_RANDOM, 0, 0) == 0 && bounded(MBOX_RANDOM, 0, 257) == 0 &&
		       bounded(MBOX_RANDOM, 0, 0xffff) == 0,
	       "random: count 1 and 256 accepted, 0, 257 and 65535 -> OUT_OF_RANGE");
	tap_ok(bounded(MBOX_CAPABILITY, 0, 1) == 1 && bounded(MBOX_CAPABILITY, 0, 0) == 0 &&
		       bounded(MBOX_CAPABILITY, 0, 2) == 0,
	       "capability: 1 (AppDevelopment) accepted, 0 and 2 -> OUT_OF_RANGE");
	tap_ok(bounded(MBOX_VERIFY_STAGED_IMAGE, 0, 0) == 1 &&
		       bounded(MBOX_VERIFY_STAGED_IMAGE, 0, 63) == 1 &&
		       bounded(MBOX_VERIFY_STAGED_IMAGE, 0, 64) == 0 &&
		       bounded(MBOX_VERIFY_STAGED_IMAGE, 0, 0xffff) == 0 &&
		       bounded(MBOX_VERIFY_STAGED_IMAGE, 20, 0xffff) == 1,
	       "verify staged: slot 0 and 63 accepted, 64 and 65535 -> OUT_OF_RANGE, any head");
}

/* The sample messages: requests and responses of every type, the golden
 * copies in MBOX_SEED_DIR. */
static struct mbox_request sample_request(uint16_t type)
{
	struct mbox_request req = { .id = 0x01020304, .type = type };

	switch (type) {
	case MBOX_VERIFY_IMAGE:
		req.f.verify.slot = 5;
		memcpy(req.f.verify.component_id, component, 16);
		break;
	case MBOX_ADVANCE_COUNTER:
		req.f.advance.slot = 5;
		memcpy(req.f.advance.component_id, component, 16);
		req.f.advance.security_version = 9;
		break;
	case MBOX_ATTEST:
		for (unsigned i = 0; i < MBOX_NONCE_SIZE; i++)
			req.f.attest.nonce[i] = (uint8_t)(0xc0 + i);
		break;
	case MBOX_RANDOM: req.f.random.count = 32; break;
	case MBOX_CAPABILITY: req.f.capability.capability = MBOX_CAP_APP_DEVELOPMENT; break;
	case MBOX_VERIFY_STAGED_IMAGE:
		req.f.verify_staged.slot = 5;
		memcpy(req.f.verify_staged.component_id, component, 16);
		memcpy(req.f.verify_staged.head, head, 16);
		break;
	case MBOX_INSTALL_OS:
		for (unsigned i = 0; i < MBOX_DIGEST_SIZE; i++)
			req.f.install_os.desc_sha256[i] = (uint8_t)(0x90 + i);
		break;
	}
	return req;
}

static const char *const type_names[] = { "",	    "verify", "advance",    "device-id",
					  "attest", "random", "capability", "verify-staged",
					  "install-os", "os-boot-state", "confirm-os" };

/* Compares buf (n bytes) with the golden file name, or writes it when
 * MBOX_SEEDS_WRITE=1. */
static int golden(const char *name, const uint8_t *buf, size_t n)
{
	char path[256], have[MBOX_MSG_MAX + 1];
	FILE *f;
	size_t got;
	int writing = getenv("MBOX_SEEDS_WRITE") != NULL;

	snprintf(path, sizeof(path), "%s/%s.bin", MBOX_SEED_DIR, name);
	f = fopen(path, writing ? "wb" : "rb");
	if (!f) {
		printf("# %s: %s\n", path, strerror(errno));
		return 0;
	}
	if (writing) {
		got = fwrite(buf, 1, n, f);
		return fclose(f) == 0 && got == n;
	}
	got = fread(have, 1, sizeof(have), f);
	fclose(f);
	if (got != n || memcmp(have, buf, n) != 0) {
		printf("# %s differs from the encoding (%zu bytes, file %zu)\n", path, n, got);
		return 0;
	}
	return 1;
}

static void test_round_trips(void)
{
	for (uint16_t type = 1; type <= MBOX_TYPE_LAST; type++) {
		const struct sample_body *b = &bodies[type - 1];
		struct mbox_request req = sample_request(type), back;
		uint8_t buf[MBOX_MSG_MAX], again[MBOX_MSG_MAX], raw[MBOX_MSG_MAX];
		enum mbox_status why;
		char name[64];
		int n = mbox_encode_request(&req, buf, sizeof(buf));
		size_t rn = raw_request(raw, type, req.id, b->body, b->n);

		tap_ok(n == (int)rn && memcmp(buf, raw, rn) == 0,
		       "request %s: encoded as the spec's table says (%d bytes)", type_names[type],
		       n);
		tap_ok(mbox_decode_request(buf, (size_t)n, &back, &why) == 0 && back.id == req.id &&
			       back.type == type &&
			       mbox_encode_request(&back, again, sizeof(again)) == n &&
			       memcmp(buf, again, (size_t)n) == 0,
		       "request %s: decodes to the same fields, re-encodes to the same bytes",
		       type_names[type]);
		snprintf(name, sizeof(name), "req-%s", type_names[type]);
		tap_ok(golden(name, buf, (size_t)n), "request %s: the seed corpus has it",
		       type_names[type]);

		/* Its response from the double, and the double's failure status. */
		struct mbox_response resp, rback;
		size_t rlen = mbox_handle(buf, (size_t)n, raw);
		tap_ok(mbox_decode_response(raw, rlen, &resp, &why) == 0 &&
			       resp.status == MBOX_OK && mbox_response_answers(&resp, &req) &&
			       mbox_encode_response(&resp, again, sizeof(again)) == (int)rlen &&
			       memcmp(raw, again, rlen) == 0,
		       "response %s: decodes, answers its request, re-encodes to the same bytes",
		       type_names[type]);
		snprintf(name, sizeof(name), "resp-%s", type_names[type]);
		tap_ok(golden(name, raw, rlen), "response %s: the seed corpus has it",
		       type_names[type]);

		mbox_response_init(&resp, &req, MBOX_ST_STORE_FAILED);
		n = mbox_encode_response(&resp, buf, sizeof(buf));
		tap_ok(n > 0 && mbox_decode_response(buf, (size_t)n, &rback, &why) == 0 &&
			       rback.status == MBOX_ST_STORE_FAILED &&
			       mbox_response_answers(&rback, &req) &&
			       (size_t)n == MBOX_HEADER_SIZE + b->n +
						    (type == MBOX_VERIFY_IMAGE	    ? VERIFY_RES
						     : type == MBOX_VERIFY_STAGED_IMAGE ? VERIFY_RES
						     : type == MBOX_ADVANCE_COUNTER ? ADVANCE_RES
						     : type == MBOX_DEVICE_ID	    ? DEVICE_ID_RES
						     : type == MBOX_ATTEST	    ? ATTEST_RES(0)
						     : type == MBOX_RANDOM	    ? RANDOM_RES(0)
						     : type == MBOX_INSTALL_OS	    ? INSTALL_OS_RES
						     : type == MBOX_OS_BOOT_STATE   ? OS_BOOT_STATE_RES
						     : type == MBOX_CONFIRM_OS	    ? CONFIRM_OS_RES
									   : CAPABILITY_RES),
		       "response %s with STORE_FAILED: the request's fields echoed, lists empty",
		       type_names[type]);
	}
}

/* The response sizes of the spec, and one message's bytes written out. */
static void test_documented_bytes(void)
{
	/* docs/secmon-protocol.md, "Example". */
	static const uint8_t random_request[] = { 0x53, 0x4d, 0x01, 0x00, 0x14, 0x00, 0x00,
						  0x00, 0x04, 0x03, 0x02, 0x01, 0x05, 0x00,
						  0x00, 0x00, 0x20, 0x00, 0x00, 0x00 };
	struct mbox_request req = sample_request(MBOX_RANDOM);
	uint8_t buf[MBOX_MSG_MAX], out[MBOX_MSG_MAX];
	int n = mbox_encode_request(&req, buf, sizeof(buf));

	tap_ok(n == (int)sizeof(random_request) && memcmp(buf, random_request, (size_t)n) == 0,
	       "the spec's example: a random request for 32 bytes, id 0x01020304");
	const size_t want[] = { 0,
				VERIFY_RES,
				ADVANCE_RES,
				DEVICE_ID_RES,
				ATTEST_RES(2),
				RANDOM_RES(32),
				CAPABILITY_RES,
				VERIFY_RES,
				INSTALL_OS_RES,
				OS_BOOT_STATE_RES,
				CONFIRM_OS_RES };
	int ok = 1;
	for (uint16_t type = 1; type <= MBOX_TYPE_LAST; type++) {
		req = sample_request(type);
		n = mbox_encode_request(&req, buf, sizeof(buf));
		size_t rlen = mbox_handle(buf, (size_t)n, out);
		if (rlen != (size_t)n + want[type]) {
			printf("# %s: response of %zu bytes, want %zu\n", type_names[type], rlen,
			       (size_t)n + want[type]);
			ok = 0;
		}
	}
	tap_ok(ok, "every response is 16 + the request's fields + the result's, as specified");
}

/* A response built by the double for a sample request of type, encoded. */
static size_t sample_response(uint16_t type, uint8_t *out)
{
	struct mbox_request req = sample_request(type);
	uint8_t buf[MBOX_MSG_MAX];
	int n = mbox_encode_request(&req, buf, sizeof(buf));

	return mbox_handle(buf, (size_t)n, out);
}

/* Decodes the response buf (n bytes): the status the device side refuses
 * it with, MBOX_OK when it accepts it. */
static enum mbox_status response_verdict(const uint8_t *buf, size_t n)
{
	struct mbox_response resp;
	enum mbox_status why = MBOX_OK;

	return mbox_decode_response(buf, n, &resp, &why) == 0 ? MBOX_OK : why;
}

/* The verdict on a copy of the response buf (n bytes) with the size-byte
 * field at off set to v. */
static enum mbox_status patched(const uint8_t *buf, size_t n, size_t off, unsigned size, uint32_t v)
{
	uint8_t copy[MBOX_MSG_MAX];

	memcpy(copy, buf, n);
	if (size == 1)
		copy[off] = (uint8_t)v;
	else if (size == 2)
		put_le16(copy + off, (uint16_t)v);
	else
		put_le32(copy + off, v);
	return response_verdict(copy, n);
}

/* Offsets in a response: header, echoed request fields, result fields. */
#define RES(req_size, off) (MBOX_HEADER_SIZE + (req_size) + (off))

static void test_response_errors(void)
{
	uint8_t buf[MBOX_MSG_MAX + 1], copy[MBOX_MSG_MAX + 1];
	size_t n = sample_response(MBOX_VERIFY_IMAGE, buf);
	int ok = 1;

	for (size_t len = 0; len < n; len++)
		ok &= response_verdict(buf, len) == MBOX_ST_TRUNCATED;
	tap_ok(ok, "response: every cut of a verify response -> TRUNCATED");

	for (uint16_t type = 1; type <= MBOX_TYPE_LAST; type++) {
		size_t rn = sample_response(type, buf);

		ok = 1;
		for (size_t body = 0; body < rn - MBOX_HEADER_SIZE; body++) {
			memcpy(copy, buf, rn);
			put_le32(copy + 4, (uint32_t)(MBOX_HEADER_SIZE + body));
			ok &= response_verdict(copy, MBOX_HEADER_SIZE + body) == MBOX_ST_TRUNCATED;
		}
		memcpy(copy, buf, rn);
		copy[rn] = 0;
		put_le32(copy + 4, (uint32_t)(rn + 1));
		tap_ok(ok && response_verdict(copy, rn + 1) == MBOX_ST_TRAILING,
		       "response %s: every shorter body -> TRUNCATED, a byte more -> TRAILING",
		       type_names[type]);
	}

	n = sample_response(MBOX_VERIFY_IMAGE, buf);
	tap_ok(patched(buf, n, 12, 2, MBOX_VERIFY_IMAGE) == MBOX_ST_UNKNOWN_TYPE,
	       "response: type without the response bit -> UNKNOWN_TYPE");
	tap_ok(patched(buf, n, 2, 2, 2) == MBOX_ST_BAD_VERSION,
	       "response: version 2 -> BAD_VERSION");
	const uint16_t statuses[] = { 9, 31, MBOX_ST_STORE_FAILED + 1, 0xffff };
	ok = 1;
	for (size_t i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++)
		ok &= patched(buf, n, 14, 2, statuses[i]) == MBOX_ST_OUT_OF_RANGE;
	tap_ok(ok, "response: statuses 9, 31, 46, 65535 (undefined) -> OUT_OF_RANGE");
	tap_ok(patched(buf, n, 14, 2, MBOX_ST_TRAILING) == MBOX_ST_TRAILING,
	       "response: a protocol error with a body -> TRAILING");
	tap_ok(patched(buf, n, 8, 4, 0) == MBOX_ST_OUT_OF_RANGE,
	       "response: OK with id 0 -> OUT_OF_RANGE");
	memcpy(copy, buf, MBOX_HEADER_SIZE);
	put_le32(copy + 4, MBOX_HEADER_SIZE);
	put_le32(copy + 8, 0);
	put_le16(copy + 12, 0x8000 | 0x7777);
	put_le16(copy + 14, MBOX_ST_TRUNCATED);
	tap_ok(response_verdict(copy, MBOX_HEADER_SIZE) == MBOX_OK,
	       "response: a protocol error with id 0 and an unknown type echoed is accepted");

	/* Result fields out of bounds: offsets from the spec's tables. */
	const struct {
		uint16_t type;
		size_t off;
		unsigned size;
		uint32_t value;
		uint16_t want;
		const char *name;
	} fields[] = {
		{ MBOX_VERIFY_IMAGE, RES(VERIFY_REQ, 0), 2, 4, MBOX_ST_OUT_OF_RANGE,
		  "verify image type 4" },
		{ MBOX_VERIFY_IMAGE, RES(VERIFY_REQ, 2), 2, 4, MBOX_ST_OUT_OF_RANGE,
		  "verify flags 0x4" },
		{ MBOX_VERIFY_IMAGE, RES(0, 0), 2, 64, MBOX_ST_OUT_OF_RANGE,
		  "verify echoed slot 64" },
		{ MBOX_VERIFY_IMAGE, RES(0, 2), 1, 1, MBOX_ST_NONZERO_RESERVED,
		  "verify echoed reserved" },
		{ MBOX_VERIFY_STAGED_IMAGE, RES(VERIFY_STAGED_REQ, 0), 2, 4, MBOX_ST_OUT_OF_RANGE,
		  "verify staged image type 4" },
		{ MBOX_VERIFY_STAGED_IMAGE, RES(VERIFY_STAGED_REQ, 2), 2, 4, MBOX_ST_OUT_OF_RANGE,
		  "verify staged flags 0x4" },
		{ MBOX_VERIFY_STAGED_IMAGE, RES(0, 0), 2, 64, MBOX_ST_OUT_OF_RANGE,
		  "verify staged echoed slot 64" },
		{ MBOX_VERIFY_STAGED_IMAGE, RES(0, 3), 1, 1, MBOX_ST_NONZERO_RESERVED,
		  "verify staged echoed reserved" },
		{ MBOX_DEVICE_ID, RES(0, 97), 1, 1, MBOX_ST_NONZERO_RESERVED,
		  "device id reserved" },
		{ MBOX_ATTEST, RES(ATTEST_REQ, 32), 2, 9, MBOX_ST_OUT_OF_RANGE, "attest count 9" },
		{ MBOX_ATTEST, RES(ATTEST_REQ, 32), 2, 1, MBOX_ST_TRAILING, "attest count 1 of 2" },
		{ MBOX_ATTEST, RES(ATTEST_REQ, 34), 1, 1, MBOX_ST_NONZERO_RESERVED,
		  "attest reserved" },
		{ MBOX_ATTEST, RES(ATTEST_REQ, 36), 2, 0, MBOX_ST_OUT_OF_RANGE,
		  "measurement kind 0" },
		{ MBOX_ATTEST, RES(ATTEST_REQ, 72), 2, MBOX_MEAS_KIND_LAST + 1,
		  MBOX_ST_OUT_OF_RANGE, "measurement kind 8" },
		{ MBOX_ATTEST, RES(ATTEST_REQ, 72), 2, MBOX_MEAS_BOOT_CHAIN, MBOX_ST_OUT_OF_RANGE,
		  "the same measurement kind twice" },
		{ MBOX_ATTEST, RES(ATTEST_REQ, 36), 2, MBOX_MEAS_ROOTFS, MBOX_ST_OUT_OF_RANGE,
		  "measurement kinds 6 then 5" },
		{ MBOX_ATTEST, RES(ATTEST_REQ, 74), 1, 1, MBOX_ST_NONZERO_RESERVED,
		  "measurement reserved" },
		{ MBOX_RANDOM, RES(RANDOM_REQ, 0), 2, 257, MBOX_ST_OUT_OF_RANGE,
		  "random count 257" },
		{ MBOX_RANDOM, RES(RANDOM_REQ, 2), 1, 1, MBOX_ST_NONZERO_RESERVED,
		  "random reserved" },
		{ MBOX_RANDOM, RES(0, 0), 2, 0, MBOX_ST_OUT_OF_RANGE, "random echoed count 0" },
		{ MBOX_CAPABILITY, RES(CAPABILITY_REQ, 0), 1, 2, MBOX_ST_OUT_OF_RANGE,
		  "capability granted 2" },
		{ MBOX_CAPABILITY, RES(CAPABILITY_REQ, 1), 1, 1, MBOX_ST_NONZERO_RESERVED,
		  "capability reserved" },
		{ MBOX_INSTALL_OS, RES(INSTALL_OS_REQ, 0), 2, 2, MBOX_ST_OUT_OF_RANGE,
		  "install OS slot 2" },
		{ MBOX_INSTALL_OS, RES(INSTALL_OS_REQ, 2), 1, 1, MBOX_ST_NONZERO_RESERVED,
		  "install OS reserved" },
		{ MBOX_OS_BOOT_STATE, RES(0, 0), 2, 2, MBOX_ST_OUT_OF_RANGE, "OS boot state slot 2" },
		{ MBOX_OS_BOOT_STATE, RES(0, 2), 2, 2, MBOX_ST_OUT_OF_RANGE, "OS boot state trial 2" },
		{ MBOX_OS_BOOT_STATE, RES(0, 12), 2, 4, MBOX_ST_OUT_OF_RANGE,
		  "OS boot state other slot's state 4" },
		{ MBOX_OS_BOOT_STATE, RES(0, 14), 1, 1, MBOX_ST_NONZERO_RESERVED,
		  "OS boot state reserved" },
	};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		n = sample_response(fields[i].type, buf);
		enum mbox_status got =
			patched(buf, n, fields[i].off, fields[i].size, fields[i].value);
		tap_ok(got == fields[i].want, "response: %s -> %s (%s)", fields[i].name,
		       mbox_status_name(fields[i].want), mbox_status_name(got));
	}

	/* Random bytes: as many as asked when OK (a response one byte short,
	 * its length adjusted, is refused). */
	n = sample_response(MBOX_RANDOM, copy);
	put_le16(copy + RES(RANDOM_REQ, 0), 31);
	put_le32(copy + 4, (uint32_t)(n - 1));
	tap_ok(response_verdict(copy, n - 1) == MBOX_ST_OUT_OF_RANGE,
	       "response: random OK with 31 bytes for 32 asked -> OUT_OF_RANGE");
	/* A failure with measurements. */
	n = sample_response(MBOX_ATTEST, buf);
	tap_ok(patched(buf, n, 14, 2, MBOX_ST_STORE_FAILED) == MBOX_ST_OUT_OF_RANGE,
	       "response: attest STORE_FAILED with measurements -> OUT_OF_RANGE");
}

static void test_encoder_refusals(void)
{
	struct mbox_request req = sample_request(MBOX_VERIFY_IMAGE);
	struct mbox_response resp;
	uint8_t buf[MBOX_MSG_MAX];
	int ok = 1;

	req.id = 0;
	tap_ok(mbox_encode_request(&req, buf, sizeof(buf)) == -EINVAL,
	       "encode request: id 0 -> -EINVAL");
	req = sample_request(MBOX_VERIFY_IMAGE);
	req.type = MBOX_TYPE_LAST + 1;
	tap_ok(mbox_encode_request(&req, buf, sizeof(buf)) == -EINVAL,
	       "encode request: unknown type -> -EINVAL");
	req = sample_request(MBOX_VERIFY_IMAGE);
	req.f.verify.slot = MBOX_SLOT_MAX + 1;
	tap_ok(mbox_encode_request(&req, buf, sizeof(buf)) == -EINVAL,
	       "encode request: slot 64 -> -EINVAL");
	req = sample_request(MBOX_RANDOM);
	req.f.random.count = 0;
	tap_ok(mbox_encode_request(&req, buf, sizeof(buf)) == -EINVAL,
	       "encode request: random count 0 -> -EINVAL");

	req = sample_request(MBOX_ADVANCE_COUNTER);
	for (size_t cap = 0; cap < MBOX_HEADER_SIZE + ADVANCE_REQ; cap++)
		ok &= mbox_encode_request(&req, buf, cap) == -ENOSPC;
	tap_ok(ok, "encode request: every buffer too small -> -ENOSPC");

	req = sample_request(MBOX_ATTEST);
	mbox_response_init(&resp, &req, MBOX_OK);
	mbox_handle_results(&resp);
	ok = 1;
	for (size_t cap = 0; cap < MBOX_HEADER_SIZE + ATTEST_REQ + ATTEST_RES(2); cap++)
		ok &= mbox_encode_response(&resp, buf, cap) == -ENOSPC;
	tap_ok(ok, "encode response: every buffer too small -> -ENOSPC");
	resp.res.attest.count = MBOX_MEASUREMENTS_MAX + 1;
	tap_ok(mbox_encode_response(&resp, buf, sizeof(buf)) == -EINVAL,
	       "encode response: 9 measurements -> -EINVAL");
	resp.res.attest.count = 1;
	resp.res.attest.measurements[0].kind = 0;
	tap_ok(mbox_encode_response(&resp, buf, sizeof(buf)) == -EINVAL,
	       "encode response: measurement kind 0 -> -EINVAL");

	req = sample_request(MBOX_RANDOM);
	mbox_response_init(&resp, &req, MBOX_OK);
	resp.res.random.count = 31;
	tap_ok(mbox_encode_response(&resp, buf, sizeof(buf)) == -EINVAL,
	       "encode response: random OK with 31 bytes for 32 -> -EINVAL");
	resp.status = 9;
	tap_ok(mbox_encode_response(&resp, buf, sizeof(buf)) == -EINVAL,
	       "encode response: undefined status 9 -> -EINVAL");
	resp.status = MBOX_OK;
	resp.type = MBOX_RANDOM | MBOX_RESPONSE_BIT;
	tap_ok(mbox_encode_response(&resp, buf, sizeof(buf)) == -EINVAL,
	       "encode response: type with the response bit -> -EINVAL");
}

static void test_matching(void)
{
	struct mbox_request req = sample_request(MBOX_VERIFY_IMAGE), other;
	struct mbox_response resp;

	mbox_response_init(&resp, &req, MBOX_OK);
	tap_ok(mbox_response_answers(&resp, &req), "a response answers its request");
	other = req;
	other.id++;
	tap_ok(!mbox_response_answers(&resp, &other), "not a request with another id");
	other = sample_request(MBOX_ADVANCE_COUNTER);
	other.id = req.id;
	tap_ok(!mbox_response_answers(&resp, &other), "not a request of another type, same id");
	other = req;
	other.f.verify.slot = 6;
	tap_ok(!mbox_response_answers(&resp, &other), "not a request for another slot, same id");
	other = req;
	other.f.verify.component_id[15] ^= 1;
	tap_ok(!mbox_response_answers(&resp, &other),
	       "not a request for another component, same id");
	mbox_response_init(&resp, &req, MBOX_ST_BAD_VERSION);
	tap_ok(mbox_response_answers(&resp, &req),
	       "a protocol error (no fields echoed) answers by id and type");
	other = sample_request(MBOX_VERIFY_STAGED_IMAGE);
	other.id = req.id;
	tap_ok(!mbox_response_answers(&resp, &other),
	       "a verify response does not answer a verify staged request, same id");
	req = sample_request(MBOX_VERIFY_STAGED_IMAGE);
	mbox_response_init(&resp, &req, MBOX_ST_BAD_IMAGE);
	other = req;
	other.f.verify_staged.head[15] ^= 1;
	tap_ok(mbox_response_answers(&resp, &req) && !mbox_response_answers(&resp, &other),
	       "a verify staged response echoes the head: not a request with another head, same id");
}

static void test_attest_signed_bytes(void)
{
	struct mbox_request req = sample_request(MBOX_ATTEST);
	struct mbox_response resp;
	uint8_t tbs[MBOX_ATTEST_SIGNED_MAX], tbs2[MBOX_ATTEST_SIGNED_MAX], msg[MBOX_MSG_MAX];
	const size_t ctx = sizeof("spherule attestation v1");

	mbox_response_init(&resp, &req, MBOX_OK);
	mbox_handle_results(&resp);
	int n = mbox_attest_signed_bytes(&resp, tbs, sizeof(tbs));
	int m = mbox_encode_response(&resp, msg, sizeof(msg));
	tap_ok(n == (int)(ctx + ATTEST_REQ + 36 + 2 * 36) && m > 0 &&
		       memcmp(tbs, "spherule attestation v1", ctx) == 0 &&
		       memcmp(tbs + ctx, msg + MBOX_HEADER_SIZE, (size_t)n - ctx) == 0 &&
		       (size_t)m == MBOX_HEADER_SIZE + (size_t)n - ctx + MBOX_SIGNATURE_SIZE,
	       "attestation signs the context (NUL included), then the body up to the signature");
	resp.res.attest.signature[0] ^= 0xff;
	tap_ok(mbox_attest_signed_bytes(&resp, tbs2, sizeof(tbs2)) == n &&
		       memcmp(tbs, tbs2, (size_t)n) == 0,
	       "the signed bytes do not depend on the signature");
	resp.req.attest.nonce[31] ^= 1;
	tap_ok(mbox_attest_signed_bytes(&resp, tbs2, sizeof(tbs2)) == n &&
		       memcmp(tbs, tbs2, (size_t)n) != 0,
	       "the signed bytes cover the nonce");
	tap_ok(mbox_attest_signed_bytes(&resp, tbs2, (size_t)n - 1) == -ENOSPC,
	       "signed bytes: a buffer one byte short -> -ENOSPC");
	resp.status = MBOX_ST_STORE_FAILED;
	resp.res.attest.count = 0;
	tap_ok(mbox_attest_signed_bytes(&resp, tbs2, sizeof(tbs2)) == -EINVAL,
	       "signed bytes: of a failed attestation -> -EINVAL");
	req = sample_request(MBOX_DEVICE_ID);
	mbox_response_init(&resp, &req, MBOX_OK);
	tap_ok(mbox_attest_signed_bytes(&resp, tbs2, sizeof(tbs2)) == -EINVAL,
	       "signed bytes: of another type -> -EINVAL");
}

static void test_status_names(void)
{
	int ok = 1;

	for (unsigned a = 0; a <= 0xffff; a++) {
		int defined = a == 0 || (a >= 1 && a <= 8) || (a >= 32 && a <= 45);

		if (!mbox_status_name((uint16_t)a) != !defined ||
		    !mbox_status_text((uint16_t)a) != !defined) {
			printf("# status %u: name %s\n", a, mbox_status_name((uint16_t)a));
			ok = 0;
		}
		for (unsigned b = 0; defined && b < a; b++)
			if (mbox_status_name((uint16_t)b) &&
			    strcmp(mbox_status_name((uint16_t)a), mbox_status_name((uint16_t)b)) ==
				    0)
				ok = 0;
	}
	tap_ok(ok, "statuses 0, 1..8, 32..45 have distinct names and meanings, no other has");
	tap_ok_str(mbox_status_name(MBOX_ST_ROLLED_BACK), "ROLLED_BACK",
		   "status 41 is ROLLED_BACK");
}

/* The status table of docs/secmon-protocol.md: each row "| code | NAME |
 * meaning |" is the codec's, and every defined status has its row. */
static void test_status_table_documented(void)
{
	FILE *f = fopen(MBOX_SPEC, "r");
	char line[512], name[64], text[256];
	unsigned code, rows = 0, defined = 0;
	int ok = f != NULL;

	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "| %u | %63[A-Z_] | %255[^|]|", &code, name, text) != 3)
			continue;
		text[strcspn(text, "\n")] = 0;
		while (strlen(text) && text[strlen(text) - 1] == ' ')
			text[strlen(text) - 1] = 0;
		rows++;
		if (!mbox_status_name((uint16_t)code) ||
		    strcmp(name, mbox_status_name((uint16_t)code)) != 0 ||
		    strcmp(text, mbox_status_text((uint16_t)code)) != 0) {
			printf("# %s: row %u %s \"%s\" is not the codec's\n", MBOX_SPEC, code, name,
			       text);
			ok = 0;
		}
	}
	if (f)
		fclose(f);
	for (unsigned st = 0; st <= 0xffff; st++)
		defined += mbox_status_name((uint16_t)st) != NULL;
	tap_ok(ok && rows == defined,
	       "%s lists the %u status codes as the codec names them (%u rows)", MBOX_SPEC, defined,
	       rows);
}

static void test_framing(void)
{
	uint8_t stream[2 * MBOX_MSG_MAX];
	struct mbox_request a = sample_request(MBOX_ATTEST), b = sample_request(MBOX_RANDOM), got;
	enum mbox_status why;
	uint32_t size = 0;
	int na = mbox_encode_request(&a, stream, sizeof(stream));
	int nb = mbox_encode_request(&b, stream + na, sizeof(stream) - (size_t)na);

	tap_ok(mbox_frame_size(stream, (size_t)(na + nb), &size, &why) == 0 &&
		       size == (uint32_t)na && mbox_decode_request(stream, size, &got, &why) == 0 &&
		       got.type == MBOX_ATTEST &&
		       mbox_frame_size(stream + na, (size_t)nb, &size, &why) == 0 &&
		       size == (uint32_t)nb &&
		       mbox_decode_request(stream + na, size, &got, &why) == 0 &&
		       got.type == MBOX_RANDOM,
	       "framing: two requests in a stream are split by their length fields");
	put_le16(stream + 2, 9);
	tap_ok(mbox_frame_size(stream, (size_t)na, &size, &why) == 0 && size == (uint32_t)na,
	       "framing: a message of another version is framed (then refused BAD_VERSION)");
	tap_ok(mbox_frame_size(stream, MBOX_HEADER_SIZE - 1, &size, &why) == -EBADMSG &&
		       why == MBOX_ST_TRUNCATED,
	       "framing: fewer than 16 bytes -> TRUNCATED");
}

int main(void)
{
	make_bodies();
	test_request_header_errors();
	test_request_body_errors();
	test_request_bounds();
	test_round_trips();
	test_documented_bytes();
	test_response_errors();
	test_encoder_refusals();
	test_matching();
	test_attest_signed_bytes();
	test_status_names();
	test_status_table_documented();
	test_framing();
	return tap_done();
}
