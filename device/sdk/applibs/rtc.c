/* rtc.c — clock_systohc (applibs/rtc.h): appmgr writes the hardware clock
 * for apps granted SystemTime; an app may not open /dev/rtc0 itself. */
#include <applibs/rtc.h>

#include "app_service_client.h"
#include "applibs_errno.h"

int clock_systohc(void)
{
	return applibs_result(app_svc_simple(APP_SVC_RTC_SYSTOHC, 0, 0));
}
