/* applibs/rtc.h — the hardware clock (Azure Sphere applibs, same
 * declaration). appmgr writes it for apps whose manifest has
 * "SystemTime": true. Such an app sets the system time itself with
 * clock_settime(CLOCK_REALTIME, ...) (<time.h>): libapplibs routes it to
 * appmgr (docs/sdk.md). Not thread safe. */
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

/* Writes the system time (UTC) to the hardware clock. 0, or -1 with
 * errno: EACCES (no SystemTime), EBUSY (the clock is in use: try again),
 * ENOENT (the board has no hardware clock). */
int clock_systohc(void);

#ifdef __cplusplus
}
#endif
