/*
 * update_meta.c - reads and verifies update metadata (spherule/update_meta.h,
 * docs/update-metadata.md): each document's header and signature block, the
 * targets' records, then a check-in answer's three roles in TUF's order
 * (timestamp, snapshot, targets), each signed by a trusted key, fresh
 * (nonce, device id), not rolled back, not expired and the one the role
 * above names. The state is changed only when all of it holds.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "pkg_internal.h"
#include "spherule/le.h"
#include "update_meta_format.h"

const char *update_meta_strerror(int rc)
{
	switch (rc) {
	case -ENODATA: return "truncated";
	case -EINVAL: return "malformed";
	case -EKEYREJECTED: return "unknown key or bad signature";
	case -EALREADY: return "replayed";
	case -ESTALE: return "rolled back";
	case -EKEYEXPIRED: return "expired";
	case -EXDEV: return "mixed";
	case -EBADMSG: return "file does not match its target";
	default: return strerror(-rc);
	}
}

const char *update_meta_role_name(uint16_t role)
{
	switch (role) {
	case UPDATE_META_ROLE_TARGETS: return "targets";
	case UPDATE_META_ROLE_SNAPSHOT: return "snapshot";
	case UPDATE_META_ROLE_TIMESTAMP: return "timestamp";
	default: return "unknown";
	}
}

/* Sets err to "<update_meta_strerror(rc)>: <fmt ...>" and returns rc. */
__attribute__((format(printf, 3, 4)))
static int refuse(struct error_detail *err, int rc, const char *fmt, ...)
{
	char detail[ERROR_DETAIL_SIZE];
	va_list ap;

	if (!err)
		return rc;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	return error_detail_set(err, rc, "%s: %s", update_meta_strerror(rc), detail);
}

/* 0 when body_len is a body of role's, else -EINVAL. */
static int check_body_len(uint16_t role, uint32_t body_len, struct error_detail *err)
{
	const char *name = update_meta_role_name(role);

	switch (role) {
	case UPDATE_META_ROLE_TIMESTAMP:
	case UPDATE_META_ROLE_SNAPSHOT: {
		uint32_t want = role == UPDATE_META_ROLE_TIMESTAMP ? UPDATE_META_TIMESTAMP_BODY_SIZE
								   : UPDATE_META_SNAPSHOT_BODY_SIZE;

		if (body_len != want)
			return refuse(err, -EINVAL, "%s body of %u bytes, expected %u", name, body_len,
				      want);
		return 0;
	}
	case UPDATE_META_ROLE_TARGETS:
		if (body_len < UPDATE_META_TARGETS_BODY_SIZE(0) ||
		    body_len > UPDATE_META_TARGETS_BODY_SIZE(UPDATE_META_TARGETS_MAX) ||
		    (body_len - UPDATE_META_TARGETS_BODY_SIZE(0)) % UPDATE_META_TARGET_SIZE != 0)
			return refuse(err, -EINVAL,
				      "targets body of %u bytes, expected 4 + 128 per target, 0 to %u targets",
				      body_len, UPDATE_META_TARGETS_MAX);
		return 0;
	default:
		return refuse(err, -EINVAL, "unknown role %u", role);
	}
}

int update_meta_doc_parse(const uint8_t *buf, size_t len, struct update_meta_doc *d,
			  struct error_detail *err)
{
	const struct update_meta_header *h = (const void *)buf;
	struct error_detail why;
	int rc;

