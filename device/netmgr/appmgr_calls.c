/* appmgr_calls.c — netmgr's requests to appmgr (see appmgr_calls.h). */
#include "appmgr_calls.h"

#include <stdio.h>
#include <string.h>

#include "spherule/app_service.h"

int appmgr_apply_lease(void *ctx, const struct dhcp_lease *lease, char *reason, size_t reason_len)
{
	struct netmgr_link *l = ctx;
	struct app_svc_net_config cfg = { .source = APP_SVC_IP_STATIC_FALLBACK };

	snprintf(cfg.ifname, sizeof(cfg.ifname), "%s", l->ifname);
	if (lease) {
		cfg.source = APP_SVC_IP_DHCP;
		cfg.prefix_len = lease->prefix_len;
		memcpy(cfg.ipv4, &lease->addr.s_addr, 4);
		memcpy(cfg.gateway, &lease->router.s_addr, 4);
		cfg.lease_s = lease->lease_s;
	}
	return svc_call(l->svc, APP_SVC_NET_APPLY, 0, 0, &cfg, sizeof(cfg), NULL, 0, reason, reason_len);
}

int appmgr_timesync_enabled(void *ctx)
{
	struct netmgr_link *l = ctx;
	struct app_svc_timesync ts;
	int err = svc_call(l->svc, APP_SVC_TIMESYNC, 0, 0, NULL, 0, &ts, sizeof(ts), NULL, 0);

	return err ? err : ts.enabled != 0;
}

int appmgr_set_time(void *ctx, const struct timespec *t, char *reason, size_t reason_len)
{
	struct netmgr_link *l = ctx;
	struct app_svc_time st = { .sec = t->tv_sec, .nsec = (int32_t)t->tv_nsec, .source = APP_SVC_TIME_NETWORK };

	return svc_call(l->svc, APP_SVC_TIME_SET, 0, 0, &st, sizeof(st), NULL, 0, reason, reason_len);
}
