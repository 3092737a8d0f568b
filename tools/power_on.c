/* power_on.c - secure boot before QEMU starts (power_on.h). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "key_files.h"
#include "power_on.h"
#include "secmon_client.h"
#include "tree_copy.h"

/* A device without a store: manufactured with the build tree's development
 * keys, which `flash build` signs with by default. */
static int manufacture_development(const char *command, const char *flash)
{
	struct dev_key vendor, oem;
	char out[128];

	if (dev_key(command, DEV_KEY_OS_VENDOR, &vendor) < 0 || dev_key(command, DEV_KEY_OEM, &oem) < 0)
		return -1;
	if (secmon_run(command, (const char *[]){ "manufacture", "--flash", flash, "--vendor-key", vendor.pub,
						  "--oem-key", oem.pub, NULL },
		       out, sizeof(out)) < 0)
		return -1;
	out[strcspn(out, "\n")] = '\0';
	printf("%s has no secmon store: manufactured the device with the development keys (OS vendor key %s, "
	       "OEM key %s): %s\n", flash, vendor.pub, oem.pub, out);
	return 0;
}

int power_on(const char *command, const char *flash, const char *state_dir, const char *mailbox, pid_t *secmon)
{
	char store[PATH_MAX + 16], log[PATH_MAX + 16];
	struct secmon_verdict v;

	snprintf(store, sizeof(store), "%s.secmon", flash);
	if (access(store, F_OK) < 0 && manufacture_development(command, flash) < 0)
		return -1;
	if (mkdir_p(state_dir, 0700) < 0)
		return cli_fail(command, "%s: %s", state_dir, strerror(errno));
	snprintf(log, sizeof(log), "%s/secmon.log", state_dir);
	if (secmon_power_on(command, flash, log, mailbox, &v) < 0)
		return -1;
	if (!v.ok)
		return cli_fail(command, "secure boot refused the OS: %s", v.reason);
	printf("secmon: OS version %u, security version %u verified; measurement %s (log %s)\n", v.version,
	       v.security_version, v.measurement, log);
	fflush(stdout);
	*secmon = v.pid;
	return 0;
}
