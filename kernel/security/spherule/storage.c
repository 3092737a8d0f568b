// SPDX-License-Identifier: GPL-2.0-only
/*
 * Spherule LSM - app storage. The only place an app keeps files is its
 * storage directory on the littlefs data partition, which appmgr makes
 * for an app whose manifest asks for MutableStorage, owned by the app's
 * uid (docs/security-model.md, "Storage"). On a littlefs filesystem an
 * app task reaches (opens, stats, lists, statfs) only entries owned by its
 * own uid, and only when its policy has %SPHERULE_POLICY_STORAGE: another
 * app's files stay closed whatever their modes (walking into its directory
 * too), and the partition's root and the directory of storage directories
 * are closed but for walking through them. An app creates, removes,
 * renames and links names only in a directory that rule lets it reach
 * (EACCES everywhere else, on every filesystem), so an app without
 * storage changes no name anywhere. What each app may write is bounded by
 * its directory's quota, which the filesystem keeps (fs/littlefs/quota.c).
 * The one exception is the device certificate (docs/security-model.md,
 * "Device certificate"): the entries owned by %SPHERULE_DEVICE_AUTH_UID,
 * which appmgr writes, an app task whose policy has
 * %SPHERULE_POLICY_DEVICE_AUTH reaches for reading only; it changes no name
 * there either.
 */

#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/lsm_hooks.h>
#include <linux/magic.h>

#include "audit.h"
#include "cred.h"
#include "policy.h"
#include "setup.h"
#include "storage.h"

/**
 * spherule_storage_reaches - the storage rule for one inode
 * @app: the app task's identity
 * @inode: an inode
 *
 * Return: %SPHERULE_STORAGE_NOT_STORAGE when @inode is not on a littlefs
 * filesystem (the other rules decide), %SPHERULE_STORAGE_OWN when it is
 * and @app may reach it, %SPHERULE_STORAGE_READ_ONLY when it is one of the
 * device certificate's and @app may read it, %SPHERULE_STORAGE_CLOSED when
 * it is and @app may not.
 */
enum spherule_storage spherule_storage_reaches(const struct spherule_cred *app,
					       const struct inode *inode)
{
	const struct spherule_policy *policy = app->policy;

	if (inode->i_sb->s_magic != LITTLEFS_SUPER_MAGIC)
		return SPHERULE_STORAGE_NOT_STORAGE;
	if (!policy)
		return SPHERULE_STORAGE_CLOSED;
	if ((policy->flags & SPHERULE_POLICY_STORAGE) && uid_eq(inode->i_uid, current_fsuid()))
		return SPHERULE_STORAGE_OWN;
	if ((policy->flags & SPHERULE_POLICY_DEVICE_AUTH) &&
	    uid_eq(inode->i_uid, KUIDT_INIT(SPHERULE_DEVICE_AUTH_UID)))
		return SPHERULE_STORAGE_READ_ONLY;
	return SPHERULE_STORAGE_CLOSED;
}

/**
 * spherule_storage_permission - the storage rule for a permission check
 * @app: the app task's identity
 * @inode: an inode
 * @mask: the MAY_* bits asked
 *
 * spherule_storage_reaches(), but walking through a directory of root (the
 * partition's root, the directory of storage directories: search
 * permission alone, no chdir) is let through, so an app reaches its own
 * directory by its path. Walking into another app's directory is closed:
 * not even whether a name exists there shows. An entry @app may read only
 * is let through unless @mask asks for writing.
 *
 * Return: %SPHERULE_STORAGE_NOT_STORAGE, %SPHERULE_STORAGE_OWN (let
 * through) or %SPHERULE_STORAGE_CLOSED.
 */
