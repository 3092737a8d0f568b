// SPDX-License-Identifier: GPL-2.0-only
/*
 * Spherule LSM - loading an app's policy through
 * /sys/kernel/security/spherule/policy (mode 0222; the kernel decides),
 * and the questions the hooks ask it.
 *
 * The policy is written once, in one write at offset 0, by the same task
 * that then writes its identity (a child of the app manager between fork
 * and exec), before that identity. Format version 1, little-endian:
 *   u16 version (1), u16 count (0..32),
 *   count x { u32 chip major, u32 chip minor, u32 line offset }
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
#include <linux/kdev_t.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <asm/unaligned.h>

#include "cred.h"
#include "identity.h"
#include "policy.h"
#include "setup.h"

#define POLICY_HEADER_SIZE 4
#define POLICY_GPIO_ENTRY_SIZE 12
#define POLICY_MAX_SIZE (POLICY_HEADER_SIZE + SPHERULE_POLICY_MAX_GPIO * POLICY_GPIO_ENTRY_SIZE)

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

/* Decodes a version 1 policy of len bytes: the policy or an ERR_PTR. */
static struct spherule_policy *policy_decode(const u8 *buf, size_t len)
{
	struct spherule_policy *policy;
	u16 count;
	u32 i;

	if (len < POLICY_HEADER_SIZE || get_unaligned_le16(buf) != SPHERULE_POLICY_VERSION)
		return ERR_PTR(-EINVAL);
	count = get_unaligned_le16(buf + 2);
	if (count > SPHERULE_POLICY_MAX_GPIO ||
	    len != POLICY_HEADER_SIZE + (size_t)count * POLICY_GPIO_ENTRY_SIZE)
		return ERR_PTR(-EINVAL);
	policy = kzalloc(struct_size(policy, gpio, count), GFP_KERNEL);
	if (!policy)
		return ERR_PTR(-ENOMEM);
	refcount_set(&policy->usage, 1);
	policy->gpio_count = count;
	for (i = 0; i < count; i++) {
		const u8 *entry = buf + POLICY_HEADER_SIZE + i * POLICY_GPIO_ENTRY_SIZE;
		u32 major = get_unaligned_le32(entry);
		u32 minor = get_unaligned_le32(entry + 4);

		if (major >= (1U << (32 - MINORBITS)) || minor > MINORMASK) {
			kfree(policy);
			return ERR_PTR(-EINVAL);
		}
		policy->gpio[i].chip = MKDEV(major, minor);
		policy->gpio[i].line = get_unaligned_le32(entry + 8);
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
