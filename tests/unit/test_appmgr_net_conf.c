/* test_appmgr_net_conf.c — unit tests of appmgr's parser of
 * /etc/spherule/net.conf (net_conf.h). */
#include <arpa/inet.h>
#include <string.h>

#include "net_conf.h"
#include "tap.h"

static int parse(const char *text, struct net_conf *c, struct error_detail *why)
{
	memset(c, 0, sizeof(*c));
	why->msg[0] = '\0';
	return net_conf_parse(text, strlen(text), c, why);
}

int main(void)
{
	struct net_conf c;
	struct error_detail why;

	tap_ok(parse("# comment\n eth0 10.0.2.15 24 10.0.2.2 \n", &c, &why) == 0 && c.count == 1 &&
		       !strcmp(c.iface[0].name, "eth0") && c.iface[0].address == inet_addr("10.0.2.15") &&
		       c.iface[0].netmask == inet_addr("255.255.255.0") &&
		       c.iface[0].gateway == inet_addr("10.0.2.2"),
	       "the board's line: address, /24 mask, gateway");
	tap_ok(parse("usb0 192.168.35.2 30\n", &c, &why) == 0 && c.iface[0].gateway == 0 &&
		       c.iface[0].netmask == inet_addr("255.255.255.252"),
	       "no gateway: none; /30 mask");
	tap_ok(parse("eth0 10.0.2.15 32\n", &c, &why) == 0 && c.iface[0].netmask == 0xffffffffu,
	       "/32 mask");
	tap_ok(parse("eth0 10.0.2.15\n", &c, &why) == 1 && c.count == 0 &&
		       strstr(why.msg, "line 1: expected interface address prefix-length") != NULL,
	       "a missing field is refused with the reason (%s)", why.msg);
	tap_ok(parse("eth0 10.0.2.15 24 10.0.2.2 extra\n", &c, &why) == 1,
	       "an extra field is refused");
	tap_ok(parse("eth0 10.0.2.300 24\n", &c, &why) == 1 && strstr(why.msg, "IPv4") != NULL,
	       "a bad address is refused (%s)", why.msg);
	tap_ok(parse("eth0 10.0.2.15 0\neth1 10.0.3.15 33\n", &c, &why) == 2 &&
		       strstr(why.msg, "line 1: prefix length 0 out of range 1..32") != NULL,
	       "prefix lengths 0 and 33 are refused, the first named (%s)", why.msg);
	tap_ok(parse("eth0 10.0.2.15 24\neth0 10.0.2.16 24\n", &c, &why) == 1 && c.count == 1 &&
		       strstr(why.msg, "line 2: eth0 given twice") != NULL,
	       "an interface given twice is refused (%s)", why.msg);
	tap_ok(parse("a 10.0.0.1 8\nb 10.0.0.2 8\nc 10.0.0.3 8\n", &c, &why) == 1 && c.count == 2,
	       "more than %u interfaces are refused", NET_CONF_MAX_IFACES);
	tap_ok(parse("averyveryverylongname 10.0.0.1 8\n", &c, &why) == 1 &&
		       strstr(why.msg, "too long") != NULL,
	       "an interface name longer than 15 bytes is refused");
	return tap_done();
}
