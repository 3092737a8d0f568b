// SPDX-License-Identifier: GPL-2.0-only
/*
 * Spherule LSM - credential hooks: every new credential inherits the app
 * identity and policy of the one it is made from.
 */

#include <linux/cred.h>
#include <linux/lsm_hooks.h>

#include "cred.h"
#include "setup.h"

static int hook_cred_prepare(struct cred *new, const struct cred *old, gfp_t gfp)
{
	*spherule_cred(new) = *spherule_cred(old);
	spherule_policy_get(spherule_cred(new)->policy);
	return 0;
}

static void hook_cred_transfer(struct cred *new, const struct cred *old)
{
	*spherule_cred(new) = *spherule_cred(old);
	spherule_policy_get(spherule_cred(new)->policy);
}

static void hook_cred_free(struct cred *cred)
{
	spherule_policy_put(spherule_cred(cred)->policy);
}

static struct security_hook_list spherule_cred_hooks[] __lsm_ro_after_init = {
	LSM_HOOK_INIT(cred_prepare, hook_cred_prepare),
	LSM_HOOK_INIT(cred_transfer, hook_cred_transfer),
	LSM_HOOK_INIT(cred_free, hook_cred_free),
};

__init void spherule_add_cred_hooks(void)
{
	security_add_hooks(spherule_cred_hooks, ARRAY_SIZE(spherule_cred_hooks), SPHERULE_NAME);
}
