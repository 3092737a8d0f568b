/* app_svc_time.h — the app service's time operations
 * (spherule/app_service.h): TIME_SET, the clock set by the network manager
 * from a network time source (the time is then synced, and written to the
 * hardware clock) or by an app granted SystemTime (applibs'
 * clock_settime); TIMESYNC, the time-sync service's setting (time_sync.h)
 * that every app reads and apps granted TimeSyncConfig change. */
#ifndef APPMGR_APP_SVC_TIME_H
#define APPMGR_APP_SVC_TIME_H

#include "app_svc_ops.h"

/* TIME_SET of app a with payload (struct app_svc_time): 0, or -EINVAL (an
 * unknown source, nsec out of range, a time before 2020), -EACCES (the
 * source's capability missing), or the clock's -errno, with why. */
int app_svc_time_set(struct supervisor *s, const struct app *a, const uint8_t *payload,
		     struct error_detail *why);

/* TIMESYNC of app a with arg (APP_SVC_TIMESYNC_*) -> its record into ans:
 * 0, or -EINVAL (an unknown arg), -EACCES (setting without
 * TimeSyncConfig), or -errno when the setting could not be saved, with why. */
int app_svc_time_sync(struct supervisor *s, const struct app *a, uint32_t arg, struct app_svc_answer *ans,
		      struct error_detail *why);

#endif
