// SPDX-License-Identifier: GPL-2.0-only
/*
 * Spherule LSM - filesystem hooks. An app task may open (file_open) and
 * stat (inode_getattr; directories excepted) only:
 *  - files of its own image (the read-only mount recorded with its
 *    identity),
 *  - the character devices /dev/null, /dev/zero, /dev/full, /dev/random,
 *    /dev/urandom (wherever their node is), and the character device of a
 *    GPIO chip of which its policy grants a line (policy.h; which lines it
 *    may use is decided in gpio.c),
 *  - pipes, sockets and anonymous inodes (what it already holds open),
 *  - for reading only, /proc/<pid> entries of tasks of its own app
 *    (/proc/self included; other tasks' entries are closed by proc.c,
 *    their sensitive ones also by the ptrace rule of task.c); no /proc
 *    file is opened for writing (/proc/self/mem would patch its own code
 *    behind the exec rule's back),
 *  - the identity, policy and hosts files in securityfs (reading the
 *    identity gives its identity; writing is refused, see identity.c,
 *    policy.c and hosts.c, except the host resolver's hosts lines).
 * Everything else is EACCES: other apps' images whatever their modes, the
 * root filesystem, /proc files that are not a task's, sysfs, other device
 * nodes. Mounting, unmounting, moving mounts and pivot_root are EPERM.
 */

#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/kdev_t.h>
#include <linux/lsm_hooks.h>
#include <linux/magic.h>
#include <linux/major.h>
#include <linux/mount.h>
#include <linux/path.h>

#include "audit.h"
#include "cred.h"
#include "hosts.h"
#include "identity.h"
#include "policy.h"
#include "proc.h"
#include "setup.h"

/* Minors of MEM_MAJOR that give nothing away: null, zero, full, random, urandom. */
static bool harmless_device(const struct inode *inode)
{
	if (!S_ISCHR(inode->i_mode) || MAJOR(inode->i_rdev) != MEM_MAJOR)
		return false;
	switch (MINOR(inode->i_rdev)) {
	case 3:
	case 5:
	case 7:
	case 8:
	case 9:
		return true;
	default:
		return false;
	}
}

/*
 * The rule in the header comment for the inode of dentry, opened for
 * writing or not.
 */
static bool may_access(const struct spherule_cred *app, const struct dentry *dentry, bool write)
{
	const struct inode *inode = d_backing_inode(dentry);

	if (!inode)
		return false;
	if (S_ISCHR(inode->i_mode))
		return harmless_device(inode) ||
		       spherule_policy_grants_gpio_chip(app->policy, inode->i_rdev);
	if (S_ISBLK(inode->i_mode))
		return false;
	if (inode->i_sb->s_dev == app->image_dev)
		return true;
	switch (inode->i_sb->s_magic) {
	case PIPEFS_MAGIC:
	case SOCKFS_MAGIC:
	case ANON_INODE_FS_MAGIC:
		return true;
	case PROC_SUPER_MAGIC:
		return !write && spherule_proc_inode_is_own(app, inode);
	case SECURITYFS_MAGIC:
		return spherule_is_identity_file(dentry) || spherule_is_policy_file(dentry) ||
		       spherule_is_hosts_file(dentry);
	default:
		return false;
	}
}

static int hook_file_open(struct file *file)
{
	const struct spherule_cred *app = spherule_current_app();

	if (!app || may_access(app, file->f_path.dentry, file->f_mode & FMODE_WRITE))
		return 0;
	spherule_audit_path(app, "open", &file->f_path);
	return -EACCES;
}

static int hook_inode_getattr(const struct path *path)
{
	const struct spherule_cred *app = spherule_current_app();

	if (!app || d_is_dir(path->dentry) || may_access(app, path->dentry, false))
		return 0;
	spherule_audit_path(app, "stat", path);
	return -EACCES;
}

static int hook_sb_mount(const char *dev_name, const struct path *path, const char *type,
			 unsigned long flags, void *data)
{
	const struct spherule_cred *app = spherule_current_app();

	if (!app)
		return 0;
	spherule_audit_path(app, "mount", path);
	return -EPERM;
}

static int hook_sb_umount(struct vfsmount *mnt, int flags)
{
	const struct spherule_cred *app = spherule_current_app();
	struct path root = { .mnt = mnt, .dentry = mnt->mnt_root };

	if (!app)
		return 0;
	spherule_audit_path(app, "umount", &root);
	return -EPERM;
}

static int hook_move_mount(const struct path *from_path, const struct path *to_path)
{
	const struct spherule_cred *app = spherule_current_app();

	if (!app)
		return 0;
	spherule_audit_path(app, "move_mount", to_path);
	return -EPERM;
}

static int hook_sb_pivotroot(const struct path *old_path, const struct path *new_path)
{
	const struct spherule_cred *app = spherule_current_app();

	if (!app)
		return 0;
	spherule_audit_path(app, "pivot_root", new_path);
	return -EPERM;
}

static struct security_hook_list spherule_fs_hooks[] __lsm_ro_after_init = {
	LSM_HOOK_INIT(file_open, hook_file_open),
	LSM_HOOK_INIT(inode_getattr, hook_inode_getattr),
	LSM_HOOK_INIT(sb_mount, hook_sb_mount),
	LSM_HOOK_INIT(sb_umount, hook_sb_umount),
	LSM_HOOK_INIT(move_mount, hook_move_mount),
	LSM_HOOK_INIT(sb_pivotroot, hook_sb_pivotroot),
};

__init void spherule_add_fs_hooks(void)
{
	security_add_hooks(spherule_fs_hooks, ARRAY_SIZE(spherule_fs_hooks), SPHERULE_NAME);
}
