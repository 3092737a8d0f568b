/*
 * test_secmon_mbox.c - secmon's mailbox handlers (secmon/mbox_server.c,
 * app_verify.c, mbox_attest_sign.c, devcap.c) driven through encoded
 * requests against a temporary store and flash file: device id, random
 * bytes, attestation (its signature checked with the device's public key),
 * verify app image by slot and advance a counter with every status they
 * answer, verify staged app image (the head held back) answering as verify
 * does, the development capability and the development keys it makes
 * trusted, malformed requests answered with their protocol status, and the
 * device's private key in no response.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>

#include "counter.h"
#include "crypto.h"
#include "devcap.h"
#include "flash_layout.h"
#include "mbox_server.h"
#include "spherule/pkg_host.h"
#include "store.h"
#include "tap.h"
#include "test_pkg_support.h"

static char dir[] = "/tmp/test_secmon_mbox.XXXXXX";
static struct secmon_store store;
static struct test_package pkg; /* signed by the OEM key; component C, security version 3 */
static EVP_PKEY *stranger, *revoked, *development; /* development: of the store's development keys */
static struct measurement meas;
static struct mbox_server srv;
static uint8_t component[16];
/* Every response of the test, one after the other: scanned for the private key. */
static uint8_t transcript[1 << 20];
static size_t transcript_len;

static void bail(const char *what)
{
	printf("Bail out! %s\n", what);
	exit(1);
}

static void put_at(unsigned slot, size_t off, const uint8_t *data, size_t len)
{
	if (pwrite(srv.flash_fd, data, len, FLASH_APP_OFFSET(slot) + (off_t)off) != (ssize_t)len)
		bail("pwrite");
}

static void put_slot(unsigned slot, const uint8_t *data, size_t len)
{
	put_at(slot, 0, data, len);
}

/* The test package rebuilt with key, type and security version, into slot. */
static void put_package(unsigned slot, EVP_PKEY *key, uint16_t type, uint32_t svn)
{
	static uint8_t footer[PKG_FOOTER_MAX];
	struct pkg_build_params p = pkg.params;
	struct error_detail err = { "" };
	uint32_t size;

	p.image_type = type;
	p.security_version = svn;
	if (pkg_build_footer(pkg.payload, TEST_PAYLOAD_SIZE, &p, key, footer, &size, &err) < 0)
		bail(err.msg);
	put_slot(slot, pkg.payload, TEST_PAYLOAD_SIZE);
	if (pwrite(srv.flash_fd, footer, size, FLASH_APP_OFFSET(slot) + TEST_PAYLOAD_SIZE) != (ssize_t)size)
		bail("pwrite");
}

/* Serves raw bytes; the response, kept in the transcript, decoded into resp. */
static int serve_raw(const uint8_t *in, size_t len, struct mbox_response *resp)
{
	uint8_t out[MBOX_MSG_MAX];
	enum mbox_status why;
	size_t n = mbox_serve(&srv, in, len, out);

	if (n == 0 || transcript_len + n > sizeof(transcript))
		return -1;
	memcpy(transcript + transcript_len, out, n);
	transcript_len += n;
	return mbox_decode_response(out, n, resp, &why);
}

/* Encodes req, serves it; the decoded answer, which must answer req. */
static uint16_t ask(struct mbox_request *req, struct mbox_response *resp)
{
	static uint32_t next_id = 1;
	uint8_t in[MBOX_MSG_MAX];
	int n;

	req->id = next_id++;
	n = mbox_encode_request(req, in, sizeof(in));
	if (n < 0 || serve_raw(in, (size_t)n, resp) < 0 || !mbox_response_answers(resp, req))
		return 0xffff;
	return resp->status;
}

static uint16_t verify(uint16_t slot, const uint8_t comp[16], struct mbox_response *resp)
{
	struct mbox_request req = { .type = MBOX_VERIFY_IMAGE };

	req.f.verify.slot = slot;
	memcpy(req.f.verify.component_id, comp, 16);
	return ask(&req, resp);
}

static uint16_t verify_staged(uint16_t slot, const uint8_t comp[16], const uint8_t head[16],
			      struct mbox_response *resp)
{
	struct mbox_request req = { .type = MBOX_VERIFY_STAGED_IMAGE };

