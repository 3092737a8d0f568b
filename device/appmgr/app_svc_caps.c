/* app_svc_caps.c — the app service's capabilities of an app (see app_svc_caps.h). */
#include "app_svc_caps.h"

#include <stddef.h>
#include <string.h>

#define POWER_CONTROLS "PowerControls "

/* Every grant in the manifest's words; the PowerControls ones first (an
 * entry of that list), then those a manifest flag grants (its offset in
 * struct manifest), then DeviceAuthentication (a tenant). */
#define FLAG(member) offsetof(struct manifest, member)
static const struct {
	enum app_svc_grant grant;
	const char *name;
	size_t flag;
} grants[] = {
	{ APP_SVC_GRANT_FORCE_REBOOT, POWER_CONTROLS "ForceReboot", 0 },
	{ APP_SVC_GRANT_FORCE_POWER_DOWN, POWER_CONTROLS "ForcePowerDown", 0 },
	{ APP_SVC_GRANT_SET_POWER_PROFILE, POWER_CONTROLS "SetPowerProfile", 0 },
	{ APP_SVC_GRANT_SYSTEM_EVENTS, "SystemEventNotifications", FLAG(system_event_notifications) },
	{ APP_SVC_GRANT_UPDATE_DEFERRAL, "SoftwareUpdateDeferral", FLAG(software_update_deferral) },
	{ APP_SVC_GRANT_SYSTEM_TIME, "SystemTime", FLAG(system_time) },
	{ APP_SVC_GRANT_TIME_SYNC_CONFIG, "TimeSyncConfig", FLAG(time_sync_config) },
	{ APP_SVC_GRANT_NETWORK_MANAGER, "NetworkManager", FLAG(network_manager) },
	{ APP_SVC_GRANT_NETWORK_CONFIG, "NetworkConfig", FLAG(network_config) },
	{ APP_SVC_GRANT_READ_PROXY_CONFIG, "ReadNetworkProxyConfig", FLAG(read_network_proxy_config) },
	{ APP_SVC_GRANT_UPDATE_AGENT, "UpdateAgent", FLAG(update_agent) },
	{ APP_SVC_GRANT_DEVICE_AUTH, "DeviceAuthentication", 0 },
};
#define POWER_GRANTS 3u
#define GRANT_COUNT (sizeof(grants) / sizeof(grants[0]))
#define FLAG_GRANTS_END (GRANT_COUNT - 1u)

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
	for (size_t k = POWER_GRANTS; k < FLAG_GRANTS_END; k++)
		if (*(const bool *)((const char *)m + grants[k].flag))
			caps->grants |= grants[k].grant;
	if (m->device_auth_tenant) {
		caps->grants |= APP_SVC_GRANT_DEVICE_AUTH;
		memcpy(caps->tenant, m->device_auth_tenant, sizeof(caps->tenant));
	}
}

const char *app_svc_grant_name(enum app_svc_grant grant)
{
	for (size_t k = 0; k < GRANT_COUNT; k++)
		if (grants[k].grant == grant)
			return grants[k].name;
	return "?";
}
