/* appmgr_calls.h — what netmgr asks appmgr for, as the hooks of its DHCP
 * and SNTP clients (struct dhcp_io, struct sntp_io): apply a lease or the
 * static fallback (NET_APPLY), whether time sync is enabled (TIMESYNC get),
 * set the time (TIME_SET, source NETWORK). ctx is the struct netmgr_link. */
#ifndef NETMGR_APPMGR_CALLS_H
#define NETMGR_APPMGR_CALLS_H

#include <stddef.h>
#include <time.h>

#include "dhcp_client.h"
#include "svc_client.h"

struct netmgr_link {
	struct svc_client *svc;
	const char *ifname;          /* the DHCP interface */
	int dhcp_fd;                 /* its socket */
};

int appmgr_apply_lease(void *ctx, const struct dhcp_lease *lease, char *reason, size_t reason_len);
int appmgr_timesync_enabled(void *ctx);
int appmgr_set_time(void *ctx, const struct timespec *t, char *reason, size_t reason_len);

#endif
