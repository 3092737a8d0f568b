/*
 * pkg_open.c - parses an image package: the cramfs payload header, the footer
 * header and every footer section, checking each limit before the data it
 * guards is used. The footer is copied into struct pkg_image; nothing is
 * allocated.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "pkg_format.h"
#include "pkg_internal.h"
#include "spherule/le.h"

/* Bit of a known section id in the "seen" mask, or 0 for an unknown id. */
static uint32_t section_bit(uint16_t id)
{
	if (id >= PKG_SECTION_IDENTITY && id <= PKG_SECTION_DEBUG)
		return 1u << id;
	if (id == PKG_SECTION_SIGNATURE)
		return 1u;
	return 0;
}

static int read_chunked(const struct pkg_source *src, uint32_t off, uint8_t *buf, uint32_t len,
			struct error_detail *err)
{
	while (len > 0) {
		uint32_t n = len < PKG_READ_CHUNK ? len : PKG_READ_CHUNK;
		int rc = src->read(src->ctx, off, buf, n);
		if (rc < 0)
			return error_detail_set(err, rc, "read error: %u bytes at offset %u: %s", n,
						off, strerror(-rc));
		off += n;
		buf += n;
		len -= n;
	}
	return 0;
}

/* Checks the sizes in the payload and footer headers against src and the limits. */
static int check_sizes(const struct pkg_source *src, struct pkg_image *img,
		       struct error_detail *err)
{
	uint32_t max = src->max_size ? src->max_size : PKG_DEFAULT_MAX_SIZE;
	struct pkg_payload_header sb;
	const struct pkg_footer_header *h = (const void *)img->footer;
	int rc;

	if (src->size < PKG_PAYLOAD_HEADER_SIZE)
		return error_detail_set(
			err, -ENODATA,
			"truncated: cramfs superblock needs %u bytes at offset 0, file has %u",
			PKG_PAYLOAD_HEADER_SIZE, src->size);
	rc = read_chunked(src, 0, (uint8_t *)&sb, sizeof(sb), err);
	if (rc < 0)
		return rc;
	if (get_le32(sb.magic) != CRAMFS_MAGIC)
		return error_detail_set(
			err, -EINVAL,
			"not a package: payload magic is 0x%08x, expected cramfs magic 0x%08x",
			get_le32(sb.magic), CRAMFS_MAGIC);
	img->payload_size = get_le32(sb.size);
	if (img->payload_size == 0 || img->payload_size % PKG_PAYLOAD_ALIGN != 0)
		return error_detail_set(err, -EINVAL,
					"malformed: payload size %u is not a non-zero multiple of %u",
					img->payload_size, PKG_PAYLOAD_ALIGN);
	if (img->payload_size > max)
		return error_detail_set(err, -E2BIG, "oversized: payload is %u bytes, limit is %u",
					img->payload_size, max);
	if ((uint64_t)img->payload_size + PKG_FOOTER_HEADER_SIZE > src->size)
		return error_detail_set(
			err, -ENODATA,
			"truncated: footer header needs %u bytes at offset %u, file has %u",
			PKG_FOOTER_HEADER_SIZE, img->payload_size, src->size);

	rc = read_chunked(src, img->payload_size, img->footer, PKG_FOOTER_HEADER_SIZE, err);
	if (rc < 0)
		return rc;
	if (memcmp(h->magic, PKG_FOOTER_MAGIC, sizeof(h->magic)) != 0)
		return error_detail_set(err, -EINVAL,
					"malformed: no footer magic \"%s\" at offset %u",
					PKG_FOOTER_MAGIC, img->payload_size);
	if (get_le16(h->format_version) != PKG_FORMAT_VERSION)
		return error_detail_set(err, -EINVAL,
					"unsupported footer format version %u (expected %u)",
					get_le16(h->format_version), PKG_FORMAT_VERSION);
	img->section_count = get_le16(h->section_count);
	img->footer_size = get_le32(h->footer_size);
	if (get_le32(h->payload_size) != img->payload_size)
		return error_detail_set(
			err, -EINVAL,
			"malformed: footer names payload size %u, cramfs superblock says %u",
			get_le32(h->payload_size), img->payload_size);
	if (img->footer_size > PKG_FOOTER_MAX)
		return error_detail_set(err, -E2BIG, "oversized: footer is %u bytes, limit is %u",
					img->footer_size, PKG_FOOTER_MAX);
	if (img->footer_size < PKG_FOOTER_HEADER_SIZE + PKG_SECTION_HEADER_SIZE ||
	    img->footer_size % 4 != 0)
		return error_detail_set(
			err, -EINVAL,
			"malformed: footer size %u is not a multiple of 4 of at least %u",
			img->footer_size, PKG_FOOTER_HEADER_SIZE + PKG_SECTION_HEADER_SIZE);
	if (img->section_count == 0)
		return error_detail_set(err, -EINVAL, "malformed: footer has no sections");
	if (img->section_count > PKG_SECTIONS_MAX)
		return error_detail_set(err, -E2BIG, "oversized: %u sections, limit is %u",
					img->section_count, PKG_SECTIONS_MAX);
	if ((uint64_t)img->payload_size + img->footer_size > max)
		return error_detail_set(err, -E2BIG,
					"oversized: package is %llu bytes, limit is %u",
					(unsigned long long)img->payload_size + img->footer_size,
					max);
	img->package_size = img->payload_size + img->footer_size;
	if (img->package_size > src->size)
		return error_detail_set(err, -ENODATA,
					"truncated: footer needs %u bytes at offset %u, file has %u",
					img->footer_size, img->payload_size, src->size);
	if (!src->trailing_ok && src->size != img->package_size)
		return error_detail_set(err, -EINVAL, "mis-sized: file is %u bytes, package is %u",
					src->size, img->package_size);
	return 0;
}

