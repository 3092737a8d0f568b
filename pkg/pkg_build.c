/*
 * pkg_build.c - host-side writer of package footers: appends sections, writes
 * the footer header and signs payload || footer with a P-256 key (the
 * signature block, which OS descriptions use too: pkg_sign.h).
 */
#include <errno.h>
#include <string.h>

#include "crypto.h"
#include "pkg_format.h"
#include "pkg_internal.h"
#include "pkg_sign.h"
#include "spherule/le.h"
#include "spherule/pkg_host.h"

void pkg_writer_init(struct pkg_writer *w, uint8_t footer[PKG_FOOTER_MAX], uint32_t payload_size)
{
	memset(footer, 0, PKG_FOOTER_MAX);
	w->footer = footer;
	w->size = PKG_FOOTER_HEADER_SIZE;
	w->sections = 0;
	w->payload_size = payload_size;
}

int pkg_writer_add(struct pkg_writer *w, uint16_t id, const void *data, uint32_t len,
		   struct error_detail *err)
{
	struct pkg_section_header *s = (void *)(w->footer + w->size);

	if (w->sections == PKG_SECTIONS_MAX)
		return error_detail_set(err, -E2BIG, "more than %u sections", PKG_SECTIONS_MAX);
	if (len > PKG_FOOTER_MAX - w->size - PKG_SECTION_HEADER_SIZE ||
	    pkg_align4(len) > PKG_FOOTER_MAX - w->size - PKG_SECTION_HEADER_SIZE)
		return error_detail_set(err, -E2BIG,
					"section %u (%s) of %u bytes does not fit the %u-byte footer",
					id, pkg_section_name(id), len, PKG_FOOTER_MAX);
	put_le16(s->id, id);
	put_le16(s->flags, 0);
	put_le32(s->length, len);
	memcpy(w->footer + w->size + PKG_SECTION_HEADER_SIZE, data, len);
	w->size += PKG_SECTION_HEADER_SIZE + pkg_align4(len);
	w->sections++;
	return 0;
}

static void write_header(struct pkg_writer *w, uint16_t sections, uint32_t size)
{
	struct pkg_footer_header *h = (void *)w->footer;

	memcpy(h->magic, PKG_FOOTER_MAGIC, sizeof(h->magic));
	put_le16(h->format_version, PKG_FORMAT_VERSION);
	put_le16(h->section_count, sections);
	put_le32(h->footer_size, size);
	put_le32(h->payload_size, w->payload_size);
}

void pkg_writer_finish(struct pkg_writer *w)
{
	write_header(w, w->sections, w->size);
}

int pkg_signature_make(EVP_PKEY *key, const uint8_t digest[CRYPTO_SHA256_SIZE],
		       struct pkg_signature_data *sig, struct error_detail *err)
{
	uint8_t point[PKG_PUBKEY_SIZE];
	int rc = pkg_key_point(key, point, err);

	if (rc < 0)
		return rc;
	put_le16(sig->algorithm, PKG_SIG_ECDSA_P256_SHA256);
	put_le16(sig->reserved, 0);
	pkg_thumbprint(point, sig->key_thumbprint);
	return pkg_sign_digest(key, digest, sig->signature, err);
}

int pkg_writer_sign(struct pkg_writer *w, const uint8_t *payload, EVP_PKEY *key,
		    struct error_detail *err)
{
	uint8_t digest[CRYPTO_SHA256_SIZE];
	struct pkg_signature_data sig;
	struct crypto_sha256 sha;
	int rc, final_rc;

	if (w->sections == PKG_SECTIONS_MAX ||
	    PKG_FOOTER_MAX - w->size < PKG_SECTION_HEADER_SIZE + PKG_SIGNATURE_SIZE)
		return error_detail_set(err, -E2BIG, "no room for the SIGNATURE section");
	/* The header already counts the signature section it is about to sign. */
	write_header(w, w->sections + 1, w->size + PKG_SECTION_HEADER_SIZE + PKG_SIGNATURE_SIZE);
	rc = crypto_sha256_init(&sha);
	if (rc < 0)
		return error_detail_set(err, rc, "SHA-256 failed");
	rc = crypto_sha256_update(&sha, payload, w->payload_size);
	if (rc == 0)
		rc = crypto_sha256_update(&sha, w->footer, w->size);
	final_rc = crypto_sha256_final(&sha, digest);
	if (rc < 0 || final_rc < 0)
		return error_detail_set(err, -EIO, "SHA-256 failed");
	rc = pkg_signature_make(key, digest, &sig, err);
	if (rc < 0)
		return rc;
	rc = pkg_writer_add(w, PKG_SECTION_SIGNATURE, &sig, sizeof(sig), err);
	if (rc == 0)
		pkg_writer_finish(w);
	return rc;
}

int pkg_build_footer(const uint8_t *payload, uint32_t payload_size,
		     const struct pkg_build_params *params, EVP_PKEY *key,
		     uint8_t footer[PKG_FOOTER_MAX], uint32_t *footer_size,
		     struct error_detail *err)
{
	const struct pkg_payload_header *sb = (const void *)payload;
	struct pkg_identity_data identity;
	struct pkg_version_data version;
	struct pkg_debug_data debug;
	struct pkg_writer w;
	int rc;

	if (payload_size < PKG_PAYLOAD_HEADER_SIZE || payload_size % PKG_PAYLOAD_ALIGN != 0 ||
	    get_le32(sb->magic) != CRAMFS_MAGIC || get_le32(sb->size) != payload_size)
		return error_detail_set(err, -EINVAL,
					"payload is not a cramfs image of %u bytes (a multiple of %u)",
					payload_size, PKG_PAYLOAD_ALIGN);
	if (params->manifest_len > PKG_MANIFEST_MAX)
		return error_detail_set(err, -E2BIG, "manifest is %u bytes, limit is %u",
					params->manifest_len, PKG_MANIFEST_MAX);
	if (params->image_type == PKG_IMAGE_APPLICATION && !params->manifest)
		return error_detail_set(err, -EINVAL, "an application package needs a manifest");
	put_le16(identity.image_type, params->image_type);
	put_le16(identity.reserved, 0);
	memcpy(identity.component_id, params->component_id, sizeof(identity.component_id));
	memcpy(identity.image_id, params->image_id, sizeof(identity.image_id));
	put_le32(version.version, params->version);
	put_le32(version.security_version, params->security_version);
	put_le32(debug.flags, params->debug_flags);

	pkg_writer_init(&w, footer, payload_size);
	rc = pkg_writer_add(&w, PKG_SECTION_IDENTITY, &identity, sizeof(identity), err);
	if (rc == 0)
		rc = pkg_writer_add(&w, PKG_SECTION_VERSION, &version, sizeof(version), err);
	if (rc == 0 && params->manifest)
		rc = pkg_writer_add(&w, PKG_SECTION_MANIFEST, params->manifest, params->manifest_len,
				    err);
	if (rc == 0 && params->debug_flags)
		rc = pkg_writer_add(&w, PKG_SECTION_DEBUG, &debug, sizeof(debug), err);
	if (rc == 0)
		rc = pkg_writer_sign(&w, payload, key, err);
	if (rc == 0)
		*footer_size = w.size;
	return rc;
}
