// SPDX-License-Identifier: GPL-2.0-only
/*
 * Spherule LSM - the secmon mailbox (mailbox.h). secmon, the security
 * processor, talks to Linux through one virtio-serial port
 * ("org.spherule.secmon"); the app manager finds its character device and
 * names it once, at boot, by writing "<major>:<minor>\n" to
 * /sys/kernel/security/spherule/mailbox (mode 0644). The writer must be a
 * task without app identity that has CAP_SYS_ADMIN (the app manager): EPERM
 * otherwise; a second write is EBUSY (the device cannot be moved to another
 * one once apps run); EINVAL for a malformed line. Reading gives the line
 * back ("" before it was written).
 *
 * From then on an app task may open that device only if its policy has
 * %SPHERULE_POLICY_SECMON (manifest "SecurityMonitor": true); every other
 * character device but the harmless ones and granted GPIO chips stays
 * closed to apps (fs.c), so before the write no app opens it at all.
 */

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/kdev_t.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <uapi/linux/spherule.h>

#include "audit.h"
#include "interface.h"
#include "mailbox.h"
#include "policy.h"

/* "4095:1048575\n" and a NUL. */
#define MAILBOX_LINE_MAX 24

static dev_t mailbox_dev;
static bool mailbox_named;
static DEFINE_MUTEX(mailbox_mutex);

bool spherule_mailbox_allows(const struct spherule_cred *app, dev_t dev)
{
	return app->policy && (app->policy->flags & SPHERULE_POLICY_SECMON) &&
	       smp_load_acquire(&mailbox_named) && dev == mailbox_dev;
}

static ssize_t mailbox_read(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	char line[MAILBOX_LINE_MAX] = "";
	int len = 0;

	if (smp_load_acquire(&mailbox_named))
		len = scnprintf(line, sizeof(line), "%u:%u\n", MAJOR(mailbox_dev),
				MINOR(mailbox_dev));
	return simple_read_from_buffer(buf, count, ppos, line, len);
}

static ssize_t mailbox_write(struct file *file, const char __user *buf, size_t count,
			     loff_t *ppos)
{
	const struct spherule_cred *app = spherule_current_app();
	char line[MAILBOX_LINE_MAX], *text, *minor_text;
	unsigned int major, minor;

	if (app) {
		spherule_audit(app, "write", "mailbox");
		return -EPERM;
	}
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (*ppos != 0 || count == 0 || count >= sizeof(line))
		return -EINVAL;
	if (copy_from_user(line, buf, count))
		return -EFAULT;
	line[count] = '\0';
	text = strim(line);
	minor_text = strchr(text, ':');
	if (!minor_text)
		return -EINVAL;
	*minor_text++ = '\0';
	if (kstrtouint(text, 10, &major) || kstrtouint(minor_text, 10, &minor) ||
	    major > MAJOR(~0U) || minor > MINOR(~0U) || major == 0)
		return -EINVAL;
	mutex_lock(&mailbox_mutex);
	if (mailbox_named) {
		mutex_unlock(&mailbox_mutex);
		return -EBUSY;
	}
	mailbox_dev = MKDEV(major, minor);
	smp_store_release(&mailbox_named, true);
	mutex_unlock(&mailbox_mutex);
	return count;
}

const struct file_operations spherule_mailbox_fops = {
	.read = mailbox_read,
	.write = mailbox_write,
	.llseek = generic_file_llseek,
};
