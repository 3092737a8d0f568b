// SPDX-License-Identifier: GPL-2.0-only
/*
 * quota.c - directory quotas in bytes of flash, the way Spherule gives each
 * app a bounded storage directory (docs/littlefs.md, "Quotas").
 *
 * A directory whose littlefs attribute 0x54 holds a quota (set by root
 * through the extended attribute trusted.littlefs.quota) is a quota root:
 * every entry below it is charged what it occupies on flash once its
 * metadata pair is compacted, lfsvfs_entry_charge(). A change that would
 * take the charge past the quota fails with EDQUOT before anything is
 * written. The charge lives in the root's inode only: it is counted from
 * the entries on flash at the first change after the inode is made, then
 * kept up to date by every change below it (struct lfsvfs_quota, at the
 * directory inode's i_private: nothing for other inodes). Quota roots do
 * not nest.
 * trusted.littlefs.used reads the charge; statfs below a quota root
 * reports the quota and what is left of it, in bytes.
 */
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/statfs.h>
#include <linux/xattr.h>

#include "lfsvfs.h"

/* Attribute type of the quota, le32 bytes (docs/littlefs.md). */
#define LFSVFS_QUOTA_ATTR 0x54

/* Directory levels below a quota root; a mkdir deeper fails EMLINK. */
#define LFSVFS_QUOTA_DEPTH 8

/* Bytes of one metadata tag (SPEC). */
#define LFSVFS_TAG_SIZE 4

/* Bytes of a CTZ struct or a directory's pair (SPEC). */
#define LFSVFS_STRUCT_SIZE 8

/**
 * lfsvfs_data_charge - what a file's data occupies
 * @s: the mount
 * @size: the file's size
 *
 * Inline data is stored in its entry's struct tag; a larger file holds
 * whole blocks and an 8-byte CTZ struct instead.
 * Return: bytes.
 */
s64 lfsvfs_data_charge(struct lfsvfs_sb *s, loff_t size)
{
	lfs_size_t blocks = lfs_file_blocks(&s->lfs, size);

	if (!blocks)
		return size;
	return LFSVFS_STRUCT_SIZE + (s64)blocks * s->cfg.block_size;
}

/**
 * lfsvfs_entry_charge - what one entry occupies on flash
 * @s: the mount
 * @name_len: bytes of its name
 * @dir: a directory (empty: its entries are charged on their own)
 * @size: a file's size
 *
 * Its name tag and name, its owner/mode/times attribute, its struct tag
 * with the file's data (lfsvfs_data_charge) or a directory's own metadata
 * pair: two whole blocks.
 * Return: bytes.
 */
u64 lfsvfs_entry_charge(struct lfsvfs_sb *s, size_t name_len, bool dir, loff_t size)
{
	u64 bytes = 3 * LFSVFS_TAG_SIZE + name_len + LFSVFS_ATTR_SIZE;

	if (dir)
		return bytes + LFSVFS_STRUCT_SIZE + 2ull * s->cfg.block_size;
	return bytes + lfsvfs_data_charge(s, size);
}

/* A directory's quota, or NULL when it has none. */
static struct lfsvfs_quota *lfsvfs_quota_of(struct inode *inode)
{
	return S_ISDIR(inode->i_mode) ? inode->i_private : NULL;
}

/* Give dir a quota of bytes (counted at first use), or take it away (0). */
static int lfsvfs_quota_set_mem(struct inode *dir, u32 bytes)
{
	struct lfsvfs_quota *q = lfsvfs_quota_of(dir);

	if (!bytes) {
		lfsvfs_quota_free(dir);
		return 0;
	}
	if (!q) {
		q = kmalloc(sizeof(*q), GFP_KERNEL);
		if (!q)
			return -ENOMEM;
		dir->i_private = q;
	}
	q->quota = bytes;
	q->charged = -1;
	return 0;
}

/**
 * lfsvfs_quota_load - read a directory's quota when its inode is made
 * @s: the mount, locked
 * @path: the directory's core path
 * @dir: its new inode
 *
 * Return: 0 or a negative errno.
 */
