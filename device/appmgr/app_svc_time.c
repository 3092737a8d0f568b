/* app_svc_time.c — TIME_SET and TIMESYNC (see app_svc_time.h). */
#include "app_svc_time.h"

#include <errno.h>
#include <string.h>
#include <time.h>

#include "app_svc_system.h"
#include "log.h"

/* The capability a source of TIME_SET needs, 0 for an unknown source. */
static enum app_svc_grant source_grant(uint32_t source)
{
	switch (source) {
	case APP_SVC_TIME_NETWORK: return APP_SVC_GRANT_NETWORK_MANAGER;
	case APP_SVC_TIME_APP: return APP_SVC_GRANT_SYSTEM_TIME;
	default: return 0;
	}
}

int app_svc_time_set(struct supervisor *s, const struct app *a, const uint8_t *payload,
		     struct error_detail *why)
{
	struct app_svc_time t;
	struct timespec ts;
	struct error_detail rtc_why = { "" };
	enum app_svc_grant grant;
	char text[32] = "?";
	struct tm tm;
	int err;

	memcpy(&t, payload, sizeof(t));
	grant = source_grant(t.source);
	if (!grant)
		return error_detail_set(why, -EINVAL, "source %u: expected %u (network) or %u (app)", t.source,
					APP_SVC_TIME_NETWORK, APP_SVC_TIME_APP);
	err = app_svc_require(a, grant, why);
	if (err != 0)
		return err;
	if (t.nsec < 0 || t.nsec > 999999999)
		return error_detail_set(why, -EINVAL, "nanoseconds %d out of range 0..999999999", (int)t.nsec);
	if (t.sec < APP_SVC_TIME_MIN_SEC)
		return error_detail_set(why, -EINVAL, "a time before 2020-01-01 (%lld s)", (long long)t.sec);
	ts.tv_sec = (time_t)t.sec;
	ts.tv_nsec = t.nsec;
	err = app_svc_sys_set_time(&ts, why);
	if (err != 0)
		return err;
	if (gmtime_r(&ts.tv_sec, &tm))
		strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (t.source == APP_SVC_TIME_APP) {
		log_line("%s: set the clock to %s (SystemTime)", a->name, text);
		return 0;
	}
	time_sync_synced(&s->time_sync, t.sec);
	log_line("%s: set the clock to %s (network time)", a->name, text);
	/* The clock is set: a hardware clock that cannot be written is said,
	 * not the request's failure. */
	if (app_svc_sys_rtc_systohc(&rtc_why) != 0)
		log_line("the hardware clock keeps its time: %s", rtc_why.msg);
	return 0;
}

int app_svc_time_sync(struct supervisor *s, const struct app *a, uint32_t arg, struct app_svc_answer *ans,
		      struct error_detail *why)
{
	struct app_svc_timesync r = { 0 };
	int err;

	if (arg > APP_SVC_TIMESYNC_DISABLE)
		return error_detail_set(why, -EINVAL, "arg %u: expected %u (get), %u (enable) or %u (disable)", arg,
					APP_SVC_TIMESYNC_GET, APP_SVC_TIMESYNC_ENABLE, APP_SVC_TIMESYNC_DISABLE);
	if (arg != APP_SVC_TIMESYNC_GET) {
		bool enable = arg == APP_SVC_TIMESYNC_ENABLE;

		err = app_svc_require(a, APP_SVC_GRANT_TIME_SYNC_CONFIG, why);
		if (err != 0)
			return err;
		if (enable != s->time_sync.enabled) {
			err = time_sync_set_enabled(&s->time_sync, enable);
			if (err != 0)
				return error_detail_set(why, err, "cannot save the setting in %s: %s",
							s->time_sync.path, strerror(-err));
			log_line("%s: time sync %s (TimeSyncConfig)", a->name, enable ? "enabled" : "disabled");
		}
	}
	r.enabled = s->time_sync.enabled;
	r.synced = s->time_sync.synced;
	r.last_sync_sec = s->time_sync.last_sync_sec;
	app_svc_answer_put(ans, &r, sizeof(r));
	return 0;
}
