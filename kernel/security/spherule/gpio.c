// SPDX-License-Identifier: GPL-2.0-only
/*
 * Spherule LSM - GPIO hook: an app task may request a GPIO line through the
 * character device (v1 line handle, v1 line event, v2 line request), or
 * read or watch its info, only when its policy grants that line of that
 * chip (EACCES otherwise). Opening the chip's node is decided in fs.c.
 */

#include <linux/device.h>
#include <linux/lsm_hooks.h>

#include "audit.h"
#include "cred.h"
#include "policy.h"
#include "setup.h"

static int hook_gpio_line_request(struct device *chip, unsigned int offset)
{
	const struct spherule_cred *app = spherule_current_app();

	if (!app || spherule_policy_grants_gpio_line(app->policy, chip->devt, offset))
		return 0;
	spherule_audit(app, "gpio", "%s line %u", dev_name(chip), offset);
	return -EACCES;
}

static struct security_hook_list spherule_gpio_hooks[] __lsm_ro_after_init = {
	LSM_HOOK_INIT(gpio_line_request, hook_gpio_line_request),
};

__init void spherule_add_gpio_hooks(void)
{
	security_add_hooks(spherule_gpio_hooks, ARRAY_SIZE(spherule_gpio_hooks), SPHERULE_NAME);
}
