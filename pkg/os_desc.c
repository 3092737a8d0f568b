/*
 * os_desc.c - reads an OS image description (spherule/os_desc.h): checks
 * every field against its bound before using it, copies the bytes into
 * struct os_desc and checks the signature over that copy.
 */
#include <errno.h>
#include <string.h>

#include "os_desc_format.h"
#include "pkg_internal.h"
#include "spherule/le.h"

const char *os_part_name(uint16_t id)
{
	switch (id) {
	case OS_PART_BOOT: return "boot";
	case OS_PART_DTB: return "dtb";
	case OS_PART_KERNEL: return "kernel";
	case OS_PART_ROOTFS: return "rootfs";
	default: return "unknown";
	}
}

static int check_header(const struct os_desc_header *h, size_t len, struct os_desc *d,
			struct error_detail *err)
{
	uint32_t count = get_le16(h->part_count);

	if (memcmp(h->magic, OS_DESC_MAGIC, sizeof(h->magic)) != 0)
		return error_detail_set(err, -EINVAL, "not an OS description: no magic \"%s\"",
					OS_DESC_MAGIC);
	if (get_le16(h->format_version) != OS_DESC_FORMAT_VERSION)
		return error_detail_set(err, -EINVAL, "unsupported format version %u (expected %u)",
					get_le16(h->format_version), OS_DESC_FORMAT_VERSION);
	if (count == 0 || count > OS_DESC_PARTS_MAX)
		return error_detail_set(err, -EINVAL, "malformed: %u parts, expected 1 to %u", count,
					OS_DESC_PARTS_MAX);
	d->size = get_le32(h->size);
	if (d->size != os_desc_size(count))
		return error_detail_set(err, -EINVAL,
					"malformed: size %u, but %u parts make a description of %u bytes",
					d->size, count, os_desc_size(count));
	if (len < d->size)
		return error_detail_set(err, -ENODATA, "truncated: %u bytes, the description has %u",
					(unsigned)len, d->size);
	if (get_le32(h->flags) != 0)
		return error_detail_set(err, -EINVAL, "malformed: flags 0x%08x, expected 0",
					get_le32(h->flags));
	d->part_count = (uint16_t)count;
	d->version = get_le32(h->version);
	d->security_version = get_le32(h->security_version);
	return 0;
}

static int take_part(const struct os_desc_part_data *p, unsigned i, struct os_desc *d,
		     struct error_detail *err)
{
	struct os_desc_part *part = &d->parts[i];

	part->id = get_le16(p->id);
	part->size = get_le32(p->size);
	if (part->id < OS_PART_FIRST || part->id > OS_PART_LAST)
		return error_detail_set(err, -EINVAL, "malformed: part %u has unknown id %u", i + 1,
					part->id);
	if (i > 0 && part->id <= d->parts[i - 1].id)
		return error_detail_set(err, -EINVAL,
					"malformed: part %u (%s) is not after part %u (%s): ids must ascend",
					i + 1, os_part_name(part->id), i, os_part_name(d->parts[i - 1].id));
	if (get_le16(p->reserved) != 0)
		return error_detail_set(err, -EINVAL, "malformed: part %u (%s) reserved field is 0x%04x",
					i + 1, os_part_name(part->id), get_le16(p->reserved));
	if (part->size == 0)
		return error_detail_set(err, -EINVAL, "malformed: part %u (%s) has size 0", i + 1,
					os_part_name(part->id));
	memcpy(part->sha256, p->sha256, sizeof(part->sha256));
	return 0;
}

int os_desc_parse(const uint8_t *buf, size_t len, struct os_desc *d, struct error_detail *err)
{
	int rc;

	memset(d, 0, sizeof(*d));
	if (len < OS_DESC_HEADER_SIZE)
		return error_detail_set(err, -ENODATA, "truncated: %u bytes, the header needs %u",
					(unsigned)len, OS_DESC_HEADER_SIZE);
	rc = check_header((const void *)buf, len, d, err);
	if (rc < 0)
		return rc;
	memcpy(d->bytes, buf, d->size);
	for (unsigned i = 0; i < d->part_count; i++) {
		rc = take_part((const void *)(d->bytes + OS_DESC_HEADER_SIZE + i * OS_DESC_PART_SIZE), i,
			       d, err);
		if (rc < 0)
			return rc;
	}
	d->signed_size = d->size - PKG_SIGNATURE_SIZE;
	return pkg_signature_block_read((const void *)(d->bytes + d->signed_size), d->thumbprint,
					d->signature, err);
}

int os_desc_verify(const struct os_desc *d, const uint8_t pubkey[PKG_PUBKEY_SIZE],
		   struct error_detail *err)
{
	uint8_t digest[CRYPTO_SHA256_SIZE];
	int rc = pkg_key_named(pubkey, d->thumbprint, "the OS description", err);

	if (rc < 0)
		return rc;
	rc = crypto_sha256(d->bytes, d->signed_size, digest);
	if (rc < 0)
		return error_detail_set(err, rc, "SHA-256 failed: %s", strerror(-rc));
	return pkg_signature_check(pubkey, digest, d->signature, err);
}

const struct os_desc_part *os_desc_find(const struct os_desc *d, uint16_t id)
{
	for (unsigned i = 0; i < d->part_count; i++)
		if (d->parts[i].id == id)
			return &d->parts[i];
	return NULL;
}

bool os_desc_part_matches(const struct os_desc_part *part, const uint8_t *data, size_t len)
{
	uint8_t sha[CRYPTO_SHA256_SIZE];

	return part->size == len && crypto_sha256(data, len, sha) == 0 &&
	       memcmp(sha, part->sha256, sizeof(sha)) == 0;
}
