/* clock_settime.c — the C library's clock_settime for apps: setting
 * CLOCK_REALTIME is asked of appmgr (APP_SVC_TIME_SET from an app), which
 * sets the clock for apps granted SystemTime; an app may not set it itself
 * (it has no CAP_SYS_TIME). Linking libapplibs.a puts this definition
 * before the C library's: musl 1.2.3 on armhf names the 64-bit-time
 * function __clock_settime64 (its <time.h> redirects clock_settime there,
 * and this definition, compiled against that header, gets the same name),
 * so the C library's own callers (settimeofday, stime, the 32-bit-time
 * clock_settime) come here too. No other clock can be set (EINVAL), as
 * Linux says for every clock but CLOCK_REALTIME. */
#include <time.h>

#include "app_service_client.h"
#include "applibs_errno.h"

int clock_settime(clockid_t clock_id, const struct timespec *tp)
{
	struct app_svc_time t;
	struct app_svc_call call = { .op = APP_SVC_TIME_SET, .payload = &t, .payload_len = sizeof(t) };

	if (clock_id != CLOCK_REALTIME)
		return applibs_fail(EINVAL);
	if (tp->tv_nsec < 0 || tp->tv_nsec > 999999999)
		return applibs_fail(EINVAL);
	t.sec = (int64_t)tp->tv_sec;
	t.nsec = (int32_t)tp->tv_nsec;
	t.source = APP_SVC_TIME_APP;
	return applibs_result(app_svc_call(&call));
}