	memset(d, 0, sizeof(*d));
	if (len < UPDATE_META_HEADER_SIZE)
		return refuse(err, -ENODATA, "%zu bytes, a metadata header needs %u", len,
			      UPDATE_META_HEADER_SIZE);
	if (memcmp(h->magic, UPDATE_META_MAGIC, sizeof(h->magic)) != 0)
		return refuse(err, -EINVAL, "not update metadata: no magic \"%s\"", UPDATE_META_MAGIC);
	if (get_le16(h->format_version) != UPDATE_META_FORMAT_VERSION)
		return refuse(err, -EINVAL, "unsupported format version %u (expected %u)",
			      get_le16(h->format_version), UPDATE_META_FORMAT_VERSION);
	d->role = get_le16(h->role);
	d->size = get_le32(h->size);
	d->version = get_le32(h->version);
	d->expires = get_le64(h->expires);
	d->body_len = get_le32(h->body_len);
	rc = check_body_len(d->role, d->body_len, err);
	if (rc < 0)
		return rc;
	if (get_le32(h->reserved) != 0)
		return refuse(err, -EINVAL, "%s header reserved field is 0x%08x, expected 0",
			      update_meta_role_name(d->role), get_le32(h->reserved));
	if (d->version == 0)
		return refuse(err, -EINVAL, "%s version 0, versions start at 1",
			      update_meta_role_name(d->role));
	if (d->size != UPDATE_META_DOC_SIZE(d->body_len))
		return refuse(err, -EINVAL, "%s size %u, but a body of %u bytes makes %u",
			      update_meta_role_name(d->role), d->size, d->body_len,
			      UPDATE_META_DOC_SIZE(d->body_len));
	if (len < d->size)
		return refuse(err, -ENODATA, "%zu bytes, the %s metadata has %u", len,
			      update_meta_role_name(d->role), d->size);
	d->bytes = buf;
	rc = pkg_signature_block_read((const void *)(buf + d->size - PKG_SIGNATURE_SIZE),
				      d->thumbprint, d->signature, &why);
	if (rc < 0) /* the shared reason, without its own "malformed: " */
		return refuse(err, rc, "%s metadata: %s", update_meta_role_name(d->role),
			      why.msg + (strncmp(why.msg, "malformed: ", 11) ? 0 : 11));
	rc = crypto_sha256(buf, d->size, d->sha256);
	return rc < 0 ? refuse(err, rc, "SHA-256 failed") : 0;
}

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/* Copies a NUL-padded name without control characters into out. */
static int take_name(const uint8_t name[UPDATE_META_NAME_SIZE], char out[UPDATE_META_NAME_SIZE + 1],
		     unsigned i, struct error_detail *err)
{
	size_t n = strnlen((const char *)name, UPDATE_META_NAME_SIZE);

	if (!all_zero(name + n, UPDATE_META_NAME_SIZE - n))
		return refuse(err, -EINVAL, "target %u: name is not NUL-padded", i + 1);
	for (size_t k = 0; k < n; k++)
		if (name[k] < 0x20 || name[k] == 0x7f)
			return refuse(err, -EINVAL, "target %u: name has control character 0x%02x", i + 1,
				      name[k]);
	memcpy(out, name, n);
	out[n] = '\0';
	return 0;
}

/* Reads target record i into out->targets[i], checking it against those before it. */
static int take_target(const struct update_meta_target_data *p, unsigned i,
		       struct update_meta_targets *out, struct error_detail *err)
{
	struct update_meta_target *t = &out->targets[i];

	t->kind = get_le16(p->kind);
	t->version = get_le32(p->version);
	t->security_version = get_le32(p->security_version);
	t->size = get_le32(p->size);
	memcpy(t->sha256, p->sha256, sizeof(t->sha256));
	memcpy(t->component_id, p->component_id, sizeof(t->component_id));
	memcpy(t->image_id, p->image_id, sizeof(t->image_id));
	if (t->kind != UPDATE_META_KIND_OS && t->kind != UPDATE_META_KIND_APP)
		return refuse(err, -EINVAL, "target %u: unknown kind %u", i + 1, t->kind);
	if (get_le16(p->reserved) != 0)
		return refuse(err, -EINVAL, "target %u: reserved field is 0x%04x", i + 1,
			      get_le16(p->reserved));
	if (t->size == 0)
		return refuse(err, -EINVAL, "target %u: size 0", i + 1);
	if (t->kind == UPDATE_META_KIND_OS &&
	    !(all_zero(t->component_id, sizeof(t->component_id)) && all_zero(t->image_id, sizeof(t->image_id))))
		return refuse(err, -EINVAL, "target %u: an OS target with a component or image id", i + 1);
	if (t->kind == UPDATE_META_KIND_APP && all_zero(t->component_id, sizeof(t->component_id)))
		return refuse(err, -EINVAL, "target %u: an app target without a component id", i + 1);
	for (unsigned k = 0; k < i; k++) {
		const struct update_meta_target *o = &out->targets[k];

		if (o->kind == t->kind &&
		    (t->kind == UPDATE_META_KIND_OS ||
		     memcmp(o->component_id, t->component_id, sizeof(t->component_id)) == 0))
			return refuse(err, -EINVAL, "targets %u and %u are the same %s", k + 1, i + 1,
				      t->kind == UPDATE_META_KIND_OS ? "OS" : "app");
	}
	return take_name(p->name, t->name, i, err);
}

