// SPDX-License-Identifier: GPL-2.0-only
/*
 * Spherule LSM - filesystem hooks. An app task may open (file_open),
 * stat (inode_getattr), access() (inode_permission with MAY_ACCESS), read
 * extended attributes of (inode_getxattr, inode_listxattr) and read the
 * target of (inode_readlink) only:
 *  - files of its own image (the read-only mount recorded with its
 *    identity),
 *  - the character devices /dev/null, /dev/zero, /dev/full, /dev/random,
 *    /dev/urandom (wherever their node is), and the character device of a
 *    GPIO chip of which its policy grants a line (policy.h; which lines it
 *    may use is decided in gpio.c), and the secmon mailbox's if its policy
 *    has the SecurityMonitor flag (mailbox.c),
 *  - pipes, sockets and anonymous inodes (what it already holds open),
 *  - for reading only, /proc/<pid> entries of tasks of its own app
 *    (/proc/self included) but the lists of mounts (proc.c); no /proc file
 *    is opened for writing (/proc/self/mem would patch its own code behind
 *    the exec rule's back); other tasks' /proc/<pid> directories are closed
 *    to every path walk (inode_permission, proc.c),
 *  - the Spherule files in securityfs (interface.c; each file's own rule
 *    decides what it may do with it),
 *  - on littlefs, the entries of its own storage directory, and for
 *    reading only those of the device certificate if its policy has the
 *    DeviceAuthentication flag (storage.c).
 * Directories are exempt from the stat, access and attribute rules (not
 * from listing, which is an open), except other tasks' /proc/<pid> ones
 * and littlefs ones (the storage rule).
 * Everything else is EACCES: other apps' images whatever their modes, the
 * root filesystem, /proc files that are not a task's, other device nodes.
 * statfs (and ustat) only of its own image, its own storage directory,
 * pipes and sockets (sb_statfs: EACCES), so the size and file count of
 * another app's image stay unknown. Mounting, unmounting, moving mounts
 * and pivot_root are EPERM. Where an app may create, remove or rename
 * names: storage.c.
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
#include "interface.h"
#include "mailbox.h"
#include "policy.h"
#include "proc.h"
#include "setup.h"
#include "storage.h"

/* Minors of MEM_MAJOR that give nothing away: null, zero, full, random, urandom. */
static bool harmless_device(const struct inode *inode)
{
	if (MAJOR(inode->i_rdev) != MEM_MAJOR)
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

/* Pipes, sockets and anonymous inodes: what the task already holds. */
static bool held_object(const struct super_block *sb)
{
	switch (sb->s_magic) {
	case PIPEFS_MAGIC:
	case SOCKFS_MAGIC:
	case ANON_INODE_FS_MAGIC:
		return true;
	default:
		return false;
	}
}

/* The rule in the header comment for inode, used for writing or not. */
static bool may_access(const struct spherule_cred *app, const struct inode *inode, bool write)
{
	if (S_ISCHR(inode->i_mode))
		return harmless_device(inode) ||
		       spherule_policy_grants_gpio_chip(app->policy, inode->i_rdev) ||
		       spherule_mailbox_allows(app, inode->i_rdev);
	if (S_ISBLK(inode->i_mode))
		return false;
	switch (spherule_storage_reaches(app, inode)) {
	case SPHERULE_STORAGE_OWN:
		return true;
	case SPHERULE_STORAGE_READ_ONLY:
		return !write;
	case SPHERULE_STORAGE_CLOSED:
		return false;
	case SPHERULE_STORAGE_NOT_STORAGE:
		break;
	}
	if (inode->i_sb->s_dev == app->image_dev || held_object(inode->i_sb))
		return true;
	switch (inode->i_sb->s_magic) {
	case PROC_SUPER_MAGIC:
		return !write && spherule_proc_owner(app, inode) == SPHERULE_PROC_OWN;
	case SECURITYFS_MAGIC:
		return spherule_is_interface_inode(inode);
	default:
		return false;
	}
}

/* Directories the stat, access and attribute rules let through. */
static bool exempt_dir(const struct spherule_cred *app, const struct inode *inode)
{
	return S_ISDIR(inode->i_mode) &&
	       spherule_storage_reaches(app, inode) == SPHERULE_STORAGE_NOT_STORAGE;
}

/*
 * The stat rule for dentry (also getxattr and listxattr): true when app
 * may inspect it.
 */
static bool may_inspect(const struct spherule_cred *app, const struct dentry *dentry)
{
	const struct inode *inode = d_backing_inode(dentry);

	return spherule_proc_owner(app, inode) != SPHERULE_PROC_OTHER &&
	       (exempt_dir(app, inode) || may_access(app, inode, false));
}

static int hook_file_open(struct file *file)
{
	const struct spherule_cred *app = spherule_current_app();
	const struct inode *inode = file_inode(file);

	if (!app)
		return 0;
	if (may_access(app, inode, file->f_mode & FMODE_WRITE) &&
	    !(inode->i_sb->s_magic == PROC_SUPER_MAGIC &&
	      spherule_proc_lists_mounts(file->f_path.dentry)))
		return 0;
	spherule_audit_path(app, "open", &file->f_path);
	return -EACCES;
}

/*
 * The rule for one permission check outside littlefs: other tasks'
 * /proc/<pid> directories are closed; access() is the open rule.
 */
static bool may_permit(const struct spherule_cred *app, struct inode *inode, int mask,
		       enum spherule_proc_owner owner)
{
	return owner != SPHERULE_PROC_OTHER &&
	       (!(mask & MAY_ACCESS) || exempt_dir(app, inode) ||
		may_access(app, inode, mask & MAY_WRITE));
}

/*
 * Every path walk step and permission check: /proc by may_permit(), littlefs
 * by the storage rule (a truncate or utimes by path asks nothing else).
 */
static int hook_inode_permission(struct inode *inode, int mask)
{
	const struct spherule_cred *app;
	enum spherule_proc_owner owner;
	enum spherule_storage storage;
	struct dentry *dentry;

	/* Most calls: a step of a path walk outside /proc and littlefs, for anyone. */
	if (!(mask & MAY_ACCESS) && inode->i_sb->s_magic != PROC_SUPER_MAGIC &&
	    inode->i_sb->s_magic != LITTLEFS_SUPER_MAGIC)
		return 0;
	app = spherule_current_app();
	if (!app)
		return 0;
	owner = spherule_proc_owner(app, inode);
	storage = spherule_storage_permission(app, inode, mask);
	if (storage == SPHERULE_STORAGE_OWN ||
	    (storage == SPHERULE_STORAGE_NOT_STORAGE && may_permit(app, inode, mask, owner)))
		return 0;
	/*
	 * The audit line names the entry, which takes a dentry reference:
	 * an RCU path walk is asked to retry in ref-walk mode.
	 */
	if (mask & MAY_NOT_BLOCK)
		return -ECHILD;
	dentry = d_find_alias(inode);
	/*
	 * At most four components: /1, /1/task/1, a file of an image; on
	 * littlefs, named from the partition's root (the mount is not known).
	 */
	if (storage == SPHERULE_STORAGE_CLOSED)
		spherule_audit(app, "storage", "littlefs:%pd4", dentry);
	else
		spherule_audit(app, owner == SPHERULE_PROC_OTHER ? "proc" : "access", "%pd4",
			       dentry);
	dput(dentry);
	return -EACCES;
}

static int hook_inode_getattr(const struct path *path)
{
	const struct spherule_cred *app = spherule_current_app();

	if (!app || may_inspect(app, path->dentry))
		return 0;
	spherule_audit_path(app, "stat", path);
	return -EACCES;
}

/* getxattr and listxattr: the stat rule. */
static int check_xattr(struct dentry *dentry, const char *op)
{
	const struct spherule_cred *app = spherule_current_app();

	if (!app || may_inspect(app, dentry))
		return 0;
	spherule_audit(app, op, "%pd4", dentry);
	return -EACCES;
}

static int hook_inode_getxattr(struct dentry *dentry, const char *name)
{
	return check_xattr(dentry, "getxattr");
}

static int hook_inode_listxattr(struct dentry *dentry)
{
	return check_xattr(dentry, "listxattr");
}

/* Symlinks of procfs (self, thread-self, a task's exe, cwd, ...): the path walk rule. */
static int hook_inode_readlink(struct dentry *dentry)
{
	const struct spherule_cred *app = spherule_current_app();
	const struct inode *inode = d_backing_inode(dentry);

	if (!app || inode->i_sb->s_magic == PROC_SUPER_MAGIC || may_access(app, inode, false))
		return 0;
	spherule_audit(app, "readlink", "%pd4", dentry);
	return -EACCES;
}

static int hook_sb_statfs(struct dentry *dentry)
{
	const struct spherule_cred *app = spherule_current_app();
	const struct super_block *sb = dentry->d_sb;

	if (!app || sb->s_dev == app->image_dev || held_object(sb) ||
	    spherule_storage_reaches(app, d_backing_inode(dentry)) == SPHERULE_STORAGE_OWN)
		return 0;
	spherule_audit(app, "statfs", "of %s", sb->s_type->name);
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
	LSM_HOOK_INIT(inode_permission, hook_inode_permission),
	LSM_HOOK_INIT(inode_getattr, hook_inode_getattr),
	LSM_HOOK_INIT(inode_getxattr, hook_inode_getxattr),
	LSM_HOOK_INIT(inode_listxattr, hook_inode_listxattr),
	LSM_HOOK_INIT(inode_readlink, hook_inode_readlink),
	LSM_HOOK_INIT(sb_statfs, hook_sb_statfs),
	LSM_HOOK_INIT(sb_mount, hook_sb_mount),
	LSM_HOOK_INIT(sb_umount, hook_sb_umount),
	LSM_HOOK_INIT(move_mount, hook_move_mount),
	LSM_HOOK_INIT(sb_pivotroot, hook_sb_pivotroot),
};

__init void spherule_add_fs_hooks(void)
{
	security_add_hooks(spherule_fs_hooks, ARRAY_SIZE(spherule_fs_hooks), SPHERULE_NAME);
}
