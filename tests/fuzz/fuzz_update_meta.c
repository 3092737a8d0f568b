/*
 * fuzz_update_meta.c - libFuzzer target for the update metadata reader and
 * verifier (pkg/update_meta.c, update_meta_state.c), what a device reads from
 * the network and from its mutable storage. The input is taken as a state
 * file (one that reads must write back the same bytes), as a bundle as it is
 * (its signatures are not by the fuzzer's key: refused), and as a bundle
 * whose documents the fuzzer links (each role naming the document after it)
 * and signs with its own trusted key, so that every field reaches the checks
 * after the signature. Whatever is accepted must hold: targets within their
 * rules, the state recording the three documents, the same bundle accepted
 * again without a change, refused once expired or rolled back; whatever is
 * refused leaves the state alone with one of the documented errnos. Traps on
 * any difference; the sanitizers catch the rest.
 * The seeds (tests/fuzz/corpus/update_meta) are bundles of 0, 2 and 32
 * targets and a state file, with the nonce and device id below and expiring
 * in 2100, written with pkg/update_meta_build.c.
 * Run: tests/fuzz/test_update_meta_fuzz.sh, or out/fuzz/fuzz_update_meta CORPUS_DIR.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "spherule/le.h"
#include "spherule/pkg_host.h"
#include "update_meta_format.h"

#define NOW 1700000000ull

static const uint8_t nonce[32] = { 0x11 }, device[32] = { 0x22 };
static EVP_PKEY *key;
static struct update_meta_trust trust;

static void check(int cond)
{
	if (!cond)
		__builtin_trap();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	key = pkg_key_generate(NULL);
	check(key && pkg_key_point(key, trust.keys[0], NULL) == 0);
	trust.count = 1;
	return 0;
}

static void state_file(const uint8_t *data, size_t size)
{
	struct update_meta_state st;
	uint8_t again[UPDATE_META_STATE_SIZE];

	if (update_meta_state_deserialise(data, size, &st) != 0)
		return;
	check(update_meta_state_serialise(&st, again) == 0 && memcmp(again, data, size) == 0);
}

static int verify(const uint8_t *b, size_t len, uint64_t now, struct update_meta_state *st,
		  struct update_meta_targets *out)
{
	struct update_meta_state before = *st;
	int rc = update_meta_verify_bundle(b, len, &trust, nonce, device, now, st, out);

	check(rc == 0 || rc == -ENODATA || rc == -EINVAL || rc == -EKEYREJECTED || rc == -EALREADY ||
	      rc == -ESTALE || rc == -EKEYEXPIRED || rc == -EXDEV);
	if (rc < 0)
		check(memcmp(st, &before, sizeof(before)) == 0 && out->count == 0);
	return rc;
}

/* Signs the documents of b (timestamp, snapshot, targets at their offsets),
 * each role naming the one after it; false unless all three parse. */
static int link_and_sign(uint8_t *b, size_t len)
{
	struct update_meta_doc docs[3];
	size_t off[3], at = 0;

	for (int i = 0; i < 3; i++) {
		off[i] = at;
		if (update_meta_doc_parse(b + at, len - at, &docs[i], NULL) != 0 ||
		    docs[i].role != UPDATE_META_ROLE_TIMESTAMP - i)
			return 0;
		at += docs[i].size;
	}
	for (int i = 2; i >= 0; i--) {
		if (i < 2) {
			struct update_meta_ref_data *ref = (void *)(b + off[i] + UPDATE_META_HEADER_SIZE);

			put_le32(ref->version, docs[i + 1].version);
			put_le32(ref->size, docs[i + 1].size);
			memcpy(ref->sha256, docs[i + 1].sha256, sizeof(ref->sha256));
		}
		check(update_meta_sign(b + off[i], docs[i].size, key, NULL) == 0);
		check(update_meta_doc_parse(b + off[i], docs[i].size, &docs[i], NULL) == 0);
	}
	return 1;
}

static void accepted(const uint8_t *b, size_t len, const struct update_meta_state *st,
		     const struct update_meta_targets *out)
{
	struct update_meta_state again = *st, newer = *st;
	struct update_meta_targets out2;
	uint64_t first_expiry = UINT64_MAX;
	struct update_meta_doc doc;
	size_t at = 0;

	check(out->count <= UPDATE_META_TARGETS_MAX);
	for (unsigned i = 0; i < out->count; i++) {
		const struct update_meta_target *t = &out->targets[i];

		check((t->kind == UPDATE_META_KIND_OS || t->kind == UPDATE_META_KIND_APP) && t->size > 0 &&
		      strlen(t->name) <= UPDATE_META_NAME_SIZE);
		for (const char *c = t->name; *c; c++)
			check((uint8_t)*c >= 0x20 && *c != 0x7f);
	}
	for (int i = 0; i < 3; i++) {
		check(update_meta_doc_parse(b + at, len - at, &doc, NULL) == 0);
		check(st->roles[doc.role - 1].version == doc.version &&
		      memcmp(st->roles[doc.role - 1].sha256, doc.sha256, 32) == 0);
		if (doc.expires < first_expiry)
			first_expiry = doc.expires;
		at += doc.size;
	}
	check(verify(b, len, NOW, &again, &out2) == 0 && memcmp(&again, st, sizeof(again)) == 0);
	again = *st;
	check(verify(b, len, first_expiry, &again, &out2) == -EKEYEXPIRED);
	newer.roles[UPDATE_META_ROLE_TIMESTAMP - 1].version++;
	if (newer.roles[UPDATE_META_ROLE_TIMESTAMP - 1].version != 0)
		check(verify(b, len, NOW, &newer, &out2) == -ESTALE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t b[UPDATE_META_BUNDLE_MAX + 64];
	struct update_meta_state st = { 0 };
	struct update_meta_targets out;

	state_file(data, size);
	check(verify(data, size, NOW, &st, &out) != 0); /* not signed by the fuzzer's key */
	if (size > sizeof(b))
		return 0;
	memcpy(b, data, size);
	if (link_and_sign(b, size) && verify(b, size, NOW, &st, &out) == 0)
		accepted(b, size, &st, &out);
	return 0;
}
