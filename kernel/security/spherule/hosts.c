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
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/rcupdate.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "audit.h"
#include "cred.h"
#include "hostname.h"
#include "hosts.h"
#include "interface.h"

/**
 * struct spherule_host_addr - one published address of a host name
 * @name: the host name, in the names area of its table
 * @addr: the address, network byte order
 * @expires: jiffies at which the pair stops being allowed
 */
struct spherule_host_addr {
	const char *name;
	__be32 addr;
	unsigned long expires;
};

/**
 * struct spherule_hosts_table - the published pairs, an immutable snapshot
 * @rcu: frees the snapshot a publication replaced, after its readers
 * @count: number of entries of @entry
 * @entry: the pairs; their names follow the array, NUL-terminated
 *
 * Every connect and send of an app that names hosts reads the current
 * snapshot under RCU, without a lock; a publication (rare: one per
 * resolved name and lifetime) builds a new one, without the expired pairs,
 * under hosts_mutex and swaps it in.
 */
struct spherule_hosts_table {
	struct rcu_head rcu;
	unsigned int count;
	struct spherule_host_addr entry[];
};

static struct spherule_hosts_table __rcu *hosts_table;
static DEFINE_MUTEX(hosts_mutex);

bool spherule_hosts_allow(const struct spherule_policy *policy, __be32 addr)
{
	const struct spherule_hosts_table *table;
	bool allow = false;
	unsigned int i;

	if (!policy || !policy->host_count)
		return false;
	rcu_read_lock();
	table = rcu_dereference(hosts_table);
	for (i = 0; table && i < table->count && !allow; i++) {
		const struct spherule_host_addr *h = &table->entry[i];

		allow = h->addr == addr && time_before(jiffies, h->expires) &&
			spherule_policy_names_host(policy, h->name);
	}
	rcu_read_unlock();
	return allow;
}

/* True when entry h of a table is still live and is not the pair (name, addr). */
static bool hosts_keep(const struct spherule_host_addr *h, const char *name, __be32 addr)
{
	return time_before(jiffies, h->expires) && (h->addr != addr || strcmp(h->name, name) != 0);
}

/*
 * Publishes (lifetime > 0) or withdraws (0) the pair: a new snapshot of
 * the live pairs but this one, with it again when published. Returns 0,
 * -ENOSPC or -ENOMEM.
 */
static int hosts_publish(const char *name, __be32 addr, unsigned int lifetime)
{
	struct spherule_hosts_table *old, *new;
	unsigned int i, count = 0;
	size_t names = 0;
	char *text;

	mutex_lock(&hosts_mutex);
	old = rcu_dereference_protected(hosts_table, lockdep_is_held(&hosts_mutex));
	for (i = 0; old && i < old->count; i++)
		if (hosts_keep(&old->entry[i], name, addr)) {
			count++;
			names += strlen(old->entry[i].name) + 1;
		}
	if (lifetime) {
		if (count == SPHERULE_HOSTS_MAX) {
			mutex_unlock(&hosts_mutex);
			return -ENOSPC;
		}
		count++;
		names += strlen(name) + 1;
	}
	new = kmalloc(struct_size(new, entry, count) + names, GFP_KERNEL);
	if (!new) {
		mutex_unlock(&hosts_mutex);
		return -ENOMEM;
	}
	new->count = 0;
	text = (char *)&new->entry[count];
	for (i = 0; old && i < old->count; i++) {
		const struct spherule_host_addr *h = &old->entry[i];

		if (!hosts_keep(h, name, addr))
			continue;
		new->entry[new->count++] = (struct spherule_host_addr){ text, h->addr, h->expires };
		strcpy(text, h->name);
		text += strlen(text) + 1;
	}
	if (lifetime) {
		new->entry[new->count++] =
			(struct spherule_host_addr){ text, addr, jiffies + lifetime * HZ };
		strcpy(text, name);
	}
	rcu_assign_pointer(hosts_table, new);
	mutex_unlock(&hosts_mutex);
	if (old)
		kfree_rcu(old, rcu);
	return 0;
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
	    kstrtouint(life_text, 10, lifetime) || *lifetime > SPHERULE_HOSTS_MAX_LIFETIME)
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
	char *text, *name;
	__be32 addr;
	int err;

	if (!may_publish())
		return -EPERM;
	if (*ppos != 0 || count == 0 || count > SPHERULE_HOSTS_LINE_MAX)
		return -EINVAL;
	text = memdup_user_nul(buf, count);
	if (IS_ERR(text))
		return PTR_ERR(text);
	err = hosts_parse(text, &name, &addr, &lifetime);
	if (!err)
		err = hosts_publish(name, addr, lifetime);
	kfree(text);
	return err ? err : count;
}

const struct file_operations spherule_hosts_fops = {
	.write = hosts_write,
	.llseek = generic_file_llseek,
};
