/*
 * test_pkg.c - unit tests of the image package library: round trip, every
 * single-byte change rejected, truncation at every offset, and the specific
 * error of each malformed, oversized, mis-sized, duplicate and unsigned case.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pkg_internal.h"
#include "spherule/le.h"
#include "spherule/manifest.h"
#include "test_pkg_support.h"

static struct pkg_image img; /* 16 KiB footer copy: not on the stack */

static void expect(int rc, int want_rc, const struct error_detail *err, const char *want,
		   const char *name);

/* pkg_open + pkg_verify of bytes as a file; 0 or the first error. */
static int open_verify(const uint8_t *bytes, uint32_t size, const uint8_t *point,
		       struct error_detail *err)
{
	struct mem_source m;
	struct pkg_source src = mem_source(&m, bytes, size);
	int rc = pkg_open(&src, &img, err);

	return rc < 0 ? rc : pkg_verify(&src, &img, point, err);
}

static void test_round_trip(struct test_package *t)
{
	struct error_detail err = { "" };
	uint8_t thumb[PKG_THUMBPRINT_SIZE];
	struct manifest m;
	int rc = open_verify(t->bytes, t->size, t->point, &err);

	tap_ok(rc == 0, "round trip: signed package opens and verifies (%s)", rc ? err.msg : "ok");
	pkg_thumbprint(t->point, thumb);
	tap_ok(img.payload_size == TEST_PAYLOAD_SIZE && img.package_size == t->size &&
			  img.footer_size == t->size - TEST_PAYLOAD_SIZE && img.section_count == 4,
		  "round trip: sizes and section count");
	tap_ok(img.image_type == PKG_IMAGE_APPLICATION &&
			  !memcmp(img.component_id, t->params.component_id, 16) &&
			  !memcmp(img.image_id, t->params.image_id, 16),
		  "round trip: identity fields");
	tap_ok(img.version == 7 && img.security_version == 3 && img.debug_flags == 0,
		  "round trip: version, security version, debug flags");
	tap_ok(img.manifest_len == t->manifest_len &&
			  !memcmp(img.manifest, t->manifest, t->manifest_len),
		  "round trip: manifest bytes");
	tap_ok(!memcmp(img.thumbprint, thumb, sizeof(thumb)) &&
			  img.signed_size == t->size - PKG_SECTION_HEADER_SIZE - PKG_SIGNATURE_SIZE,
		  "round trip: signer thumbprint and signed size");
	rc = pkg_image_manifest(&img, &m, &err);
	tap_ok(rc == 0 && !strcmp(m.name, "hello") && !strcmp(m.entry_point, "/bin/hello") &&
			  m.args.count == 2 && m.gpio.count == 2 && m.gpio.item[0] == 8 &&
			  m.mutable_storage_kb == 8,
		  "round trip: manifest parses from the package (%s)", rc ? err.msg : "ok");
}

/* The package's bytes are those of docs/image-package.md's worked example. */
static void test_worked_example(const struct test_package *t)
{
	static const uint8_t payload[] = { 0x45, 0x3d, 0xcd, 0x28, 0x00, 0x20, 0x00, 0x00 };
	static const uint8_t header[] = { 'S', 'P', 'K', 'F', 1, 0, 4, 0, 0x60, 0x01, 0, 0, 0x00, 0x20, 0, 0 };
	static const uint8_t identity[] = { 1, 0, 0, 0, 36, 0, 0, 0, 1, 0, 0, 0 };
	static const uint8_t version[] = { 2, 0, 0, 0, 8, 0, 0, 0, 7, 0, 0, 0, 3, 0, 0, 0 };
	static const uint8_t signature[] = { 0xff, 0, 0, 0, 100, 0, 0, 0, 1, 0, 0, 0 };
	const uint8_t *f = t->bytes + TEST_PAYLOAD_SIZE;

	tap_ok(t->size == 8544 && !memcmp(t->bytes, payload, sizeof(payload)),
	       "worked example: 8544 bytes, cramfs magic and size 8192");
	tap_ok(!memcmp(f, header, sizeof(header)),
	       "worked example: footer header SPKF, version 1, 4 sections, 352 bytes, payload 8192");
	tap_ok(!memcmp(f + 16, identity, sizeof(identity)) &&
			  !memcmp(f + 28, t->params.component_id, 16) &&
			  !memcmp(f + 44, t->params.image_id, 16),
	       "worked example: IDENTITY at footer offset 16");
	tap_ok(!memcmp(f + 60, version, sizeof(version)), "worked example: VERSION at footer offset 60");
	tap_ok(get_le16(f + 76) == 3 && get_le16(f + 78) == 0 && get_le32(f + 80) == t->manifest_len &&
			  !memcmp(f + 84, t->manifest, t->manifest_len),
	       "worked example: MANIFEST at footer offset 76");
	tap_ok(!memcmp(f + 244, signature, sizeof(signature)),
	       "worked example: SIGNATURE at footer offset 244, algorithm 1");
}

