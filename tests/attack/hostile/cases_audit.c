/* cases_audit.c — a flood of denials: the kernel logs at most its share of
 * them for this app (and says how many it did not log), and the other
 * apps' denials in the meantime are still logged (the test script checks
 * the kernel's lines of the first 12 s after the flood's first line). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <time.h>

#include "../attempts.h"
#include "attack.h"

#define FLOOD_SECONDS 12   /* longer than two of the LSM's 5 s intervals */
#define FLOOD_PAUSE_NS 5000000L
/* A path nothing else opens, so that the kernel's lines of the flood,
 * with their timestamps, tell the test when it ran. */
#define FLOOD_PATH "/etc/spherule/gpio.conf"

/* Denied opens for FLOOD_SECONDS: 0 when every one was refused (EACCES). */
static int flood_denials(void)
{
	struct timespec start, now, pause = { 0, FLOOD_PAUSE_NS };
	unsigned count = 0;
	int err = 0;

	printf("attack: flood: start\n");
	fflush(stdout);
	clock_gettime(CLOCK_MONOTONIC, &start);
	do {
		int got = try_open(FLOOD_PATH, O_RDONLY);

		if (got != -EACCES)
			err = got ? got : -EPROTO;
		count++;
		nanosleep(&pause, NULL);
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while (now.tv_sec - start.tv_sec < FLOOD_SECONDS);
	printf("attack: flood: end, %u denied opens\n", count);
	fflush(stdout);
	/* A new interval for the cases after this one. */
	nanosleep(&(struct timespec){ 6, 0 }, NULL);
	return err;
}

const struct attack_case audit_cases[] = {
	{ "audit: a flood of denied opens for 12 s", 0, flood_denials },
};
const unsigned audit_case_count = CASE_COUNT(audit_cases);
