/* clock_ms.c — CLOCK_MONOTONIC in milliseconds (see clock_ms.h). */
#include "clock_ms.h"

#include <time.h>

uint64_t clock_ms(void)
{
	struct timespec ts;

	/* CLOCK_MONOTONIC cannot fail with a valid timespec pointer. */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}