static void test_text_forms(const struct test_package *t)
{
	static const uint8_t counting[16] = { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
					      0x08, 0x09, 0x0a, 0x0b, 0x0c, 0xfd, 0xfe, 0xff };
	uint8_t thumb[PKG_THUMBPRINT_SIZE];
	char uuid[37], hex[65];

	pkg_uuid_text(t->params.component_id, uuid);
	tap_ok_str(uuid, TEST_COMPONENT_ID, "uuid text: the manifest's ComponentId as written");
	pkg_uuid_text(counting, uuid);
	tap_ok_str(uuid, "00010203-0405-0607-0809-0a0b0cfdfeff", "uuid text: groups 8-4-4-4-12, lowercase");
	memset(thumb, 0, sizeof(thumb));
	thumb[0] = 0xab;
	thumb[PKG_THUMBPRINT_SIZE - 1] = 0x0f;
	pkg_thumbprint_hex(thumb, hex);
	tap_ok_str(hex, "ab000000000000000000000000000000000000000000000000000000000000" "0f",
		   "thumbprint hex: 64 lowercase digits");
}

/* Builds the test payload with other parameters, then opens and verifies it (img holds it). */
static int open_with_params(struct test_package *t, const struct pkg_build_params *p,
			    struct error_detail *err)
{
	static uint8_t footer[PKG_FOOTER_MAX];
	struct test_package copy = *t;
	uint32_t footer_size;
	int rc = pkg_build_footer(t->payload, TEST_PAYLOAD_SIZE, p, t->key, footer, &footer_size, err);

	copy.bytes = NULL;
	if (rc == 0) {
		test_package_join(&copy, footer, footer_size);
		rc = open_verify(copy.bytes, copy.size, t->point, err);
	}
	free(copy.bytes);
	return rc;
}

static void test_debug_flag(struct test_package *t)
{
	struct pkg_build_params p = t->params;
	struct error_detail err = { "" };
	int rc;

	p.debug_flags = PKG_DEBUG_BUILD;
	rc = open_with_params(t, &p, &err);
	tap_ok(rc == 0 && img.debug_flags == PKG_DEBUG_BUILD && img.section_count == 5,
		  "debug build: DEBUG section round trip");
}

static void test_component_mismatch(struct test_package *t)
{
	struct pkg_build_params p = t->params;
	struct error_detail err = { "" };
	struct manifest m;
	int rc;

	p.component_id[15] ^= 1;
	rc = open_with_params(t, &p, &err);
	if (rc == 0)
		rc = pkg_image_manifest(&img, &m, &err);
	expect(rc, -EINVAL, &err, "manifest ComponentId differs from the package IDENTITY component id",
	       "manifest and IDENTITY must name the same component");
}

/* Expected error of a package cut to len bytes (payload 8192, footer F). */
static void truncation_message(char *out, size_t cap, uint32_t len, uint32_t full)
{
	if (len < 8)
		snprintf(out, cap, "truncated: cramfs superblock needs 8 bytes at offset 0, file has %u",
			 len);
	else if (len < TEST_PAYLOAD_SIZE + 16)
		snprintf(out, cap, "truncated: footer header needs 16 bytes at offset %u, file has %u",
			 TEST_PAYLOAD_SIZE, len);
	else
		snprintf(out, cap, "truncated: footer needs %u bytes at offset %u, file has %u",
			 full - TEST_PAYLOAD_SIZE, TEST_PAYLOAD_SIZE, len);
}