int lfsvfs_quota_load(struct lfsvfs_sb *s, const char *path, struct inode *dir)
{
	__le32 quota;
	lfs_ssize_t n = lfs_getattr(&s->lfs, path, LFSVFS_QUOTA_ATTR, &quota, sizeof(quota));

	if (n == LFS_ERR_NODATA)
		return 0;
	if (n < 0)
		return n;
	return lfsvfs_quota_set_mem(dir, n == sizeof(quota) ? le32_to_cpu(quota) : 0);
}

/**
 * lfsvfs_quota_free - free a directory's quota with its inode
 * @inode: an inode of the mount, no longer used, or a directory whose
 *         quota is taken away (the mount locked)
 */
void lfsvfs_quota_free(struct inode *inode)
{
	kfree(lfsvfs_quota_of(inode));
	if (S_ISDIR(inode->i_mode))
		inode->i_private = NULL;
}

/*
 * The quota root at or above dentry, or NULL. The mount's lock keeps
 * d_parent still (renames take it until their d_move).
 */
static struct dentry *lfsvfs_quota_root(struct dentry *dentry)
{
	for (;; dentry = dentry->d_parent) {
		if (d_really_is_positive(dentry) && lfsvfs_quota_of(d_inode(dentry)))
			return dentry;
		if (IS_ROOT(dentry))
			return NULL;
	}
}

/**
 * struct lfsvfs_count - the walk that counts a quota root's charge
 * @dirs: the open directory at each level, the root's at 0
 * @info: the entry read last
 * @path: the path of the deepest open directory (a PATH_MAX buffer)
 * @len: its length
 */
struct lfsvfs_count {
	lfs_dir_t dirs[LFSVFS_QUOTA_DEPTH + 1];
	struct lfs_info info;
	char *path;
	size_t len;
};

/* Open c->path + "/" + name as the directory of level. */
static int lfsvfs_count_enter(struct lfsvfs_sb *s, struct lfsvfs_count *c, int level,
			      const char *name)
{
	size_t n = strlen(name);
	int err;

	if (level > LFSVFS_QUOTA_DEPTH)
		return -EMLINK;
	if (c->len + 1 + n >= PATH_MAX)
		return -ENAMETOOLONG;
	c->path[c->len] = '/';
	memcpy(c->path + c->len + 1, name, n + 1);
	err = lfs_dir_open(&s->lfs, &c->dirs[level], c->path);
	if (err)
		c->path[c->len] = '\0';
	else
		c->len += 1 + n;
	return err;
}

/* Close the directory of level and take its name off c->path. */
static void lfsvfs_count_leave(struct lfsvfs_sb *s, struct lfsvfs_count *c, int level)
{
	lfs_dir_close(&s->lfs, &c->dirs[level]);
	c->len = strrchr(c->path, '/') - c->path;
	c->path[c->len] = '\0';
}

/* Count what is below the directory at root_path into *charged. */
static int lfsvfs_count(struct lfsvfs_sb *s, const char *root_path, s64 *charged)
{
	struct lfsvfs_count *c = kmalloc(sizeof(*c), GFP_KERNEL);
	int level = 0, err;

	if (!c)
		return -ENOMEM;
	c->path = __getname();
	if (!c->path) {
		kfree(c);
		return -ENOMEM;
	}
	c->len = strscpy(c->path, root_path, PATH_MAX);
	err = lfs_dir_open(&s->lfs, &c->dirs[0], c->path);
	*charged = 0;
	if (err)
		level = -1;
	while (level >= 0) {
		err = lfs_dir_read(&s->lfs, &c->dirs[level], &c->info);
		if (err <= 0) {
			/* The end of this directory (up one level), or an error. */
			lfsvfs_count_leave(s, c, level--);
			if (err)
				break;
			continue;
		}
		err = 0;
		if (!strcmp(c->info.name, ".") || !strcmp(c->info.name, ".."))
			continue;
		*charged += lfsvfs_entry_charge(s, strlen(c->info.name),
						c->info.type == LFS_TYPE_DIR, c->info.size);
		if (c->info.type == LFS_TYPE_DIR) {
			err = lfsvfs_count_enter(s, c, level + 1, c->info.name);
			if (err)
				break;
			level++;
		}
	}
	for (; level >= 0; level--)
		lfs_dir_close(&s->lfs, &c->dirs[level]);
	__putname(c->path);
	kfree(c);
	return err;
}