static int section_size_is(uint16_t id, uint32_t len, uint32_t expected, uint32_t at,
			   struct error_detail *err)
{
	if (len == expected)
		return 0;
	return error_detail_set(
		err, -EINVAL,
		"malformed: section %u (%s) at footer offset %u is %u bytes, expected %u", id,
		pkg_section_name(id), at, len, expected);
}

static int take_identity(struct pkg_image *img, const struct pkg_identity_data *d,
			 struct error_detail *err)
{
	img->image_type = get_le16(d->image_type);
	if (get_le16(d->reserved) != 0)
		return error_detail_set(err, -EINVAL,
					"malformed: IDENTITY reserved field is 0x%04x, expected 0",
					get_le16(d->reserved));
	if (img->image_type < PKG_IMAGE_APPLICATION || img->image_type > PKG_IMAGE_KERNEL)
		return error_detail_set(err, -EINVAL, "unsupported image type %u", img->image_type);
	memcpy(img->component_id, d->component_id, sizeof(img->component_id));
	memcpy(img->image_id, d->image_id, sizeof(img->image_id));
	return 0;
}

static int take_debug(struct pkg_image *img, const struct pkg_debug_data *d,
		      struct error_detail *err)
{
	img->debug_flags = get_le32(d->flags);
	if (img->debug_flags & ~PKG_DEBUG_BUILD)
		return error_detail_set(err, -EINVAL,
					"malformed: DEBUG flags 0x%08x have unknown bits",
					img->debug_flags);
	return 0;
}

/* The SIGNATURE section whose header is at footer offset at. */
static int take_signature(struct pkg_image *img, const struct pkg_signature_data *d, uint32_t at,
			  struct error_detail *err)
{
	int rc = pkg_signature_block_read(d, img->thumbprint, img->signature, err);

	if (rc == 0)
		img->signed_size = img->payload_size + at;
	return rc;
}

/* Interprets one known section's data; unknown sections are skipped. */
static int take_section(struct pkg_image *img, uint16_t id, const uint8_t *d, uint32_t len,
			uint32_t at, struct error_detail *err)
{
	int rc = 0;

	switch (id) {
	case PKG_SECTION_IDENTITY:
		rc = section_size_is(id, len, PKG_IDENTITY_SIZE, at, err);
		return rc < 0 ? rc : take_identity(img, (const void *)d, err);
	case PKG_SECTION_VERSION: {
		const struct pkg_version_data *v = (const void *)d;
		rc = section_size_is(id, len, PKG_VERSION_SIZE, at, err);
		img->version = get_le32(v->version);
		img->security_version = get_le32(v->security_version);
		return rc;
	}
	case PKG_SECTION_MANIFEST:
		if (len > PKG_MANIFEST_MAX)
			return error_detail_set(err, -E2BIG,
						"oversized: MANIFEST section is %u bytes, limit is %u",
						len, PKG_MANIFEST_MAX);
		img->manifest = d;
		img->manifest_len = len;
		return 0;
	case PKG_SECTION_ABI_DEPENDS:
		img->abi_depends = d;
		img->abi_depends_len = len;
		return 0;
	case PKG_SECTION_DEBUG:
		rc = section_size_is(id, len, PKG_DEBUG_SIZE, at, err);
		return rc < 0 ? rc : take_debug(img, (const void *)d, err);
	case PKG_SECTION_SIGNATURE:
		rc = section_size_is(id, len, PKG_SIGNATURE_SIZE, at, err);
		return rc < 0 ? rc : take_signature(img, (const void *)d, at, err);
	default:
		return 0;
	}
}

