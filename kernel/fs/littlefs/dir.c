// SPDX-License-Identifier: GPL-2.0-only
/*
 * dir.c - directories of the littlefs filesystem: lookup, create, mkdir,
 * unlink, rmdir, rename (replacing an existing target) and readdir, each a
 * call into the core by path under the mount's lock.
 */
#include <linux/fs.h>
#include <linux/namei.h>
#include <linux/slab.h>

#include "lfsvfs.h"

static struct dentry *lfsvfs_lookup(struct inode *dir, struct dentry *dentry, unsigned int flags)
{
	struct lfsvfs_sb *s = LFSVFS_SB(dir->i_sb);
	struct inode *inode = NULL;
	struct lfs_info *info;
	const char *path;
	char *buf;
	int err;

	if (dentry->d_name.len > s->lfs.name_max)
		return ERR_PTR(-ENAMETOOLONG);
	info = kmalloc(sizeof(*info), GFP_KERNEL);
	if (!info)
		return ERR_PTR(-ENOMEM);
	path = lfsvfs_lock_path(s, dentry, &buf);
	if (IS_ERR(path)) {
		kfree(info);
		return ERR_CAST(path);
	}
	err = lfs_stat(&s->lfs, path, info);
	if (!err)
		inode = lfsvfs_iget(dir->i_sb, path, info->type, info->size);
	else if (err != LFS_ERR_NOENT)
		inode = ERR_PTR(err);
	lfsvfs_unlock_path(s, buf);
	kfree(info);
	return d_splice_alias(inode, dentry);
}

/* Create an empty file in the core (an open with O_CREAT|O_EXCL, closed). */
static int lfsvfs_create_file(struct lfsvfs_sb *s, const char *path)
{
	struct lfsvfs_fh *fh = kmalloc(struct_size(fh, cache, s->cfg.cache_size), GFP_KERNEL);
	int err;

	if (!fh)
		return -ENOMEM;
	err = lfs_file_opencfg(&s->lfs, &fh->file, path,
			       LFS_O_WRONLY | LFS_O_CREAT | LFS_O_EXCL, fh->cache);
	if (!err)
		err = lfs_file_close(&s->lfs, &fh->file);
	kfree(fh);
	return err;
}

/*
 * A new file or directory, charged to its quota root first, then its
 * attribute (owner, mode, times): two commits; a power cut between them
 * leaves the entry with the defaults.
 */
static int lfsvfs_make(struct inode *dir, struct dentry *dentry, umode_t mode)
{
	struct lfsvfs_sb *s = LFSVFS_SB(dir->i_sb);
	struct inode *inode = lfsvfs_new_inode(dir, mode);
	s64 charge = lfsvfs_entry_charge(s, dentry->d_name.len, S_ISDIR(mode), 0);
	const char *path;
	char *buf;
	int err;

	if (IS_ERR(inode))
		return PTR_ERR(inode);
	path = lfsvfs_lock_path(s, dentry, &buf);
	if (IS_ERR(path)) {
		iput(inode);
		return PTR_ERR(path);
	}
	if (S_ISDIR(mode) && !lfsvfs_quota_depth_ok(dentry->d_parent))
		err = -EMLINK;
	else
		err = lfsvfs_quota_charge(s, dentry->d_parent, charge);
	if (!err) {
		err = S_ISDIR(mode) ? lfs_mkdir(&s->lfs, path) : lfsvfs_create_file(s, path);
		if (err)
			lfsvfs_quota_charge(s, dentry->d_parent, -charge);
		else
			err = lfsvfs_attr_store(s, path, inode);
	}
	lfsvfs_unlock_path(s, buf);
	if (err) {
		/* An entry without its attribute is left as a power cut would. */
		iput(inode);
		return err;
	}
	dir->i_mtime = dir->i_ctime = inode->i_mtime;
	d_instantiate(dentry, inode);
	return 0;
}

static int lfsvfs_create(struct user_namespace *ns, struct inode *dir, struct dentry *dentry,
			 umode_t mode, bool excl)
{
	return lfsvfs_make(dir, dentry, (mode & 07777) | S_IFREG);
}

