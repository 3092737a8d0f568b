/* powermanagement.c — reboot, power-down and power profile requests
 * (applibs/powermanagement.h), carried out by appmgr after it checked the
 * manifest's PowerControls. Azure Sphere numbers the profiles from
 * PowerSaver, the app service from HighPerformance: mapped one by one. */
#include <applibs/powermanagement.h>

#include "app_service_client.h"
#include "applibs_errno.h"

int PowerManagement_ForceSystemReboot(void)
{
	return applibs_result(app_svc_simple(APP_SVC_POWER_REBOOT, 0, 0));
}

int PowerManagement_ForceSystemPowerDown(unsigned int maximum_residency_in_seconds)
{
	return applibs_result(app_svc_simple(APP_SVC_POWER_DOWN, maximum_residency_in_seconds, 0));
}

int PowerManagement_SetSystemPowerProfile(PowerManagement_System_PowerProfile desired_profile)
{
	enum app_svc_power_profile profile;

	switch (desired_profile) {
	case PowerManagement_PowerSaver:
		profile = APP_SVC_POWER_PROFILE_POWER_SAVER;
		break;
	case PowerManagement_Balanced:
		profile = APP_SVC_POWER_PROFILE_BALANCED;
		break;
	case PowerManagement_HighPerformance:
		profile = APP_SVC_POWER_PROFILE_HIGH_PERFORMANCE;
		break;
	default:
		return applibs_fail(EINVAL);
	}
	return applibs_result(app_svc_simple(APP_SVC_POWER_PROFILE, profile, 0));
}
