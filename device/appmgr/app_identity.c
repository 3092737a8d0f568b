/* app_identity.c — switches a process to an app's identity (see app_identity.h). */
#include "app_identity.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app_policy.h"
#include "small_file.h"

#define LSM_LIST_FILE "/sys/kernel/security/lsm" /* the active security modules */
#define LSM_NAME "spherule"

int app_identity_assume(const struct app *a, const char **step)
{
	uid_t ruid, euid, suid;
	gid_t rgid, egid, sgid;

	*step = "setgroups";
	if (setgroups(0, NULL) != 0)
		return -errno;
	*step = "setresgid";
	if (setresgid(a->gid, a->gid, a->gid) != 0)
		return -errno;
	*step = "setresuid";
	if (setresuid(a->uid, a->uid, a->uid) != 0)
		return -errno;
	*step = "identity check";
	if (getresuid(&ruid, &euid, &suid) != 0 || getresgid(&rgid, &egid, &sgid) != 0)
		return -errno;
	if (ruid != a->uid || euid != a->uid || suid != a->uid ||
	    rgid != a->gid || egid != a->gid || sgid != a->gid)
		return -EPERM;
	return 0;
}

/* When a Spherule securityfs file is missing: 0 if the kernel has no
 * Spherule LSM (securityfs lists the active LSMs, "capability,spherule"),
 * -ENOENT if it has one (securityfs not mounted?), -errno if the list is
 * unreadable. */
static int lsm_file_missing(void)
{
	char list[256];
	size_t len;
	int err = small_file_read(LSM_LIST_FILE, list, sizeof(list), &len);

	if (err != 0)
		return err;
	list[len] = '\0';
	for (char *name = strtok(list, ",\n"); name; name = strtok(NULL, ",\n"))
		if (strcmp(name, LSM_NAME) == 0)
			return -ENOENT;
	return 0;
}

int app_identity_kernel_check(void)
{
	char text[64];
	size_t len;
	int err = small_file_read(SPHERULE_FS_VERSION, text, sizeof(text), &len);

	if (err == -ENOENT)
		return lsm_file_missing();
	if (err != 0)
		return err;
	text[len] = '\0';
	if (strncmp(text, "policy ", 7) != 0)
		return -EPROTO;
	for (char *v = strtok(text + 7, " \n"); v; v = strtok(NULL, " \n"))
		if (strtoul(v, NULL, 10) == SPHERULE_POLICY_VERSION)
			return 1;
	return -EPROTONOSUPPORT;
}

/* Writes data to one of the LSM's securityfs files in a single write(). */
static int write_lsm_file(const char *path, const void *data, size_t len)
{
	ssize_t written;
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	int err = 0;

	if (fd < 0)
		return errno == ENOENT ? lsm_file_missing() : -errno;
	written = write(fd, data, len);
	if (written < 0)
		err = -errno;
	else if ((size_t)written != len)
		err = -EIO;
	if (close(fd) != 0 && err == 0)
		err = -errno;
	return err;
}

int app_identity_set(const struct app *a)
{
	char text[sizeof(a->component_str) + 1];
	size_t len = strlen(a->component_str);

	memcpy(text, a->component_str, len);
	text[len++] = '\n';
	return write_lsm_file(SPHERULE_FS_IDENTITY, text, len);
}

int app_policy_set(const struct app *a, const struct gpio_map *gpio)
{
	struct app_gpio_grant grants[MANIFEST_MAX_GPIOS];
	uint8_t policy[SPHERULE_POLICY_MAX_SIZE];
	uint32_t number;
	int err = gpio_map_grants(gpio, &a->gpio, grants, &number);

	if (err != 0)
		return err;
	return write_lsm_file(SPHERULE_FS_POLICY, policy,
			      app_policy_compile(grants, a->gpio.count, &a->net, policy));
}