static int lfsvfs_mkdir(struct user_namespace *ns, struct inode *dir, struct dentry *dentry,
			umode_t mode)
{
	return lfsvfs_make(dir, dentry, (mode & 07777) | S_IFDIR);
}

/*
 * What removing an entry frees now: all of it, but the data of a file still
 * open, freed at its last close (lfsvfs_fh_put).
 */
static s64 lfsvfs_removed_charge(struct lfsvfs_sb *s, struct dentry *dentry)
{
	struct inode *inode = d_inode(dentry);

	bool open_file = S_ISREG(inode->i_mode) && inode->i_private;

	return lfsvfs_entry_charge(s, dentry->d_name.len, S_ISDIR(inode->i_mode),
				   open_file ? 0 : i_size_read(inode));
}

/* unlink and rmdir: the core refuses a directory with entries (ENOTEMPTY). */
static int lfsvfs_remove(struct inode *dir, struct dentry *dentry)
{
	struct lfsvfs_sb *s = LFSVFS_SB(dir->i_sb);
	struct inode *inode = d_inode(dentry);
	const char *path;
	char *buf;
	int err;

	path = lfsvfs_lock_path(s, dentry, &buf);
	if (IS_ERR(path))
		return PTR_ERR(path);
	err = lfs_remove(&s->lfs, path);
	if (!err) {
		lfsvfs_quota_charge(s, dentry->d_parent, -lfsvfs_removed_charge(s, dentry));
		clear_nlink(inode);
	}
	lfsvfs_unlock_path(s, buf);
	if (!err)
		dir->i_mtime = dir->i_ctime = inode->i_ctime = current_time(dir);
	return err;
}

/*
 * The core's rename, charged: the entry's name changes length, a replaced
 * target is freed, and a file moved to another quota root changes roots
 * (a directory may not: EXDEV, so that quota roots neither nest nor lose
 * count of a tree). Additions are charged first, what is freed after.
 */
static int lfsvfs_rename_charged(struct lfsvfs_sb *s, struct dentry *old_dentry,
				 struct dentry *new_dentry, const char *old_path,
				 const char *new_path)
{
	struct inode *inode = d_inode(old_dentry);
	bool is_dir = S_ISDIR(inode->i_mode);
	loff_t size = is_dir ? 0 : i_size_read(inode);
	s64 to_new = lfsvfs_entry_charge(s, new_dentry->d_name.len, is_dir, size);
	s64 to_old = -(s64)lfsvfs_entry_charge(s, old_dentry->d_name.len, is_dir, size);
	struct dentry *new_parent = new_dentry->d_parent, *old_parent = old_dentry->d_parent;
	int err;

	if (d_really_is_positive(new_dentry))
		to_new -= lfsvfs_removed_charge(s, new_dentry);
	if (lfsvfs_quota_same_root(old_parent, new_parent)) {
		to_new += to_old;
		to_old = 0;
	} else if (is_dir) {
		return -EXDEV;
	}
	err = to_new > 0 ? lfsvfs_quota_charge(s, new_parent, to_new) : 0;
	if (err)
		return err;
	err = lfs_rename(&s->lfs, old_path, new_path);
	if (err && to_new > 0)
		lfsvfs_quota_charge(s, new_parent, -to_new);
	if (err)
		return err;
	if (to_new < 0)
		lfsvfs_quota_charge(s, new_parent, to_new);
	lfsvfs_quota_charge(s, old_parent, to_old);
	return 0;
}

static int lfsvfs_rename(struct user_namespace *ns, struct inode *old_dir,
			 struct dentry *old_dentry, struct inode *new_dir,
			 struct dentry *new_dentry, unsigned int flags)
{
	struct lfsvfs_sb *s = LFSVFS_SB(old_dir->i_sb);
	struct inode *victim = d_inode(new_dentry);
	const char *old_path, *new_path;
	char *old_buf, *new_buf;
	int err;