/* The root's charge, counted first when not known yet. */
static int lfsvfs_quota_charged(struct lfsvfs_sb *s, struct dentry *root, s64 *charged)
{
	struct lfsvfs_quota *q = lfsvfs_quota_of(d_inode(root));
	char *buf;
	const char *path;
	int err = 0;

	if (q->charged < 0) {
		buf = __getname();
		if (!buf)
			return -ENOMEM;
		path = dentry_path_raw(root, buf, PATH_MAX);
		err = IS_ERR(path) ? PTR_ERR(path) : lfsvfs_count(s, path, &q->charged);
		if (err) {
			q->charged = -1;
			pr_warn("littlefs: %s: counting what %pd4 holds failed (%d)\n",
				s->mtd->name, root, err);
		}
		__putname(buf);
	}
	*charged = q->charged;
	return err;
}

/**
 * lfsvfs_quota_charge - charge a change below a quota root, or refuse it
 * @s: the mount, locked
 * @below: a dentry in the tree the change is in (the changed file, or the
 *         directory an entry is made in or removed from)
 * @delta: bytes the change adds (negative: frees)
 *
 * Call before the change for a positive @delta, and charge the opposite
 * if the change then fails; after it for a negative one.
 * Return: 0, -EDQUOT when the change would take the root past its quota,
 * or the error of counting the root's charge.
 */
int lfsvfs_quota_charge(struct lfsvfs_sb *s, struct dentry *below, s64 delta)
{
	struct dentry *root = lfsvfs_quota_root(below);
	struct lfsvfs_quota *q;
	s64 charged;
	int err;

	if (!root || !delta)
		return 0;
	q = lfsvfs_quota_of(d_inode(root));
	err = lfsvfs_quota_charged(s, root, &charged);
	if (err)
		return delta > 0 ? err : 0;
	if (delta > 0 && charged + delta > q->quota)
		return -EDQUOT;
	q->charged = max_t(s64, charged + delta, 0);
	return 0;
}

/**
 * lfsvfs_quota_same_root - whether two dentries are below the same quota
 * root (or both below none)
 * @a: a dentry
 * @b: another dentry of the same mount
 *
 * Return: true or false; the mount must be locked.
 */
bool lfsvfs_quota_same_root(struct dentry *a, struct dentry *b)
{
	return lfsvfs_quota_root(a) == lfsvfs_quota_root(b);
}

/**
 * lfsvfs_quota_depth_ok - whether a directory made in @parent stays within
 * LFSVFS_QUOTA_DEPTH levels of its quota root
 * @parent: where the directory is made
 *
 * Return: true when it may be made; the mount must be locked.
 */
bool lfsvfs_quota_depth_ok(struct dentry *parent)
{
	struct dentry *root = lfsvfs_quota_root(parent);
	int depth = 1;

	for (; root && parent != root; parent = parent->d_parent)
		depth++;
	return !root || depth <= LFSVFS_QUOTA_DEPTH;
}

/**
 * lfsvfs_quota_statfs - statfs below a quota root: the quota in bytes
 * @s: the mount
 * @dentry: where statfs was asked
 * @buf: filled with the quota (f_blocks) and what is left (f_bfree,
 *       f_bavail), 1-byte units, when there is a quota root
 *
 * Return: 1 when filled, 0 when @dentry is below no quota root, or a
 * negative errno.
 */
