/* app_limits.h — the resource limits every app process runs under, computed
 * from the board budgets. */
#ifndef APPMGR_APP_LIMITS_H
#define APPMGR_APP_LIMITS_H

#include <sys/resource.h>

#include "board_conf.h"

#define APP_STACK_BYTES (64u * 1024u)
#define APP_LIMIT_COUNT 7

struct app_limit {
	int resource;     /* RLIMIT_* */
	rlim_t value;     /* soft and hard limit */
};

/* Fills out[APP_LIMIT_COUNT] from the budgets. */
void app_limits_compute(const struct board_budgets *b, struct app_limit out[APP_LIMIT_COUNT]);

/* Applies the limits to the calling process: 0, or -errno with *failed set
 * to the resource that could not be set. */
int app_limits_apply(const struct app_limit limits[APP_LIMIT_COUNT], int *failed);

/* "RLIMIT_DATA" etc., for log lines. */
const char *app_limit_name(int resource);

#endif