	req.f.verify_staged.slot = slot;
	memcpy(req.f.verify_staged.component_id, comp, 16);
	memcpy(req.f.verify_staged.head, head, 16);
	return ask(&req, resp);
}

static uint16_t advance(uint16_t slot, uint32_t value, uint32_t *counter)
{
	static struct mbox_response resp;
	struct mbox_request req = { .type = MBOX_ADVANCE_COUNTER };
	uint16_t st;

	req.f.advance.slot = slot;
	memcpy(req.f.advance.component_id, component, 16);
	req.f.advance.security_version = value;
	st = ask(&req, &resp);
	*counter = resp.res.advance.counter;
	return st;
}

static void setup(void)
{
	struct secmon_key_set sets[SECMON_KEY_SETS] = { 0 };
	EVP_PKEY *vendor = pkg_key_generate(NULL);
	struct error_detail err = { "" };
	uint8_t point[PKG_PUBKEY_SIZE], erased[4096];
	char path[PATH_MAX], id[65];
	static const char *const names[] = { "osdesc", "boot", "dtb", "kernel", "rootfs" };

	if (!mkdtemp(dir))
		bail("mkdtemp");
	test_package_build(&pkg);
	memcpy(component, pkg.params.component_id, 16);
	stranger = pkg_key_generate(NULL);
	revoked = pkg_key_generate(NULL);
	development = pkg_key_generate(NULL);
	EVP_PKEY *keys[SECMON_KEY_SETS] = { vendor, pkg.key, revoked, development };
	for (int i = 0; i < SECMON_KEY_SETS; i++)
		if (!keys[i] || pkg_key_point(keys[i], point, &err) || secmon_key_set_add(&sets[i], point, &err))
			bail("keys");
	EVP_PKEY_free(vendor);
	snprintf(path, sizeof(path), "%s/device.flash.secmon", dir);
	if (secmon_store_manufacture(path, sets, false, id, &err) || secmon_store_open(path, true, &store, &err))
		bail(err.msg);
	snprintf(path, sizeof(path), "%s/device.flash", dir);
	srv.flash_fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (srv.flash_fd < 0 || ftruncate(srv.flash_fd, FLASH_FILE_SIZE) < 0)
		bail("flash");
	memset(erased, 0xff, sizeof(erased));
	for (unsigned slot = 0; slot < FLASH_APP_COUNT; slot++)
		put_slot(slot, erased, sizeof(erased));
	measure_init(&meas);
	for (unsigned i = 0; i < 5; i++) {
		uint8_t digest[32];

		memset(digest, 0x10 + i, sizeof(digest));
		measure_extend(&meas, names[i], digest);
	}
	srv.store = &store;
	srv.measurement = &meas;
}

static void test_device_id(void)
{
	static struct mbox_response resp;
	struct mbox_request req = { .type = MBOX_DEVICE_ID };
	uint8_t id[32];

	pkg_thumbprint(store.device_point, id);
	tap_ok(ask(&req, &resp) == MBOX_OK, "device id: OK");
	tap_ok(!memcmp(resp.res.device_id.public_key, store.device_point, 65) &&
		       !memcmp(resp.res.device_id.device_id, id, 32),
	       "device id: the store's public key and the SHA-256 of it");
}

static void test_random(void)
{
	static struct mbox_response a, b;
	struct mbox_request req = { .type = MBOX_RANDOM };
	uint8_t in[MBOX_MSG_MAX];
	int n;

	req.f.random.count = 32;
	tap_ok(ask(&req, &a) == MBOX_OK && a.res.random.count == 32, "random: 32 bytes");
	tap_ok(ask(&req, &b) == MBOX_OK && memcmp(a.res.random.bytes, b.res.random.bytes, 32),
	       "random: fresh bytes each time");
	req.f.random.count = 256;
	tap_ok(ask(&req, &a) == MBOX_OK && a.res.random.count == 256, "random: 256 bytes, the most");
	req.f.random.count = 1;
	req.id = 9;
	n = mbox_encode_request(&req, in, sizeof(in));
	in[16] = 0; /* count 0 */
	tap_ok(serve_raw(in, (size_t)n, &a) == 0 && a.status == MBOX_ST_OUT_OF_RANGE, "random: count 0 is OUT_OF_RANGE");
	in[16] = 1;
	in[17] = 1; /* count 257 */
	tap_ok(serve_raw(in, (size_t)n, &a) == 0 && a.status == MBOX_ST_OUT_OF_RANGE,
	       "random: count 257 is OUT_OF_RANGE");
}

