// SPDX-License-Identifier: GPL-2.0-only
/*
 * Spherule LSM - loading an app's policy through
 * /sys/kernel/security/spherule/policy (mode 0222; the kernel decides),
 * and the questions the hooks ask it.
 *
 * The policy is written once, in one write at offset 0, by the same task
 * that then writes its identity (a child of the app manager between fork
 * and exec), before that identity. Format version 2, little-endian
 * (docs/security-model.md):
 *   header: u16 version (2), u16 flags (bit 0: host resolver),
 *           u16 gpio count (0..32), u16 ipv4 count (0..16),
 *           u16 tcp port count (0..16), u16 udp port count (0..16),
 *           u16 host count (0..16), u16 zero
 *   gpio x { u32 chip major, u32 chip minor, u32 line offset }
 *   ipv4 x { 4 address bytes in network order }
 *   tcp ports x u16, udp ports x u16 (1..65535 each)
 *   hosts x { u8 length, that many bytes of a lower-case host name or
 *             "*." and one, no NUL }
 * where major:minor is the device number of the GPIO chip's character
 * device (/dev/gpiochipN). The write is refused with EPERM when the writer
 * may not take an identity (see identity.c: already has one, so the policy
 * is sealed; threaded; not forked by the app manager) or already loaded a
 * policy, and with EINVAL when the format is wrong. The policy is kept with
 * the writer's credential, inherited like the identity and never changed.
 */

#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/in.h>
#include <linux/kdev_t.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/unaligned.h>

#include "cred.h"
#include "hostname.h"
#include "identity.h"
#include "policy.h"
#include "setup.h"

#define POLICY_HEADER_SIZE 16
#define POLICY_GPIO_ENTRY_SIZE 12
#define POLICY_MAX_SIZE                                                               \
	(POLICY_HEADER_SIZE + SPHERULE_POLICY_MAX_GPIO * POLICY_GPIO_ENTRY_SIZE +      \
	 SPHERULE_POLICY_MAX_IPV4 * 4 + 2 * SPHERULE_POLICY_MAX_PORTS * 2 +            \
	 SPHERULE_POLICY_MAX_HOSTS * (1 + SPHERULE_POLICY_MAX_HOST_LEN))

void spherule_policy_get(struct spherule_policy *policy)
{
	if (policy)
		refcount_inc(&policy->usage);
}

void spherule_policy_put(struct spherule_policy *policy)
{
	if (policy && refcount_dec_and_test(&policy->usage))
		kfree(policy);
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

/**
 * struct policy_counts - the entry counts of a version 2 header
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
	if (len < POLICY_HEADER_SIZE || get_unaligned_le16(buf) != SPHERULE_POLICY_VERSION)
		return -EINVAL;
	n->flags = get_unaligned_le16(buf + 2);
	n->gpio = get_unaligned_le16(buf + 4);
	n->ipv4 = get_unaligned_le16(buf + 6);
	n->tcp = get_unaligned_le16(buf + 8);
	n->udp = get_unaligned_le16(buf + 10);
	n->hosts = get_unaligned_le16(buf + 12);
	if ((n->flags & ~SPHERULE_POLICY_FLAGS) || get_unaligned_le16(buf + 14) ||
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

static int policy_ports(const u8 *buf, u16 count, u16 *ports)
{
	u16 i;

	for (i = 0; i < count; i++) {
		ports[i] = get_unaligned_le16(buf + 2 * i);
		if (!ports[i])
			return -EINVAL;
	}
	return 0;
}

static int policy_gpio(const u8 *buf, u16 count, struct spherule_gpio_grant *gpio)
{
	u16 i;

	for (i = 0; i < count; i++, buf += POLICY_GPIO_ENTRY_SIZE) {
		u32 major = get_unaligned_le32(buf);
		u32 minor = get_unaligned_le32(buf + 4);

		if (major >= (1U << (32 - MINORBITS)) || minor > MINORMASK)
			return -EINVAL;
		gpio[i].chip = MKDEV(major, minor);
		gpio[i].line = get_unaligned_le32(buf + 8);
	}
	return 0;
}

/* Decodes a version 2 policy of len bytes: the policy or an ERR_PTR. */
static struct spherule_policy *policy_decode(const u8 *buf, size_t len)
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

	err = policy_header(buf, len, &n);
	if (err)
		return ERR_PTR(err);
	fixed = POLICY_HEADER_SIZE + n.gpio * POLICY_GPIO_ENTRY_SIZE + n.ipv4 * 4 +
		(n.tcp + n.udp) * 2;
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

	p = buf + POLICY_HEADER_SIZE;
	err = policy_gpio(p, n.gpio, policy->gpio);
	p += n.gpio * POLICY_GPIO_ENTRY_SIZE;
	for (i = 0; i < n.ipv4; i++, p += 4)
		memcpy(&ipv4[i], p, 4);
	err = err ?: policy_ports(p, n.tcp, tcp);
	p += n.tcp * 2;
	err = err ?: policy_ports(p, n.udp, udp);
	p += n.udp * 2;
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

static ssize_t policy_write(struct file *file, const char __user *buf, size_t count,
			    loff_t *ppos)
{
	struct spherule_policy *policy;
	struct cred *new;
	u8 *text;

	if (!spherule_may_set_identity() || spherule_cred(current_cred())->policy)
		return -EPERM;
	if (*ppos != 0 || count > POLICY_MAX_SIZE)
		return -EINVAL;
	text = memdup_user(buf, count);
	if (IS_ERR(text))
		return PTR_ERR(text);
	policy = policy_decode(text, count);
	kfree(text);
	if (IS_ERR(policy))
		return PTR_ERR(policy);
	new = prepare_creds();
	if (!new) {
		spherule_policy_put(policy);
		return -ENOMEM;
	}
	/* prepare_creds() copied a NULL policy: nothing to drop. */
	spherule_cred(new)->policy = policy;
	commit_creds(new);
	return count;
}

static const struct file_operations spherule_policy_fops = {
	.write = policy_write,
	.llseek = generic_file_llseek,
};

static struct dentry *spherule_policy_dentry __ro_after_init;

bool spherule_is_policy_file(const struct dentry *dentry)
{
	return dentry && dentry == spherule_policy_dentry;
}

int __init spherule_policy_create_file(struct dentry *dir)
{
	struct dentry *file = securityfs_create_file("policy", 0222, dir, NULL,
						     &spherule_policy_fops);

	if (IS_ERR(file))
		return PTR_ERR(file);
	spherule_policy_dentry = file;
	return 0;
}
