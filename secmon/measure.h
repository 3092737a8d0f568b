/*
 * measure.h - the measurement of what secmon checked at power-on, a hash
 * chain as a TPM extends a PCR: M0 is 32 zero bytes and M(i+1) =
 * SHA-256(M(i) || E(i)), E(i) the SHA-256 of the i-th thing checked. Kept
 * in memory by the secmon process; attestation will sign it.
 */
#ifndef SECMON_MEASURE_H
#define SECMON_MEASURE_H

#include <stdint.h>

#include "crypto.h"

#define MEASURE_EVENTS_MAX 8u
#define MEASURE_NAME_MAX 16u

struct measure_event {
	char name[MEASURE_NAME_MAX]; /* what was measured: a partition's name */
	uint8_t digest[CRYPTO_SHA256_SIZE];
};

struct measurement {
	uint8_t value[CRYPTO_SHA256_SIZE]; /* the chain's last link */
	struct measure_event events[MEASURE_EVENTS_MAX];
	unsigned count;
};

/* The empty chain: value all zero, no events. */
void measure_init(struct measurement *m);

/* Extends the chain with the digest of name: 0, -E2BIG past MEASURE_EVENTS_MAX
 * (nothing changed) or the hash's error. */
int measure_extend(struct measurement *m, const char *name, const uint8_t digest[CRYPTO_SHA256_SIZE]);

#endif