static void test_truncation(struct test_package *t)
{
	unsigned wrong = 0;

	for (uint32_t len = 0; len < t->size; len++) {
		struct error_detail err = { "" };
		char want[192];
		int rc = open_verify(t->bytes, len, t->point, &err);

		truncation_message(want, sizeof(want), len, t->size);
		if (rc != -ENODATA || strcmp(err.msg, want) != 0) {
			if (wrong++ < 3)
				printf("# at %u: rc %d \"%s\", want \"%s\"\n", len, rc, err.msg, want);
		}
	}
	tap_ok(wrong == 0, "truncation at every offset 0..%u is -ENODATA with its message",
		  t->size - 1);
}

/* Applies every value of change to every byte in [from, to); counts accepted ones. */
static unsigned accepted_changes(struct test_package *t, uint32_t from, uint32_t to,
				 const uint8_t *values, unsigned nvalues, bool xor)
{
	unsigned accepted = 0;

	for (uint32_t i = from; i < to; i++) {
		uint8_t orig = t->bytes[i];
		for (unsigned v = 0; v < nvalues; v++) {
			struct error_detail err;
			uint8_t changed = xor ? (uint8_t)(orig ^ values[v]) : values[v];
			if (changed == orig)
				continue;
			t->bytes[i] = changed;
			if (open_verify(t->bytes, t->size, t->point, &err) == 0 && accepted++ < 3)
				printf("# byte %u = 0x%02x accepted\n", i, changed);
		}
		t->bytes[i] = orig;
	}
	return accepted;
}

static void test_byte_changes(struct test_package *t)
{
	static const uint8_t flip[] = { 0xff }, bits[] = { 0x01, 0x80 }, set[] = { 0x00, 0xff };

	tap_ok(accepted_changes(t, 0, t->size, flip, 1, true) == 0,
		  "every byte of the signed package (%u) flipped is rejected", t->size);
	tap_ok(accepted_changes(t, TEST_PAYLOAD_SIZE, t->size, bits, 2, true) == 0 &&
			  accepted_changes(t, TEST_PAYLOAD_SIZE, t->size, set, 2, false) == 0,
		  "every footer byte with bit 0, bit 7, 0x00 and 0xff changes is rejected");
	tap_ok(open_verify(t->bytes, t->size, t->point, &(struct error_detail){ "" }) == 0,
	       "package unchanged after the byte change loops");
}

/* Opens a copy of the package with the footer at footer offset at patched. */
static int open_patched(struct test_package *t, uint32_t at, const void *bytes, size_t n,
			struct error_detail *err)
{
	uint8_t *copy = malloc(t->size);
	int rc;

	memcpy(copy, t->bytes, t->size);
	memcpy(copy + TEST_PAYLOAD_SIZE + at, bytes, n);
	rc = open_verify(copy, t->size, t->point, err);
	free(copy);
	return rc;
}

static void expect(int rc, int want_rc, const struct error_detail *err, const char *want,
		   const char *name)
{
	char got[ERROR_DETAIL_SIZE + 16];

	snprintf(got, sizeof(got), "%d %s", rc, rc ? err->msg : "");
	char wanted[ERROR_DETAIL_SIZE + 16];
	snprintf(wanted, sizeof(wanted), "%d %s", want_rc, want_rc ? want : "");
	tap_ok_str(got, wanted, name);
}

