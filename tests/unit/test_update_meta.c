/*
 * test_update_meta.c - update metadata (pkg/update_meta.c, update_meta_state.c,
 * update_meta_build.c, docs/update-metadata.md): a bundle built and signed
 * on the host is accepted with its targets and recorded in the state; each
 * attack is refused with its own errno and reason (malformed, truncated at
 * every byte, unknown key, bad signature, replayed nonce or device id,
 * rolled back, expired, mixed) and leaves the state as it was; the bounds
 * (0, 32 and 33 targets, 4 trusted keys and a rotated-in one); downloaded
 * files against their target; the state file and its torn copies. The same
 * bundles through the device library (mbedTLS) under qemu-arm
 * (test_update_meta_device.c), its state file read back here.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "crypto.h"
#include "spherule/le.h"
#include "run_line.h"
#include "spherule/pkg_host.h"
#include "tap.h"
#include "update_meta_format.h"

#ifndef TEST_UPDATE_META_DEVICE
#error "TEST_UPDATE_META_DEVICE: path of the armhf test_update_meta_device program"
#endif

#define NOW 1700000000ull
#define LATER (NOW + 3600)

static EVP_PKEY *keys[5]; /* 0..3 trusted, 4 not */
static struct update_meta_trust trust;
static const uint8_t nonce[32] = { 0x11, 0x12, 0x13 }, device[32] = { 0x21, 0x22, 0x23 };

/* A bundle's three documents, each in its own buffer, and them joined. */
struct bundle {
	uint8_t ts[UPDATE_META_TIMESTAMP_SIZE], snap[UPDATE_META_SNAPSHOT_SIZE],
		tgt[UPDATE_META_TARGETS_SIZE_MAX];
	uint32_t ts_size, snap_size, tgt_size;
	uint8_t bytes[UPDATE_META_BUNDLE_MAX + 1];
	size_t len;
};

/* What a bundle is built from; index role (1 targets, 2 snapshot, 3 timestamp). */
struct spec {
	uint32_t version[4];
	uint64_t expires[4];
	EVP_PKEY *key[4];
	struct update_meta_target targets[UPDATE_META_TARGETS_MAX + 1];
	unsigned count;
	const uint8_t *nonce, *device;
};

static struct update_meta_target os_target(void)
{
	struct update_meta_target t = { .kind = UPDATE_META_KIND_OS, .version = 3,
					.security_version = 2, .size = 4096, .name = "spherule-os" };

	memset(t.sha256, 0xa1, sizeof(t.sha256));
	return t;
}

static struct update_meta_target app_target(unsigned i)
{
	struct update_meta_target t = { .kind = UPDATE_META_KIND_APP, .version = 10 + i,
					.security_version = 1, .size = 8192 + i };

	memset(t.sha256, 0xb0 + (int)i, sizeof(t.sha256));
	memset(t.component_id, 1 + (int)i, sizeof(t.component_id));
	memset(t.image_id, 0x40 + (int)i, sizeof(t.image_id));
	snprintf(t.name, sizeof(t.name), "app-%u", i);
	return t;
}

static struct spec base(void)
{
	struct spec s = { .version = { 0, 7, 6, 5 }, .expires = { 0, LATER, LATER, LATER },
			  .key = { NULL, keys[0], keys[0], keys[0] }, .count = 2,
			  .nonce = nonce, .device = device };

	s.targets[0] = os_target();
	s.targets[1] = app_target(1);
	return s;
}

static void join(struct bundle *b)
{
	memcpy(b->bytes, b->ts, b->ts_size);
	memcpy(b->bytes + b->ts_size, b->snap, b->snap_size);
	memcpy(b->bytes + b->ts_size + b->snap_size, b->tgt, b->tgt_size);
	b->len = b->ts_size + b->snap_size + b->tgt_size;
}

/* Builds the snapshot and timestamp of s over the targets already in b. */
static void wrap(const struct spec *s, struct bundle *b)
{
	struct error_detail err = { "" };

	if (update_meta_build_snapshot(s->version[2], s->expires[2], b->tgt, b->tgt_size, s->key[2],
				       b->snap, &b->snap_size, &err) < 0 ||
	    update_meta_build_timestamp(s->version[3], s->expires[3], b->snap, b->snap_size, s->nonce,
					s->device, s->key[3], b->ts, &b->ts_size, &err) < 0) {
		printf("# cannot build: %s\n", err.msg);
		exit(1);
	}
	join(b);
}

static void build(const struct spec *s, struct bundle *b)
{
	struct error_detail err = { "" };

	if (update_meta_build_targets(s->version[1], s->expires[1], s->targets, s->count, s->key[1],
				      b->tgt, &b->tgt_size, &err) < 0) {
		printf("# cannot build the targets: %s\n", err.msg);
		exit(1);
	}
	wrap(s, b);
}

static int verify(const uint8_t *bytes, size_t len, struct update_meta_state *st,
		  struct update_meta_targets *out, struct error_detail *err)
{
	return update_meta_verify_bundle_err(bytes, len, &trust, nonce, device, NOW, st, out, err);
}

