/* measure.c - the measurement hash chain (measure.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "measure.h"

void measure_init(struct measurement *m)
{
	memset(m, 0, sizeof(*m));
}

int measure_extend(struct measurement *m, const char *name, const uint8_t digest[CRYPTO_SHA256_SIZE])
{
	uint8_t link[2 * CRYPTO_SHA256_SIZE];
	struct measure_event *e = &m->events[m->count];
	int rc;

	if (m->count == MEASURE_EVENTS_MAX)
		return -E2BIG;
	memcpy(link, m->value, CRYPTO_SHA256_SIZE);
	memcpy(link + CRYPTO_SHA256_SIZE, digest, CRYPTO_SHA256_SIZE);
	rc = crypto_sha256(link, sizeof(link), m->value);
	if (rc < 0)
		return rc;
	snprintf(e->name, sizeof(e->name), "%s", name);
	memcpy(e->digest, digest, CRYPTO_SHA256_SIZE);
	m->count++;
	return 0;
}
