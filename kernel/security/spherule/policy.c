// SPDX-License-Identifier: GPL-2.0-only
/*
 * Spherule LSM - an app's policy (policy.h): its lifetime and the
 * questions the hooks ask it. Loading it is policy_file.c, decoding the
 * binary format policy_decode.c.
 */

#include <linux/in.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "audit.h"
#include "hostname.h"
#include "policy.h"

void spherule_policy_get(struct spherule_policy *policy)
{
	if (policy)
		refcount_inc(&policy->usage);
}

void spherule_policy_put(struct spherule_policy *policy)
{
	if (policy && refcount_dec_and_test(&policy->usage)) {
		spherule_audit_release(&policy->audit);
		kfree(policy);
	}
}

bool spherule_policy_grants_gpio_line(const struct spherule_policy *policy, dev_t chip,
				      unsigned int line)
{
	u32 i;

	if (!policy)
		return false;
	for (i = 0; i < policy->gpio_count; i++)
		if (policy->gpio[i].chip == chip && policy->gpio[i].line == line)
			return true;
	return false;
}

bool spherule_policy_grants_gpio_chip(const struct spherule_policy *policy, dev_t chip)
{
	u32 i;

	if (!policy)
		return false;
	for (i = 0; i < policy->gpio_count; i++)
		if (policy->gpio[i].chip == chip)
			return true;
	return false;
}

bool spherule_policy_grants_network(const struct spherule_policy *policy)
{
	return policy && (policy->ipv4_count || policy->host_count || policy->tcp_port_count ||
			  policy->udp_port_count);
}

bool spherule_policy_grants_ipv4(const struct spherule_policy *policy, __be32 addr)
{
	u8 i;

	if (!policy)
		return false;
	for (i = 0; i < policy->ipv4_count; i++)
		if (policy->ipv4[i] == addr)
			return true;
	return false;
}

bool spherule_policy_names_host(const struct spherule_policy *policy, const char *host)
{
	const char *name;
	u8 i;

	if (!policy)
		return false;
	for (i = 0, name = policy->hosts; i < policy->host_count; i++, name += strlen(name) + 1)
		if (spherule_host_matches(name, host))
			return true;
	return false;
}

bool spherule_policy_grants_port(const struct spherule_policy *policy, int protocol, u16 port)
{
	const u16 *ports;
	u8 count, i;

	if (!policy)
		return false;
	if (protocol == IPPROTO_TCP) {
		ports = policy->tcp_ports;
		count = policy->tcp_port_count;
	} else if (protocol == IPPROTO_UDP) {
		ports = policy->udp_ports;
		count = policy->udp_port_count;
	} else {
		return false;
	}
	for (i = 0; i < count; i++)
		if (ports[i] == port)
			return true;
	return false;
}