/* Expects bytes refused with rc and a reason containing want, with the
 * state (st) and the output unchanged. */
static void refused(const uint8_t *bytes, size_t len, const struct update_meta_state *st, int want_rc,
		    const char *want, const char *name)
{
	struct update_meta_state copy = *st;
	struct update_meta_targets out;
	struct error_detail err = { "" };
	int rc, state_kept, out_zero;

	memset(&out, 0x5a, sizeof(out));
	rc = verify(bytes, len, &copy, &out, &err);
	state_kept = memcmp(&copy, st, sizeof(copy)) == 0;
	out_zero = out.count == 0 && out.version == 0;
	if (rc != want_rc || !strstr(err.msg, want) || !state_kept || !out_zero)
		printf("# rc %d (want %d), reason: %s (want: %s), state kept %d\n", rc, want_rc, err.msg,
		       want, state_kept);
	tap_ok(rc == want_rc && strstr(err.msg, want) && state_kept && out_zero, "refused: %s (%s)",
	       name, err.msg);
}

static void refused_spec(const struct spec *s, const struct update_meta_state *st, int want_rc,
			 const char *want, const char *name)
{
	static struct bundle b;

	build(s, &b);
	refused(b.bytes, b.len, st, want_rc, want, name);
}

static void accepted(const struct bundle *b, struct update_meta_state *st, const char *name)
{
	struct update_meta_targets out;
	struct error_detail err = { "" };
	int rc = verify(b->bytes, b->len, st, &out, &err);

	tap_ok(rc == 0, "accepted: %s%s%s", name, rc ? ": " : "", rc ? err.msg : "");
}

static void test_strerror(void)
{
	tap_ok(!strcmp(update_meta_strerror(-ENODATA), "truncated") &&
		       !strcmp(update_meta_strerror(-EINVAL), "malformed") &&
		       !strcmp(update_meta_strerror(-EKEYREJECTED), "unknown key or bad signature") &&
		       !strcmp(update_meta_strerror(-EALREADY), "replayed") &&
		       !strcmp(update_meta_strerror(-ESTALE), "rolled back") &&
		       !strcmp(update_meta_strerror(-EKEYEXPIRED), "expired") &&
		       !strcmp(update_meta_strerror(-EXDEV), "mixed") &&
		       !strcmp(update_meta_strerror(-EBADMSG), "file does not match its target"),
	       "each refusal has its name");
	tap_ok(!strcmp(update_meta_role_name(1), "targets") && !strcmp(update_meta_role_name(2), "snapshot") &&
		       !strcmp(update_meta_role_name(3), "timestamp") && !strcmp(update_meta_role_name(4), "unknown"),
	       "role names");
}

static void test_accepted(void)
{
	static struct bundle b;
	struct spec s = base();
	struct update_meta_state st = { 0 }, before;
	struct update_meta_targets out;
	struct error_detail err = { "" };
	uint8_t sha[32];
	int rc;

	build(&s, &b);
	tap_ok(b.ts_size == 236 && b.snap_size == 172 && b.tgt_size == 136 + 2 * 128,
	       "sizes: timestamp 236, snapshot 172, targets of 2: 392");
	rc = verify(b.bytes, b.len, &st, &out, &err);
	tap_ok(rc == 0, "a fresh device accepts the bundle: %s", rc ? err.msg : "ok");
	tap_ok(out.version == 7 && out.expires == LATER && out.count == 2, "targets version, expiry, count");
	tap_ok(!memcmp(&out.targets[0], &s.targets[0], sizeof(s.targets[0])) &&
		       !memcmp(&out.targets[1], &s.targets[1], sizeof(s.targets[1])),
	       "each target as built (kind, versions, size, hash, ids, name)");
	crypto_sha256(b.tgt, b.tgt_size, sha);
	tap_ok(st.roles[0].version == 7 && st.roles[1].version == 6 && st.roles[2].version == 5 &&
		       !memcmp(st.roles[0].sha256, sha, 32),
	       "the state records each role's version and document hash");
	before = st;
	rc = verify(b.bytes, b.len, &st, &out, &err);
	tap_ok(rc == 0 && !memcmp(&st, &before, sizeof(st)), "the same bundle again: accepted, state unchanged");
	rc = update_meta_verify_bundle(b.bytes, b.len, &trust, nonce, device, NOW, &st, &out);
	tap_ok(rc == 0 && out.count == 2, "update_meta_verify_bundle (no reason) accepts it too");
}

