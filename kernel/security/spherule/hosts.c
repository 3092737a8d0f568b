// SPDX-License-Identifier: GPL-2.0-only
/*
 * Spherule LSM - the published addresses of host names (hosts.h).
 *
 * Apps name hosts in their manifest (AllowedConnections); only the network
 * manager knows their addresses. It publishes each address it resolved by
 * writing one line to /sys/kernel/security/spherule/hosts (mode 0222):
 *   "<host name> <a.b.c.d> <lifetime in seconds>\n"
 * (the newline is optional; one line per write, at most 300 bytes). The
 * name is a lower-case DNS name without wildcard; the lifetime is 0..86400:
 * the pair is allowed to every app whose policy names the host until the
 * lifetime ends, publishing it again renews it, and a lifetime of 0
 * withdraws it. The writer must be a task without app identity that has
 * CAP_NET_ADMIN (the app manager) or an app whose policy has the host
 * resolver flag (manifest "HostResolver": true); others get EPERM. EINVAL
 * for a malformed line, ENOSPC when SPHERULE_HOSTS_MAX pairs are live.
 */

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/inet.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "audit.h"
#include "cred.h"
#include "hostname.h"
#include "hosts.h"

#define HOSTS_LINE_MAX 300

/**
 * struct spherule_host_addr - one published address of a host name
 * @name: the host name (kmalloc'ed), or NULL for a free slot
 * @addr: the address, network byte order
 * @expires: jiffies at which the pair stops being allowed
 */
struct spherule_host_addr {
	char *name;
	__be32 addr;
	unsigned long expires;
};

static struct spherule_host_addr hosts[SPHERULE_HOSTS_MAX];
static DEFINE_SPINLOCK(hosts_lock);
static struct dentry *spherule_hosts_dentry __ro_after_init;

bool spherule_is_hosts_file(const struct dentry *dentry)
{
	return dentry && dentry == spherule_hosts_dentry;
}

bool spherule_hosts_allow(const struct spherule_policy *policy, __be32 addr)
{
	bool allow = false;
	int i;

	if (!policy || !policy->host_count)
		return false;
	spin_lock(&hosts_lock);
	for (i = 0; i < SPHERULE_HOSTS_MAX && !allow; i++)
		allow = hosts[i].name && hosts[i].addr == addr &&
			time_before(jiffies, hosts[i].expires) &&
			spherule_policy_names_host(policy, hosts[i].name);
	spin_unlock(&hosts_lock);
	return allow;
}

/*
 * Publishes (lifetime > 0) or withdraws (0) the pair; name is taken over
 * when stored, else freed. Returns 0 or -ENOSPC.
 */
static int hosts_publish(char *name, __be32 addr, unsigned int lifetime)
{
	char *drop = name, *expired = NULL;
	int i, slot = -1, err = 0;

	spin_lock(&hosts_lock);
	for (i = 0; i < SPHERULE_HOSTS_MAX; i++) {
		struct spherule_host_addr *h = &hosts[i];

		if (h->name && h->addr == addr && strcmp(h->name, name) == 0) {
			slot = i;
			break;
		}
		if (slot < 0 && (!h->name || !time_before(jiffies, h->expires)))
			slot = i;
	}
	if (slot < 0) {
		err = lifetime ? -ENOSPC : 0;
	} else if (hosts[slot].name && strcmp(hosts[slot].name, name) == 0 &&
		   hosts[slot].addr == addr) {
		if (lifetime) {
			hosts[slot].expires = jiffies + lifetime * HZ;
		} else {
			expired = hosts[slot].name;
			hosts[slot].name = NULL;
		}
	} else if (lifetime) {
		expired = hosts[slot].name;
		hosts[slot].name = name;
		hosts[slot].addr = addr;
		hosts[slot].expires = jiffies + lifetime * HZ;
		drop = NULL;
	}
	spin_unlock(&hosts_lock);
	kfree(expired);
	kfree(drop);
	return err;
}

/* Splits "name addr lifetime" (text is NUL-terminated, modified). */
static int hosts_parse(char *text, char **name, __be32 *addr, unsigned int *lifetime)
{
	char *addr_text, *life_text;
	size_t len = strlen(text);

	if (len && text[len - 1] == '\n')
		text[--len] = '\0';
	*name = strsep(&text, " ");
	addr_text = strsep(&text, " ");
	life_text = text;
	if (!addr_text || !life_text || strchr(life_text, ' ') ||
	    !spherule_host_name_valid(*name, strlen(*name), false) ||
	    !in4_pton(addr_text, -1, (u8 *)addr, '\0', NULL) ||
	    kstrtouint(life_text, 10, lifetime) || *lifetime > SPHERULE_HOST_MAX_LIFETIME)
		return -EINVAL;
	return 0;
}

static bool may_publish(void)
{
	const struct spherule_cred *app = spherule_current_app();

	if (!app)
		return capable(CAP_NET_ADMIN);
	if (app->policy && (app->policy->flags & SPHERULE_POLICY_HOST_RESOLVER))
		return true;
	spherule_audit(app, "write", "hosts (not the host resolver)");
	return false;
}

static ssize_t hosts_write(struct file *file, const char __user *buf, size_t count,
			   loff_t *ppos)
{
	unsigned int lifetime;
	char *text, *name, *copy;
	__be32 addr;
	int err;

	if (!may_publish())
		return -EPERM;
	if (*ppos != 0 || count == 0 || count > HOSTS_LINE_MAX)
		return -EINVAL;
	text = memdup_user_nul(buf, count);
	if (IS_ERR(text))
		return PTR_ERR(text);
	err = hosts_parse(text, &name, &addr, &lifetime);
	copy = err ? NULL : kstrdup(name, GFP_KERNEL);
	kfree(text);
	if (err)
		return err;
	if (!copy)
		return -ENOMEM;
	err = hosts_publish(copy, addr, lifetime);
	return err ? err : count;
}

static const struct file_operations spherule_hosts_fops = {
	.write = hosts_write,
	.llseek = generic_file_llseek,
};

int __init spherule_hosts_create_file(struct dentry *dir)
{
	struct dentry *file = securityfs_create_file("hosts", 0222, dir, NULL,
						     &spherule_hosts_fops);

	if (IS_ERR(file))
		return PTR_ERR(file);
	spherule_hosts_dentry = file;
	return 0;
}