int update_meta_targets_parse(const struct update_meta_doc *doc, struct update_meta_targets *out,
			      struct error_detail *err)
{
	const uint8_t *body = doc->bytes + UPDATE_META_HEADER_SIZE;
	const struct update_meta_targets_data *h = (const void *)body;
	uint32_t count = get_le16(h->count);
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (count > UPDATE_META_TARGETS_MAX)
		return refuse(err, -EINVAL, "%u targets, at most %u", count, UPDATE_META_TARGETS_MAX);
	if (doc->body_len != UPDATE_META_TARGETS_BODY_SIZE(count))
		return refuse(err, -EINVAL, "%u targets, but a targets body of %u bytes", count,
			      doc->body_len);
	if (get_le16(h->reserved) != 0)
		return refuse(err, -EINVAL, "targets reserved field is 0x%04x", get_le16(h->reserved));
	for (unsigned i = 0; i < count && rc == 0; i++)
		rc = take_target((const void *)(body + UPDATE_META_TARGETS_BODY_SIZE(i)), i, out, err);
	if (rc < 0) {
		memset(out, 0, sizeof(*out));
		return rc;
	}
	out->version = doc->version;
	out->expires = doc->expires;
	out->count = (uint16_t)count;
	return 0;
}

/* How one role names the document below it. */
struct update_meta_ref {
	uint32_t version;
	uint32_t size;
	uint8_t sha256[32];
};

static void take_ref(const struct update_meta_ref_data *p, struct update_meta_ref *r)
{
	r->version = get_le32(p->version);
	r->size = get_le32(p->size);
	memcpy(r->sha256, p->sha256, sizeof(r->sha256));
}

/* EKEYREJECTED unless d is signed by a key of trust. */
static int check_signed(const struct update_meta_doc *d, const struct update_meta_trust *trust,
			struct error_detail *err)
{
	const char *name = update_meta_role_name(d->role);
	uint8_t thumbprint[PKG_THUMBPRINT_SIZE], digest[CRYPTO_SHA256_SIZE];
	struct error_detail why;
	char hex[65];
	int rc;

	for (unsigned i = 0; i < trust->count; i++) {
		pkg_thumbprint(trust->keys[i], thumbprint);
		if (memcmp(thumbprint, d->thumbprint, sizeof(thumbprint)) != 0)
			continue;
		rc = crypto_sha256(d->bytes, d->size - PKG_SIGNATURE_SIZE, digest);
		if (rc < 0)
			return refuse(err, rc, "SHA-256 failed");
		rc = pkg_signature_check(trust->keys[i], digest, d->signature, &why);
		if (rc == -EBADMSG || rc == -EINVAL)
			rc = -EKEYREJECTED;
		return rc < 0 ? refuse(err, rc, "%s metadata: %s", name, why.msg) : 0;
	}
	pkg_thumbprint_hex(d->thumbprint, hex);
	return refuse(err, -EKEYREJECTED, "%s metadata is signed by key %.8s…, which is not trusted",
		      name, hex);
}

/* ESTALE if d is older than the role's accepted version or another
 * document of that version; EKEYEXPIRED if it expired; else records it in
 * next. */
static int check_current(const struct update_meta_doc *d, uint64_t now, struct update_meta_state *next,
			 struct error_detail *err)
{
	struct update_meta_role_state *s = &next->roles[d->role - 1];
	const char *name = update_meta_role_name(d->role);

	if (d->version < s->version)
		return refuse(err, -ESTALE, "%s version %u is older than the accepted version %u", name,
			      d->version, s->version);
	if (d->version == s->version && memcmp(d->sha256, s->sha256, sizeof(s->sha256)) != 0)
		return refuse(err, -ESTALE, "%s version %u is not the version %u accepted before (another hash)",
			      name, d->version, s->version);
	if (d->expires <= now)
		return refuse(err, -EKEYEXPIRED, "%s version %u expired at %llu, now is %llu", name,
			      d->version, (unsigned long long)d->expires, (unsigned long long)now);
	s->version = d->version;
	memcpy(s->sha256, d->sha256, sizeof(s->sha256));
	return 0;
}

/* EXDEV unless d is the document ref (named by the role above) names. */
static int check_named(const struct update_meta_ref *ref, const struct update_meta_doc *d,
		       const char *by, struct error_detail *err)
{
	const char *name = update_meta_role_name(d->role);

	if (ref->version != d->version || ref->size != d->size)
		return refuse(err, -EXDEV, "the %s names %s version %u of %u bytes, not version %u of %u bytes",
			      by, name, ref->version, ref->size, d->version, d->size);
	if (memcmp(ref->sha256, d->sha256, sizeof(d->sha256)) != 0)
		return refuse(err, -EXDEV, "the %s names another %s version %u (another hash)", by, name,
			      d->version);
	return 0;
}

/* EALREADY unless the timestamp answers this check-in. */
static int check_fresh(const struct update_meta_timestamp_data *ts, const uint8_t *nonce,
		       const uint8_t *device_id, struct error_detail *err)
{
	if (memcmp(ts->nonce, nonce, UPDATE_META_NONCE_SIZE) != 0)
		return refuse(err, -EALREADY, "the timestamp answers another nonce than this check-in's");
	if (memcmp(ts->device_id, device_id, UPDATE_META_DEVICE_ID_SIZE) != 0)
		return refuse(err, -EALREADY, "the timestamp is for another device");
	return 0;
}

