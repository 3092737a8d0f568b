/* test_appmgr_policy.c — unit tests of the Spherule LSM policy appmgr
 * compiles from a manifest (docs/security-model.md, format version 2):
 * GPIO lines, the network allowlist (without DNS-SD service names), server
 * ports, the host resolver and storage flags; and of the one-owner rule of
 * GPIO lines. */
#include <string.h>

#include "app_policy.h"
#include "tap.h"

static const uint8_t two_lines[] = {
	2, 0, 0, 0,                                       /* version 2, no flag */
	2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,               /* 2 lines, nothing else */
	0xfe, 0x01, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0,         /* 510:3 line 0 */
	0xfe, 0x01, 0, 0, 3, 0, 0, 0, 7, 0, 0, 0,         /* 510:3 line 7 */
};

static const uint8_t network[] = {
	2, 0, 1, 0,                                       /* version 2, host resolver */
	1, 0, 2, 0, 1, 0, 2, 0, 2, 0, 0, 0,               /* 1 line, 2 addresses, 1+2 ports, 2 hosts */
	0xfe, 0x01, 0, 0, 3, 0, 0, 0, 5, 0, 0, 0,         /* 510:3 line 5 */
	10, 0, 2, 100, 192, 168, 35, 2,                   /* addresses in network order */
	0x90, 0x1f,                                       /* tcp 8080 */
	0xe9, 0x14, 0x35, 0,                              /* udp 5353, 53 */
	15, 'a', 'p', 'i', '.', 'e', 'x', 'a', 'm', 'p', 'l', 'e', '.',
	'c', 'o', 'm',
	9, '*', '.', 'c', 'l', 'o', 'u', 'd', '.', 'x',
};

int main(void)
{
	struct manifest_gpios none = { .count = 0 };
	struct manifest_gpios led = { .item = { 0, 7 }, .count = 2 };
	struct manifest_gpios button = { .item = { 1 }, .count = 1 };
	struct manifest_gpios rival = { .item = { 2, 7, 0 }, .count = 3 };
	struct app_gpio_grant lines[MANIFEST_MAX_GPIOS];
	struct app_net_policy net, no_net;
	struct manifest m = { 0 };
	static uint8_t out[SPHERULE_POLICY_MAX_SIZE];
	uint32_t line = 99;
	size_t len;

	app_net_policy_compile(&m, &no_net);
	for (unsigned i = 0; i < MANIFEST_MAX_GPIOS; i++)
		lines[i] = (struct app_gpio_grant){ 510, 3, i ? 7 : 0 };
	len = app_policy_compile(lines, 2, &no_net, out);
	tap_ok(len == sizeof(two_lines) && memcmp(out, two_lines, len) == 0,
	       "two lines: version 2 header, then little-endian major, minor, line each");
	len = app_policy_compile(lines, 0, &no_net, out);
	tap_ok(len == SPHERULE_POLICY_HEADER_SIZE && out[0] == 2 && out[4] == 0 && out[6] == 0,
	       "nothing granted: a bare version 2 header (16 bytes)");

	m.allowed_connections = (struct manifest_strings){
		{ "10.0.2.100", "API.Example.com", "_sample._tcp.local", "*.cloud.x", "192.168.35.2" }, 5 };
	m.tcp_server_ports = (struct manifest_ports){ { 8080 }, 1 };
	m.udp_server_ports = (struct manifest_ports){ { 5353, 53 }, 2 };
	m.host_resolver = true;
	app_net_policy_compile(&m, &net);
	lines[0].line = 5;
	len = app_policy_compile(lines, 1, &net, out);
	tap_ok(len == sizeof(network) && memcmp(out, network, len) == 0,
	       "network: IPv4 literals as addresses, names lower-cased and length-prefixed (a DNS-SD "
	       "service name left out), ports, resolver flag");

	/* MutableStorage: the storage flag, beside the resolver's or alone. */
	m.mutable_storage_kb = 8;
	app_net_policy_compile(&m, &net);
	len = app_policy_compile(lines, 1, &net, out);
	tap_ok(len == sizeof(network) && out[2] == 3 && out[3] == 0 &&
	       memcmp(out + 4, network + 4, len - 4) == 0,
	       "MutableStorage.SizeKB 8: flags host resolver | storage (3), the rest unchanged");
	struct manifest storage_only = { .mutable_storage_kb = 1 };
	app_net_policy_compile(&storage_only, &net);
	len = app_policy_compile(lines, 0, &net, out);
	tap_ok(len == SPHERULE_POLICY_HEADER_SIZE && out[2] == SPHERULE_POLICY_STORAGE && out[3] == 0,
	       "storage alone: flag SPHERULE_POLICY_STORAGE (bit 1) only");
	tap_ok(no_net.flags == 0, "no MutableStorage nor HostResolver: no flag");
	struct manifest mailbox_only = { .security_monitor = true };
	app_net_policy_compile(&mailbox_only, &net);
	len = app_policy_compile(lines, 0, &net, out);
	tap_ok(len == SPHERULE_POLICY_HEADER_SIZE && out[2] == SPHERULE_POLICY_SECMON && out[3] == 0,
	       "SecurityMonitor alone: flag SPHERULE_POLICY_SECMON (bit 2) only");
	static const uint8_t some_tenant[16] = { 1 };
	struct manifest device_auth_only = { .device_auth_tenant = some_tenant };
	app_net_policy_compile(&device_auth_only, &net);
	len = app_policy_compile(lines, 0, &net, out);
	tap_ok(len == SPHERULE_POLICY_HEADER_SIZE && out[2] == SPHERULE_POLICY_DEVICE_AUTH && out[3] == 0,
	       "DeviceAuthentication alone: flag SPHERULE_POLICY_DEVICE_AUTH (bit 3) only");
	m.mutable_storage_kb = 0;

	/* The largest manifest fits. */
	static char names[MANIFEST_MAX_CONNECTIONS][MANIFEST_MAX_HOST_LEN + 1];
	m.allowed_connections.count = MANIFEST_MAX_CONNECTIONS;
	for (unsigned i = 0; i < MANIFEST_MAX_CONNECTIONS; i++) {
		memset(names[i], 'a', MANIFEST_MAX_HOST_LEN);
		for (unsigned j = 63; j < MANIFEST_MAX_HOST_LEN; j += 64)
			names[i][j] = '.';
		names[i][0] = (char)('a' + i);
		m.allowed_connections.item[i] = names[i];
	}
	m.tcp_server_ports.count = m.udp_server_ports.count = MANIFEST_MAX_PORTS;
	app_net_policy_compile(&m, &net);
	len = app_policy_compile(lines, MANIFEST_MAX_GPIOS, &net, out);
	tap_ok(len == SPHERULE_POLICY_MAX_SIZE - MANIFEST_MAX_CONNECTIONS * SPHERULE_POLICY_IPV4_SIZE,
	       "the manifest's maximum (32 lines, 16 names of 253 bytes, 16 + 16 ports) fits SPHERULE_POLICY_MAX_SIZE");

	tap_ok(!app_gpio_conflict(&button, &led, &line) && line == 99,
	       "disjoint lines: no conflict");
	tap_ok(app_gpio_conflict(&rival, &led, &line) && line == 7,
	       "the first line of the newcomer that is already granted is named (7)");
	tap_ok(!app_gpio_conflict(&none, &led, &line) && !app_gpio_conflict(&led, &none, &line),
	       "an app without lines conflicts with nobody");
	return tap_done();
}
