/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * lfsvfs.h - shared definitions of the littlefs filesystem (fs/littlefs/):
 * the per-mount state, the per-inode open handle, and the functions the
 * files of the module call in each other. The littlefs core itself (lfs/
 * of the Spherule tree) is copied into core/ at build time
 * (scripts/build-kernel.sh); docs/littlefs.md, "In the kernel", describes
 * the design. The core returns negative Linux errno values, passed on as
 * they are.
 */
#ifndef _FS_LITTLEFS_LFSVFS_H
#define _FS_LITTLEFS_LFSVFS_H

#include <linux/fs.h>
#include <linux/magic.h>
#include <linux/mtd/mtd.h>
#include <linux/mutex.h>

#include "core/lfs.h"

/* statfs f_type: "lfsv" (<linux/magic.h>, where the Spherule LSM finds it). */
#define LFSVFS_MAGIC LITTLEFS_SUPER_MAGIC

/* Geometry of the core over an MTD partition (docs/littlefs.md). */
#define LFSVFS_IO_SIZE 16u
#define LFSVFS_CACHE_SIZE 256u
#define LFSVFS_BLOCK_CYCLES 500

/**
 * struct lfsvfs_sb - one mounted littlefs (sb->s_fs_info)
 * @lock: serialises every call into the core (an lfs_t is single-threaded)
 *        and the path lookups that name the entries those calls act on
 * @mtd: the partition, held by the MTD superblock helpers
 * @cfg: the core's configuration: geometry and the MTD callbacks (bd.c)
 * @lfs: the core's state
 */
struct lfsvfs_sb {
	struct mutex lock;
	struct mtd_info *mtd;
	struct lfs_config cfg;
	lfs_t lfs;
};

/**
 * struct lfsvfs_fh - the one core file handle of a regular file's inode,
 * shared by every open struct file on it (inode->i_private), so that all
 * readers and writers see the same content; created at the first open,
 * closed (synced) at the last release. Protected by lfsvfs_sb.lock.
 * @file: the core's open file, opened read-write
 * @users: open struct files and transient users (truncate without an open
 *         file)
 * @attr_dirty: mtime/ctime changed by writes, not yet in the attribute
 * @cache: the file's cache buffer (LFSVFS_CACHE_SIZE bytes)
 */
struct lfsvfs_fh {
	lfs_file_t file;
	unsigned int users;
	bool attr_dirty;
	u8 cache[];
};

/**
 * struct lfsvfs_quota - the quota of a directory that has one (quota.c),
 *                       at its inode's i_private; protected by lfsvfs_sb.lock
 * @quota: bytes of flash the entries below it may take
 * @charged: the bytes they take now; -1 until counted (at the first use
 *           after the inode is made)
 */
struct lfsvfs_quota {
	u32 quota;
	s64 charged;
};

static inline struct lfsvfs_sb *LFSVFS_SB(struct super_block *sb)
{
	return sb->s_fs_info;
}

/* bd.c */
void lfsvfs_bd_config(struct lfs_config *cfg, struct mtd_info *mtd);
int lfsvfs_bd_blank(struct lfsvfs_sb *s, lfs_block_t block);

/* attr.c */
#define LFSVFS_ATTR_SIZE 40 /* bytes of the owner/mode/times attribute's value */
int lfsvfs_attr_load(struct lfsvfs_sb *s, const char *path, struct inode *inode);
int lfsvfs_attr_store(struct lfsvfs_sb *s, const char *path, struct inode *inode);

/* quota.c */
extern const struct xattr_handler *lfsvfs_xattr_handlers[];
int lfsvfs_quota_load(struct lfsvfs_sb *s, const char *path, struct inode *dir);
void lfsvfs_quota_free(struct inode *inode);
u64 lfsvfs_entry_charge(struct lfsvfs_sb *s, size_t name_len, bool dir, loff_t size);
s64 lfsvfs_data_charge(struct lfsvfs_sb *s, loff_t size);
int lfsvfs_quota_charge(struct lfsvfs_sb *s, struct dentry *below, s64 delta);
bool lfsvfs_quota_same_root(struct dentry *a, struct dentry *b);
bool lfsvfs_quota_depth_ok(struct dentry *parent);
int lfsvfs_quota_statfs(struct lfsvfs_sb *s, struct dentry *dentry, struct kstatfs *buf);

/* inode.c */
const char *lfsvfs_lock_path(struct lfsvfs_sb *s, struct dentry *dentry, char **buf);
void lfsvfs_unlock_path(struct lfsvfs_sb *s, char *buf);
struct inode *lfsvfs_iget(struct super_block *sb, const char *path, u8 type, lfs_size_t size);
struct inode *lfsvfs_new_inode(struct inode *dir, umode_t mode);
int lfsvfs_setattr(struct user_namespace *ns, struct dentry *dentry, struct iattr *iattr);
extern const struct inode_operations lfsvfs_file_iops;

/* dir.c */
extern const struct inode_operations lfsvfs_dir_iops;
extern const struct file_operations lfsvfs_dir_fops;

/* file.c */
extern const struct file_operations lfsvfs_file_fops;
extern const struct address_space_operations lfsvfs_aops;
int lfsvfs_fh_get(struct inode *inode, struct dentry *dentry);
void lfsvfs_fh_put(struct inode *inode, struct dentry *dentry);
int lfsvfs_truncate(struct inode *inode, struct dentry *dentry, loff_t size);

#endif
