// SPDX-License-Identifier: GPL-2.0-only
/*
 * Spherule LSM - the directory /sys/kernel/security/spherule and its
 * files: identity (0666, identity.c), policy (0222, policy_file.c), hosts
 * (0222, hosts.c), mailbox (0644, mailbox.c) and version (0444): "policy 2\n", the policy format
 * versions this kernel accepts, so that the app manager can tell before it
 * starts an app whether the kernel reads the policies it writes.
 */

#include <linux/fs.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/security.h>
#include <linux/stringify.h>
#include <uapi/linux/spherule.h>

#include "interface.h"
#include "setup.h"

static const char version_text[] = "policy " __stringify(SPHERULE_POLICY_VERSION) "\n";

static ssize_t version_read(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	return simple_read_from_buffer(buf, count, ppos, version_text, sizeof(version_text) - 1);
}

static const struct file_operations spherule_version_fops = {
	.read = version_read,
	.llseek = generic_file_llseek,
};

/**
 * struct interface_file - one file of the directory
 * @name: its name
 * @mode: its permission bits (the kernel's rules decide; the modes only
 *	say which operations the file has)
 * @fops: its operations
 */
struct interface_file {
	const char *name;
	umode_t mode;
	const struct file_operations *fops;
};

static const struct interface_file interface_files[] = {
	{ "identity", 0666, &spherule_identity_fops },
	{ "policy", 0222, &spherule_policy_fops },
	{ "hosts", 0222, &spherule_hosts_fops },
	{ "mailbox", 0644, &spherule_mailbox_fops },
	{ "version", 0444, &spherule_version_fops },
};

static struct inode *interface_inodes[ARRAY_SIZE(interface_files)] __ro_after_init;

bool spherule_is_interface_inode(const struct inode *inode)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(interface_inodes); i++)
		if (inode == interface_inodes[i])
			return true;
	return false;
}

static int __init spherule_interface_init(void)
{
	struct dentry *dir, *file;
	size_t i;

	if (!spherule_initialized)
		return 0;
	dir = securityfs_create_dir(SPHERULE_NAME, NULL);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	for (i = 0; i < ARRAY_SIZE(interface_files); i++) {
		const struct interface_file *f = &interface_files[i];

		file = securityfs_create_file(f->name, f->mode, dir, NULL, f->fops);
		if (IS_ERR(file)) {
			securityfs_remove(dir);
			return PTR_ERR(file);
		}
		interface_inodes[i] = d_inode(file);
	}
	return 0;
}
fs_initcall(spherule_interface_init);