static void test_counts(void)
{
	static struct bundle b;
	struct spec s = base();
	struct update_meta_state st = { 0 };
	struct update_meta_targets out;
	struct error_detail err = { "" };
	int ok = 1;

	s.count = 0;
	build(&s, &b);
	tap_ok(verify(b.bytes, b.len, &st, &out, &err) == 0 && out.count == 0 && b.tgt_size == 136,
	       "0 targets (136 bytes): accepted");
	memset(&st, 0, sizeof(st));
	s.targets[0] = os_target();
	for (unsigned i = 1; i < UPDATE_META_TARGETS_MAX; i++)
		s.targets[i] = app_target(i);
	s.count = UPDATE_META_TARGETS_MAX;
	build(&s, &b);
	tap_ok(verify(b.bytes, b.len, &st, &out, &err) == 0 && out.count == 32 &&
		       b.len == UPDATE_META_BUNDLE_MAX,
	       "32 targets: accepted, the bundle is UPDATE_META_BUNDLE_MAX (%u) bytes", UPDATE_META_BUNDLE_MAX);
	for (unsigned i = 0; i < 32; i++)
		ok &= !memcmp(&out.targets[i], &s.targets[i], sizeof(out.targets[i]));
	tap_ok(ok, "each of the 32 targets as built");
	s.targets[32] = app_target(32);
	s.count = 33;
	tap_ok(update_meta_build_targets(1, LATER, s.targets, 33, keys[0], b.tgt, &b.tgt_size, &err) == -EINVAL &&
		       strstr(err.msg, "33 targets"),
	       "the writer refuses 33 targets (%s)", err.msg);
}

/* A targets document of n records (the first n of s) with count field
 * count_field, written by hand and signed, wrapped in a bundle by s. */
static void crafted_targets(const struct spec *s, unsigned n, unsigned count_field, struct bundle *b)
{
	struct update_meta_header *h = (void *)b->tgt;
	struct error_detail err = { "" };
	uint32_t body = UPDATE_META_TARGETS_BODY_SIZE(n);

	if (update_meta_build_targets(s->version[1], s->expires[1], s->targets, 0, s->key[1], b->tgt,
				      &b->tgt_size, &err) < 0)
		exit(1);
	put_le32(h->body_len, body);
	put_le32(h->size, UPDATE_META_DOC_SIZE(body));
	put_le16(b->tgt + UPDATE_META_HEADER_SIZE, (uint16_t)count_field);
	for (unsigned i = 0; i < n; i++) {
		struct update_meta_target_data *p = (void *)(b->tgt + UPDATE_META_HEADER_SIZE +
							     UPDATE_META_TARGETS_BODY_SIZE(i));

		put_le16(p->kind, UPDATE_META_KIND_APP);
		put_le32(p->size, 1);
		memset(p->component_id, 1 + (int)i, sizeof(p->component_id));
	}
	b->tgt_size = UPDATE_META_DOC_SIZE(body);
	update_meta_sign(b->tgt, b->tgt_size, s->key[1], &err);
}

static void test_33_targets(void)
{
	static uint8_t big[UPDATE_META_TARGETS_SIZE(33)];
	static struct bundle b;
	struct spec s = base();
	struct update_meta_state st = { 0 };
	struct update_meta_doc doc;
	struct error_detail err = { "" };
	struct update_meta_header *h = (void *)big;

	/* 33 records: the body is longer than a targets body can be. */
	crafted_targets(&s, 32, 32, &b);
	memcpy(big, b.tgt, b.tgt_size);
	put_le32(h->body_len, UPDATE_META_TARGETS_BODY_SIZE(33));
	put_le32(h->size, UPDATE_META_TARGETS_SIZE(33));
	put_le16(big + UPDATE_META_HEADER_SIZE, 33);
	update_meta_sign(big, sizeof(big), keys[0], &err);
	tap_ok(update_meta_doc_parse(big, sizeof(big), &doc, &err) == -EINVAL &&
		       strstr(err.msg, "0 to 32 targets"),
	       "33 target records: refused (%s)", err.msg);
	wrap(&s, &b); /* a valid bundle to put the big targets into */
	memcpy(b.bytes + b.ts_size + b.snap_size, big, sizeof(big));
	refused(b.bytes, b.ts_size + b.snap_size + sizeof(big), &st, -EINVAL, "0 to 32 targets",
		"a bundle with 33 targets");
	/* A count of 33 over 32 records. */
	crafted_targets(&s, 32, 33, &b);
	wrap(&s, &b);
	refused(b.bytes, b.len, &st, -EINVAL, "33 targets, at most 32", "a count of 33");
	crafted_targets(&s, 2, 1, &b);
	wrap(&s, &b);
	refused(b.bytes, b.len, &st, -EINVAL, "1 targets, but a targets body of 260 bytes",
		"a count that is not the body's");
}

/* A bundle whose target record (0 the OS, 1 an app) has the field at off
 * (from the record's start) set to v (width 2 or 4), or its width bytes
 * (width 1 or 16) set to the byte v; refused with want. */