/* The three documents of a bundle, in their order; EINVAL unless they fill it. */
static int split_bundle(const uint8_t *bundle, size_t len, struct update_meta_doc docs[3],
			struct error_detail *err)
{
	static const uint16_t order[3] = { UPDATE_META_ROLE_TIMESTAMP, UPDATE_META_ROLE_SNAPSHOT,
					   UPDATE_META_ROLE_TARGETS };
	size_t off = 0;

	for (unsigned i = 0; i < 3; i++) {
		int rc = update_meta_doc_parse(bundle + off, len - off, &docs[i], err);

		if (rc < 0)
			return rc;
		if (docs[i].role != order[i])
			return refuse(err, -EINVAL, "document %u of the bundle is %s metadata, expected %s",
				      i + 1, update_meta_role_name(docs[i].role),
				      update_meta_role_name(order[i]));
		off += docs[i].size;
	}
	if (off != len)
		return refuse(err, -EINVAL, "%zu bytes after the targets metadata", len - off);
	return 0;
}

static int verify(const uint8_t *bundle, size_t len, const struct update_meta_trust *trust,
		  const uint8_t *nonce, const uint8_t *device_id, uint64_t now,
		  struct update_meta_state *state, struct update_meta_targets *out,
		  struct error_detail *err)
{
	struct update_meta_doc docs[3];
	const struct update_meta_doc *ts = &docs[0], *snap = &docs[1], *tgt = &docs[2];
	const struct update_meta_timestamp_data *ts_body;
	struct update_meta_state next = *state;
	struct update_meta_ref ref;
	int rc;

	if (trust->count > UPDATE_META_KEYS_MAX)
		return refuse(err, -EINVAL, "%u trusted keys, at most %u", trust->count,
			      UPDATE_META_KEYS_MAX);
	rc = split_bundle(bundle, len, docs, err);
	if (rc == 0)
		rc = update_meta_targets_parse(tgt, out, err);
	if (rc < 0)
		return rc;
	ts_body = (const void *)(ts->bytes + UPDATE_META_HEADER_SIZE);
	rc = check_signed(ts, trust, err);
	if (rc == 0)
		rc = check_fresh(ts_body, nonce, device_id, err);
	if (rc == 0)
		rc = check_current(ts, now, &next, err);
	take_ref(&ts_body->snapshot, &ref);
	if (rc == 0)
		rc = check_named(&ref, snap, "timestamp", err);
	if (rc == 0)
		rc = check_signed(snap, trust, err);
	if (rc == 0)
		rc = check_current(snap, now, &next, err);
	take_ref(&((const struct update_meta_snapshot_data *)(const void *)(snap->bytes +
		UPDATE_META_HEADER_SIZE))->targets, &ref);
	if (rc == 0)
		rc = check_named(&ref, tgt, "snapshot", err);
	if (rc == 0)
		rc = check_signed(tgt, trust, err);
	if (rc == 0)
		rc = check_current(tgt, now, &next, err);
	if (rc == 0)
		*state = next;
	return rc;
}

int update_meta_verify_bundle_err(const uint8_t *bundle, size_t len,
				  const struct update_meta_trust *trust,
				  const uint8_t nonce[UPDATE_META_NONCE_SIZE],
				  const uint8_t device_id[UPDATE_META_DEVICE_ID_SIZE], uint64_t now,
				  struct update_meta_state *state, struct update_meta_targets *out,
				  struct error_detail *err)
{
	int rc = verify(bundle, len, trust, nonce, device_id, now, state, out, err);

	if (rc < 0)
		memset(out, 0, sizeof(*out));
	return rc;
}

int update_meta_verify_bundle(const uint8_t *bundle, size_t len, const struct update_meta_trust *trust,
			      const uint8_t nonce[UPDATE_META_NONCE_SIZE],
			      const uint8_t device_id[UPDATE_META_DEVICE_ID_SIZE], uint64_t now,
			      struct update_meta_state *state, struct update_meta_targets *out)
{
	return update_meta_verify_bundle_err(bundle, len, trust, nonce, device_id, now, state, out,
					     NULL);
}

int update_meta_check_file(const struct update_meta_target *target, const uint8_t sha256[32],
			   uint64_t size)
{
	if (size != target->size || memcmp(sha256, target->sha256, sizeof(target->sha256)) != 0)
		return -EBADMSG;
	return 0;
}