static int walk_sections(struct pkg_image *img, struct error_detail *err)
{
	uint32_t at = PKG_FOOTER_HEADER_SIZE, seen = 0;
	uint16_t id = 0;

	for (unsigned i = 0; i < img->section_count; i++) {
		const struct pkg_section_header *s = (const void *)(img->footer + at);
		const uint8_t *data;
		uint32_t room, len, padded, bit;
		int rc;

		if (img->footer_size - at < PKG_SECTION_HEADER_SIZE)
			return error_detail_set(
				err, -EINVAL,
				"malformed: section header %u of %u at footer offset %u overruns the %u-byte footer",
				i + 1, img->section_count, at, img->footer_size);
		if (seen & section_bit(PKG_SECTION_SIGNATURE))
			return error_detail_set(
				err, -EBADMSG,
				"unsigned: section %u (%s) at footer offset %u follows the SIGNATURE section",
				get_le16(s->id), pkg_section_name(get_le16(s->id)), at);
		id = get_le16(s->id);
		len = get_le32(s->length);
		data = img->footer + at + PKG_SECTION_HEADER_SIZE;
		room = img->footer_size - at - PKG_SECTION_HEADER_SIZE;
		if (get_le16(s->flags) != 0)
			return error_detail_set(
				err, -EINVAL,
				"malformed: section %u (%s) at footer offset %u has flags 0x%04x, expected 0",
				id, pkg_section_name(id), at, get_le16(s->flags));
		if (len > room || pkg_align4(len) > room)
			return error_detail_set(
				err, -EINVAL,
				"malformed: section %u (%s) at footer offset %u: %u bytes overrun the %u-byte footer",
				id, pkg_section_name(id), at, len, img->footer_size);
		padded = pkg_align4(len);
		for (uint32_t p = len; p < padded; p++)
			if (data[p] != 0)
				return error_detail_set(
					err, -EINVAL,
					"malformed: section %u (%s) at footer offset %u has non-zero padding",
					id, pkg_section_name(id), at);
		bit = section_bit(id);
		if (seen & bit)
			return error_detail_set(err, -EINVAL,
						"duplicate section %u (%s) at footer offset %u", id,
						pkg_section_name(id), at);
		seen |= bit;
		rc = take_section(img, id, data, len, at, err);
		if (rc < 0)
			return rc;
		at += PKG_SECTION_HEADER_SIZE + padded;
	}
	if (at != img->footer_size)
		return error_detail_set(
			err, -EINVAL,
			"malformed: %u bytes after the last of %u sections in the %u-byte footer",
			img->footer_size - at, img->section_count, img->footer_size);
	if (id != PKG_SECTION_SIGNATURE)
		return error_detail_set(err, -EBADMSG,
					"unsigned: last section is %u (%s), expected %u (SIGNATURE)",
					id, pkg_section_name(id), PKG_SECTION_SIGNATURE);
	if (!(seen & section_bit(PKG_SECTION_IDENTITY)))
		return error_detail_set(err, -EINVAL, "missing section %u (IDENTITY)",
					PKG_SECTION_IDENTITY);
	if (!(seen & section_bit(PKG_SECTION_VERSION)))
		return error_detail_set(err, -EINVAL, "missing section %u (VERSION)",
					PKG_SECTION_VERSION);
	if (img->image_type == PKG_IMAGE_APPLICATION && !(seen & section_bit(PKG_SECTION_MANIFEST)))
		return error_detail_set(err, -EINVAL,
					"missing section %u (MANIFEST), required for an application",
					PKG_SECTION_MANIFEST);
	return 0;
}

int pkg_open(const struct pkg_source *src, struct pkg_image *img, struct error_detail *err)
{
	int rc;

	memset(img, 0, offsetof(struct pkg_image, footer));
	rc = check_sizes(src, img, err);
	if (rc < 0)
		return rc;
	rc = read_chunked(src, img->payload_size + PKG_FOOTER_HEADER_SIZE,
			  img->footer + PKG_FOOTER_HEADER_SIZE,
			  img->footer_size - PKG_FOOTER_HEADER_SIZE, err);
	if (rc < 0)
		return rc;
	return walk_sections(img, err);
}