static void refused_target_field(unsigned record, unsigned off, unsigned width, uint32_t v,
				 const char *want, const char *name)
{
	static struct bundle b;
	struct spec s = base();
	struct update_meta_state st = { 0 };
	struct error_detail err = { "" };
	uint8_t *rec = b.tgt + UPDATE_META_HEADER_SIZE + UPDATE_META_TARGETS_BODY_SIZE(record);

	build(&s, &b);
	if (width == 1)
		rec[off] = (uint8_t)v;
	else if (width == 2)
		put_le16(rec + off, (uint16_t)v);
	else if (width == 4)
		put_le32(rec + off, v);
	else
		memset(rec + off, (int)v, width);
	update_meta_sign(b.tgt, b.tgt_size, s.key[1], &err);
	wrap(&s, &b);
	refused(b.bytes, b.len, &st, -EINVAL, want, name);
}

static void test_target_rules(void)
{
	struct spec s = base();
	uint8_t out[UPDATE_META_TARGETS_SIZE_MAX];
	struct error_detail err = { "" };
	uint32_t size;

	refused_target_field(1, 0, 2, 3, "target 2: unknown kind 3", "unknown target kind");
	refused_target_field(1, 2, 2, 1, "target 2: reserved field is 0x0001", "target reserved field");
	refused_target_field(1, 12, 4, 0, "target 2: size 0", "an empty file");
	refused_target_field(1, 48, 16, 0, "target 2: an app target without a component id",
			     "an app without a component id");
	refused_target_field(0, 48, 16, 2, "target 1: an OS target with a component or image id",
			     "an OS target with a component id");
	refused_target_field(0, 64, 16, 2, "target 1: an OS target with a component or image id",
			     "an OS target with an image id");
	refused_target_field(1, 80 + 47, 1, 'x', "target 2: name is not NUL-padded",
			     "a name not NUL-padded");
	refused_target_field(1, 80 + 1, 1, '\n', "target 2: name has control character 0x0a",
			     "a name with a control character");
	refused_target_field(1, 80 + 1, 1, 0x7f, "target 2: name has control character 0x7f",
			     "a name with DEL");
	s.targets[1] = os_target();
	tap_ok(update_meta_build_targets(1, LATER, s.targets, 2, keys[0], out, &size, &err) == -EINVAL &&
		       strstr(err.msg, "targets 1 and 2 are the same OS"),
	       "two OS targets: refused, by the writer as by the device (%s)", err.msg);
	s.targets[0] = app_target(1);
	s.targets[1] = app_target(1);
	tap_ok(update_meta_build_targets(1, LATER, s.targets, 2, keys[0], out, &size, &err) == -EINVAL &&
		       strstr(err.msg, "targets 1 and 2 are the same app"),
	       "two targets of one app: refused (%s)", err.msg);
	s = base();
	s = base();
	memset(s.targets[1].name, 'n', sizeof(s.targets[1].name));
	tap_ok(update_meta_build_targets(1, LATER, s.targets, 2, keys[0], out, &size, &err) == -EINVAL &&
		       strstr(err.msg, "name longer than 48"),
	       "the writer refuses a name of 49 bytes (%s)", err.msg);
	s.targets[1].name[48] = '\0';
	tap_ok(update_meta_build_targets(1, LATER, s.targets, 2, keys[0], out, &size, &err) == 0,
	       "a name of 48 bytes (no NUL in the record) is taken");
}

/* The good bundle with the field at off of document doc (0 timestamp,
 * 1 snapshot, 2 targets) set to v (width 2 or 4), unsigned again. */
static void refused_header(unsigned doc, unsigned off, unsigned width, uint32_t v, int want_rc,
			   const char *want, const char *name)
{
	static struct bundle b;
	struct spec s = base();
	struct update_meta_state st = { 0 };
	size_t at;

	build(&s, &b);
	at = doc == 0 ? 0 : doc == 1 ? b.ts_size : b.ts_size + b.snap_size;
	if (width == 2)
		put_le16(b.bytes + at + off, (uint16_t)v);
	else
		put_le32(b.bytes + at + off, v);
	refused(b.bytes, b.len, &st, want_rc, want, name);
}