static void test_attest(const struct devcap *cap)
{
	static struct mbox_response resp;
	static uint8_t signed_bytes[MBOX_ATTEST_SIGNED_MAX];
	struct mbox_request req = { .type = MBOX_ATTEST };
	uint8_t digest[32], id[32];
	unsigned want = cap ? 7 : 6;
	int n, ok;

	srv.capability = cap;
	memset(req.f.attest.nonce, 0xa5, 32);
	req.f.attest.nonce[0] = (uint8_t)want;
	pkg_thumbprint(store.device_point, id);
	tap_ok(ask(&req, &resp) == MBOX_OK, "attest%s: OK", cap ? " (development)" : "");
	ok = resp.res.attest.count == want && !memcmp(resp.req.attest.nonce, req.f.attest.nonce, 32) &&
	     !memcmp(resp.res.attest.device_id, id, 32);
	for (unsigned i = 0; ok && i < 6; i++)
		ok = resp.res.attest.measurements[i].kind == i + 1 &&
		     !memcmp(resp.res.attest.measurements[i].digest, i ? meas.events[i - 1].digest : meas.value, 32);
	if (ok && cap)
		ok = resp.res.attest.measurements[6].kind == MBOX_MEAS_CAPABILITY &&
		     !memcmp(resp.res.attest.measurements[6].digest, cap->digest, 32);
	tap_ok(ok, "attest: the nonce, the device id, the boot chain and each part%s",
	       cap ? ", the capability" : "");
	n = mbox_attest_signed_bytes(&resp, signed_bytes, sizeof(signed_bytes));
	tap_ok(n > 0 && crypto_sha256(signed_bytes, (size_t)n, digest) == 0 &&
		       crypto_ecdsa_p256_verify(store.device_point, digest, resp.res.attest.signature) == 0,
	       "attest: the signature verifies with the device's public key");
	signed_bytes[30] ^= 1;
	tap_ok(crypto_sha256(signed_bytes, (size_t)n, digest) == 0 &&
		       crypto_ecdsa_p256_verify(store.device_point, digest, resp.res.attest.signature) != 0,
	       "attest: and not for another nonce");
	srv.capability = NULL;
}

static void expect_verify(uint16_t slot, const uint8_t comp[16], uint16_t want, const char *name)
{
	static struct mbox_response resp;
	uint16_t st = verify(slot, comp, &resp);

	tap_ok(st == want, "verify: %s: %s (got %s)", name, mbox_status_name(want),
	       mbox_status_name(st) ? mbox_status_name(st) : "no answer");
}