	/* RENAME_NOREPLACE: the VFS already refused an existing target. */
	if (flags & ~RENAME_NOREPLACE)
		return -EINVAL;
	new_buf = __getname();
	if (!new_buf)
		return -ENOMEM;
	old_path = lfsvfs_lock_path(s, old_dentry, &old_buf);
	if (IS_ERR(old_path)) {
		__putname(new_buf);
		return PTR_ERR(old_path);
	}
	new_path = dentry_path_raw(new_dentry, new_buf, PATH_MAX);
	err = IS_ERR(new_path) ? PTR_ERR(new_path) : lfsvfs_rename_charged(s, old_dentry, new_dentry,
									     old_path, new_path);
	if (!err) {
		if (victim)
			clear_nlink(victim);
		/* Under the lock, so that paths taken later name the new entry. */
		d_move(old_dentry, new_dentry);
	}
	lfsvfs_unlock_path(s, old_buf);
	__putname(new_buf);
	if (!err)
		old_dir->i_mtime = old_dir->i_ctime = new_dir->i_mtime = new_dir->i_ctime =
			current_time(old_dir);
	return err;
}

/**
 * struct lfsvfs_readdir - what one readdir call holds while it runs
 * @dir: the core's directory handle
 * @info: the entry read last
 */
struct lfsvfs_readdir {
	lfs_dir_t dir;
	struct lfs_info info;
};

/*
 * The core lists ".", ".." and the entries in name order; ctx->pos counts
 * them. Each call opens the directory and skips ctx->pos entries. The
 * lock is dropped around dir_emit, which copies to user memory and may
 * fault on a page of a littlefs file.
 */
static int lfsvfs_readdir(struct file *file, struct dir_context *ctx)
{
	struct lfsvfs_sb *s = LFSVFS_SB(file_inode(file)->i_sb);
	struct lfsvfs_readdir *r;
	const char *path;
	char *buf;
	bool opened;
	loff_t skip;
	int n;

	if (!dir_emit_dots(file, ctx))
		return 0;
	r = kmalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	path = lfsvfs_lock_path(s, file->f_path.dentry, &buf);
	if (IS_ERR(path)) {
		kfree(r);
		return PTR_ERR(path);
	}
	/* n: 1 while entries remain, 0 at the end, or an error. */
	n = lfs_dir_open(&s->lfs, &r->dir, path);
	opened = n == 0;
	if (opened)
		n = 1;
	for (skip = 0; n == 1 && skip < ctx->pos; skip++)
		n = lfs_dir_read(&s->lfs, &r->dir, &r->info);
	lfsvfs_unlock_path(s, buf);
	while (n == 1) {
		size_t len;

		mutex_lock(&s->lock);
		n = lfs_dir_read(&s->lfs, &r->dir, &r->info);
		mutex_unlock(&s->lock);
		if (n != 1)
			break;
		len = strlen(r->info.name);
		/* No inode numbers in littlefs: d_ino is a hash of the name. */
		if (!dir_emit(ctx, r->info.name, len, full_name_hash(NULL, r->info.name, len) | 1,
			      r->info.type == LFS_TYPE_DIR ? DT_DIR : DT_REG))
			break;
		ctx->pos++;
	}
	if (opened) {
		mutex_lock(&s->lock);
		lfs_dir_close(&s->lfs, &r->dir);
		mutex_unlock(&s->lock);
	}
	kfree(r);
	return n < 0 ? n : 0;
}

const struct inode_operations lfsvfs_dir_iops = {
	.lookup = lfsvfs_lookup,
	.create = lfsvfs_create,
	.mkdir = lfsvfs_mkdir,
	.unlink = lfsvfs_remove,
	.rmdir = lfsvfs_remove,
	.rename = lfsvfs_rename,
	.setattr = lfsvfs_setattr,
};

const struct file_operations lfsvfs_dir_fops = {
	.llseek = generic_file_llseek,
	.read = generic_read_dir,
	.iterate_shared = lfsvfs_readdir,
	.fsync = noop_fsync,
};
