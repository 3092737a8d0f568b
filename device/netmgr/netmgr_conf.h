/* netmgr_conf.h — netmgr's configuration, etc/netmgr.conf of its image
 * package (board-specific, docs/netmgr.md). One setting per line, '#' starts a comment
 * (a whole line or the rest of one):
 *   dhcp IFNAME              interface to configure by DHCP
 *   dns ADDRESS PORT udp|tcp upstream DNS server
 *   ntp ADDRESS PORT udp|tcp SNTP server
 *   ntp-poll SECONDS         between syncs once synced (15..86400, default 64)
 * Each at most once; a setting left out is not done (no DHCP, no DNS
 * upstream, no SNTP). */
#ifndef NETMGR_CONF_H
#define NETMGR_CONF_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spherule/error_detail.h"

/* The configuration's path in netmgr's image package (the first argument
 * names another file, for tests). */
#define NETMGR_CONF_IN_IMAGE "etc/netmgr.conf"
#define NETMGR_IFNAME_SIZE 16
#define NETMGR_NTP_POLL_DEFAULT_S 64u
#define NETMGR_NTP_POLL_MIN_S 15u      /* RFC 4330 section 10 */
#define NETMGR_NTP_POLL_MAX_S 86400u

/** struct netmgr_server - an upstream server of a dns or ntp line. */
struct netmgr_server {
	bool set;                /* the line was given */
	bool tcp;                /* tcp: a 2-byte big-endian length before each message */
	uint16_t port;
	struct in_addr addr;
};

struct netmgr_conf {
	char dhcp_ifname[NETMGR_IFNAME_SIZE];   /* "": no DHCP */
	struct netmgr_server dns;
	struct netmgr_server ntp;
	uint32_t ntp_poll_s;
};

/* Parses text[0 .. len) into c (set to its defaults first): the number of
 * lines refused; why receives "line N: ..." for the first of them. */
int netmgr_conf_parse(const char *text, size_t len, struct netmgr_conf *c, struct error_detail *why);

/* Reads and parses path: the number of lines refused, or -errno when the
 * file cannot be read. */
int netmgr_conf_load(const char *path, struct netmgr_conf *c, struct error_detail *why);

#endif
