/* networking_ipconfig.c — Networking_IpConfig (applibs/networking.h): an
 * app granted NetworkConfig configures an interface statically, or gives
 * it back to DHCP, through appmgr (NET_APPLY with source
 * APP_SVC_IP_STATIC_APP or APP_SVC_IP_DYNAMIC_APP). appmgr checks the
 * capability (EACCES) and the interface (ENOENT here for appmgr's ENODEV);
 * an app's static configuration holds the interface against netmgr's DHCP
 * until an app gives it back, and is not kept across a reboot. Custom DNS
 * servers are recorded in the configuration but not used: netmgr, the
 * device's only resolver, forwards to the upstream its own configuration
 * names (netmgr.conf). */
#include <applibs/networking.h>

#include <arpa/inet.h>
#include <string.h>

#include "app_service_client.h"
#include "applibs_errno.h"

#define IP_CONFIG_MAX_DNS 3u

/** struct ip_config - what the opaque Networking_IpConfig holds. */
struct ip_config {
	bool static_ip;                       /* false: DHCP (Init's default) */
	uint8_t dns_count;                    /* 0: automatic DNS (Init's default) */
	struct in_addr address, mask, gateway;
	struct in_addr dns[IP_CONFIG_MAX_DNS];
};

_Static_assert(sizeof(struct ip_config) <= sizeof(Networking_IpConfig), "the configuration fits its buffer");

/* The opaque buffer is copied in and out (not cast): the app's buffer
 * has another type. */
static struct ip_config load(const Networking_IpConfig *ipConfig)
{
	struct ip_config c;

	memcpy(&c, ipConfig, sizeof(c));
	return c;
}

static void store(Networking_IpConfig *ipConfig, const struct ip_config *c)
{
	memcpy(ipConfig, c, sizeof(*c));
}

void Networking_IpConfig_Init(Networking_IpConfig *ipConfig)
{
	memset(ipConfig, 0, sizeof(*ipConfig));
}

void Networking_IpConfig_Destroy(Networking_IpConfig *ipConfig)
{
}

void Networking_IpConfig_EnableDynamicIp(Networking_IpConfig *ipConfig)
{
	struct ip_config c = load(ipConfig);

	c.static_ip = false;
	store(ipConfig, &c);
}

void Networking_IpConfig_EnableStaticIp(Networking_IpConfig *ipConfig, struct in_addr ipAddress,
					struct in_addr subnetMask, struct in_addr gatewayAddress)
{
	struct ip_config c = load(ipConfig);

	c.static_ip = true;
	c.address = ipAddress;
	c.mask = subnetMask;
	c.gateway = gatewayAddress;
	store(ipConfig, &c);
}

void Networking_IpConfig_EnableAutomaticDns(Networking_IpConfig *ipConfig)
{
	struct ip_config c = load(ipConfig);

	c.dns_count = 0;
	store(ipConfig, &c);
}

int Networking_IpConfig_EnableCustomDns(Networking_IpConfig *ipConfig,
					const struct in_addr *dnsServerAddresses, size_t serverCount)
{
	struct ip_config c;

	if (!ipConfig || !dnsServerAddresses)
		return applibs_fail(EFAULT);
	if (serverCount < 1 || serverCount > IP_CONFIG_MAX_DNS)
		return applibs_fail(EINVAL);
	c = load(ipConfig);
	memcpy(c.dns, dnsServerAddresses, serverCount * sizeof(c.dns[0]));
	c.dns_count = (uint8_t)serverCount;
	store(ipConfig, &c);
	return 0;
}

/* The prefix length of a contiguous subnet mask (network order), or -1. */
static int prefix_of(struct in_addr mask)
{
	uint32_t m = ntohl(mask.s_addr);

	return m != 0 && (~m & (~m + 1)) == 0 ? __builtin_popcount(m) : -1;
}

/* The NET_APPLY payload for configuration c of interface name into *out. */
static int payload_of(const char *name, const struct ip_config *c, struct app_svc_net_config *out)
{
	int prefix;

	memset(out, 0, sizeof(*out));
	if (strlen(name) >= sizeof(out->ifname))
		return -ENOENT;   /* no interface has so long a name */
	strcpy(out->ifname, name);
	if (!c->static_ip) {
		out->source = APP_SVC_IP_DYNAMIC_APP;
		return 0;
	}
	prefix = prefix_of(c->mask);
	if (prefix < 0 || c->address.s_addr == 0)
		return -EINVAL;
	out->source = APP_SVC_IP_STATIC_APP;
	out->prefix_len = (uint8_t)prefix;
	memcpy(out->ipv4, &c->address, sizeof(out->ipv4));
	memcpy(out->gateway, &c->gateway, sizeof(out->gateway));
	return 0;
}

int Networking_IpConfig_Apply(const char *networkInterfaceName, const Networking_IpConfig *ipConfig)
{
	struct app_svc_net_config payload;
	struct ip_config c;
	struct app_svc_call call = { .op = APP_SVC_NET_APPLY, .payload = &payload, .payload_len = sizeof(payload) };
	int err;

	if (!networkInterfaceName || !ipConfig)
		return applibs_fail(EFAULT);
	c = load(ipConfig);
	err = payload_of(networkInterfaceName, &c, &payload);
	if (err == 0)
		err = app_svc_call(&call);
	return applibs_result(err == -ENODEV ? -ENOENT : err);
}
