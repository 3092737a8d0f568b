/* test_appmgr_backoff.c — unit tests of appmgr's restart backoff schedule. */
#include "backoff.h"
#include "tap.h"

int main(void)
{
	static const uint32_t expected[] = { 1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000 };
	struct backoff b;
	int schedule_ok = 1;
	uint32_t d;

	backoff_init(&b);
	for (unsigned i = 0; i < sizeof(expected) / sizeof(expected[0]); i++) {
		d = backoff_next(&b, 500);
		if (d != expected[i] || b.attempt != i + 1)
			schedule_ok = 0;
	}
	tap_ok(schedule_ok, "quick crashes wait 1, 2, 4 ... 32 s, then 60 s, attempts counted");

	for (unsigned i = 0; i < 100; i++)
		d = backoff_next(&b, 0);
	tap_ok(d == BACKOFF_MAX_MS && b.attempt == 108, "attempt 108 still waits 60 s");

	d = backoff_next(&b, BACKOFF_RESET_AFTER_MS);
	tap_ok(d == 1000 && b.attempt == 1, "a run of 60 s resets the schedule to 1 s");

	d = backoff_next(&b, BACKOFF_RESET_AFTER_MS - 1);
	tap_ok(d == 2000 && b.attempt == 2, "a run just under 60 s does not reset it");
	return tap_done();
}