static void test_malformed(void)
{
	static const char *const docs[] = { "timestamp", "snapshot", "targets" };
	static const uint32_t sizes[] = { 236, 172, 392 };
	static struct bundle b;
	struct spec s = base();
	struct update_meta_state st = { 0 };
	char want[80];

	for (unsigned d = 0; d < 3; d++) {
		char name[80];

		snprintf(name, sizeof(name), "%s: another magic", docs[d]);
		refused_header(d, 0, 4, 0x4d555053 + 1, -EINVAL, "no magic \"SPUM\"", name);
		snprintf(name, sizeof(name), "%s: format version 2", docs[d]);
		refused_header(d, 4, 2, 2, -EINVAL, "unsupported format version 2", name);
		snprintf(want, sizeof(want), "%s size %u, but", docs[d], sizes[d] + 4);
		snprintf(name, sizeof(name), "%s: size not its body's", docs[d]);
		refused_header(d, 8, 4, sizes[d] + 4, -EINVAL, want, name);
		snprintf(want, sizeof(want), "%s version 0, versions start at 1", docs[d]);
		snprintf(name, sizeof(name), "%s: version 0", docs[d]);
		refused_header(d, 12, 4, 0, -EINVAL, want, name);
		snprintf(name, sizeof(name), "%s: header reserved field", docs[d]);
		refused_header(d, 28, 4, 1, -EINVAL, "header reserved field is 0x00000001", name);
		snprintf(name, sizeof(name), "%s: signature algorithm 2", docs[d]);
		refused_header(d, sizes[d] - 100, 2, 2, -EINVAL, "unsupported signature algorithm 2", name);
		snprintf(name, sizeof(name), "%s: signature reserved field", docs[d]);
		refused_header(d, sizes[d] - 98, 2, 1, -EINVAL, "signature reserved field is 0x0001", name);
	}
	refused_header(0, 6, 2, 9, -EINVAL, "unknown role 9", "an unknown role");
	refused_header(0, 24, 4, 100, -EINVAL, "timestamp body of 100 bytes, expected 104",
		       "a timestamp body of another length");
	refused_header(1, 24, 4, 44, -EINVAL, "snapshot body of 44 bytes, expected 40",
		       "a snapshot body of another length");
	refused_header(2, 24, 4, 4 + 128 + 1, -EINVAL, "targets body of 133 bytes",
		       "a targets body not 4 + 128 n");
	refused_header(2, UPDATE_META_HEADER_SIZE + 2, 2, 1, -EINVAL, "targets reserved field is 0x0001",
		       "targets reserved field");
	refused_header(0, 6, 2, UPDATE_META_ROLE_SNAPSHOT, -EINVAL, "snapshot body of 104 bytes, expected 40",
		       "a timestamp that calls itself a snapshot");
	/* The documents out of order. */
	build(&s, &b);
	memcpy(b.bytes, b.snap, b.snap_size);
	memcpy(b.bytes + b.snap_size, b.ts, b.ts_size);
	refused(b.bytes, b.len, &st, -EINVAL, "document 1 of the bundle is snapshot metadata, expected timestamp",
		"snapshot before timestamp");
	memcpy(b.bytes, b.ts, b.ts_size);
	memcpy(b.bytes + b.ts_size, b.tgt, b.tgt_size);
	refused(b.bytes, b.ts_size + b.tgt_size, &st, -EINVAL,
		"document 2 of the bundle is targets metadata, expected snapshot", "no snapshot");
	join(&b);
	b.bytes[b.len] = 0;
	refused(b.bytes, b.len + 1, &st, -EINVAL, "1 bytes after the targets metadata", "a byte after the bundle");
}

static void test_truncated(void)
{
	static struct bundle b;
	struct spec s = base();
	struct update_meta_state st = { 0 }, copy;
	struct update_meta_targets out;
	struct error_detail err = { "" };
	size_t bad = 0, first_bad = 0;

	build(&s, &b);
	for (size_t len = 0; len < b.len; len++) {
		copy = st;
		if (verify(b.bytes, len, &copy, &out, &err) != -ENODATA || !strstr(err.msg, "truncated: ") ||
		    memcmp(&copy, &st, sizeof(st)) != 0) {
			if (!bad++)
				first_bad = len;
		}
	}
	if (bad)
		printf("# %zu lengths not refused as truncated, the first %zu\n", bad, first_bad);
	tap_ok(bad == 0, "truncated at each of its %zu bytes (each field of the 3 documents): -ENODATA",
	       b.len);
	refused(b.bytes, b.ts_size + b.snap_size + 33, &st, -ENODATA, "the targets metadata has 392",
		"truncated in the targets body");
	refused(b.bytes, 31, &st, -ENODATA, "31 bytes, a metadata header needs 32", "a short header");
}

