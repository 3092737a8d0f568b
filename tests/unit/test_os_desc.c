/*
 * test_os_desc.c - the OS image description (pkg/os_desc.c, os_desc_build.c,
 * docs/os-image.md): what is built parses back with the same parts, sizes,
 * hashes and versions and verifies with its key; another key, a changed byte
 * and every malformed or out-of-bound field are refused with the reason.
 */
#include <errno.h>
#include <string.h>

#include "crypto.h"
#include "os_desc_format.h"
#include "spherule/le.h"
#include "spherule/pkg_host.h"
#include "tap.h"

static const uint8_t boot[] = "boot stub", dtb[] = "device tree", kernel[] = "kernel image",
		     rootfs[] = "root filesystem";
static const struct os_desc_input parts[] = {
	{ OS_PART_BOOT, boot, sizeof(boot) },
	{ OS_PART_DTB, dtb, sizeof(dtb) },
	{ OS_PART_KERNEL, kernel, sizeof(kernel) },
	{ OS_PART_ROOTFS, rootfs, sizeof(rootfs) },
};

static EVP_PKEY *key, *other;
static uint8_t point[PKG_PUBKEY_SIZE], other_point[PKG_PUBKEY_SIZE];
static uint8_t good[OS_DESC_MAX];
static uint32_t good_size;

/* Parses buf (a changed copy of good) and expects rc with a reason containing want. */
static void refused(const uint8_t *buf, size_t len, int want_rc, const char *want, const char *name)
{
	struct os_desc d;
	struct error_detail err = { "" };
	int rc = os_desc_parse(buf, len, &d, &err);

	if (rc != want_rc || !strstr(err.msg, want))
		printf("# rc %d (want %d), reason: %s (want: %s)\n", rc, want_rc, err.msg, want);
	tap_ok(rc == want_rc && strstr(err.msg, want), "refused: %s", name);
}

/* good with the 16-bit (width 2) or 32-bit (width 4) field at off set to v. */
static void refused_field(unsigned off, int width, uint32_t v, const char *want, const char *name)
{
	uint8_t buf[OS_DESC_MAX];

	memcpy(buf, good, sizeof(buf));
	if (width == 2)
		put_le16(buf + off, (uint16_t)v);
	else
		put_le32(buf + off, v);
	refused(buf, good_size, -EINVAL, want, name);
}

static void test_round_trip(void)
{
	struct error_detail err = { "" };
	struct os_desc d;
	uint8_t sha[32];
	int ok = 1;

	tap_ok(os_desc_build(parts, 4, 7, 3, key, good, &good_size, &err) == 0, "build: %s", err.msg);
	tap_ok(good_size == 24 + 4 * 40 + 100, "4 parts make %u bytes (284)", good_size);
	tap_ok(os_desc_parse(good, good_size, &d, &err) == 0, "parse: %s", err.msg);
	tap_ok(d.version == 7 && d.security_version == 3 && d.part_count == 4 && d.size == good_size,
	       "version, security version, part count");
	for (unsigned i = 0; i < 4; i++) {
		crypto_sha256(parts[i].data, parts[i].size, sha);
		ok &= d.parts[i].id == parts[i].id && d.parts[i].size == parts[i].size &&
		      !memcmp(d.parts[i].sha256, sha, 32) && os_desc_find(&d, parts[i].id) == &d.parts[i];
	}
	tap_ok(ok, "each part: id, size, SHA-256, found by id");
	tap_ok(!strcmp(os_part_name(OS_PART_KERNEL), "kernel") && !strcmp(os_part_name(9), "unknown"),
	       "part names are the partitions' labels");
	tap_ok(os_desc_verify(&d, point, &err) == 0, "verifies with its key");
	tap_ok(os_desc_verify(&d, other_point, &err) == -ENOKEY && strstr(err.msg, "OS description is signed by key"),
	       "another key: -ENOKEY (%s)", err.msg);
	tap_ok(os_desc_parse(good, OS_DESC_MAX, &d, &err) == 0, "bytes after it (a flash partition) are ignored");
	tap_ok(os_desc_part_matches(&d.parts[2], kernel, sizeof(kernel)) &&
		       !os_desc_part_matches(&d.parts[2], kernel, sizeof(kernel) - 1) &&
		       !os_desc_part_matches(&d.parts[2], rootfs, sizeof(kernel)),
	       "a part matches its bytes, not fewer bytes or other bytes");
}

