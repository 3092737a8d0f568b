/*
 * update_meta_state.c - the update metadata state file
 * (spherule/update_meta.h, docs/update-metadata.md, "The state file"): the
 * last accepted version and hash of each role in 124 bytes, with a magic and
 * a checksum, so that the update agent finds a torn or corrupted file
 * instead of trusting it.
 */
#include <errno.h>
#include <string.h>

#include "crypto.h"
#include "spherule/le.h"
#include "update_meta_format.h"

/* The checksum of the bytes of d before it. */
static int checksum(const struct update_meta_state_data *d, uint8_t out[8])
{
	uint8_t sha[CRYPTO_SHA256_SIZE];
	int rc = crypto_sha256(d, offsetof(struct update_meta_state_data, checksum), sha);

	memcpy(out, sha, 8);
	return rc;
}

int update_meta_state_serialise(const struct update_meta_state *state,
				uint8_t out[UPDATE_META_STATE_SIZE])
{
	struct update_meta_state_data *d = (void *)out;

	memset(out, 0, UPDATE_META_STATE_SIZE);
	memcpy(d->magic, UPDATE_META_STATE_MAGIC, sizeof(d->magic));
	put_le16(d->format_version, UPDATE_META_STATE_FORMAT_VERSION);
	for (unsigned i = 0; i < UPDATE_META_ROLES; i++) {
		put_le32(d->roles[i].version, state->roles[i].version);
		memcpy(d->roles[i].sha256, state->roles[i].sha256, sizeof(d->roles[i].sha256));
	}
	return checksum(d, d->checksum);
}

static int read_state(const uint8_t *buf, size_t len, struct update_meta_state *state)
{
	const struct update_meta_state_data *d = (const void *)buf;
	uint8_t sum[8];
	int rc;

	if (len != UPDATE_META_STATE_SIZE)
		return -ENODATA;
	if (memcmp(d->magic, UPDATE_META_STATE_MAGIC, sizeof(d->magic)) != 0 ||
	    get_le16(d->format_version) != UPDATE_META_STATE_FORMAT_VERSION ||
	    get_le16(d->reserved) != 0)
		return -EINVAL;
	rc = checksum(d, sum);
	if (rc < 0)
		return rc;
	if (memcmp(sum, d->checksum, sizeof(sum)) != 0)
		return -EBADMSG;
	for (unsigned i = 0; i < UPDATE_META_ROLES; i++) {
		state->roles[i].version = get_le32(d->roles[i].version);
		memcpy(state->roles[i].sha256, d->roles[i].sha256, sizeof(d->roles[i].sha256));
	}
	return 0;
}

int update_meta_state_deserialise(const uint8_t *buf, size_t len, struct update_meta_state *state)
{
	int rc = read_state(buf, len, state);

	if (rc < 0)
		memset(state, 0, sizeof(*state));
	return rc;
}