static void test_keys(void)
{
	static struct bundle b;
	struct spec s = base();
	struct update_meta_state st = { 0 };
	struct update_meta_trust saved = trust;

	for (int r = 1; r <= 3; r++) {
		char name[80];

		s = base();
		s.key[r] = keys[4];
		snprintf(name, sizeof(name), "%s signed by an unknown key", update_meta_role_name((uint16_t)r));
		refused_spec(&s, &st, -EKEYREJECTED, "which is not trusted", name);
	}
	s = base();
	build(&s, &b);
	b.bytes[b.ts_size - 1] ^= 1;
	refused(b.bytes, b.len, &st, -EKEYREJECTED, "timestamp metadata: signature does not verify",
		"a timestamp whose signature does not verify");
	join(&b);
	b.bytes[40] ^= 1; /* the timestamp's body, not signed again */
	refused(b.bytes, b.len, &st, -EKEYREJECTED, "signature does not verify", "a changed timestamp byte");
	/* The snapshot's bytes are named by the timestamp: a change is mixed. */
	join(&b);
	b.bytes[b.ts_size + 40] ^= 1;
	refused(b.bytes, b.len, &st, -EXDEV, "another snapshot", "a changed snapshot byte");
	/* Rotation: the device trusts 4 keys; the newest signs. */
	s = base();
	s.key[1] = s.key[2] = s.key[3] = keys[3];
	build(&s, &b);
	accepted(&b, &st, "signed by the 4th trusted key (rotated in)");
	s = base();
	s.key[1] = keys[1];
	s.key[2] = keys[2];
	s.key[3] = keys[3];
	build(&s, &b);
	memset(&st, 0, sizeof(st));
	accepted(&b, &st, "each role signed by another trusted key");
	trust.count = 3;
	memset(&st, 0, sizeof(st));
	s.key[1] = s.key[2] = s.key[3] = keys[3];
	refused_spec(&s, &st, -EKEYREJECTED, "which is not trusted", "the 4th key once it is no longer trusted");
	trust.count = 0;
	refused_spec(&s, &st, -EKEYREJECTED, "which is not trusted", "a device that trusts no key");
	trust.count = 5;
	refused_spec(&s, &st, -EINVAL, "5 trusted keys, at most 4", "a trust of 5 keys");
	/* A trusted key that is not a point on P-256, named by the timestamp
	 * (the thumbprint is in the unsigned signature block). */
	trust = saved;
	trust.keys[0][64] ^= 1;
	s = base();
	build(&s, &b);
	pkg_thumbprint(trust.keys[0], b.bytes + b.ts_size - 100 + 4);
	refused(b.bytes, b.len, &st, -EKEYREJECTED, "not a point on P-256",
		"a trusted key that is not on the curve");
	trust = saved;
}

static void test_expired(void)
{
	struct update_meta_state st = { 0 };
	static struct bundle b;

	for (int r = 1; r <= 3; r++) {
		struct spec s = base();
		char want[80], name[80];

		s.expires[r] = NOW;
		snprintf(want, sizeof(want), "%s version %u expired at %llu, now is %llu",
			 update_meta_role_name((uint16_t)r), s.version[r], NOW, NOW);
		snprintf(name, sizeof(name), "%s expiring now", update_meta_role_name((uint16_t)r));
		refused_spec(&s, &st, -EKEYEXPIRED, want, name);
		s.expires[r] = NOW + 1;
		build(&s, &b);
		snprintf(name, sizeof(name), "%s expiring a second after now", update_meta_role_name((uint16_t)r));
		memset(&st, 0, sizeof(st));
		accepted(&b, &st, name);
		memset(&st, 0, sizeof(st));
	}
}

static void test_replayed(void)
{
	struct update_meta_state st = { 0 };
	uint8_t other[32] = { 0x99 };
	struct spec s = base();

	s.nonce = other;
	refused_spec(&s, &st, -EALREADY, "another nonce than this check-in's", "an answer to another nonce");
	s = base();
	s.device = other;
	refused_spec(&s, &st, -EALREADY, "for another device", "an answer for another device");
}

static void test_rolled_back(void)
{
	static struct bundle first, b;
	struct spec s = base(); /* targets 7, snapshot 6, timestamp 5 */
	struct update_meta_state st = { 0 }, accepted_st;

	build(&s, &first);
	accepted(&first, &st, "versions 7, 6, 5");
	accepted_st = st;
	s.version[3] = 4;
	refused_spec(&s, &st, -ESTALE, "timestamp version 4 is older than the accepted version 5",
		     "an older timestamp");
	s.version[3] = 5;
	refused_spec(&s, &st, -ESTALE, "timestamp version 5 is not the version 5 accepted before",
		     "another timestamp of the accepted version");
	s.version[3] = 8;
	s.version[2] = 5;
	refused_spec(&s, &st, -ESTALE, "snapshot version 5 is older than the accepted version 6",
		     "an older snapshot");
	s.version[2] = 6;
	s.expires[2] = LATER + 1;
	refused_spec(&s, &st, -ESTALE, "snapshot version 6 is not the version 6 accepted before",
		     "another snapshot of the accepted version");
	s = base();
	s.version[3] = 8;
	s.version[2] = 7;
	s.version[1] = 6;
	refused_spec(&s, &st, -ESTALE, "targets version 6 is older than the accepted version 7",
		     "older targets");
	s.version[1] = 7;
	s.targets[1].version++;
	refused_spec(&s, &st, -ESTALE, "targets version 7 is not the version 7 accepted before",
		     "other targets of the accepted version");
	tap_ok(!memcmp(&st, &accepted_st, sizeof(st)), "the state is still the first bundle's");
	/* The usual check-in: a new timestamp over the same snapshot and targets. */
	memcpy(b.tgt, first.tgt, first.tgt_size);
	memcpy(b.snap, first.snap, first.snap_size);
	b.tgt_size = first.tgt_size;
	b.snap_size = first.snap_size;
	s = base();
	s.version[3] = 6;
	if (update_meta_build_timestamp(6, LATER, b.snap, b.snap_size, nonce, device, keys[0], b.ts,
					&b.ts_size, NULL) < 0)
		exit(1);
	join(&b);
	accepted(&b, &st, "a new timestamp over the accepted snapshot and targets");
	tap_ok(st.roles[2].version == 6 && st.roles[1].version == 6 && st.roles[0].version == 7,
	       "the state records the new timestamp only");
	s.version[3] = 7;
	s.version[2] = 7;
	s.version[1] = 8;
	build(&s, &b);
	accepted(&b, &st, "a new deployment (targets 8, snapshot 7, timestamp 7)");
	tap_ok(st.roles[0].version == 8 && st.roles[1].version == 7 && st.roles[2].version == 7,
	       "the state records all three");
}