static void test_verify(void)
{
	static struct mbox_response resp;
	uint8_t other[16], garbage[4096], tp[32];

	put_slot(0, pkg.bytes, pkg.size);
	pkg_thumbprint(pkg.point, tp);
	tap_ok(verify(0, component, &resp) == MBOX_OK && resp.res.verify.image_type == PKG_IMAGE_APPLICATION &&
		       resp.res.verify.flags == 0 && resp.res.verify.version == 7 && resp.res.verify.security_version == 3 &&
		       resp.res.verify.counter == 0 && !memcmp(resp.res.verify.key_thumbprint, tp, 32) &&
		       !memcmp(resp.res.verify.image_id, pkg.params.image_id, 16),
	       "verify: a package signed by an OEM key: OK, its fields");
	expect_verify(1, component, MBOX_ST_NO_IMAGE, "an erased slot");
	static const struct mbox_verify_result zero;
	tap_ok(verify(1, component, &resp) == MBOX_ST_NO_IMAGE && !memcmp(&resp.res.verify, &zero, sizeof(zero)),
	       "verify: fields zero when no package was read");
	expect_verify(FLASH_APP_COUNT, component, MBOX_ST_NO_SLOT, "slot past the board's");
	memset(garbage, 0x5a, sizeof(garbage));
	put_slot(2, garbage, sizeof(garbage));
	expect_verify(2, component, MBOX_ST_BAD_IMAGE, "not a package");
	put_package(3, stranger, PKG_IMAGE_APPLICATION, 3);
	expect_verify(3, component, MBOX_ST_UNTRUSTED_KEY, "signed by a key not in the OEM set");
	put_package(4, revoked, PKG_IMAGE_APPLICATION, 3);
	expect_verify(4, component, MBOX_ST_REVOKED_KEY, "signed by a revoked key");
	put_slot(5, pkg.bytes, pkg.size);
	garbage[0] = pkg.bytes[100] ^ 1;
	put_slot(5, pkg.bytes, 100);
	if (pwrite(srv.flash_fd, garbage, 1, FLASH_APP_OFFSET(5) + 100) != 1)
		bail("pwrite");
	expect_verify(5, component, MBOX_ST_BAD_SIGNATURE, "a payload byte changed in flash");
	put_package(6, pkg.key, PKG_IMAGE_OS_ROOTFS, 3);
	expect_verify(6, component, MBOX_ST_WRONG_TYPE, "not an application");
	memcpy(other, component, 16);
	other[15] ^= 1;
	expect_verify(0, other, MBOX_ST_WRONG_COMPONENT, "another component id");
}

static void test_advance(void)
{
	static struct mbox_response resp;
	uint32_t c = 99;

	tap_ok(advance(0, 2, &c) == MBOX_OK && c == 2, "advance: to 2, proven by slot 0 (security version 3)");
	tap_ok(advance(0, 1, &c) == MBOX_ST_COUNTER_BACKWARDS && c == 2, "advance: back to 1 refused, counter 2");
	tap_ok(advance(1, 2, &c) == MBOX_OK && c == 2, "advance: to 2 again is OK without reading the slot");
	tap_ok(advance(0, 4, &c) == MBOX_ST_COUNTER_UNPROVEN && c == 2,
	       "advance: to 4 above the image's 3 is COUNTER_UNPROVEN, counter 2");
	tap_ok(advance(1, 3, &c) == MBOX_ST_NO_IMAGE && c == 2, "advance: proven by an empty slot: NO_IMAGE");
	tap_ok(advance(3, 3, &c) == MBOX_ST_UNTRUSTED_KEY && c == 2,
	       "advance: proven by an untrusted image: UNTRUSTED_KEY");
	tap_ok(advance(0, 3, &c) == MBOX_OK && c == 3, "advance: to 3");
	put_package(7, pkg.key, PKG_IMAGE_APPLICATION, 2);
	tap_ok(verify(7, component, &resp) == MBOX_ST_ROLLED_BACK && resp.res.verify.security_version == 2 &&
		       resp.res.verify.counter == 3,
	       "verify: security version 2 below the counter 3: ROLLED_BACK, with both");
	tap_ok(verify(0, component, &resp) == MBOX_OK && resp.res.verify.counter == 3,
	       "verify: security version 3 at the counter: OK");
	tap_ok(advance(7, 4, &c) == MBOX_ST_ROLLED_BACK && c == 3, "advance: proven by a rolled-back image refused");
}

