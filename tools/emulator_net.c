/*
 * emulator_net.c - the -netdev argument of the emulated board: user
 * networking, restrict=on, forwards only to and from the host's loopback
 * (see emulator_net.h).
 */
#include "emulator_net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void emulator_net_init(struct emulator_net *net)
{
	net->forwards = 0;
	net->guest_port_count = 0;
	snprintf(net->netdev, sizeof(net->netdev),
		 "user,id=wan,restrict=on,ipv6=off,net=10.0.2.0/24,host=10.0.2.2,dns=10.0.2.3");
}

/* Parses a port 1..65535 from the digits at text (up to end); 0 if invalid. */
static unsigned parse_port(const char *text, const char *end)
{
	unsigned long v = 0;

	if (text == end || end - text > 5)
		return 0;
	for (const char *p = text; p < end; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		v = v * 10 + (unsigned long)(*p - '0');
	}
	return v >= 1 && v <= 65535 ? (unsigned)v : 0;
}

static int append(struct emulator_net *net, const char *what, char *why, size_t why_len)
{
	size_t len = strlen(net->netdev);

	if (net->forwards >= EMULATOR_NET_MAX_FORWARDS) {
		snprintf(why, why_len, "at most %d forwards", EMULATOR_NET_MAX_FORWARDS);
		return -EINVAL;
	}
	snprintf(net->netdev + len, sizeof(net->netdev) - len, ",%s", what);
	net->forwards++;
	return 0;
}

int emulator_net_add_hostfwd(struct emulator_net *net, const char *spec, char *why, size_t why_len)
{
	const char *proto = "tcp", *p = spec, *colon;
	unsigned host_port, guest_port;
	char rule[96];

	if (strncmp(p, "tcp:", 4) == 0 || strncmp(p, "udp:", 4) == 0) {
		proto = strncmp(p, "udp:", 4) == 0 ? "udp" : "tcp";
		p += 4;
	}
	colon = strchr(p, ':');
	host_port = colon ? parse_port(p, colon) : 0;
	guest_port = colon ? parse_port(colon + 1, colon + 1 + strlen(colon + 1)) : 0;
	if (!host_port || !guest_port) {
		snprintf(why, why_len, "--hostfwd %s: expected [tcp:|udp:]HOSTPORT:GUESTPORT, ports 1..65535",
			 spec);
		return -EINVAL;
	}
	snprintf(rule, sizeof(rule), "hostfwd=%s:127.0.0.1:%u-%s:%u", proto, host_port,
		 EMULATOR_NET_DEVICE_ADDR, guest_port);
	return append(net, rule, why, why_len);
}

int emulator_net_add_guestfwd(struct emulator_net *net, const char *spec, char *why, size_t why_len)
{
	char addr_text[16], rule[128];
	const char *colon = strchr(spec, ':'), *colon2 = colon ? strchr(colon + 1, ':') : NULL;
	unsigned guest_port = colon2 ? parse_port(colon + 1, colon2) : 0;
	unsigned host_port = colon2 ? parse_port(colon2 + 1, colon2 + 1 + strlen(colon2 + 1)) : 0;
	struct in_addr addr;
	uint32_t a;

	if (!guest_port || !host_port || (size_t)(colon - spec) >= sizeof(addr_text)) {
		snprintf(why, why_len, "--guestfwd %s: expected GUESTADDR:GUESTPORT:HOSTPORT, ports 1..65535",
			 spec);
		return -EINVAL;
	}
	memcpy(addr_text, spec, (size_t)(colon - spec));
	addr_text[colon - spec] = '\0';
	if (inet_pton(AF_INET, addr_text, &addr) != 1) {
		snprintf(why, why_len, "--guestfwd %s: %s is not an IPv4 address", spec, addr_text);
		return -EINVAL;
	}
	a = ntohl(addr.s_addr);
	if ((a & 0xffffff00u) != 0x0a000200u || (a & 0xff) < 4 || (a & 0xff) == 15 || (a & 0xff) == 255) {
		snprintf(why, why_len,
			 "--guestfwd %s: the address must be in 10.0.2.4..10.0.2.254 and not the device's %s",
			 spec, EMULATOR_NET_DEVICE_ADDR);
		return -EINVAL;
	}
	for (unsigned i = 0; i < net->guest_port_count; i++)
		if (net->guest_ports[i] == guest_port) {
			snprintf(why, why_len,
				 "--guestfwd %s: another --guestfwd uses port %u (QEMU names a forward by its port)",
				 spec, guest_port);
			return -EINVAL;
		}
	snprintf(rule, sizeof(rule), "guestfwd=tcp:%s:%u-cmd:socat STDIO TCP4:127.0.0.1:%u", addr_text, guest_port,
		 host_port);
	if (append(net, rule, why, why_len) < 0)
		return -EINVAL;
	net->guest_ports[net->guest_port_count++] = guest_port;
	return 0;
}