enum spherule_storage spherule_storage_permission(const struct spherule_cred *app,
						  const struct inode *inode, int mask)
{
	enum spherule_storage storage = spherule_storage_reaches(app, inode);

	if (storage == SPHERULE_STORAGE_READ_ONLY)
		return mask & (MAY_WRITE | MAY_APPEND) ? SPHERULE_STORAGE_CLOSED :
							 SPHERULE_STORAGE_OWN;

	if (storage == SPHERULE_STORAGE_CLOSED && S_ISDIR(inode->i_mode) &&
	    (mask & ~MAY_NOT_BLOCK) == MAY_EXEC && uid_eq(inode->i_uid, GLOBAL_ROOT_UID))
		return SPHERULE_STORAGE_OWN;
	return storage;
}

/*
 * Whether an app task may change names in dir, each of the entries it
 * names (NULL or negative: a name to be made) being reachable too.
 */
static bool may_change_names(const struct spherule_cred *app, const struct inode *dir,
			     const struct dentry *a, const struct dentry *b)
{
	if (spherule_storage_reaches(app, dir) != SPHERULE_STORAGE_OWN)
		return false;
	if (a && d_really_is_positive(a) &&
	    spherule_storage_reaches(app, d_backing_inode(a)) != SPHERULE_STORAGE_OWN)
		return false;
	return !b || d_really_is_negative(b) ||
	       spherule_storage_reaches(app, d_backing_inode(b)) == SPHERULE_STORAGE_OWN;
}

/* The rule for an operation on one directory: 0 or EACCES, audited. */
static int check_names(const char *op, const struct inode *dir, const struct dentry *dentry,
		       const struct dentry *other)
{
	const struct spherule_cred *app = spherule_current_app();

	if (!app || may_change_names(app, dir, dentry, other))
		return 0;
	spherule_audit(app, op, "%pd4", dentry);
	return -EACCES;
}

static int hook_inode_create(struct inode *dir, struct dentry *dentry, umode_t mode)
{
	return check_names("create", dir, dentry, NULL);
}

static int hook_inode_mkdir(struct inode *dir, struct dentry *dentry, umode_t mode)
{
	return check_names("mkdir", dir, dentry, NULL);
}

static int hook_inode_mknod(struct inode *dir, struct dentry *dentry, umode_t mode, dev_t dev)
{
	return check_names("mknod", dir, dentry, NULL);
}

static int hook_inode_symlink(struct inode *dir, struct dentry *dentry, const char *old_name)
{
	return check_names("symlink", dir, dentry, NULL);
}

static int hook_inode_unlink(struct inode *dir, struct dentry *dentry)
{
	return check_names("unlink", dir, dentry, NULL);
}

static int hook_inode_rmdir(struct inode *dir, struct dentry *dentry)
{
	return check_names("rmdir", dir, dentry, NULL);
}

/* The linked inode too: no name for another app's file in one's own directory. */
static int hook_inode_link(struct dentry *old_dentry, struct inode *dir, struct dentry *new_dentry)
{
	return check_names("link", dir, new_dentry, old_dentry);
}

/* Both directories; the entry moved and the one it replaces. */
static int hook_inode_rename(struct inode *old_dir, struct dentry *old_dentry,
			     struct inode *new_dir, struct dentry *new_dentry)
{
	int err = check_names("rename", old_dir, old_dentry, NULL);

	return err ? err : check_names("rename", new_dir, new_dentry, old_dentry);
}

static struct security_hook_list spherule_storage_hooks[] __lsm_ro_after_init = {
	LSM_HOOK_INIT(inode_create, hook_inode_create),
	LSM_HOOK_INIT(inode_mkdir, hook_inode_mkdir),
	LSM_HOOK_INIT(inode_mknod, hook_inode_mknod),
	LSM_HOOK_INIT(inode_symlink, hook_inode_symlink),
	LSM_HOOK_INIT(inode_unlink, hook_inode_unlink),
	LSM_HOOK_INIT(inode_rmdir, hook_inode_rmdir),
	LSM_HOOK_INIT(inode_link, hook_inode_link),
	LSM_HOOK_INIT(inode_rename, hook_inode_rename),
};

__init void spherule_add_storage_hooks(void)
{
	security_add_hooks(spherule_storage_hooks, ARRAY_SIZE(spherule_storage_hooks),
			   SPHERULE_NAME);
}