static void test_mixed(void)
{
	static struct bundle a, b, mix;
	struct spec s = base();
	struct update_meta_state st = { 0 };

	build(&s, &a);
	s.targets[1].version++;
	build(&s, &b); /* same versions, other targets */
	memcpy(mix.bytes, a.ts, a.ts_size);
	memcpy(mix.bytes + a.ts_size, b.snap, b.snap_size);
	memcpy(mix.bytes + a.ts_size + b.snap_size, b.tgt, b.tgt_size);
	refused(mix.bytes, a.len, &st, -EXDEV, "the timestamp names another snapshot version 6",
		"a timestamp with another snapshot of its version");
	memcpy(mix.bytes, a.ts, a.ts_size + 0);
	memcpy(mix.bytes + a.ts_size, a.snap, a.snap_size);
	refused(mix.bytes, a.len, &st, -EXDEV, "the snapshot names another targets version 7",
		"a snapshot with other targets of its version");
	s = base();
	s.version[1] = 8;
	build(&s, &b);
	memcpy(mix.bytes + a.ts_size + a.snap_size, b.tgt, b.tgt_size);
	refused(mix.bytes, a.len, &st, -EXDEV,
		"the snapshot names targets version 7 of 392 bytes, not version 8 of 392 bytes",
		"a snapshot with newer targets");
	s = base();
	s.count = 1;
	build(&s, &b);
	memcpy(mix.bytes + a.ts_size + a.snap_size, b.tgt, b.tgt_size);
	refused(mix.bytes, a.ts_size + a.snap_size + b.tgt_size, &st, -EXDEV,
		"the snapshot names targets version 7 of 392 bytes, not version 7 of 264 bytes",
		"a snapshot with fewer targets");
}

static void test_check_file(void)
{
	struct update_meta_target t = app_target(3);
	uint8_t sha[32];

	memcpy(sha, t.sha256, sizeof(sha));
	tap_ok(update_meta_check_file(&t, sha, t.size) == 0, "a file of the target's size and hash: 0");
	tap_ok(update_meta_check_file(&t, sha, t.size + 1) == -EBADMSG &&
		       update_meta_check_file(&t, sha, t.size - 1) == -EBADMSG &&
		       update_meta_check_file(&t, sha, (uint64_t)t.size + (1ull << 32)) == -EBADMSG,
	       "another size (one more, one less, 4 GiB more): -EBADMSG");
	sha[31] ^= 1;
	tap_ok(update_meta_check_file(&t, sha, t.size) == -EBADMSG, "another hash: -EBADMSG");
}

static void test_state_file(void)
{
	struct update_meta_state st = { 0 }, back;
	uint8_t file[UPDATE_META_STATE_SIZE], torn[UPDATE_META_STATE_SIZE];
	static struct bundle b;
	struct spec s = base();
	size_t short_ok = 0;
	int flips_ok = 1;

	build(&s, &b);
	accepted(&b, &st, "a bundle, to record");
	tap_ok(UPDATE_META_STATE_SIZE <= 128 && update_meta_state_serialise(&st, file) == 0 &&
		       !memcmp(file, "SPMS", 4),
	       "the state serialises in %u bytes, magic SPMS", UPDATE_META_STATE_SIZE);
	tap_ok(update_meta_state_deserialise(file, sizeof(file), &back) == 0 &&
		       !memcmp(&back, &st, sizeof(st)),
	       "and reads back the same");
	for (size_t len = 0; len < sizeof(file); len++)
		short_ok += update_meta_state_deserialise(file, len, &back) == -ENODATA;
	tap_ok(short_ok == sizeof(file), "cut at each byte: -ENODATA");
	for (size_t i = 8; i < sizeof(file); i++) {
		memcpy(torn, file, sizeof(file));
		torn[i] ^= 0x80;
		flips_ok &= update_meta_state_deserialise(torn, sizeof(torn), &back) == -EBADMSG &&
			    back.roles[0].version == 0;
	}
	tap_ok(flips_ok, "a bit changed in any role or the checksum: -EBADMSG (torn), state zeroed");
	memcpy(torn, file, sizeof(file));
	memset(torn + 60, 0xff, sizeof(torn) - 60);
	tap_ok(update_meta_state_deserialise(torn, sizeof(torn), &back) == -EBADMSG,
	       "a write cut half way (erased rest): -EBADMSG");
	memset(torn, 0, sizeof(torn));
	tap_ok(update_meta_state_deserialise(torn, sizeof(torn), &back) == -EINVAL, "zeros: -EINVAL");
	memcpy(torn, file, sizeof(file));
	torn[4] = 2;
	tap_ok(update_meta_state_deserialise(torn, sizeof(torn), &back) == -EINVAL, "format 2: -EINVAL");
	memcpy(torn, file, sizeof(file));
	torn[6] = 1;
	tap_ok(update_meta_state_deserialise(torn, sizeof(torn), &back) == -EINVAL,
	       "a reserved field set: -EINVAL");
	/* What was read back protects as the original did. */
	update_meta_state_deserialise(file, sizeof(file), &back);
	s.version[1] = 6;
	s.version[3] = 9;
	s.version[2] = 9;
	refused_spec(&s, &back, -ESTALE, "targets version 6 is older", "the state read back refuses older targets");
}

