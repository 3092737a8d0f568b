/* backoff.h — the restart schedule of a crashing app: 1 s, 2 s, 4 s ... capped
 * at 60 s, starting over once the app has run for 60 s. */
#ifndef APPMGR_BACKOFF_H
#define APPMGR_BACKOFF_H

#include <stdint.h>

#define BACKOFF_FIRST_MS 1000u
#define BACKOFF_MAX_MS 60000u
#define BACKOFF_RESET_AFTER_MS 60000u

struct backoff {
	unsigned attempt;     /* restarts since the app last ran long enough */
};

void backoff_init(struct backoff *b);
/* Called when the app's main process ended after running ran_ms: counts one
 * more restart attempt and returns the delay before it in milliseconds. */
uint32_t backoff_next(struct backoff *b, uint64_t ran_ms);

#endif
