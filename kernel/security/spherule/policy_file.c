// SPDX-License-Identifier: GPL-2.0-only
/*
 * Spherule LSM - loading an app's policy through
 * /sys/kernel/security/spherule/policy (mode 0222; the kernel decides).
 *
 * The policy is written once, in one write at offset 0, by the same task
 * that then writes its identity (a child of the app manager between fork
 * and exec), before that identity. The write is refused with EPERM when
 * the writer may not take an identity (identity.c: already has one, so
 * the policy is sealed; threaded; not forked by the app manager) or
 * already loaded a policy, and with EINVAL when the format is wrong
 * (policy_decode.c). The policy is kept with the writer's credential,
 * inherited like the identity and never changed.
 */

#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "cred.h"
#include "identity.h"
#include "interface.h"
#include "policy.h"
#include "policy_decode.h"

static ssize_t policy_write(struct file *file, const char __user *buf, size_t count,
			    loff_t *ppos)
{
	struct spherule_policy *policy;
	struct cred *new;
	u8 *text;

	if (!spherule_may_set_identity() || spherule_cred(current_cred())->policy)
		return -EPERM;
	if (*ppos != 0 || count > SPHERULE_POLICY_MAX_SIZE)
		return -EINVAL;
	text = memdup_user(buf, count);
	if (IS_ERR(text))
		return PTR_ERR(text);
	policy = spherule_policy_decode(text, count);
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

const struct file_operations spherule_policy_fops = {
	.write = policy_write,
	.llseek = generic_file_llseek,
};
