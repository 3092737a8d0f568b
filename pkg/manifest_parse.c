/*
 * manifest_parse.c - parses the compiled manifest (TLV records) into struct
 * manifest without allocating: strings and UUIDs point into the buffer.
 * Every record is checked against the tag table of manifest_rules.c.
 */
#include <errno.h>
#include <string.h>

#include "manifest_internal.h"
#include "pkg_internal.h"
#include "spherule/le.h"

/* Stores record number index (0-based among records of its tag) into m. */
static int take_record(struct manifest *m, uint16_t tag, const struct manifest_rule *rule,
		       const uint8_t *data, uint16_t len, unsigned index, size_t at,
		       struct error_detail *err)
{
	void *field = (char *)m + rule->field;
	uint16_t want = manifest_kind_size(rule->kind);
	uint32_t number = 0;

	if (rule->kind == MANIFEST_KIND_STRING) {
		const char *text = (const char *)data;
		if (len == 0 || data[len - 1] != 0 || memchr(data, 0, len - 1u))
			return error_detail_set(
				err, -EINVAL,
				"manifest: %s record at offset %zu is not one NUL-terminated string",
				rule->json_name, at);
		if (!manifest_valid_string(tag, text))
			return error_detail_set(err, -EINVAL,
						"manifest: %s record at offset %zu: invalid value",
						rule->json_name, at);
		if (rule->max == 1)
			*(const char **)field = text;
		else
			((struct manifest_strings *)field)->item[index] = text;
		return 0;
	}
	if (len != want)
		return error_detail_set(err, -EINVAL,
					"manifest: %s record at offset %zu is %u bytes, expected %u",
					rule->json_name, at, len, want);
	if (rule->kind == MANIFEST_KIND_U32)
		number = get_le32(data);
	else if (rule->kind == MANIFEST_KIND_U16)
		number = get_le16(data);
	if (!manifest_valid_number(tag, number))
		return error_detail_set(err, -EINVAL,
					"manifest: %s record at offset %zu: invalid value %u",
					rule->json_name, at, number);
	switch (rule->kind) {
	case MANIFEST_KIND_UUID:
		if (rule->max == 1)
			*(const uint8_t **)field = data;
		else
			((struct manifest_uuids *)field)->item[index] = data;
		break;
	case MANIFEST_KIND_U32:
		if (rule->max == 1)
			*(uint32_t *)field = number;
		else
			((struct manifest_gpios *)field)->item[index] = number;
		break;
	case MANIFEST_KIND_U16:
		((struct manifest_ports *)field)->item[index] = (uint16_t)number;
		break;
	default:
		*(bool *)field = true;
	}
	return 0;
}

/* Sets the count of every list from the number of records seen. */
static void set_counts(struct manifest *m, const uint8_t seen[MANIFEST_TAG_COUNT])
{
	for (uint16_t tag = 0; tag < MANIFEST_TAG_COUNT; tag++) {
		const struct manifest_rule *rule = manifest_rule(tag);
		char *field;

		if (!rule || rule->max == 1)
			continue;
		field = (char *)m + rule->field;
		if (rule->kind == MANIFEST_KIND_STRING)
			((struct manifest_strings *)(void *)field)->count = seen[tag];
		else if (rule->kind == MANIFEST_KIND_U32)
			((struct manifest_gpios *)(void *)field)->count = seen[tag];
		else if (rule->kind == MANIFEST_KIND_UUID)
			((struct manifest_uuids *)(void *)field)->count = seen[tag];
		else
			((struct manifest_ports *)(void *)field)->count = seen[tag];
	}
}

int manifest_parse(const uint8_t *buf, size_t len, struct manifest *m, struct error_detail *err)
{
	static const uint16_t required[] = { MANIFEST_TAG_NAME, MANIFEST_TAG_COMPONENT_ID,
					     MANIFEST_TAG_ENTRY_POINT };
	uint8_t seen[MANIFEST_TAG_COUNT] = { 0 };
	unsigned records;
	size_t at = MANIFEST_HEADER_SIZE;

	memset(m, 0, sizeof(*m));
	if (len > PKG_MANIFEST_MAX)
		return error_detail_set(err, -E2BIG, "manifest: %zu bytes, limit is %u", len,
					PKG_MANIFEST_MAX);
	if (len < MANIFEST_HEADER_SIZE)
		return error_detail_set(err, -EINVAL,
					"manifest: truncated: header needs %u bytes, have %zu",
					MANIFEST_HEADER_SIZE, len);
	if (get_le16(buf) != MANIFEST_FORMAT_VERSION)
		return error_detail_set(err, -EINVAL,
					"manifest: unsupported format version %u (expected %u)",
					get_le16(buf), MANIFEST_FORMAT_VERSION);
	records = get_le16(buf + 2);
	for (unsigned i = 0; i < records; i++) {
		const struct manifest_rule *rule;
		uint16_t tag, rlen;
		size_t room = len - at;
		int rc;

		if (room < MANIFEST_RECORD_HEADER_SIZE)
			return error_detail_set(
				err, -EINVAL,
				"manifest: truncated: record %u of %u at offset %zu has no header",
				i + 1, records, at);
		tag = get_le16(buf + at);
		rlen = get_le16(buf + at + 2);
		room -= MANIFEST_RECORD_HEADER_SIZE;
		if (pkg_align4(rlen) > room)
			return error_detail_set(
				err, -EINVAL,
				"manifest: truncated: %s record at offset %zu needs %u bytes, %zu left",
				manifest_tag_name(tag), at, pkg_align4(rlen), room);
		for (uint32_t p = rlen; p < pkg_align4(rlen); p++)
			if (buf[at + MANIFEST_RECORD_HEADER_SIZE + p] != 0)
				return error_detail_set(
					err, -EINVAL,
					"manifest: %s record at offset %zu has non-zero padding",
					manifest_tag_name(tag), at);
		rule = manifest_rule(tag);
		if (!rule)
			return error_detail_set(err, -EINVAL,
						"manifest: unknown record tag %u at offset %zu",
						tag, at);
		if (seen[tag] == rule->max && rule->max == 1)
			return error_detail_set(err, -EINVAL,
						"manifest: duplicate %s record at offset %zu",
						rule->json_name, at);
		if (seen[tag] == rule->max)
			return error_detail_set(err, -E2BIG, "manifest: more than %u %s records",
						rule->max, rule->json_name);
		rc = take_record(m, tag, rule, buf + at + MANIFEST_RECORD_HEADER_SIZE, rlen, seen[tag],
				 at, err);
		if (rc < 0)
			return rc;
		seen[tag]++;
		at += MANIFEST_RECORD_HEADER_SIZE + pkg_align4(rlen);
	}
	if (at != len)
		return error_detail_set(err, -EINVAL,
					"manifest: %zu bytes after the last of %u records",
					len - at, records);
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (!seen[required[i]])
			return error_detail_set(err, -EINVAL, "manifest: missing %s",
						manifest_tag_name(required[i]));
	set_counts(m, seen);
	return 0;
}

int pkg_image_manifest(const struct pkg_image *img, struct manifest *m, struct error_detail *err)
{
	int rc;

	if (!img->manifest)
		return error_detail_set(err, -ENOENT, "package has no MANIFEST section");
	rc = manifest_parse(img->manifest, img->manifest_len, m, err);
	if (rc < 0)
		return rc;
	if (memcmp(m->component_id, img->component_id, 16) != 0)
		return error_detail_set(
			err, -EINVAL,
			"manifest ComponentId differs from the package IDENTITY component id");
	return 0;
}
