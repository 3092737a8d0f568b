/* app_svc_net.h — the app service's network operations
 * (spherule/app_service.h): NET_STATUS, every app's view of the
 * interfaces, how each got its address and whether the time is synced;
 * NET_APPLY, the network manager's configuration of an interface (a DHCP
 * lease, or net.conf's line as its static fallback), logged
 * ("appmgr: eth0: 10.0.2.15/24 (dhcp, lease 86400 s)"), or an app's
 * (NetworkConfig): a static address that holds the interface against the
 * network manager's until the app gives it back to DHCP
 * ("appmgr: eth0: 10.0.2.50/24 (static, by <app>)",
 * "appmgr: eth0: given back to DHCP by <app>"); PROXY, whose
 * capability check is all there is (the device has no proxy). */
#ifndef APPMGR_APP_SVC_NET_H
#define APPMGR_APP_SVC_NET_H

#include "app_svc_ops.h"

/* NET_STATUS's record into ans. */
void app_svc_net_status(const struct supervisor *s, struct app_svc_answer *ans);

/* NET_APPLY of app a with payload (struct app_svc_net_config): 0, or
 * -EINVAL (a bad field, an unknown source), -EACCES (the source's
 * capability: NetworkManager for DHCP and STATIC_FALLBACK, NetworkConfig
 * for STATIC_APP and DYNAMIC_APP), -EBUSY (DHCP or STATIC_FALLBACK while
 * an app's static configuration holds the interface), -ENOENT (no
 * net.conf line for a fallback), -ENODEV (no such interface), or the
 * configuration's -errno, with why. */
int app_svc_net_apply(struct supervisor *s, const struct app *a, const uint8_t *payload,
		      struct error_detail *why);

/* PROXY of app a with arg (APP_SVC_PROXY_*): the capability checked, then
 * -ENOENT (get: no proxy is configured) or -ENOSYS (apply: the device has
 * no proxy support), with why; -EINVAL for an unknown arg. */
int app_svc_net_proxy(const struct app *a, uint32_t arg, struct error_detail *why);

#endif
