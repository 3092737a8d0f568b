/* settle.c — waits for the board to be idle (see settle.h). */
#include "settle.h"

#include <stdio.h>
#include <time.h>

#define SETTLE_PERIOD_MS 250
#define SETTLE_PERIODS 2
#define SETTLE_MAX_MS 60000

/* Clock ticks the CPU spent busy so far (all but idle and iowait), or -1. */
static long long busy_ticks(void)
{
	unsigned long long t[8] = { 0 };
	FILE *f = fopen("/proc/stat", "re");
	int n;

	if (!f)
		return -1;
	n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &t[0], &t[1], &t[2], &t[3], &t[4], &t[5],
		   &t[6], &t[7]);
	fclose(f);
	if (n < 5)
		return -1;
	return (long long)(t[0] + t[1] + t[2] + t[5] + t[6] + t[7]);
}

int settle(void)
{
	const struct timespec period = { .tv_nsec = SETTLE_PERIOD_MS * 1000000L };
	long long before = busy_ticks(), now;
	int quiet = 0;

	for (int ms = 0; before >= 0 && ms < SETTLE_MAX_MS; ms += SETTLE_PERIOD_MS) {
		nanosleep(&period, NULL);
		if ((now = busy_ticks()) < 0)
			return -1;
		quiet = now - before <= 1 ? quiet + 1 : 0;
		if (quiet == SETTLE_PERIODS)
			return 0;
		before = now;
	}
	return -1;
}