int lfsvfs_quota_statfs(struct lfsvfs_sb *s, struct dentry *dentry, struct kstatfs *buf)
{
	struct dentry *root;
	s64 charged = 0;
	int err = 0;

	mutex_lock(&s->lock);
	root = lfsvfs_quota_root(dentry);
	if (root)
		err = lfsvfs_quota_charged(s, root, &charged);
	if (root && !err) {
		buf->f_bsize = buf->f_frsize = 1;
		buf->f_blocks = lfsvfs_quota_of(d_inode(root))->quota;
		buf->f_bfree = buf->f_bavail = buf->f_blocks - min_t(u64, charged, buf->f_blocks);
	}
	mutex_unlock(&s->lock);
	return err ? err : !!root;
}

/* Set (a positive decimal number of bytes) or remove ("0") a directory's quota. */
static int lfsvfs_quota_set(struct lfsvfs_sb *s, struct dentry *dentry, const void *value,
			    size_t size)
{
	struct inode *inode = d_inode(dentry);
	char text[12], *buf;
	const char *path;
	__le32 quota;
	u32 bytes;
	int err;

	if (!value || !size || size >= sizeof(text))
		return -EINVAL;
	memcpy(text, value, size);
	text[size] = '\0';
	err = kstrtou32(strim(text), 10, &bytes);
	if (err)
		return err;
	if (!S_ISDIR(inode->i_mode))
		return -ENOTDIR;
	path = lfsvfs_lock_path(s, dentry, &buf);
	if (IS_ERR(path))
		return PTR_ERR(path);
	/* Quota roots do not nest: none above this one. */
	if (!IS_ROOT(dentry) && lfsvfs_quota_root(dentry->d_parent)) {
		err = -EINVAL;
	} else if (bytes) {
		quota = cpu_to_le32(bytes);
		err = lfs_setattr(&s->lfs, path, LFSVFS_QUOTA_ATTR, &quota, sizeof(quota));
	} else {
		err = lfs_removeattr(&s->lfs, path, LFSVFS_QUOTA_ATTR);
		if (err == LFS_ERR_NODATA)
			err = 0;
	}
	if (!err)
		err = lfsvfs_quota_set_mem(inode, bytes);
	lfsvfs_unlock_path(s, buf);
	return err;
}

static int lfsvfs_xattr_get(const struct xattr_handler *handler, struct dentry *dentry,
			    struct inode *inode, const char *name, void *buffer, size_t size)
{
	struct lfsvfs_sb *s = LFSVFS_SB(inode->i_sb);
	struct lfsvfs_quota *q;
	char text[24];
	s64 value = 0;
	int err = 0, n;

	if (strcmp(name, "littlefs.quota") && strcmp(name, "littlefs.used"))
		return -EOPNOTSUPP;
	mutex_lock(&s->lock);
	q = lfsvfs_quota_of(inode);
	if (!q)
		err = -ENODATA;
	else if (!strcmp(name, "littlefs.quota"))
		value = q->quota;
	else
		err = lfsvfs_quota_charged(s, dentry, &value);
	mutex_unlock(&s->lock);
	if (err)
		return err;
	n = scnprintf(text, sizeof(text), "%lld", value);
	if (!size)
		return n;
	if (size < n)
		return -ERANGE;
	memcpy(buffer, text, n);
	return n;
}

static int lfsvfs_xattr_set(const struct xattr_handler *handler, struct user_namespace *ns,
			    struct dentry *dentry, struct inode *inode, const char *name,
			    const void *value, size_t size, int flags)
{
	if (!strcmp(name, "littlefs.used"))
		return -EPERM;
	if (strcmp(name, "littlefs.quota"))
		return -EOPNOTSUPP;
	return lfsvfs_quota_set(LFSVFS_SB(inode->i_sb), dentry, value, size);
}

/* trusted.littlefs.quota and trusted.littlefs.used; the VFS asks for CAP_SYS_ADMIN. */
static const struct xattr_handler lfsvfs_trusted_xattr_handler = {
	.prefix = XATTR_TRUSTED_PREFIX,
	.get = lfsvfs_xattr_get,
	.set = lfsvfs_xattr_set,
};

const struct xattr_handler *lfsvfs_xattr_handlers[] = {
	&lfsvfs_trusted_xattr_handler,
	NULL,
};
