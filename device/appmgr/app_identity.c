/* app_identity.c — switches a process to an app's identity (see app_identity.h). */
#include "app_identity.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "app_policy.h"
#include "small_file.h"

#define LSM_LIST_FILE "/sys/kernel/security/lsm"
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
	return write_lsm_file(APP_IDENTITY_FILE, text, len);
}

/* Device number of the GPIO chip's node; 0:0 when the app asks for no line
 * (the board may then have no GPIO chip at all). */
static int gpio_chip_number(const struct app *a, uint32_t *major_out, uint32_t *minor_out)
{
	struct stat st;

	*major_out = 0;
	*minor_out = 0;
	if (a->gpio.count == 0)
		return 0;
	if (stat(APP_GPIO_CHIP_NODE, &st) != 0)
		return -errno;
	if (!S_ISCHR(st.st_mode))
		return -ENODEV;
	*major_out = major(st.st_rdev);
	*minor_out = minor(st.st_rdev);
	return 0;
}

int app_policy_set(const struct app *a)
{
	uint8_t policy[APP_POLICY_MAX_SIZE];
	struct app_gpio_grant gpio[MANIFEST_MAX_GPIOS];
	uint32_t chip_major, chip_minor;
	int err = gpio_chip_number(a, &chip_major, &chip_minor);

	if (err != 0)
		return err;
	for (unsigned i = 0; i < a->gpio.count; i++)
		gpio[i] = (struct app_gpio_grant){ chip_major, chip_minor, a->gpio.item[i] };
	return write_lsm_file(APP_POLICY_FILE, policy,
			      app_policy_compile(gpio, a->gpio.count, &a->net, policy));
}

int app_gpio_node_open_up(void)
{
	if (chmod(APP_GPIO_CHIP_NODE, 0666) != 0)
		return errno == ENOENT ? 0 : -errno;
	return 0;
}
