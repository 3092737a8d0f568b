/*
 * update_meta_build.c - host-side writer of update metadata
 * (spherule/update_meta.h, docs/update-metadata.md) for the update service:
 * the targets, the snapshot naming a targets document and the timestamp
 * naming a snapshot and answering one check-in, each signed with the
 * metadata key and read back with the device's parser.
 */
#include <errno.h>
#include <string.h>

#include "pkg_sign.h"
#include "spherule/le.h"
#include "spherule/pkg_host.h"
#include "update_meta_format.h"

int update_meta_sign(uint8_t *doc, size_t len, EVP_PKEY *key, struct error_detail *err)
{
	uint32_t size = len >= UPDATE_META_HEADER_SIZE
				? get_le32(((struct update_meta_header *)(void *)doc)->size) : 0;
	uint8_t digest[CRYPTO_SHA256_SIZE];
	int rc;

	if (size < UPDATE_META_DOC_SIZE(0) || size > len)
		return error_detail_set(err, -EINVAL, "document size %u does not fit in %zu bytes", size,
					len);
	rc = crypto_sha256(doc, size - PKG_SIGNATURE_SIZE, digest);
	if (rc < 0)
		return error_detail_set(err, rc, "SHA-256 failed: %s", strerror(-rc));
	return pkg_signature_make(key, digest, (void *)(doc + size - PKG_SIGNATURE_SIZE), err);
}

/* Writes the header of a document whose body is already at out + 32, signs
 * it and reads it back into doc as the device will; its size goes to *size. */
static int finish(uint8_t *out, uint16_t role, uint32_t version, uint64_t expires,
		  uint32_t body_len, EVP_PKEY *key, struct update_meta_doc *doc, uint32_t *size,
		  struct error_detail *err)
{
	struct update_meta_header *h = (void *)out;
	int rc;

	memcpy(h->magic, UPDATE_META_MAGIC, sizeof(h->magic));
	put_le16(h->format_version, UPDATE_META_FORMAT_VERSION);
	put_le16(h->role, role);
	put_le32(h->size, UPDATE_META_DOC_SIZE(body_len));
	put_le32(h->version, version);
	put_le64(h->expires, expires);
	put_le32(h->body_len, body_len);
	put_le32(h->reserved, 0);
	rc = update_meta_sign(out, UPDATE_META_DOC_SIZE(body_len), key, err);
	if (rc == 0)
		rc = update_meta_doc_parse(out, UPDATE_META_DOC_SIZE(body_len), doc, err);
	if (rc == 0)
		*size = doc->size;
	return rc;
}

static void put_target(const struct update_meta_target *t, struct update_meta_target_data *p)
{
	put_le16(p->kind, t->kind);
	put_le16(p->reserved, 0);
	put_le32(p->version, t->version);
	put_le32(p->security_version, t->security_version);
	put_le32(p->size, t->size);
	memcpy(p->sha256, t->sha256, sizeof(p->sha256));
	memcpy(p->component_id, t->component_id, sizeof(p->component_id));
	memcpy(p->image_id, t->image_id, sizeof(p->image_id));
	memcpy(p->name, t->name, strnlen(t->name, UPDATE_META_NAME_SIZE));
}

int update_meta_build_targets(uint32_t version, uint64_t expires,
			      const struct update_meta_target *targets, unsigned count, EVP_PKEY *key,
			      uint8_t out[UPDATE_META_TARGETS_SIZE_MAX], uint32_t *size,
			      struct error_detail *err)
{
	uint8_t *body = out + UPDATE_META_HEADER_SIZE;
	struct update_meta_targets_data *h = (void *)body;
	struct update_meta_targets back;
	struct update_meta_doc doc;
	int rc;

	if (count > UPDATE_META_TARGETS_MAX)
		return error_detail_set(err, -EINVAL, "%u targets, at most %u", count,
					UPDATE_META_TARGETS_MAX);
	for (unsigned i = 0; i < count; i++)
		if (strnlen(targets[i].name, UPDATE_META_NAME_SIZE + 1) > UPDATE_META_NAME_SIZE)
			return error_detail_set(err, -EINVAL, "target %u: name longer than %u bytes",
						i + 1, UPDATE_META_NAME_SIZE);
	memset(out, 0, UPDATE_META_TARGETS_SIZE_MAX);
	put_le16(h->count, (uint16_t)count);
	for (unsigned i = 0; i < count; i++)
		put_target(&targets[i], (void *)(body + UPDATE_META_TARGETS_BODY_SIZE(i)));
	rc = finish(out, UPDATE_META_ROLE_TARGETS, version, expires,
		    UPDATE_META_TARGETS_BODY_SIZE(count), key, &doc, size, err);
	/* The targets' own rules (kinds, ids, names), as the device reads them. */
	return rc < 0 ? rc : update_meta_targets_parse(&doc, &back, err);
}

/* Writes into ref how a role names the document of role expected in doc. */
static int put_ref(const uint8_t *doc, size_t len, uint16_t expected,
		   struct update_meta_ref_data *ref, struct error_detail *err)
{
	struct update_meta_doc d;
	int rc = update_meta_doc_parse(doc, len, &d, err);

	if (rc < 0)
		return rc;
	if (d.role != expected || d.size != len)
		return error_detail_set(err, -EINVAL, "a %s document of %u bytes, expected %s metadata of %zu",
					update_meta_role_name(d.role), d.size,
					update_meta_role_name(expected), len);
	put_le32(ref->version, d.version);
	put_le32(ref->size, d.size);
	memcpy(ref->sha256, d.sha256, sizeof(ref->sha256));
	return 0;
}

int update_meta_build_snapshot(uint32_t version, uint64_t expires, const uint8_t *targets,
			       size_t targets_len, EVP_PKEY *key,
			       uint8_t out[UPDATE_META_SNAPSHOT_SIZE], uint32_t *size,
			       struct error_detail *err)
{
	struct update_meta_snapshot_data *body = (void *)(out + UPDATE_META_HEADER_SIZE);
	struct update_meta_doc doc;
	int rc;

	memset(out, 0, UPDATE_META_SNAPSHOT_SIZE);
	rc = put_ref(targets, targets_len, UPDATE_META_ROLE_TARGETS, &body->targets, err);
	if (rc < 0)
		return rc;
	return finish(out, UPDATE_META_ROLE_SNAPSHOT, version, expires, sizeof(*body), key, &doc, size,
		      err);
}

int update_meta_build_timestamp(uint32_t version, uint64_t expires, const uint8_t *snapshot,
				size_t snapshot_len, const uint8_t nonce[UPDATE_META_NONCE_SIZE],
				const uint8_t device_id[UPDATE_META_DEVICE_ID_SIZE], EVP_PKEY *key,
				uint8_t out[UPDATE_META_TIMESTAMP_SIZE], uint32_t *size,
				struct error_detail *err)
{
	struct update_meta_timestamp_data *body = (void *)(out + UPDATE_META_HEADER_SIZE);
	struct update_meta_doc doc;
	int rc;

	memset(out, 0, UPDATE_META_TIMESTAMP_SIZE);
	rc = put_ref(snapshot, snapshot_len, UPDATE_META_ROLE_SNAPSHOT, &body->snapshot, err);
	if (rc < 0)
		return rc;
	memcpy(body->nonce, nonce, sizeof(body->nonce));
	memcpy(body->device_id, device_id, sizeof(body->device_id));
	return finish(out, UPDATE_META_ROLE_TIMESTAMP, version, expires, sizeof(*body), key, &doc, size,
		      err);
}
