/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Spherule LSM - the per-app policy: what the app's manifest grants beyond
 * default deny (single GPIO lines, the network allowlist and server ports,
 * publishing resolved host addresses), loaded by the app manager through
 * /sys/kernel/security/spherule/policy before the identity.
 */

#ifndef _SECURITY_SPHERULE_POLICY_H
#define _SECURITY_SPHERULE_POLICY_H

#include <linux/refcount.h>
#include <linux/types.h>
#include <uapi/linux/spherule.h>

#include "audit_limit.h"

/**
 * struct spherule_gpio_grant - one GPIO line an app may use
 * @chip: device number of the GPIO chip's character device (gpiochipN)
 * @line: offset of the line on that chip
 */
struct spherule_gpio_grant {
	dev_t chip;
	u32 line;
};

/**
 * struct spherule_policy - the grants of one app, immutable once loaded
 * @usage: one reference per credential that points to it
 * @audit: the app's allowance of audit lines (audit.c)
 * @flags: %SPHERULE_POLICY_FLAGS bits (resolver, storage, secmon mailbox,
 *	device certificate)
 * @gpio_count: number of entries of @gpio
 * @ipv4_count: number of entries of @ipv4
 * @tcp_port_count: number of entries of @tcp_ports
 * @udp_port_count: number of entries of @udp_ports
 * @host_count: number of names in @hosts
 * @ipv4: IPv4 addresses (network byte order) the app may connect and send to
 * @tcp_ports: TCP ports the app may bind and listen on
 * @udp_ports: UDP ports the app may bind
 * @hosts: host names ("a.example.com", or "*.example.com" for any name
 *	below that domain) whose published addresses (hosts.c) the app may
 *	connect and send to; NUL-terminated, back to back
 * @gpio: the granted GPIO lines; the other arrays follow it in the same
 *	allocation
 *
 * Shared by every credential of the app (fork and exec copy the pointer).
 * An app with no address, host and port has no network: it may create
 * only AF_UNIX sockets.
 */
struct spherule_policy {
	refcount_t usage;
	struct spherule_audit_limit audit;
	u32 flags;
	u8 gpio_count;
	u8 ipv4_count;
	u8 tcp_port_count;
	u8 udp_port_count;
	u8 host_count;
	const __be32 *ipv4;
	const u16 *tcp_ports;
	const u16 *udp_ports;
	const char *hosts;
	struct spherule_gpio_grant gpio[];
};

/* Takes a reference to policy (which may be NULL). */
void spherule_policy_get(struct spherule_policy *policy);
/* Drops a reference to policy (which may be NULL); frees it with the last. */
void spherule_policy_put(struct spherule_policy *policy);

/* True when policy (NULL grants nothing) grants line of chip. */
bool spherule_policy_grants_gpio_line(const struct spherule_policy *policy, dev_t chip,
				      unsigned int line);
/* True when policy grants any line of chip (so its node may be opened). */
bool spherule_policy_grants_gpio_chip(const struct spherule_policy *policy, dev_t chip);

/* True when policy grants any address, host or server port. */
bool spherule_policy_grants_network(const struct spherule_policy *policy);
/* True when policy lists addr (network byte order) itself. */
bool spherule_policy_grants_ipv4(const struct spherule_policy *policy, __be32 addr);
/* True when policy names host (lower case), itself or by a wildcard. */
bool spherule_policy_names_host(const struct spherule_policy *policy, const char *host);
/* True when policy grants server port (host order) for protocol
 * (IPPROTO_TCP or IPPROTO_UDP). */
bool spherule_policy_grants_port(const struct spherule_policy *policy, int protocol, u16 port);

#endif /* _SECURITY_SPHERULE_POLICY_H */