static void test_header_limits(struct test_package *t)
{
	struct error_detail err = { "" };
	struct mem_source m;
	struct pkg_source src = mem_source(&m, t->bytes, t->size);
	uint8_t le[4];
	char want[192];
	int rc;

	src.max_size = 4096;
	expect(pkg_open(&src, &img, &err), -E2BIG, &err, "oversized: payload is 8192 bytes, limit is 4096",
	       "oversized payload");
	src.max_size = t->size - 1;
	snprintf(want, sizeof(want), "oversized: package is %u bytes, limit is %u", t->size, t->size - 1);
	expect(pkg_open(&src, &img, &err), -E2BIG, &err, want, "oversized package");
	put_le32(le, 20000);
	expect(open_patched(t, 8, le, 4, &err), -E2BIG, &err,
	       "oversized: footer is 20000 bytes, limit is 16384", "oversized footer");
	put_le16(le, 33);
	expect(open_patched(t, 6, le, 2, &err), -E2BIG, &err, "oversized: 33 sections, limit is 32",
	       "too many sections");
	expect(open_patched(t, 0, "SPKG", 4, &err), -EINVAL, &err,
	       "malformed: no footer magic \"SPKF\" at offset 8192", "bad footer magic");
	put_le16(le, 2);
	expect(open_patched(t, 4, le, 2, &err), -EINVAL, &err,
	       "unsupported footer format version 2 (expected 1)", "footer format version");
	put_le32(le, 4096);
	expect(open_patched(t, 12, le, 4, &err), -EINVAL, &err,
	       "malformed: footer names payload size 4096, cramfs superblock says 8192",
	       "payload size disagreement");

	uint8_t *big = calloc(1, t->size + 100);
	memcpy(big, t->bytes, t->size);
	src = mem_source(&m, big, t->size + 100);
	snprintf(want, sizeof(want), "mis-sized: file is %u bytes, package is %u", t->size + 100, t->size);
	expect(pkg_open(&src, &img, &err), -EINVAL, &err, want, "mis-sized file");
	src.trailing_ok = true;
	rc = pkg_open(&src, &img, &err);
	tap_ok(rc == 0 && pkg_verify(&src, &img, t->point, &err) == 0,
		  "flash slot source: trailing bytes ignored");
	free(big);

	uint8_t bad[TEST_PAYLOAD_SIZE];
	memcpy(bad, t->bytes, sizeof(bad));
	bad[0] = 0x7f;
	src = mem_source(&m, bad, sizeof(bad));
	expect(pkg_open(&src, &img, &err), -EINVAL, &err,
	       "not a package: payload magic is 0x28cd3d7f, expected cramfs magic 0x28cd3d45",
	       "not a cramfs payload");
	memcpy(bad, t->bytes, sizeof(bad));
	bad[4] = 1;
	expect(pkg_open(&src, &img, &err), -EINVAL, &err,
	       "malformed: payload size 8193 is not a non-zero multiple of 4096", "unaligned payload size");
	src = mem_source(&m, t->bytes, t->size);
	m.fail_errno = EIO;
	expect(pkg_open(&src, &img, &err), -EIO, &err,
	       "read error: 8 bytes at offset 0: Input/output error", "read error is passed on");
}

/* Builds payload || footer from sections, signed or not, and opens + verifies it. */
struct section {
	uint16_t id;
	const void *data;
	uint32_t len;
};

static int open_sections(struct test_package *t, const struct section *s, unsigned n, bool sign,
			 struct error_detail *err)
{
	static uint8_t footer[PKG_FOOTER_MAX];
	struct pkg_writer w;
	int rc = 0;

	pkg_writer_init(&w, footer, TEST_PAYLOAD_SIZE);
	for (unsigned i = 0; i < n && rc == 0; i++)
		rc = pkg_writer_add(&w, s[i].id, s[i].data, s[i].len, err);
	if (rc == 0 && sign)
		rc = pkg_writer_sign(&w, t->payload, t->key, err);
	else if (rc == 0)
		pkg_writer_finish(&w);
	if (rc < 0)
		return 1000; /* the writer refused: reported as a failure by the caller */
	test_package_join(t, footer, w.size);
	return open_verify(t->bytes, t->size, t->point, err);
}

