// SPDX-License-Identifier: GPL-2.0-only
/*
 * Spherule LSM - decoding the binary policy format, version 2
 * (include/uapi/linux/spherule.h, docs/security-model.md): a header of
 * counts, the GPIO entries, the IPv4 addresses, the TCP and UDP server
 * ports, then the host names, each a length byte and a lower-case DNS name
 * or "*." and one. Every count, port, device number and name is checked
 * and the length must be exactly what they add up to; anything else is
 * EINVAL. The result is one allocation (policy.h).
 */

#include <linux/build_bug.h>
#include <linux/err.h>
#include <linux/kdev_t.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/byteorder.h>

#include "hostname.h"
#include "policy.h"
#include "policy_decode.h"

/**
 * struct policy_counts - the entry counts of a header, in host order
 * @flags: the header's flags
 * @gpio: GPIO lines
 * @ipv4: addresses
 * @tcp: TCP server ports
 * @udp: UDP server ports
 * @hosts: host names
 */
struct policy_counts {
	u16 flags, gpio, ipv4, tcp, udp, hosts;
};

/* Reads and checks the header of the len bytes at buf. */
static int policy_header(const u8 *buf, size_t len, struct policy_counts *n)
{
	const struct spherule_policy_header *h = (const void *)buf;

	if (len < sizeof(*h) || le16_to_cpu(h->version) != SPHERULE_POLICY_VERSION)
		return -EINVAL;
	n->flags = le16_to_cpu(h->flags);
	n->gpio = le16_to_cpu(h->gpio_count);
	n->ipv4 = le16_to_cpu(h->ipv4_count);
	n->tcp = le16_to_cpu(h->tcp_port_count);
	n->udp = le16_to_cpu(h->udp_port_count);
	n->hosts = le16_to_cpu(h->host_count);
	if ((n->flags & ~SPHERULE_POLICY_FLAGS) || h->reserved ||
	    n->gpio > SPHERULE_POLICY_MAX_GPIO || n->ipv4 > SPHERULE_POLICY_MAX_IPV4 ||
	    n->tcp > SPHERULE_POLICY_MAX_PORTS || n->udp > SPHERULE_POLICY_MAX_PORTS ||
	    n->hosts > SPHERULE_POLICY_MAX_HOSTS)
		return -EINVAL;
	return 0;
}

/*
 * Checks the host names at buf (end at buf + len) and returns the bytes
 * they take as NUL-terminated strings, or -EINVAL.
 */
static ssize_t policy_hosts_size(const u8 *buf, size_t len, u16 count)
{
	size_t pos = 0, size = 0;
	u16 i;

	for (i = 0; i < count; i++) {
		u8 n;

		if (pos >= len)
			return -EINVAL;
		n = buf[pos++];
		if (n > len - pos || !spherule_host_name_valid((const char *)buf + pos, n, true))
			return -EINVAL;
		pos += n;
		size += n + 1;
	}
	return pos == len ? size : -EINVAL;
}

static int policy_ports(const __le16 *in, u16 count, u16 *ports)
{
	u16 i;

	for (i = 0; i < count; i++) {
		ports[i] = le16_to_cpu(in[i]);
		if (!ports[i])
			return -EINVAL;
	}
	return 0;
}

static int policy_gpio(const struct spherule_policy_gpio *in, u16 count,
		       struct spherule_gpio_grant *gpio)
{
	u16 i;

	for (i = 0; i < count; i++) {
		u32 major = le32_to_cpu(in[i].chip_major);
		u32 minor = le32_to_cpu(in[i].chip_minor);

		if (major >= (1U << (32 - MINORBITS)) || minor > MINORMASK)
			return -EINVAL;
		gpio[i].chip = MKDEV(major, minor);
		gpio[i].line = le32_to_cpu(in[i].line);
	}
	return 0;
}

struct spherule_policy *spherule_policy_decode(const u8 *buf, size_t len)
{
	struct spherule_policy *policy;
	struct policy_counts n;
	size_t fixed, size;
	ssize_t hosts_size;
	const u8 *p;
	u16 *tcp, *udp;
	__be32 *ipv4;
	char *hosts;
	u16 i;
	int err;

	BUILD_BUG_ON(sizeof(struct spherule_policy_header) != SPHERULE_POLICY_HEADER_SIZE);
	BUILD_BUG_ON(sizeof(struct spherule_policy_gpio) != SPHERULE_POLICY_GPIO_SIZE);
	BUILD_BUG_ON(sizeof(*ipv4) != SPHERULE_POLICY_IPV4_SIZE);
	BUILD_BUG_ON(sizeof(__le16) != SPHERULE_POLICY_PORT_SIZE);

	err = policy_header(buf, len, &n);
	if (err)
		return ERR_PTR(err);
	fixed = SPHERULE_POLICY_HEADER_SIZE + n.gpio * SPHERULE_POLICY_GPIO_SIZE +
		n.ipv4 * SPHERULE_POLICY_IPV4_SIZE + (n.tcp + n.udp) * SPHERULE_POLICY_PORT_SIZE;
	if (len < fixed)
		return ERR_PTR(-EINVAL);
	hosts_size = policy_hosts_size(buf + fixed, len - fixed, n.hosts);
	if (hosts_size < 0)
		return ERR_PTR(hosts_size);
	size = struct_size(policy, gpio, n.gpio) + n.ipv4 * sizeof(*ipv4) +
	       (n.tcp + n.udp) * sizeof(*tcp) + hosts_size;
	policy = kzalloc(size, GFP_KERNEL);
	if (!policy)
		return ERR_PTR(-ENOMEM);
	refcount_set(&policy->usage, 1);
	spherule_audit_limit_init(&policy->audit);
	policy->flags = n.flags;
	policy->gpio_count = n.gpio;
	policy->ipv4_count = n.ipv4;
	policy->tcp_port_count = n.tcp;
	policy->udp_port_count = n.udp;
	policy->host_count = n.hosts;
	ipv4 = (__be32 *)&policy->gpio[n.gpio];
	tcp = (u16 *)&ipv4[n.ipv4];
	udp = &tcp[n.tcp];
	hosts = (char *)&udp[n.udp];
	policy->ipv4 = ipv4;
	policy->tcp_ports = tcp;
	policy->udp_ports = udp;
	policy->hosts = hosts;

	p = buf + SPHERULE_POLICY_HEADER_SIZE;
	err = policy_gpio((const void *)p, n.gpio, policy->gpio);
	p += n.gpio * SPHERULE_POLICY_GPIO_SIZE;
	memcpy(ipv4, p, n.ipv4 * SPHERULE_POLICY_IPV4_SIZE);
	p += n.ipv4 * SPHERULE_POLICY_IPV4_SIZE;
	err = err ?: policy_ports((const void *)p, n.tcp, tcp);
	p += n.tcp * SPHERULE_POLICY_PORT_SIZE;
	err = err ?: policy_ports((const void *)p, n.udp, udp);
	p += n.udp * SPHERULE_POLICY_PORT_SIZE;
	for (i = 0; i < n.hosts; i++) {
		u8 hlen = *p++;

		memcpy(hosts, p, hlen);
		hosts += hlen + 1;
		p += hlen;
	}
	if (err) {
		kfree(policy);
		return ERR_PTR(err);
	}
	return policy;
}