static void put_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		printf("# cannot write %s\n", path);
		exit(1);
	}
}

/* Runs the device verifier on b under qemu-arm; its line into out, its
 * state into st; the exit status. */
static int run_device(const char *dir, const struct bundle *b, char *out, size_t cap,
		      struct update_meta_state *st)
{
	char cmd[1024], path[600];
	uint8_t file[UPDATE_META_STATE_SIZE + 1];
	FILE *p;
	size_t n = 0;
	int status;

	snprintf(path, sizeof(path), "%s/bundle", dir);
	put_file(path, b->bytes, b->len);
	snprintf(cmd, sizeof(cmd), "qemu-arm %s %s/bundle %s/trust %s/ids %llu %s/state 2>&1",
		 TEST_UPDATE_META_DEVICE, dir, dir, dir, NOW, dir);
	status = run_line(cmd, out, cap);
	snprintf(path, sizeof(path), "%s/state", dir);
	p = fopen(path, "rb");
	if (p) {
		n = fread(file, 1, sizeof(file), p);
		fclose(p);
	}
	if (update_meta_state_deserialise(file, n, st) < 0)
		memset(st, 0xee, sizeof(*st));
	return status;
}

static void test_device(void)
{
	char dir[] = "/tmp/test_update_meta.XXXXXX", path[600], out[600], cmd[700];
	uint8_t ids[64];
	static struct bundle b;
	struct update_meta_state host = { 0 }, dev;
	struct spec s = base();

	if (system("command -v qemu-arm >/dev/null 2>&1") != 0) {
		tap_skip("qemu-arm is not installed", "the device library (mbedTLS) verifies alike");
		return;
	}
	if (!mkdtemp(dir)) {
		tap_ok(0, "mkdtemp");
		return;
	}
	snprintf(path, sizeof(path), "%s/trust", dir);
	put_file(path, trust.keys, trust.count * PKG_PUBKEY_SIZE);
	memcpy(ids, nonce, 32);
	memcpy(ids + 32, device, 32);
	snprintf(path, sizeof(path), "%s/ids", dir);
	put_file(path, ids, sizeof(ids));
	s.key[1] = s.key[2] = s.key[3] = keys[3];
	build(&s, &b);
	accepted(&b, &host, "(host) the bundle for the device");
	tap_ok(run_device(dir, &b, out, sizeof(out), &dev) == 0 && !strcmp(out, "accepted 7 2") &&
		       !memcmp(&dev, &host, sizeof(dev)),
	       "device library (mbedTLS): accepted, signed by the 4th key; its state file reads the "
	       "same on the host (%s)", out);
	s.expires[2] = NOW;
	build(&s, &b);
	tap_ok(run_device(dir, &b, out, sizeof(out), &dev) == 1 &&
		       strstr(out, "refused: expired: snapshot version 6 expired") && dev.roles[2].version == 0,
	       "device library: an expired snapshot refused, state untouched (%s)", out);
	s = base();
	build(&s, &b);
	b.bytes[b.ts_size - 1] ^= 1;
	tap_ok(run_device(dir, &b, out, sizeof(out), &dev) == 1 &&
		       strstr(out, "refused: unknown key or bad signature: timestamp metadata: signature does not verify"),
	       "device library: a bad signature refused (%s)", out);
	snprintf(cmd, sizeof(cmd), "rm -r '%s'", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
}

int main(void)
{
	struct error_detail err = { "" };

	for (unsigned i = 0; i < 5; i++) {
		keys[i] = pkg_key_generate(&err);
		if (!keys[i] || (i < 4 && pkg_key_point(keys[i], trust.keys[i], &err) < 0)) {
			printf("# %s\n", err.msg);
			return 1;
		}
	}
	trust.count = 4;
	test_strerror();
	test_accepted();
	test_counts();
	test_33_targets();
	test_target_rules();
	test_malformed();
	test_truncated();
	test_keys();
	test_expired();
	test_replayed();
	test_rolled_back();
	test_mixed();
	test_check_file();
	test_state_file();
	test_device();
	for (unsigned i = 0; i < 5; i++)
		EVP_PKEY_free(keys[i]);
	return tap_done();
}