static void test_sections(struct test_package *t)
{
	uint8_t identity[PKG_IDENTITY_SIZE] = { 1 }, version[PKG_VERSION_SIZE] = { 7 };
	static uint8_t big_manifest[9000];
	uint8_t odd[5] = { 1, 2, 3, 4, 5 }, debug[4] = { 2 }, rootfs[PKG_IDENTITY_SIZE] = { 2 };
	struct error_detail err = { "" };
	struct section s[8];
	char want[192];
	int rc;

	s[0] = (struct section){ PKG_SECTION_IDENTITY, identity, sizeof(identity) };
	s[1] = (struct section){ PKG_SECTION_VERSION, version, sizeof(version) };
	s[2] = (struct section){ PKG_SECTION_MANIFEST, t->manifest, (uint32_t)t->manifest_len };
	s[3] = (struct section){ 0x1234, odd, sizeof(odd) };
	rc = open_sections(t, s, 4, true, &err);
	tap_ok(rc == 0 && img.section_count == 5 && img.version == 7,
		  "unknown section 0x1234 (5 bytes + padding) is skipped (%s)", rc ? err.msg : "ok");

	{
		static uint8_t footer[PKG_FOOTER_MAX];
		struct pkg_writer w;
		pkg_writer_init(&w, footer, TEST_PAYLOAD_SIZE);
		pkg_writer_add(&w, PKG_SECTION_IDENTITY, identity, sizeof(identity), &err);
		pkg_writer_add(&w, PKG_SECTION_VERSION, version, sizeof(version), &err);
		pkg_writer_add(&w, PKG_SECTION_MANIFEST, t->manifest, (uint32_t)t->manifest_len, &err);
		pkg_writer_sign(&w, t->payload, t->key, &err);
		pkg_writer_add(&w, PKG_SECTION_DEBUG, debug, sizeof(debug), &err);
		pkg_writer_finish(&w);
		test_package_join(t, footer, w.size);
		snprintf(want, sizeof(want),
			 "unsigned: section 5 (DEBUG) at footer offset %u follows the SIGNATURE section",
			 w.size - 12);
		expect(open_verify(t->bytes, t->size, t->point, &err), -EBADMSG, &err, want,
		       "section after the SIGNATURE");
	}
	struct section dup[3] = { s[0], s[1], s[1] };
	expect(open_sections(t, dup, 3, true, &err), -EINVAL, &err,
	       "duplicate section 2 (VERSION) at footer offset 76", "duplicate VERSION section");
	expect(open_sections(t, s, 3, false, &err), -EBADMSG, &err,
	       "unsigned: last section is 3 (MANIFEST), expected 255 (SIGNATURE)", "unsigned package");

	expect(open_sections(t, s + 1, 2, true, &err), -EINVAL, &err, "missing section 1 (IDENTITY)",
	       "missing IDENTITY");
	expect(open_sections(t, s, 1, true, &err), -EINVAL, &err, "missing section 2 (VERSION)",
	       "missing VERSION");
	expect(open_sections(t, s, 2, true, &err), -EINVAL, &err,
	       "missing section 3 (MANIFEST), required for an application", "application without MANIFEST");
	s[0].data = rootfs;
	expect(open_sections(t, s, 2, true, &err), 0, &err, "", "os rootfs image needs no MANIFEST");
	s[0].data = identity;

	s[2] = (struct section){ PKG_SECTION_MANIFEST, big_manifest, sizeof(big_manifest) };
	expect(open_sections(t, s, 3, true, &err), -E2BIG, &err,
	       "oversized: MANIFEST section is 9000 bytes, limit is 8192", "oversized MANIFEST");
	s[2] = (struct section){ PKG_SECTION_MANIFEST, t->manifest, (uint32_t)t->manifest_len };
	s[3] = (struct section){ PKG_SECTION_DEBUG, debug, sizeof(debug) };
	expect(open_sections(t, s, 4, true, &err), -EINVAL, &err,
	       "malformed: DEBUG flags 0x00000002 have unknown bits", "unknown DEBUG flag bits");
	s[3] = (struct section){ PKG_SECTION_VERSION, version, 4 };
	expect(open_sections(t, s + 3, 1, true, &err), -EINVAL, &err,
	       "malformed: section 2 (VERSION) at footer offset 16 is 4 bytes, expected 8",
	       "VERSION of the wrong size");
	identity[0] = 9;
	expect(open_sections(t, s, 3, true, &err), -EINVAL, &err, "unsupported image type 9",
	       "unknown image type");
	identity[0] = 1;
	identity[2] = 1;
	expect(open_sections(t, s, 3, true, &err), -EINVAL, &err,
	       "malformed: IDENTITY reserved field is 0x0001, expected 0", "IDENTITY reserved field");
	identity[2] = 0;
}

