/*
 * power_on.c - secure boot before QEMU starts (power_on.h): a device
 * without a store manufactured first (factory_manufacture.h), and the
 * factory order of one that has a store checked once its OS is verified.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "dir_tree.h"
#include "factory_manufacture.h"
#include "power_on.h"
#include "secmon_client.h"

int power_on(const char *command, const char *flash, const char *state_dir, const char *mailbox,
	     unsigned trial_timeout, struct secmon_verdict *v)
{
	char store[PATH_MAX + 16], log[PATH_MAX + 16];
	bool manufactured;

	snprintf(store, sizeof(store), "%s.secmon", flash);
	manufactured = access(store, F_OK) == 0;
	if (!manufactured && manufacture_new_device(command, flash) < 0)
		return -1;
	if (mkdir_p(state_dir, 0700) < 0)
		return cli_fail(command, "%s: %s", state_dir, strerror(errno));
	snprintf(log, sizeof(log), "%s/secmon.log", state_dir);
	if (secmon_power_on(command, flash, log, mailbox, trial_timeout, v) < 0)
		return -1;
	if (!v->ok)
		return cli_fail(command, "secure boot refused the OS: %s", v->reason);
	printf("secmon: OS version %u, security version %u verified; measurement %s (log %s), slot %c\n",
	       v->version, v->security_version, v->measurement, log, v->slot);
	fflush(stdout);
	if (manufactured)
		factory_order_check(command, flash);
	return 0;
}
