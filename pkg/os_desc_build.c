/*
 * os_desc_build.c - host-side writer of OS image descriptions
 * (spherule/os_desc.h): hashes each part, writes the header and the part
 * records and signs them with an OS vendor key.
 */
#include <errno.h>
#include <string.h>

#include "os_desc_format.h"
#include "pkg_sign.h"
#include "spherule/le.h"
#include "spherule/pkg_host.h"

static int put_part(const struct os_desc_input *in, unsigned i, struct os_desc_part_data *p,
		    struct error_detail *err)
{
	int rc;

	if (in[i].id < OS_PART_FIRST || in[i].id > OS_PART_LAST || (i > 0 && in[i].id <= in[i - 1].id))
		return error_detail_set(err, -EINVAL, "part %u: id %u is unknown or out of order", i + 1,
					in[i].id);
	if (in[i].size == 0)
		return error_detail_set(err, -EINVAL, "%s is empty", os_part_name(in[i].id));
	put_le16(p->id, in[i].id);
	put_le16(p->reserved, 0);
	put_le32(p->size, in[i].size);
	rc = crypto_sha256(in[i].data, in[i].size, p->sha256);
	return rc < 0 ? error_detail_set(err, rc, "SHA-256 failed: %s", strerror(-rc)) : 0;
}

int os_desc_build(const struct os_desc_input *parts, unsigned count, uint32_t version,
		  uint32_t security_version, EVP_PKEY *key, uint8_t out[OS_DESC_MAX], uint32_t *size,
		  struct error_detail *err)
{
	struct os_desc_header *h = (void *)out;
	uint8_t digest[CRYPTO_SHA256_SIZE];
	uint32_t signed_size;
	int rc;

	if (count == 0 || count > OS_DESC_PARTS_MAX)
		return error_detail_set(err, -EINVAL, "%u parts, expected 1 to %u", count, OS_DESC_PARTS_MAX);
	memset(out, 0, OS_DESC_MAX);
	memcpy(h->magic, OS_DESC_MAGIC, sizeof(h->magic));
	put_le16(h->format_version, OS_DESC_FORMAT_VERSION);
	put_le16(h->part_count, (uint16_t)count);
	put_le32(h->size, os_desc_size(count));
	put_le32(h->version, version);
	put_le32(h->security_version, security_version);
	put_le32(h->flags, 0);
	for (unsigned i = 0; i < count; i++) {
		rc = put_part(parts, i, (void *)(out + OS_DESC_HEADER_SIZE + i * OS_DESC_PART_SIZE), err);
		if (rc < 0)
			return rc;
	}
	signed_size = os_desc_size(count) - PKG_SIGNATURE_SIZE;
	rc = crypto_sha256(out, signed_size, digest);
	if (rc < 0)
		return error_detail_set(err, rc, "SHA-256 failed: %s", strerror(-rc));
	rc = pkg_signature_make(key, digest, (void *)(out + signed_size), err);
	if (rc == 0)
		*size = os_desc_size(count);
	return rc;
}
