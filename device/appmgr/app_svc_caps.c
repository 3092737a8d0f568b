/* app_svc_caps.c — the app service's capabilities of an app (see app_svc_caps.h). */
#include "app_svc_caps.h"

#include <string.h>

#define POWER_CONTROLS "PowerControls "

/* Every grant in the manifest's words; the PowerControls ones first. */
static const struct {
	enum app_svc_grant grant;
	const char *name;
} grants[] = {
	{ APP_SVC_GRANT_FORCE_REBOOT, POWER_CONTROLS "ForceReboot" },
	{ APP_SVC_GRANT_FORCE_POWER_DOWN, POWER_CONTROLS "ForcePowerDown" },
	{ APP_SVC_GRANT_SET_POWER_PROFILE, POWER_CONTROLS "SetPowerProfile" },
	{ APP_SVC_GRANT_SYSTEM_EVENTS, "SystemEventNotifications" },
	{ APP_SVC_GRANT_UPDATE_DEFERRAL, "SoftwareUpdateDeferral" },
	{ APP_SVC_GRANT_SYSTEM_TIME, "SystemTime" },
	{ APP_SVC_GRANT_TIME_SYNC_CONFIG, "TimeSyncConfig" },
	{ APP_SVC_GRANT_NETWORK_MANAGER, "NetworkManager" },
	{ APP_SVC_GRANT_NETWORK_CONFIG, "NetworkConfig" },
	{ APP_SVC_GRANT_READ_PROXY_CONFIG, "ReadNetworkProxyConfig" },
};
#define POWER_GRANTS 3u

void app_svc_caps_compile(const struct manifest *m, const struct uart_conf *uarts,
			  struct app_svc_caps *caps)
{
	memset(caps, 0, sizeof(*caps));
	for (unsigned i = 0; uarts && i < m->uart.count; i++) {
		int u = uart_conf_find_name(uarts, m->uart.item[i]);

		if (u >= 0)
			caps->uarts |= (uint8_t)(1u << u);
	}
	for (unsigned i = 0; i < m->power_controls.count; i++)
		for (unsigned k = 0; k < POWER_GRANTS; k++)
			if (strcmp(m->power_controls.item[i], grants[k].name + strlen(POWER_CONTROLS)) == 0)
				caps->grants |= grants[k].grant;
	if (m->system_event_notifications)
		caps->grants |= APP_SVC_GRANT_SYSTEM_EVENTS;
	if (m->software_update_deferral)
		caps->grants |= APP_SVC_GRANT_UPDATE_DEFERRAL;
	if (m->system_time)
		caps->grants |= APP_SVC_GRANT_SYSTEM_TIME;
	if (m->time_sync_config)
		caps->grants |= APP_SVC_GRANT_TIME_SYNC_CONFIG;
	if (m->network_manager)
		caps->grants |= APP_SVC_GRANT_NETWORK_MANAGER;
	if (m->network_config)
		caps->grants |= APP_SVC_GRANT_NETWORK_CONFIG;
	if (m->read_network_proxy_config)
		caps->grants |= APP_SVC_GRANT_READ_PROXY_CONFIG;
}

const char *app_svc_grant_name(enum app_svc_grant grant)
{
	for (size_t k = 0; k < sizeof(grants) / sizeof(grants[0]); k++)
		if (grants[k].grant == grant)
			return grants[k].name;
	return "?";
}
