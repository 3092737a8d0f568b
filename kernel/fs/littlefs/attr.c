// SPDX-License-Identifier: GPL-2.0-only
/*
 * attr.c - an entry's owner, mode and timestamps, kept in one littlefs
 * custom attribute so that permission checks work across mounts while
 * upstream littlefs (which ignores attributes it does not know) still
 * reads the image. Entries without it (written by the host tools) get
 * root:root, 0644 for files and 0755 for directories, times at the epoch.
 */
#include <linux/fs.h>
#include <linux/uidgid.h>

#include "lfsvfs.h"

/* Attribute type of struct lfsvfs_disk_attr (docs/littlefs.md). */
#define LFSVFS_ATTR_TYPE 0x53

/**
 * struct lfsvfs_disk_attr - the attribute's value, little-endian
 * @uid: owner, in the initial user namespace
 * @gid: group, in the initial user namespace
 * @mode: permission bits (07777); the type comes from the entry
 * @reserved: 0
 * @mtime_sec: last modification, seconds since the epoch
 * @ctime_sec: last status change, seconds since the epoch
 * @mtime_nsec: nanoseconds of @mtime_sec
 * @ctime_nsec: nanoseconds of @ctime_sec
 */
struct lfsvfs_disk_attr {
	__le32 uid;
	__le32 gid;
	__le32 mode;
	__le32 reserved;
	__le64 mtime_sec;
	__le64 ctime_sec;
	__le32 mtime_nsec;
	__le32 ctime_nsec;
} __packed;

/**
 * lfsvfs_attr_load - set an inode's owner, mode and times from its entry
 * @s: the mount, locked
 * @path: the entry's path in the core
 * @inode: inode whose type bits (i_mode & S_IFMT) are already set
 *
 * Return: 0 (also with the defaults, when the entry has no attribute) or
 * a negative errno.
 */
int lfsvfs_attr_load(struct lfsvfs_sb *s, const char *path, struct inode *inode)
{
	struct lfsvfs_disk_attr a;
	lfs_ssize_t n = lfs_getattr(&s->lfs, path, LFSVFS_ATTR_TYPE, &a, sizeof(a));

	if (n == LFS_ERR_NODATA || (n >= 0 && n < sizeof(a))) {
		inode->i_mode |= S_ISDIR(inode->i_mode) ? 0755 : 0644;
		inode->i_uid = GLOBAL_ROOT_UID;
		inode->i_gid = GLOBAL_ROOT_GID;
		inode->i_mtime = inode->i_ctime = inode->i_atime = (struct timespec64){ 0 };
		return 0;
	}
	if (n < 0)
		return n;
	inode->i_mode |= le32_to_cpu(a.mode) & 07777;
	i_uid_write(inode, le32_to_cpu(a.uid));
	i_gid_write(inode, le32_to_cpu(a.gid));
	inode->i_mtime.tv_sec = le64_to_cpu(a.mtime_sec);
	inode->i_mtime.tv_nsec = le32_to_cpu(a.mtime_nsec);
	inode->i_ctime.tv_sec = le64_to_cpu(a.ctime_sec);
	inode->i_ctime.tv_nsec = le32_to_cpu(a.ctime_nsec);
	inode->i_atime = inode->i_mtime;
	return 0;
}

/**
 * lfsvfs_attr_store - write an inode's owner, mode and times to its entry
 * @s: the mount, locked
 * @path: the entry's path in the core
 * @inode: the inode
 *
 * One atomic commit. Return: 0 or a negative errno.
 */
int lfsvfs_attr_store(struct lfsvfs_sb *s, const char *path, struct inode *inode)
{
	struct lfsvfs_disk_attr a = {
		.uid = cpu_to_le32(i_uid_read(inode)),
		.gid = cpu_to_le32(i_gid_read(inode)),
		.mode = cpu_to_le32(inode->i_mode & 07777),
		.mtime_sec = cpu_to_le64(inode->i_mtime.tv_sec),
		.ctime_sec = cpu_to_le64(inode->i_ctime.tv_sec),
		.mtime_nsec = cpu_to_le32(inode->i_mtime.tv_nsec),
		.ctime_nsec = cpu_to_le32(inode->i_ctime.tv_nsec),
	};

	BUILD_BUG_ON(sizeof(a) != LFSVFS_ATTR_SIZE);
	return lfs_setattr(&s->lfs, path, LFSVFS_ATTR_TYPE, &a, sizeof(a));
}
