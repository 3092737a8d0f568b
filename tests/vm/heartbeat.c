/* heartbeat.c — the app of the XIP write test (tests/vm/test_xip_write.sh):
 * executes in place from its image in flash bank 1 while the test init
 * writes and erases the same chip. Every 100 ms it reads its own code back
 * through the mapping it executes from, checks it against the first
 * reading (a chip out of read-array mode would return status words) and
 * prints "heartbeat N". On SIGTERM it prints "heartbeat: stopped after N
 * beats, code unchanged" and exits 0; a changed code reading exits 2. */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#define BEAT_NS 100000000L

extern const unsigned char __executable_start[], etext[];

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

/* FNV-1a over the program's text, read through its executable mapping. */
static uint32_t text_hash(void)
{
	uint32_t h = 2166136261u;

	for (const volatile unsigned char *p = __executable_start; p < etext; p++)
		h = (h ^ *p) * 16777619u;
	return h;
}

int main(void)
{
	const struct sigaction term = { .sa_handler = on_term };
	struct timespec next;
	uint32_t expected = text_hash();
	unsigned long beats = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	sigaction(SIGTERM, &term, NULL);
	clock_gettime(CLOCK_MONOTONIC, &next);
	while (!stop) {
		if (text_hash() != expected) {
			printf("heartbeat: code read back different after %lu beats\n", beats);
			return 2;
		}
		printf("heartbeat %lu\n", ++beats);
		next.tv_nsec += BEAT_NS;
		if (next.tv_nsec >= 1000000000L) {
			next.tv_nsec -= 1000000000L;
			next.tv_sec++;
		}
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
	}
	printf("heartbeat: stopped after %lu beats, code unchanged\n", beats);
	return 0;
}