/* Damage done to the footer of the standard package after signing. */
static void test_footer_damage(struct test_package *t)
{
	uint32_t sig_at = t->size - TEST_PAYLOAD_SIZE - PKG_SECTION_HEADER_SIZE - PKG_SIGNATURE_SIZE;
	uint32_t manifest_at = 16 + 8 + 36 + 8 + 8;
	struct error_detail err = { "" };
	uint8_t le[4];
	char want[192];

	put_le16(le, 0x0100);
	expect(open_patched(t, 16 + 2, le, 2, &err), -EINVAL, &err,
	       "malformed: section 1 (IDENTITY) at footer offset 16 has flags 0x0100, expected 0",
	       "section flags");
	put_le32(le, 5000);
	snprintf(want, sizeof(want),
		 "malformed: section 3 (MANIFEST) at footer offset %u: 5000 bytes overrun the %u-byte footer",
		 manifest_at, t->size - TEST_PAYLOAD_SIZE);
	expect(open_patched(t, manifest_at + 4, le, 4, &err), -EINVAL, &err, want, "section overrun");
	put_le16(le, 3);
	snprintf(want, sizeof(want),
		 "malformed: %u bytes after the last of 3 sections in the %u-byte footer",
		 t->size - TEST_PAYLOAD_SIZE - sig_at, t->size - TEST_PAYLOAD_SIZE);
	expect(open_patched(t, 6, le, 2, &err), -EINVAL, &err, want, "bytes after the last section");
	put_le16(le, 2);
	expect(open_patched(t, sig_at + 8, le, 2, &err), -EINVAL, &err,
	       "unsupported signature algorithm 2 (expected 1)", "signature algorithm");
	uint8_t sig_byte = t->bytes[t->size - 1] ^ 0x55;
	uint8_t thumb[PKG_THUMBPRINT_SIZE];
	char hex[65];
	pkg_thumbprint(t->point, thumb);
	pkg_thumbprint_hex(thumb, hex);
	snprintf(want, sizeof(want), "signature does not verify with key %.8s…", hex);
	expect(open_patched(t, t->size - TEST_PAYLOAD_SIZE - 1, &sig_byte, 1, &err), -EBADMSG, &err,
	       want, "tampered signature");
}

static void test_wrong_key(struct test_package *t)
{
	struct error_detail err = { "" };
	uint8_t other[PKG_PUBKEY_SIZE], thumb[PKG_THUMBPRINT_SIZE];
	char named[65], given[65], want[192];
	EVP_PKEY *key = pkg_key_generate(&err);

	pkg_key_point(key, other, &err);
	EVP_PKEY_free(key);
	pkg_thumbprint(t->point, thumb);
	pkg_thumbprint_hex(thumb, named);
	pkg_thumbprint(other, thumb);
	pkg_thumbprint_hex(thumb, given);
	snprintf(want, sizeof(want), "no matching key: package is signed by key %.8s…, not %.8s…",
		 named, given);
	expect(open_verify(t->bytes, t->size, other, &err), -ENOKEY, &err, want, "another key");
}

int main(void)
{
	struct test_package t;

	test_package_build(&t);
	test_round_trip(&t);
	test_worked_example(&t);
	test_text_forms(&t);
	test_debug_flag(&t);
	test_component_mismatch(&t);
	test_truncation(&t);
	test_byte_changes(&t);
	test_header_limits(&t);
	test_footer_damage(&t);
	test_wrong_key(&t);
	test_sections(&t);
	test_package_free(&t);
	return tap_done();
}