static const struct devcap *test_capability(void)
{
	static struct devcap cap;
	static struct mbox_response resp;
	struct mbox_request req = { .type = MBOX_CAPABILITY };
	struct error_detail err = { "" };
	uint8_t id[32], other_id[32], file[DEVCAP_SIZE];

	req.f.capability.capability = MBOX_CAP_APP_DEVELOPMENT;
	tap_ok(ask(&req, &resp) == MBOX_OK && resp.res.capability.granted == 0,
	       "capability: not granted without a capability");
	pkg_thumbprint(store.device_point, id);
	memcpy(other_id, id, 32);
	other_id[0] ^= 1;
	tap_ok(devcap_issue(pkg.key, other_id, file, &err) == 0 &&
		       devcap_check(file, sizeof(file), &store, &cap, &err) == -EPERM &&
		       strstr(err.msg, "not this device"),
	       "devcap: issued for another device id: refused (%s)", err.msg);
	tap_ok(devcap_issue(stranger, id, file, &err) == 0 &&
		       devcap_check(file, sizeof(file), &store, &cap, &err) == -ENOKEY,
	       "devcap: signed by a key not in the OEM set: refused (%s)", err.msg);
	tap_ok(devcap_issue(revoked, id, file, &err) == 0 &&
		       devcap_check(file, sizeof(file), &store, &cap, &err) == -EKEYREVOKED,
	       "devcap: signed by a revoked key: refused (%s)", err.msg);
	tap_ok(devcap_issue(pkg.key, id, file, &err) == 0 && devcap_check(file, sizeof(file) - 1, &store, &cap, &err) == -EINVAL,
	       "devcap: a short file: refused (%s)", err.msg);
	file[100] ^= 1;
	tap_ok(devcap_check(file, sizeof(file), &store, &cap, &err) == -EBADMSG,
	       "devcap: a changed signature: refused (%s)", err.msg);
	file[100] ^= 1;
	tap_ok(devcap_check(file, sizeof(file), &store, &cap, &err) == 0, "devcap: for this device by an OEM key: accepted");
	srv.capability = &cap;
	tap_ok(ask(&req, &resp) == MBOX_OK && resp.res.capability.granted == 1, "capability: granted with it");
	srv.capability = NULL;
	return &cap;
}

/*
 * An app signed by a development key: trusted only while the device's
 * capability was accepted (srv.capability), flagged as such; a revoked key
 * is refused whatever set also holds it. Slot 8 holds it at security
 * version 4, one above the counter test_advance() left.
 */
static void test_development(const struct devcap *cap)
{
	static struct mbox_response resp;
	uint32_t c = 99;

	put_package(8, development, PKG_IMAGE_APPLICATION, 4);
	tap_ok(verify(8, component, &resp) == MBOX_ST_NEEDS_DEVELOPMENT &&
		       resp.res.verify.flags == MBOX_IMAGE_DEVELOPMENT_KEY,
	       "verify: a development key without the capability: NEEDS_DEVELOPMENT, flagged");
	tap_ok(advance(8, 4, &c) == MBOX_ST_NEEDS_DEVELOPMENT && c == 3,
	       "advance: proven by it without the capability: NEEDS_DEVELOPMENT, counter 3");
	srv.capability = cap;
	tap_ok(verify(8, component, &resp) == MBOX_OK && resp.res.verify.flags == MBOX_IMAGE_DEVELOPMENT_KEY &&
		       resp.res.verify.security_version == 4,
	       "verify: a development key with the capability: OK, flagged as signed by a development key");
	tap_ok(verify(0, component, &resp) == MBOX_OK && resp.res.verify.flags == 0,
	       "verify: an OEM key with the capability: OK, not flagged");
	put_package(9, stranger, PKG_IMAGE_APPLICATION, 4);
	expect_verify(9, component, MBOX_ST_UNTRUSTED_KEY, "a key of no set, with the capability");
	tap_ok(advance(8, 4, &c) == MBOX_ST_COUNTER_UNPROVEN && c == 3,
	       "advance: an image signed by a development key proves nothing, even with the capability: "
	       "COUNTER_UNPROVEN, counter 3");
	/* A host that put the key in revoked-keys as well: revoked wins. */
	if (secmon_key_set_add(&store.sets[SECMON_REVOKED_KEYS], store.sets[SECMON_DEVELOPMENT_KEYS].keys[0].point,
			       NULL) < 0)
		bail("revoke");
	tap_ok(verify(8, component, &resp) == MBOX_ST_REVOKED_KEY && !(resp.res.verify.flags & MBOX_IMAGE_DEVELOPMENT_KEY),
	       "verify: a development key also revoked: REVOKED_KEY, with the capability");
	tap_ok(advance(8, 5, &c) == MBOX_ST_REVOKED_KEY && c == 3, "advance: proven by it: REVOKED_KEY");
	store.sets[SECMON_REVOKED_KEYS].count--;
	srv.capability = NULL;
}