static void test_tampered(void)
{
	struct error_detail err = { "" };
	uint8_t buf[OS_DESC_MAX];
	struct os_desc d;

	for (unsigned off = 12; off < good_size; off += 8) {
		int rc;

		memcpy(buf, good, sizeof(buf));
		if (off >= good_size - PKG_SIGNATURE_SIZE && off < good_size - 64)
			continue; /* the signature block's algorithm and key name */
		buf[off] ^= 0x01;
		rc = os_desc_parse(buf, good_size, &d, &err);
		if (rc == 0)
			rc = os_desc_verify(&d, point, &err);
		if (rc != -EBADMSG && rc != -EINVAL) {
			tap_ok(0, "a changed byte at %u is refused (rc %d)", off, rc);
			return;
		}
	}
	tap_ok(1, "every changed byte of the signed part or the signature is refused");
	memcpy(buf, good, sizeof(buf));
	buf[OS_DESC_HEADER_SIZE + 2 * OS_DESC_PART_SIZE + 8] ^= 0x80; /* kernel's hash */
	tap_ok(os_desc_parse(buf, good_size, &d, &err) == 0 && os_desc_verify(&d, point, &err) == -EBADMSG &&
		       strstr(err.msg, "signature does not verify"),
	       "a changed kernel hash: signature does not verify (%s)", err.msg);
}

static void test_malformed(void)
{
	uint8_t buf[OS_DESC_MAX];
	unsigned part2 = OS_DESC_HEADER_SIZE + OS_DESC_PART_SIZE;

	refused(good, 10, -ENODATA, "truncated: 10 bytes, the header needs 24", "shorter than the header");
	refused(good, good_size - 1, -ENODATA, "truncated: 283 bytes, the description has 284", "truncated");
	memcpy(buf, good, sizeof(buf));
	buf[0] = 'X';
	refused(buf, good_size, -EINVAL, "no magic \"SPOD\"", "bad magic");
	refused_field(4, 2, 2, "unsupported format version 2", "unknown format version");
	refused_field(6, 2, 0, "0 parts, expected 1 to 8", "no parts");
	refused_field(6, 2, 9, "9 parts, expected 1 to 8", "more parts than the bound");
	refused_field(6, 2, 3, "size 284, but 3 parts make a description of 244 bytes", "count and size disagree");
	refused_field(8, 4, 0xffffffffu, "size 4294967295, but 4 parts", "huge size");
	refused_field(20, 4, 1, "flags 0x00000001, expected 0", "unknown flags");
	refused_field(part2, 2, 9, "part 2 has unknown id 9", "unknown part id");
	refused_field(part2, 2, OS_PART_BOOT, "part 2 (boot) is not after part 1 (boot)", "a part twice");
	refused_field(part2 + 2, 2, 1, "part 2 (dtb) reserved field is 0x0001", "part reserved field");
	refused_field(part2 + 4, 4, 0, "part 2 (dtb) has size 0", "empty part");
	refused_field(good_size - PKG_SIGNATURE_SIZE, 2, 2, "unsupported signature algorithm 2", "signature algorithm");
	refused_field(good_size - PKG_SIGNATURE_SIZE + 2, 2, 1, "signature reserved field is 0x0001",
		      "signature reserved field");
}

static void test_build_refusals(void)
{
	struct os_desc_input bad[2] = { parts[2], parts[1] };
	struct error_detail err = { "" };
	uint8_t out[OS_DESC_MAX];
	uint32_t size;

	tap_ok(os_desc_build(bad, 2, 1, 0, key, out, &size, &err) == -EINVAL && strstr(err.msg, "out of order"),
	       "build refuses parts out of order (%s)", err.msg);
	bad[0].size = 0;
	tap_ok(os_desc_build(bad, 1, 1, 0, key, out, &size, &err) == -EINVAL && !strcmp(err.msg, "kernel is empty"),
	       "build refuses an empty part (%s)", err.msg);
	tap_ok(os_desc_build(parts, 0, 1, 0, key, out, &size, &err) == -EINVAL, "build refuses no parts");
}

int main(void)
{
	struct error_detail err = { "" };

	key = pkg_key_generate(&err);
	other = pkg_key_generate(&err);
	if (!key || !other || pkg_key_point(key, point, &err) || pkg_key_point(other, other_point, &err)) {
		printf("not ok 1 - keys: %s\n", err.msg);
		return 1;
	}
	test_round_trip();
	test_tampered();
	test_malformed();
	test_build_refusals();
	EVP_PKEY_free(key);
	EVP_PKEY_free(other);
	return tap_done();
}
