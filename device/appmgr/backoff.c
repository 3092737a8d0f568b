/* backoff.c — exponential restart delays for crashing apps (see backoff.h). */
#include "backoff.h"

void backoff_init(struct backoff *b)
{
	b->attempt = 0;
}

uint32_t backoff_next(struct backoff *b, uint64_t ran_ms)
{
	uint32_t delay = BACKOFF_FIRST_MS;

	if (ran_ms >= BACKOFF_RESET_AFTER_MS)
		b->attempt = 0;
	b->attempt++;
	for (unsigned i = 1; i < b->attempt && delay < BACKOFF_MAX_MS; i++)
		delay *= 2;
	return delay < BACKOFF_MAX_MS ? delay : BACKOFF_MAX_MS;
}