/* The package in slot staged as appmgr stages it: its first 16 bytes erased. */
static void hold_back_head(unsigned slot)
{
	uint8_t erased[MBOX_STAGED_HEAD_SIZE];

	memset(erased, 0xff, sizeof(erased));
	put_slot(slot, erased, sizeof(erased));
}

static void expect_staged(uint16_t slot, const uint8_t head[16], uint16_t want, const char *name)
{
	static struct mbox_response resp;
	uint16_t st = verify_staged(slot, component, head, &resp);

	tap_ok(st == want, "verify staged: %s: %s (got %s)", name, mbox_status_name(want),
	       mbox_status_name(st) ? mbox_status_name(st) : "no answer");
}

/*
 * Verify staged app image: the slot's first 16 bytes erased in flash, the
 * request's head read in their place, then every check and result of
 * verify. Slots 10..15; the counter is 3 (test_advance()).
 */
static void test_verify_staged(const struct devcap *cap)
{
	static struct mbox_response whole, staged;
	static const struct mbox_verify_result zero;
	uint8_t head[16], erased[16], other[16];

	memcpy(head, pkg.bytes, sizeof(head));
	memset(erased, 0xff, sizeof(erased));
	put_slot(10, pkg.bytes, pkg.size);
	tap_ok(verify(10, component, &whole) == MBOX_OK && verify_staged(10, component, head, &staged) == MBOX_ST_BAD_IMAGE &&
		       !memcmp(&staged.res.verify, &zero, sizeof(zero)),
	       "verify staged: the head written in flash: BAD_IMAGE, no fields (not staged)");
	hold_back_head(10);
	tap_ok(verify_staged(10, component, head, &staged) == MBOX_OK &&
		       !memcmp(&staged.res.verify, &whole.res.verify, sizeof(whole.res.verify)),
	       "verify staged: the head held back and sent: OK, the result verify gave for the whole package");
	expect_verify(10, component, MBOX_ST_BAD_IMAGE, "a staged slot (head erased) is no package");
	put_at(10, 15, pkg.bytes + 15, 1);
	expect_staged(10, head, MBOX_ST_BAD_IMAGE, "the head's last byte written in flash");
	hold_back_head(10);
	put_at(10, 0, pkg.bytes, 1);
	expect_staged(10, head, MBOX_ST_BAD_IMAGE, "the head's first byte written in flash");
	hold_back_head(10);
	memcpy(other, head, sizeof(other));
	other[sizeof(other) - 1] ^= 1;
	expect_staged(10, other, MBOX_ST_BAD_SIGNATURE, "a head byte other than the signed one");
	expect_staged(10, erased, MBOX_ST_BAD_IMAGE, "an erased head (no cramfs magic)");
	expect_staged(11, erased, MBOX_ST_NO_IMAGE, "an erased slot and an erased head");
	tap_ok(verify_staged(11, component, head, &staged) == MBOX_ST_BAD_IMAGE &&
		       !memcmp(&staged.res.verify, &zero, sizeof(zero)),
	       "verify staged: an erased slot with a head: BAD_IMAGE, no fields");
	expect_staged(FLASH_APP_COUNT, head, MBOX_ST_NO_SLOT, "slot past the board's");
	memcpy(other, component, sizeof(other));
	other[0] ^= 1;
	tap_ok(verify_staged(10, other, head, &staged) == MBOX_ST_WRONG_COMPONENT,
	       "verify staged: another component id: WRONG_COMPONENT");
	put_package(11, stranger, PKG_IMAGE_APPLICATION, 3);
	hold_back_head(11);
	expect_staged(11, head, MBOX_ST_UNTRUSTED_KEY, "signed by a key not in the OEM set");
	put_package(12, pkg.key, PKG_IMAGE_APPLICATION, 2);
	hold_back_head(12);
	tap_ok(verify_staged(12, component, head, &staged) == MBOX_ST_ROLLED_BACK &&
		       staged.res.verify.security_version == 2 && staged.res.verify.counter == 3,
	       "verify staged: security version 2 below the counter 3: ROLLED_BACK, with both");
	put_package(13, development, PKG_IMAGE_APPLICATION, 4);
	hold_back_head(13);
	tap_ok(verify_staged(13, component, head, &staged) == MBOX_ST_NEEDS_DEVELOPMENT &&
		       staged.res.verify.flags == MBOX_IMAGE_DEVELOPMENT_KEY,
	       "verify staged: a development key without the capability: NEEDS_DEVELOPMENT, flagged");
	srv.capability = cap;
	tap_ok(verify_staged(13, component, head, &staged) == MBOX_OK &&
		       staged.res.verify.flags == MBOX_IMAGE_DEVELOPMENT_KEY,
	       "verify staged: a development key with the capability: OK, flagged");
	srv.capability = NULL;
	put_slot(10, head, sizeof(head));
	tap_ok(verify(10, component, &staged) == MBOX_OK && verify_staged(10, component, head, &staged) == MBOX_ST_BAD_IMAGE,
	       "the head written after OK: verify OK, verify staged BAD_IMAGE");
}

