/* app_svc_net.c — NET_STATUS, NET_APPLY and PROXY (see app_svc_net.h). */
#include "app_svc_net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "app_svc_system.h"
#include "log.h"

void app_svc_net_status(const struct supervisor *s, struct app_svc_answer *ans)
{
	struct app_svc_net net;

	app_svc_sys_net(&net);
	net.time_synced = s->time_sync.synced;
	for (unsigned i = 0; i < net.count; i++)
		net.iface[i].ip_mode = net_modes_get(&s->net_modes, net.iface[i].name);
	app_svc_answer_put(ans, &net, sizeof(net));
}

/* The lease of c as an interface configuration into i. */
static int lease_of(const struct app_svc_net_config *c, struct net_conf_iface *i, struct error_detail *why)
{
	if (c->prefix_len < 1 || c->prefix_len > 32)
		return error_detail_set(why, -EINVAL, "prefix length %u out of range 1..32", c->prefix_len);
	memcpy(&i->address, c->ipv4, sizeof(i->address));
	memcpy(&i->gateway, c->gateway, sizeof(i->gateway));
	if (i->address == 0)
		return error_detail_set(why, -EINVAL, "a lease of address 0.0.0.0");
	i->netmask = net_conf_netmask(c->prefix_len);
	return 0;
}

int app_svc_net_apply(struct supervisor *s, const uint8_t *payload, struct error_detail *why)
{
	struct app_svc_net_config c;
	struct net_conf_iface i;
	const struct net_conf_iface *fallback;
	char addr[INET_ADDRSTRLEN];
	size_t len;
	int err;

	memcpy(&c, payload, sizeof(c));
	memset(&i, 0, sizeof(i));
	len = strnlen(c.ifname, sizeof(c.ifname));
	if (len == 0 || len == sizeof(c.ifname))
		return error_detail_set(why, -EINVAL, "an interface name of 1..%zu bytes and its NUL",
					sizeof(c.ifname) - 1);
	if (c.reserved[0] | c.reserved[1])
		return error_detail_set(why, -EINVAL, "reserved bytes are not 0");
	switch (c.source) {
	case APP_SVC_IP_DHCP:
		memcpy(i.name, c.ifname, len + 1);
		err = lease_of(&c, &i, why);
		if (err != 0)
			return err;
		break;
	case APP_SVC_IP_STATIC_FALLBACK:
		fallback = s->net_conf ? net_conf_find(s->net_conf, c.ifname) : NULL;
		if (!fallback)
			return error_detail_set(why, -ENOENT, "net.conf has no line for %s", c.ifname);
		i = *fallback;
		break;
	default:
		return error_detail_set(why, -EINVAL, "source %u: expected %u (DHCP) or %u (static fallback)",
					c.source, APP_SVC_IP_DHCP, APP_SVC_IP_STATIC_FALLBACK);
	}
	err = app_svc_sys_net_apply(&i, why);
	if (err != 0)
		return err;
	inet_ntop(AF_INET, &i.address, addr, sizeof(addr));
	if (c.source == APP_SVC_IP_DHCP) {
		net_modes_set(&s->net_modes, i.name, APP_SVC_IP_MODE_DHCP);
		log_line("%s: %s/%d (dhcp, lease %u s)", i.name, addr, __builtin_popcount(i.netmask), c.lease_s);
	} else {
		net_modes_set(&s->net_modes, i.name, APP_SVC_IP_MODE_STATIC);
		log_line("%s: %s/%d (static)", i.name, addr, __builtin_popcount(i.netmask));
	}
	return 0;
}

int app_svc_net_proxy(const struct app *a, uint32_t arg, struct error_detail *why)
{
	const uint16_t readers = APP_SVC_GRANT_NETWORK_CONFIG | APP_SVC_GRANT_READ_PROXY_CONFIG;
	int err;

	switch (arg) {
	case APP_SVC_PROXY_GET:
		if (!(a->svc_caps.grants & readers))
			return error_detail_set(why, -EACCES, "its manifest grants neither %s nor %s",
						app_svc_grant_name(APP_SVC_GRANT_NETWORK_CONFIG),
						app_svc_grant_name(APP_SVC_GRANT_READ_PROXY_CONFIG));
		return error_detail_set(why, -ENOENT, "no proxy is configured");
	case APP_SVC_PROXY_APPLY:
		err = app_svc_require(a, APP_SVC_GRANT_NETWORK_CONFIG, why);
		return err != 0 ? err : error_detail_set(why, -ENOSYS, "the device has no proxy support");
	default:
		return error_detail_set(why, -EINVAL, "arg %u: expected %u (get) or %u (apply)", arg,
					APP_SVC_PROXY_GET, APP_SVC_PROXY_APPLY);
	}
}
