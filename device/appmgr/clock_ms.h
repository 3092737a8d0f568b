/* clock_ms.h — monotonic time in milliseconds, for restart schedules. */
#ifndef APPMGR_CLOCK_MS_H
#define APPMGR_CLOCK_MS_H

#include <stdint.h>

uint64_t clock_ms(void);

#endif
