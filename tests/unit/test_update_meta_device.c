/*
 * test_update_meta_device.c - device-side half of test_update_meta: an armhf
 * static program (libpkg-dev.a, mbedTLS backend) run under qemu-arm. It
 * verifies a bundle with the trusted keys of TRUST.raw (65 bytes each), the
 * nonce and device id of IDS.raw (32 bytes each) at unix time NOW from an
 * empty state, writes the state it ends with to STATE (serialised) and prints
 * one line:
 *   "accepted <targets version> <count>"  (exit 0) or
 *   "refused: <reason>"                   (exit 1).
 * Usage: test_update_meta_device BUNDLE TRUST.raw IDS.raw NOW STATE
 */
#include <stdio.h>
#include <stdlib.h>

#include "spherule/update_meta.h"

/* Reads at most cap bytes of path; the count, or -1. */
static long slurp(const char *path, uint8_t *buf, size_t cap)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, cap, f);
	fclose(f);
	return (long)n;
}

static uint8_t bundle[UPDATE_META_BUNDLE_MAX + 1];
static struct update_meta_targets out;

int main(int argc, char **argv)
{
	struct update_meta_trust trust = { 0 };
	struct update_meta_state state = { 0 };
	struct error_detail err = { "" };
	uint8_t ids[64], file[UPDATE_META_STATE_SIZE];
	long len, keys;
	FILE *f;
	int rc;

	if (argc != 6) {
		fprintf(stderr, "usage: %s BUNDLE TRUST.raw IDS.raw NOW STATE\n", argv[0]);
		return 2;
	}
	len = slurp(argv[1], bundle, sizeof(bundle));
	keys = slurp(argv[2], &trust.keys[0][0], sizeof(trust.keys));
	if (len < 0 || keys < 0 || slurp(argv[3], ids, sizeof(ids)) != sizeof(ids)) {
		perror("read");
		return 2;
	}
	trust.count = (unsigned)keys / PKG_PUBKEY_SIZE;
	rc = update_meta_verify_bundle_err(bundle, (size_t)len, &trust, ids, ids + 32,
					   strtoull(argv[4], NULL, 10), &state, &out, &err);
	f = fopen(argv[5], "wb");
	if (!f || update_meta_state_serialise(&state, file) < 0 || fwrite(file, sizeof(file), 1, f) != 1 ||
	    fclose(f) != 0) {
		perror("write state");
		return 2;
	}
	if (rc < 0) {
		printf("refused: %s\n", err.msg);
		return 1;
	}
	printf("accepted %u %u\n", out.version, out.count);
	return 0;
}
