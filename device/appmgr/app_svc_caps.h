/* app_svc_caps.h — what an app may ask of the app service
 * (spherule/app_service.h), compiled from its manifest when appmgr verifies
 * it (the manifest is not kept): the board's UARTs its "Uart" list names,
 * its "PowerControls", "SystemEventNotifications", "SoftwareUpdateDeferral",
 * "SystemTime", "TimeSyncConfig", "NetworkManager", "NetworkConfig",
 * "ReadNetworkProxyConfig", "UpdateAgent" and "DeviceAuthentication" (its
 * tenant kept). Only the manifest of the app appmgr launched on a
 * socket counts, never what the app says about itself. */
#ifndef APPMGR_APP_SVC_CAPS_H
#define APPMGR_APP_SVC_CAPS_H

#include <stdint.h>

#include "spherule/manifest.h"
#include "uart_conf.h"

enum app_svc_grant {
	APP_SVC_GRANT_FORCE_REBOOT = 1u << 0,     /* PowerControls ForceReboot */
	APP_SVC_GRANT_FORCE_POWER_DOWN = 1u << 1, /* PowerControls ForcePowerDown */
	APP_SVC_GRANT_SET_POWER_PROFILE = 1u << 2,/* PowerControls SetPowerProfile */
	APP_SVC_GRANT_SYSTEM_EVENTS = 1u << 3,    /* SystemEventNotifications */
	APP_SVC_GRANT_UPDATE_DEFERRAL = 1u << 4,  /* SoftwareUpdateDeferral */
	APP_SVC_GRANT_SYSTEM_TIME = 1u << 5,      /* SystemTime */
	APP_SVC_GRANT_TIME_SYNC_CONFIG = 1u << 6, /* TimeSyncConfig */
	APP_SVC_GRANT_NETWORK_MANAGER = 1u << 7,  /* NetworkManager */
	APP_SVC_GRANT_NETWORK_CONFIG = 1u << 8,   /* NetworkConfig */
	APP_SVC_GRANT_READ_PROXY_CONFIG = 1u << 9,/* ReadNetworkProxyConfig */
	APP_SVC_GRANT_UPDATE_AGENT = 1u << 10,    /* UpdateAgent */
	APP_SVC_GRANT_DEVICE_AUTH = 1u << 11,     /* DeviceAuthentication */
};

_Static_assert(UART_CONF_MAX <= 8, "one bit per UART of the board");

struct app_svc_caps {
	uint8_t uarts;    /* bit i: the board's UART i (uart.conf order) */
	uint16_t grants;  /* enum app_svc_grant */
	uint8_t tenant[16]; /* DeviceAuthentication's tenant (with APP_SVC_GRANT_DEVICE_AUTH) */
};

/* Compiles m's service capabilities; a Uart name the board's uart.conf
 * (uarts, NULL for none) does not have grants nothing. */
void app_svc_caps_compile(const struct manifest *m, const struct uart_conf *uarts,
			  struct app_svc_caps *caps);

/* The manifest's words for a grant ("PowerControls ForceReboot"). */
const char *app_svc_grant_name(enum app_svc_grant grant);

#endif
