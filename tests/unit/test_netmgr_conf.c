/* test_netmgr_conf.c — netmgr's netmgr.conf parser: the
 * board's file, defaults, and every refusal with its line number. */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "netmgr_conf.h"
#include "tap.h"

static int parse(const char *text, struct netmgr_conf *c, struct error_detail *why)
{
	why->msg[0] = '\0';
	return netmgr_conf_parse(text, strlen(text), c, why);
}

static void check_refused(const char *text, const char *want_msg, const char *name)
{
	struct netmgr_conf c;
	struct error_detail why;
	int refused = parse(text, &c, &why);

	tap_ok(refused == 1, "%s: refused (%d)", name, refused);
	tap_ok_str(why.msg, want_msg, name);
}

static void test_board_file(void)
{
	static const char text[] =
		"# netmgr of board qemu-armv7\n"
		"dhcp eth0                 # interface to configure by DHCP\n"
		"dns 10.0.2.53 53 tcp      # upstream DNS server\n"
		"\n"
		"ntp 10.0.2.123 123 udp\n"
		"ntp-poll 64\r\n";
	struct netmgr_conf c;
	struct error_detail why;

	tap_ok(parse(text, &c, &why) == 0, "the board's file parses (%s)", why.msg);
	tap_ok_str(c.dhcp_ifname, "eth0", "dhcp interface");
	tap_ok(c.dns.set && c.dns.tcp && c.dns.port == 53 && c.dns.addr.s_addr == inet_addr("10.0.2.53"),
	       "dns server, port and tcp");
	tap_ok(c.ntp.set && !c.ntp.tcp && c.ntp.port == 123 && c.ntp.addr.s_addr == inet_addr("10.0.2.123"),
	       "ntp server, port and udp");
	tap_ok(c.ntp_poll_s == 64, "ntp-poll");
}

static void test_defaults(void)
{
	struct netmgr_conf c;
	struct error_detail why;

	tap_ok(parse("# nothing\n", &c, &why) == 0, "an empty file parses");
	tap_ok(!c.dhcp_ifname[0] && !c.dns.set && !c.ntp.set, "nothing configured by default");
	tap_ok(c.ntp_poll_s == NETMGR_NTP_POLL_DEFAULT_S, "ntp-poll defaults to 64 s");
}

/* Files of one bad line (or a good then a bad one) and what is said. */
static const struct {
	const char *text, *msg, *name;
} refusals[] = {
	{ "dhcp eth0\nroute 10.0.2.2\n", "line 2: unknown setting route (dhcp, dns, ntp, ntp-poll)", "unknown setting" },
	{ "dns 10.0.2.53 53\n", "line 1: expected dns ADDRESS PORT udp|tcp", "dns without transport" },
	{ "\n\ndns 10.0.2 53 tcp\n", "line 3: 10.0.2 is not an IPv4 address like 10.0.2.53", "dns address" },
	{ "ntp 10.0.2.123 0 udp\n", "line 1: port 0 out of range 1..65535", "port 0" },
	{ "ntp 10.0.2.123 65536 udp\n", "line 1: port 65536 out of range 1..65535", "port too big" },
	{ "ntp 10.0.2.123 123 sctp\n", "line 1: transport sctp is neither udp nor tcp", "transport" },
	{ "dns 10.0.2.53 53 tcp\ndns 10.0.2.54 53 tcp\n", "line 2: dns given twice", "dns twice" },
	{ "dhcp eth0\ndhcp eth1\n", "line 2: dhcp given twice", "dhcp twice" },
	{ "dhcp\n", "line 1: expected dhcp IFNAME", "dhcp without interface" },
	{ "dhcp abcdefghijklmnop\n", "line 1: interface name abcdefghijklmnop too long", "interface name too long" },
	{ "ntp-poll 14\n", "line 1: ntp-poll 14: expected seconds in 15..86400", "ntp-poll below 15 s" },
	{ "ntp-poll 64\nntp-poll 128\n", "line 2: ntp-poll given twice", "ntp-poll twice" },
	{ "ntp-poll 6x\n", "line 1: ntp-poll 6x: expected seconds in 15..86400", "ntp-poll not a number" },
	{ "dns 10.0.2.53 53 tcp extra\n", "line 1: too many or too long fields", "too many fields" },
};

static void test_refusals(void)
{
	for (size_t i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++)
		check_refused(refusals[i].text, refusals[i].msg, refusals[i].name);
}

static void test_two_refusals_counted(void)
{
	struct netmgr_conf c;
	struct error_detail why;

	tap_ok(parse("foo\nbar\ndhcp eth0\n", &c, &why) == 2, "two bad lines: 2 refused");
	tap_ok_str(why.msg, "line 1: unknown setting foo (dhcp, dns, ntp, ntp-poll)", "the first one is told");
	tap_ok_str(c.dhcp_ifname, "eth0", "the good line still applies");
}

static void test_missing_file(void)
{
	struct netmgr_conf c;
	struct error_detail why;

	tap_ok(netmgr_conf_load("/nonexistent/netmgr.conf", &c, &why) == -ENOENT, "missing file: -ENOENT");
}

int main(void)
{
	test_board_file();
	test_defaults();
	test_refusals();
	test_two_refusals_counted();
	test_missing_file();
	return tap_done();
}
