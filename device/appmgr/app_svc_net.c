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

/* The address of c (a lease, or an app's static configuration) as an
 * interface configuration into i. */
static int address_of(const struct app_svc_net_config *c, struct net_conf_iface *i, struct error_detail *why)
{
	if (c->prefix_len < 1 || c->prefix_len > 32)
		return error_detail_set(why, -EINVAL, "prefix length %u out of range 1..32", c->prefix_len);
	memcpy(&i->address, c->ipv4, sizeof(i->address));
	memcpy(&i->gateway, c->gateway, sizeof(i->gateway));
	if (i->address == 0)
		return error_detail_set(why, -EINVAL, "an address of 0.0.0.0");
	i->netmask = net_conf_netmask(c->prefix_len);
	return 0;
}

/* Source's capability for app a: NetworkManager for the network manager's
 * (a lease, the static fallback), NetworkConfig for an app's. */
static int may_apply(const struct app *a, uint8_t source, struct error_detail *why)
{
	switch (source) {
	case APP_SVC_IP_DHCP:
	case APP_SVC_IP_STATIC_FALLBACK:
		return app_svc_require(a, APP_SVC_GRANT_NETWORK_MANAGER, why);
	case APP_SVC_IP_STATIC_APP:
	case APP_SVC_IP_DYNAMIC_APP:
		return app_svc_require(a, APP_SVC_GRANT_NETWORK_CONFIG, why);
	default:
		return error_detail_set(why, -EINVAL, "source %u: expected %u..%u", source, APP_SVC_IP_DHCP,
					APP_SVC_IP_DYNAMIC_APP);
	}
}

/* The configuration c asks for into i: -ENOENT when net.conf has no line
 * for a fallback's interface. */
static int config_of(const struct supervisor *s, const struct app_svc_net_config *c, struct net_conf_iface *i,
		     struct error_detail *why)
{
	const struct net_conf_iface *fallback;

	if (c->source != APP_SVC_IP_STATIC_FALLBACK) {
		memcpy(i->name, c->ifname, strlen(c->ifname) + 1);
		return address_of(c, i, why);
	}
	fallback = s->net_conf ? net_conf_find(s->net_conf, c->ifname) : NULL;
	if (!fallback)
		return error_detail_set(why, -ENOENT, "net.conf has no line for %s", c->ifname);
	*i = *fallback;
	return 0;
}

/* Gives interface name back to DHCP for app a: the hold cleared, the
 * address left until the network manager's next lease replaces it. */
static int give_back(struct supervisor *s, const struct app *a, const char *name, struct error_detail *why)
{
	struct app_svc_net net;
	unsigned i;

	app_svc_sys_net(&net);
	for (i = 0; i < net.count && strncmp(net.iface[i].name, name, sizeof(net.iface[i].name)) != 0; i++)
		;
	if (i == net.count)
		return error_detail_set(why, -ENODEV, "the device has no interface %s", name);
	net_modes_hold(&s->net_modes, name, NULL);
	log_line("%s: given back to DHCP by %s", name, a->name);
	return 0;
}

static void log_applied(const struct app *a, const struct app_svc_net_config *c, const struct net_conf_iface *i)
{
	char addr[INET_ADDRSTRLEN];
	int prefix = __builtin_popcount(i->netmask);

	inet_ntop(AF_INET, &i->address, addr, sizeof(addr));
	if (c->source == APP_SVC_IP_DHCP)
		log_line("%s: %s/%d (dhcp, lease %u s)", i->name, addr, prefix, c->lease_s);
	else if (c->source == APP_SVC_IP_STATIC_APP)
		log_line("%s: %s/%d (static, by %s)", i->name, addr, prefix, a->name);
	else
		log_line("%s: %s/%d (static)", i->name, addr, prefix);
}

int app_svc_net_apply(struct supervisor *s, const struct app *a, const uint8_t *payload, struct error_detail *why)
{
	struct app_svc_net_config c;
	struct net_conf_iface i;
	const char *holder;
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
	err = may_apply(a, c.source, why);
	if (err != 0)
		return err;
	if (c.source == APP_SVC_IP_DYNAMIC_APP)
		return give_back(s, a, c.ifname, why);
	holder = net_modes_holder(&s->net_modes, c.ifname);
	if (holder && c.source != APP_SVC_IP_STATIC_APP)
		return error_detail_set(why, -EBUSY, "%s is configured statically by %s", c.ifname, holder);
	err = config_of(s, &c, &i, why);
	if (err == 0)
		err = app_svc_sys_net_apply(&i, why);
	if (err != 0)
		return err;
	net_modes_set(&s->net_modes, i.name,
		      c.source == APP_SVC_IP_DHCP ? APP_SVC_IP_MODE_DHCP : APP_SVC_IP_MODE_STATIC);
	if (c.source == APP_SVC_IP_STATIC_APP)
		net_modes_hold(&s->net_modes, i.name, a->name);
	log_applied(a, &c, &i);
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
