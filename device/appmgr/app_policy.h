/* app_policy.h — the Spherule LSM policy of an app (format version 2:
 * docs/security-model.md), compiled from its manifest: the GPIO lines it is
 * granted, its network allowlist and server ports, the host resolver and
 * storage flags; and the rule that a GPIO line is granted to at most one
 * installed app. */
#ifndef APPMGR_APP_POLICY_H
#define APPMGR_APP_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/spherule.h>

#include "gpio_map.h"
#include "spherule/manifest.h"

/* The network part: addresses, TCP then UDP ports, length-prefixed names. */
#define APP_POLICY_NET_MAX                                                            \
	(MANIFEST_MAX_CONNECTIONS * SPHERULE_POLICY_IPV4_SIZE +                         \
	 2u * MANIFEST_MAX_PORTS * SPHERULE_POLICY_PORT_SIZE +                          \
	 MANIFEST_MAX_CONNECTIONS * (1u + MANIFEST_MAX_HOST_LEN))

/* The manifest's limits fit the kernel's (one policy is one write). */
_Static_assert(MANIFEST_MAX_GPIOS <= SPHERULE_POLICY_MAX_GPIO, "GPIO lines");
_Static_assert(MANIFEST_MAX_PORTS <= SPHERULE_POLICY_MAX_PORTS, "server ports");
_Static_assert(MANIFEST_MAX_HOST_LEN <= SPHERULE_POLICY_MAX_HOST_LEN, "host names");
_Static_assert(SPHERULE_POLICY_HEADER_SIZE + MANIFEST_MAX_GPIOS * SPHERULE_POLICY_GPIO_SIZE +
		       APP_POLICY_NET_MAX <= SPHERULE_POLICY_MAX_SIZE,
	       "largest policy");
_Static_assert(sizeof(struct spherule_policy_header) == SPHERULE_POLICY_HEADER_SIZE, "header");
_Static_assert(sizeof(struct spherule_policy_gpio) == SPHERULE_POLICY_GPIO_SIZE, "GPIO entry");

/* The part of the policy that comes from the manifest alone, compiled when
 * the app is verified (the manifest is not kept). */
struct app_net_policy {
	uint16_t flags;        /* SPHERULE_POLICY_HOST_RESOLVER, _STORAGE, _SECMON, _DEVICE_AUTH */
	uint16_t ipv4_count, tcp_count, udp_count, host_count;
	uint16_t len;          /* bytes used in body */
	uint8_t body[APP_POLICY_NET_MAX];
};

/* Compiles m's AllowedConnections (IPv4 literals as addresses, names in
 * lower case), server ports, HostResolver, SecurityMonitor, whether it
 * has MutableStorage (SizeKB > 0: SPHERULE_POLICY_STORAGE) and whether it
 * names a DeviceAuthentication tenant (SPHERULE_POLICY_DEVICE_AUTH) into
 * net. */
void app_net_policy_compile(const struct manifest *m, struct app_net_policy *net);

/* Whether net's host names allow name (lower case, no trailing dot): one
 * equal to it, or a wildcard "*.d" when name is strictly below d
 * ("a.d", "b.a.d"; not "d" itself). */
bool app_net_policy_allows_host(const struct app_net_policy *net, const char *name);

/* Writes the version 2 policy granting the gpio_count (at most
 * MANIFEST_MAX_GPIOS) chip lines of gpio (resolved by gpio_map_grants) and
 * net into out; returns its size. */
size_t app_policy_compile(const struct app_gpio_grant *gpio, unsigned gpio_count,
			  const struct app_net_policy *net, uint8_t out[SPHERULE_POLICY_MAX_SIZE]);

/* True when mine asks for a GPIO line that other also asks for; *number is
 * the first such board-wide number of mine. Board-wide numbers name one
 * chip line each (gpio_map.h), so equal numbers are the same line. */
bool app_gpio_conflict(const struct manifest_gpios *mine, const struct manifest_gpios *other,
		       uint32_t *number);

#endif
