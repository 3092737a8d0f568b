// SPDX-License-Identifier: GPL-2.0-only
/*
 * inode.c - inodes of the littlefs filesystem: made from a core entry and
 * its attribute, the core path of a dentry, and setattr (chmod, chown,
 * utimes, truncate) written back as the attribute. littlefs has no inode
 * numbers: each inode gets a fresh one (get_next_ino) while it is cached.
 */
#include <linux/fs.h>
#include <linux/namei.h>

#include "lfsvfs.h"

/**
 * lfsvfs_lock_path - lock the mount and name a dentry's entry in the core
 * @s: the mount
 * @dentry: the dentry
 * @buf: set to a PATH_MAX buffer (__getname) holding the path, for
 *       lfsvfs_unlock_path
 *
 * The mount's lock is also held by renames until their d_move
 * (FS_RENAME_DOES_D_MOVE), so the path names what the core holds for as
 * long as the lock is held.
 * Return: the path ("/a/b") with the mount locked, or an ERR_PTR with
 * nothing held.
 */
const char *lfsvfs_lock_path(struct lfsvfs_sb *s, struct dentry *dentry, char **buf)
{
	const char *path;

	*buf = __getname();
	if (!*buf)
		return ERR_PTR(-ENOMEM);
	mutex_lock(&s->lock);
	path = dentry_path_raw(dentry, *buf, PATH_MAX);
	if (IS_ERR(path))
		lfsvfs_unlock_path(s, *buf);
	return path;
}

/**
 * lfsvfs_unlock_path - undo lfsvfs_lock_path
 * @s: the mount, locked
 * @buf: the path buffer
 */
void lfsvfs_unlock_path(struct lfsvfs_sb *s, char *buf)
{
	mutex_unlock(&s->lock);
	__putname(buf);
}

static void lfsvfs_set_ops(struct inode *inode)
{
	if (S_ISDIR(inode->i_mode)) {
		inode->i_op = &lfsvfs_dir_iops;
		inode->i_fop = &lfsvfs_dir_fops;
	} else {
		inode->i_op = &lfsvfs_file_iops;
		inode->i_fop = &lfsvfs_file_fops;
		inode->i_mapping->a_ops = &lfsvfs_aops;
	}
	/*
	 * Directories too: the count of subdirectories is not kept, and 1
	 * tells find(1) and others not to rely on it.
	 */
	set_nlink(inode, 1);
}

/**
 * lfsvfs_iget - a new inode for an existing entry
 * @sb: the superblock; its mount locked
 * @path: the entry's core path
 * @type: LFS_TYPE_REG or LFS_TYPE_DIR, as lfs_stat found it
 * @size: a file's size, as lfs_stat found it
 *
 * Return: the inode or an ERR_PTR.
 */
struct inode *lfsvfs_iget(struct super_block *sb, const char *path, u8 type, lfs_size_t size)
{
	struct inode *inode = new_inode(sb);
	int err;

	if (!inode)
		return ERR_PTR(-ENOMEM);
	inode->i_ino = get_next_ino();
	inode->i_mode = type == LFS_TYPE_DIR ? S_IFDIR : S_IFREG;
	err = lfsvfs_attr_load(LFSVFS_SB(sb), path, inode);
	if (!err && type == LFS_TYPE_DIR)
		err = lfsvfs_quota_load(LFSVFS_SB(sb), path, inode);
	if (err) {
		iput(inode);
		return ERR_PTR(err);
	}
	lfsvfs_set_ops(inode);
	if (S_ISREG(inode->i_mode)) {
		inode->i_size = size;
		inode->i_blocks = DIV_ROUND_UP(size, 512);
	}
	return inode;
}

/**
 * lfsvfs_new_inode - an inode for an entry about to be created in @dir
 * @dir: the parent directory
 * @mode: type and permissions
 *
 * Owner from the caller (inode_init_owner), times now.
 * Return: the inode or an ERR_PTR.
 */
struct inode *lfsvfs_new_inode(struct inode *dir, umode_t mode)
{
	struct inode *inode = new_inode(dir->i_sb);

	if (!inode)
		return ERR_PTR(-ENOMEM);
	inode->i_ino = get_next_ino();
	inode_init_owner(&init_user_ns, inode, dir, mode);
	inode->i_mtime = inode->i_ctime = inode->i_atime = current_time(inode);
	lfsvfs_set_ops(inode);
	return inode;
}

/**
 * lfsvfs_setattr - chmod, chown, utimes and truncate
 * @ns: the mount's user namespace
 * @dentry: the entry
 * @iattr: what changes
 *
 * A size change goes through the file's core handle (file.c); everything
 * else is written as the entry's attribute in one commit.
 * Return: 0 or a negative errno.
 */
int lfsvfs_setattr(struct user_namespace *ns, struct dentry *dentry, struct iattr *iattr)
{
	struct inode *inode = d_inode(dentry);
	struct lfsvfs_sb *s = LFSVFS_SB(inode->i_sb);
	const char *path;
	char *buf;
	int err = setattr_prepare(ns, dentry, iattr);

	if (err)
		return err;
	if ((iattr->ia_valid & ATTR_SIZE) && iattr->ia_size != i_size_read(inode)) {
		err = lfsvfs_truncate(inode, dentry, iattr->ia_size);
		if (err)
			return err;
	}
	setattr_copy(ns, inode, iattr);
	/* An unlinked entry's old path may name another entry by now. */
	if (!inode->i_nlink)
		return 0;
	path = lfsvfs_lock_path(s, dentry, &buf);
	if (IS_ERR(path))
		return PTR_ERR(path);
	err = lfsvfs_attr_store(s, path, inode);
	/* A file's open handle; a directory's i_private is its quota. */
	if (!err && S_ISREG(inode->i_mode) && inode->i_private)
		((struct lfsvfs_fh *)inode->i_private)->attr_dirty = false;
	lfsvfs_unlock_path(s, buf);
	return err;
}

const struct inode_operations lfsvfs_file_iops = {
	.setattr = lfsvfs_setattr,
};
