/* netmgr_conf.c — parsing netmgr's etc/netmgr.conf (see netmgr_conf.h),
 * with appmgr's line reader (conf_lines.c). */
#include "netmgr_conf.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "conf_lines.h"

#define NETMGR_CONF_FILE_MAX 1024
#define NETMGR_CONF_FIELDS_MAX 4

static int parse_server(char f[][CONF_FIELD_SIZE], int fields, unsigned lineno, struct netmgr_server *srv,
			struct error_detail *why)
{
	uint32_t port;

	if (fields != 4)
		return error_detail_set(why, -EINVAL, "line %u: expected %s ADDRESS PORT udp|tcp", lineno,
					f[0]);
	if (srv->set)
		return error_detail_set(why, -EINVAL, "line %u: %s given twice", lineno, f[0]);
	if (inet_pton(AF_INET, f[1], &srv->addr) != 1)
		return error_detail_set(why, -EINVAL, "line %u: %s is not an IPv4 address like 10.0.2.53",
					lineno, f[1]);
	if (conf_parse_u32(f[2], strlen(f[2]), &port) != 0 || port < 1 || port > 65535)
		return error_detail_set(why, -EINVAL, "line %u: port %s out of range 1..65535", lineno, f[2]);
	if (strcmp(f[3], "udp") != 0 && strcmp(f[3], "tcp") != 0)
		return error_detail_set(why, -EINVAL, "line %u: transport %s is neither udp nor tcp", lineno,
					f[3]);
	srv->port = (uint16_t)port;
	srv->tcp = f[3][0] == 't';
	srv->set = true;
	return 0;
}

static int parse_dhcp(char f[][CONF_FIELD_SIZE], int fields, unsigned lineno, struct netmgr_conf *c,
		      struct error_detail *why)
{
	if (fields != 2)
		return error_detail_set(why, -EINVAL, "line %u: expected dhcp IFNAME", lineno);
	if (c->dhcp_ifname[0])
		return error_detail_set(why, -EINVAL, "line %u: dhcp given twice", lineno);
	if (strlen(f[1]) >= NETMGR_IFNAME_SIZE)
		return error_detail_set(why, -EINVAL, "line %u: interface name %s too long", lineno, f[1]);
	memcpy(c->dhcp_ifname, f[1], strlen(f[1]) + 1);
	return 0;
}

static int parse_ntp_poll(char f[][CONF_FIELD_SIZE], int fields, unsigned lineno, struct netmgr_conf *c,
			  bool *seen, struct error_detail *why)
{
	uint32_t s;

	if (fields != 2)
		return error_detail_set(why, -EINVAL, "line %u: expected ntp-poll SECONDS", lineno);
	if (*seen)
		return error_detail_set(why, -EINVAL, "line %u: ntp-poll given twice", lineno);
	if (conf_parse_u32(f[1], strlen(f[1]), &s) != 0 || s < NETMGR_NTP_POLL_MIN_S ||
	    s > NETMGR_NTP_POLL_MAX_S)
		return error_detail_set(why, -EINVAL, "line %u: ntp-poll %s: expected seconds in %u..%u", lineno, f[1],
					NETMGR_NTP_POLL_MIN_S, NETMGR_NTP_POLL_MAX_S);
	c->ntp_poll_s = s;
	*seen = true;
	return 0;
}

struct parse_state {
	struct netmgr_conf *conf;
	bool ntp_poll_seen;
};

static int apply_line(const char *s, size_t n, unsigned lineno, void *ctx, struct error_detail *why)
{
	struct parse_state *st = ctx;
	char f[NETMGR_CONF_FIELDS_MAX][CONF_FIELD_SIZE];
	const char *hash = memchr(s, '#', n);
	int fields = conf_split_fields(s, hash ? (size_t)(hash - s) : n, f, NETMGR_CONF_FIELDS_MAX);

	if (fields < 0)
		return error_detail_set(why, -EINVAL, "line %u: too many or too long fields", lineno);
	if (fields == 0)
		return 0;
	if (strcmp(f[0], "dhcp") == 0)
		return parse_dhcp(f, fields, lineno, st->conf, why);
	if (strcmp(f[0], "dns") == 0)
		return parse_server(f, fields, lineno, &st->conf->dns, why);
	if (strcmp(f[0], "ntp") == 0)
		return parse_server(f, fields, lineno, &st->conf->ntp, why);
	if (strcmp(f[0], "ntp-poll") == 0)
		return parse_ntp_poll(f, fields, lineno, st->conf, &st->ntp_poll_seen, why);
	return error_detail_set(why, -EINVAL, "line %u: unknown setting %s (dhcp, dns, ntp, ntp-poll)",
				lineno, f[0]);
}

static void set_defaults(struct netmgr_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->ntp_poll_s = NETMGR_NTP_POLL_DEFAULT_S;
}

int netmgr_conf_parse(const char *text, size_t len, struct netmgr_conf *c, struct error_detail *why)
{
	struct parse_state st = { .conf = c };

	set_defaults(c);
	return conf_lines_apply(text, len, apply_line, &st, why);
}

int netmgr_conf_load(const char *path, struct netmgr_conf *c, struct error_detail *why)
{
	char text[NETMGR_CONF_FILE_MAX];
	struct parse_state st = { .conf = c };

	set_defaults(c);
	return conf_lines_load(path, text, sizeof(text), apply_line, &st, why);
}
