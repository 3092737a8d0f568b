/* net_conf.c — parsing /etc/spherule/net.conf (see net_conf.h). */
#include "net_conf.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "conf_lines.h"

#define NET_CONF_FILE_MAX 2048
#define NET_CONF_FIELDS_MAX 4

uint32_t net_conf_netmask(unsigned prefix_len)
{
	return htonl(prefix_len >= 32 ? 0xffffffffu : ~(0xffffffffu >> prefix_len));
}

const struct net_conf_iface *net_conf_find(const struct net_conf *c, const char *name)
{
	for (unsigned i = 0; i < c->count; i++)
		if (strcmp(c->iface[i].name, name) == 0)
			return &c->iface[i];
	return NULL;
}

static int apply_line(const char *s, size_t n, unsigned lineno, void *ctx, struct error_detail *why)
{
	struct net_conf *c = ctx;
	char f[NET_CONF_FIELDS_MAX][CONF_FIELD_SIZE];
	struct net_conf_iface *iface;
	struct in_addr addr, gw = { 0 };
	uint32_t prefix;
	int fields = conf_split_fields(s, n, f, NET_CONF_FIELDS_MAX);

	if (fields < 3)
		return error_detail_set(why, -EINVAL,
					"line %u: expected interface address prefix-length [gateway]",
					lineno);
	if (strlen(f[0]) >= NET_CONF_IFNAME_MAX)
		return error_detail_set(why, -EINVAL, "line %u: interface name %s too long", lineno,
					f[0]);
	if (inet_pton(AF_INET, f[1], &addr) != 1 ||
	    (fields == 4 && inet_pton(AF_INET, f[3], &gw) != 1))
		return error_detail_set(why, -EINVAL,
					"line %u: expected IPv4 addresses like 10.0.2.15", lineno);
	if (conf_parse_u32(f[2], strlen(f[2]), &prefix) != 0 || prefix < 1 || prefix > 32)
		return error_detail_set(why, -EINVAL,
					"line %u: prefix length %s out of range 1..32", lineno,
					f[2]);
	if (net_conf_find(c, f[0]))
		return error_detail_set(why, -EINVAL, "line %u: %s given twice", lineno, f[0]);
	if (c->count == NET_CONF_MAX_IFACES)
		return error_detail_set(why, -EINVAL, "line %u: more than %u interfaces", lineno,
					NET_CONF_MAX_IFACES);
	iface = &c->iface[c->count++];
	memcpy(iface->name, f[0], strlen(f[0]) + 1); /* checked shorter than the field */
	iface->address = addr.s_addr;
	iface->netmask = net_conf_netmask(prefix);
	iface->gateway = gw.s_addr;
	return 0;
}

int net_conf_parse(const char *text, size_t len, struct net_conf *c, struct error_detail *why)
{
	return conf_lines_apply(text, len, apply_line, c, why);
}

int net_conf_load(const char *path, struct net_conf *c, struct error_detail *why)
{
	char text[NET_CONF_FILE_MAX];

	memset(c, 0, sizeof(*c));
	return conf_lines_load(path, text, sizeof(text), apply_line, c, why);
}