/* Every cut of every type's request, and random bytes: each answered with an error. */
static void test_malformed(void)
{
	static struct mbox_response resp;
	struct mbox_request req;
	uint8_t in[MBOX_MSG_MAX];
	unsigned answered = 0, total = 0;

	for (uint16_t type = 1; type <= MBOX_TYPE_LAST; type++) {
		int n;

		memset(&req, 0, sizeof(req));
		req.id = 77;
		req.type = type;
		req.f.random.count = 1;
		req.f.capability.capability = 1;
		n = mbox_encode_request(&req, in, sizeof(in));
		for (int len = 0; n > 0 && len < n; len++, total++)
			answered += serve_raw(in, (size_t)len, &resp) == 0 && resp.status >= MBOX_ST_TRUNCATED &&
				    resp.status <= MBOX_ST_PROTOCOL_LAST;
		in[n] = 0;
		in[4] = (uint8_t)(n + 1);
		answered += serve_raw(in, (size_t)n + 1, &resp) == 0 && resp.status == MBOX_ST_TRAILING;
		total++;
	}
	tap_ok(total > 0 && answered == total, "malformed: every cut and a byte too many of each type: %u of %u answered with an error",
	       answered, total);
	answered = 0;
	srand(13);
	for (unsigned i = 0; i < 2000; i++) {
		size_t len = (size_t)rand() % sizeof(in);

		for (size_t b = 0; b < len; b++)
			in[b] = (uint8_t)rand();
		if (i % 2) { /* a valid header half of the time, to reach the fields */
			in[0] = 'S', in[1] = 'M', in[2] = 1, in[3] = 0;
			len = len < 16 ? 16 : len;
			in[4] = (uint8_t)len, in[5] = (uint8_t)(len >> 8), in[6] = in[7] = 0;
			in[12] = (uint8_t)(1 + i % MBOX_TYPE_LAST), in[13] = in[14] = in[15] = 0;
		}
		answered += serve_raw(in, len, &resp) == 0;
	}
	tap_ok(answered == 2000, "malformed: 2000 random messages each answered (%u)", answered);
}

static void test_private_key_absent(void)
{
	uint8_t priv[32];
	BIGNUM *bn = NULL;

	if (!EVP_PKEY_get_bn_param(store.device_key, OSSL_PKEY_PARAM_PRIV_KEY, &bn) || BN_bn2binpad(bn, priv, 32) != 32)
		bail("private key");
	BN_free(bn);
	tap_ok(transcript_len > 10000 && !memmem(transcript, transcript_len, priv, sizeof(priv)),
	       "the device's private key is in none of the %zu response bytes", transcript_len);
	tap_ok(!memmem(transcript, transcript_len, priv, 8), "nor its first 8 bytes");
}

static int rm(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

int main(void)
{
	const struct devcap *cap;

	setup();
	test_device_id();
	test_random();
	test_attest(NULL);
	test_verify();
	test_advance();
	cap = test_capability();
	test_development(cap);
	test_verify_staged(cap);
	test_attest(cap);
	test_malformed();
	test_private_key_absent();
	secmon_store_close(&store);
	close(srv.flash_fd);
	test_package_free(&pkg);
	nftw(dir, rm, 8, FTW_DEPTH | FTW_PHYS);
	return tap_done();
}
