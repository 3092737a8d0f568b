// SPDX-License-Identifier: GPL-2.0-only
/*
 * file.c - regular files of the littlefs filesystem. All open struct files
 * of an inode share one core handle (struct lfsvfs_fh: the core file and
 * its one cache buffer), so readers and writers see the same content; the
 * handle is closed, which syncs it, at the last release. read and write go
 * straight to the core through a bounce buffer (the mount's lock is never
 * held while user memory is touched, which may fault on a page of a
 * littlefs file); mmap is read-only through the page cache (read_folio),
 * and writes and truncation drop the cached pages they change. Writes and
 * truncation are charged to the file's quota root (quota.c).
 */
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/pagemap.h>
#include <linux/slab.h>
#include <linux/uio.h>

#include "lfsvfs.h"

/**
 * lfsvfs_fh_get - take a user of an inode's core handle, opening it first
 * @inode: a regular file's inode
 * @dentry: its dentry, to name it when the handle is not open yet
 *
 * Return: 0 or a negative errno (-ENOENT for an unlinked file not open).
 */
int lfsvfs_fh_get(struct inode *inode, struct dentry *dentry)
{
	struct lfsvfs_sb *s = LFSVFS_SB(inode->i_sb);
	struct lfsvfs_fh *fh = kzalloc(struct_size(fh, cache, s->cfg.cache_size), GFP_KERNEL);
	const char *path;
	char *buf;
	int err = 0;

	if (!fh)
		return -ENOMEM;
	path = lfsvfs_lock_path(s, dentry, &buf);
	if (IS_ERR(path)) {
		kfree(fh);
		return PTR_ERR(path);
	}
	if (inode->i_private) {
		((struct lfsvfs_fh *)inode->i_private)->users++;
	} else if (!inode->i_nlink) {
		err = -ENOENT;
	} else {
		/* Read-write but on a read-only mount, where opening must not
		 * write (a pending repair). */
		err = lfs_file_opencfg(&s->lfs, &fh->file, path,
				       sb_rdonly(inode->i_sb) ? LFS_O_RDONLY : LFS_O_RDWR, fh->cache);
		if (!err) {
			fh->users = 1;
			inode->i_private = fh;
			fh = NULL;
		}
	}
	lfsvfs_unlock_path(s, buf);
	kfree(fh);
	return err;
}

/*
 * Sync the handle and, when writes changed the times, the attribute. Call
 * with the mount locked.
 */
static int lfsvfs_fh_sync(struct lfsvfs_sb *s, struct inode *inode, struct dentry *dentry,
			  struct lfsvfs_fh *fh)
{
	int err = lfs_file_sync(&s->lfs, &fh->file);
	const char *path;
	char *buf;

	if (err || !fh->attr_dirty || !inode->i_nlink)
		return err;
	buf = __getname();
	if (!buf)
		return -ENOMEM;
	path = dentry_path_raw(dentry, buf, PATH_MAX);
	err = IS_ERR(path) ? PTR_ERR(path) : lfsvfs_attr_store(s, path, inode);
	if (!err)
		fh->attr_dirty = false;
	__putname(buf);
	return err;
}

/**
 * lfsvfs_fh_put - drop a user of an inode's core handle; the last one
 *                 syncs and closes it
 * @inode: the inode
 * @dentry: its dentry, to name it for the attribute
 */
void lfsvfs_fh_put(struct inode *inode, struct dentry *dentry)
{
	struct lfsvfs_sb *s = LFSVFS_SB(inode->i_sb);
	struct lfsvfs_fh *fh;
	int err;

	mutex_lock(&s->lock);
	fh = inode->i_private;
	if (--fh->users) {
		mutex_unlock(&s->lock);
		return;
	}
	err = lfsvfs_fh_sync(s, inode, dentry, fh);
	lfs_file_close(&s->lfs, &fh->file);
	inode->i_private = NULL;
	/* The data of a file removed while open is freed now (dir.c). */
	if (!inode->i_nlink)
		lfsvfs_quota_charge(s, dentry, -lfsvfs_data_charge(s, i_size_read(inode)));
	mutex_unlock(&s->lock);
	kfree(fh);
	if (err)
		pr_warn("littlefs: syncing %pd at its last close: error %d\n", dentry, err);
}

static int lfsvfs_open(struct inode *inode, struct file *file)
{
	return lfsvfs_fh_get(inode, file->f_path.dentry);
}

static int lfsvfs_release(struct inode *inode, struct file *file)
{
	lfsvfs_fh_put(inode, file->f_path.dentry);
	return 0;
}

/*
 * Read up to len bytes at pos through the inode's open handle, under the
 * mount's lock. Return: bytes read or a negative errno.
 */
static ssize_t lfsvfs_read_at(struct inode *inode, loff_t pos, void *buf, size_t len)
{
	struct lfsvfs_sb *s = LFSVFS_SB(inode->i_sb);
	struct lfsvfs_fh *fh = inode->i_private;
	ssize_t n;

	mutex_lock(&s->lock);
	n = lfs_file_seek(&s->lfs, &fh->file, pos, LFS_SEEK_SET);
	if (n >= 0)
		n = lfs_file_read(&s->lfs, &fh->file, buf, len);
	mutex_unlock(&s->lock);
	return n;
}

/*
 * Set a file's size, by a write or a truncation (resize), charging what
 * its data grows by to its quota root first (EDQUOT past the quota) and
 * freeing what it shrinks by after. Call with the mount locked. Return:
 * what resize returned (its new size, or bytes written) or a negative
 * errno.
 */
static ssize_t lfsvfs_resize_charged(struct lfsvfs_sb *s, struct dentry *dentry,
				     struct lfsvfs_fh *fh, loff_t new_size,
				     ssize_t (*resize)(struct lfsvfs_sb *s, struct lfsvfs_fh *fh,
						       const void *arg),
				     const void *arg)
{
	s64 before = lfsvfs_data_charge(s, lfs_file_size(&s->lfs, &fh->file));
	s64 grow = lfsvfs_data_charge(s, new_size) - before;
	ssize_t n;
	int err = grow > 0 ? lfsvfs_quota_charge(s, dentry, grow) : 0;

	if (err)
		return err;
	n = resize(s, fh, arg);
	/* What it holds now: all, part (a short write) or none of the change. */
	lfsvfs_quota_charge(s, dentry, lfsvfs_data_charge(s, lfs_file_size(&s->lfs, &fh->file)) -
					       before - max_t(s64, grow, 0));
	return n;
}

/**
 * struct lfsvfs_write - one write of lfsvfs_write_at
 * @pos: where
 * @buf: the bytes
 * @len: how many
 */
struct lfsvfs_write {
	loff_t pos;
	const void *buf;
	size_t len;
};

static ssize_t lfsvfs_write_core(struct lfsvfs_sb *s, struct lfsvfs_fh *fh, const void *arg)
{
	const struct lfsvfs_write *w = arg;
	ssize_t n = lfs_file_seek(&s->lfs, &fh->file, w->pos, LFS_SEEK_SET);

	return n < 0 ? n : lfs_file_write(&s->lfs, &fh->file, w->buf, w->len);
}

/*
 * Write len bytes at pos through the inode's open handle, charged to its
 * quota root, under the mount's lock. Return: bytes written or a negative
 * errno.
 */
static ssize_t lfsvfs_write_at(struct inode *inode, struct dentry *dentry, loff_t pos,
			       const void *buf, size_t len)
{
	struct lfsvfs_sb *s = LFSVFS_SB(inode->i_sb);
	struct lfsvfs_fh *fh = inode->i_private;
	const struct lfsvfs_write w = { .pos = pos, .buf = buf, .len = len };
	ssize_t n;

	mutex_lock(&s->lock);
	n = lfsvfs_resize_charged(s, dentry, fh,
				  max_t(loff_t, lfs_file_size(&s->lfs, &fh->file), pos + len),
				  lfsvfs_write_core, &w);
	if (n >= 0) {
		fh->attr_dirty = true;
		i_size_write(inode, lfs_file_size(&s->lfs, &fh->file));
	}
	mutex_unlock(&s->lock);
	return n;
}

static ssize_t lfsvfs_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	struct inode *inode = file_inode(iocb->ki_filp);
	size_t chunk = min_t(size_t, iov_iter_count(to), PAGE_SIZE);
	ssize_t done = 0, n = 0;
	void *buf;

	if (!chunk)
		return 0;
	buf = kmalloc(chunk, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	while (iov_iter_count(to)) {
		size_t want = min_t(size_t, iov_iter_count(to), chunk), copied;

		n = lfsvfs_read_at(inode, iocb->ki_pos, buf, want);
		if (n <= 0)
			break;
		copied = copy_to_iter(buf, n, to);
		iocb->ki_pos += copied;
		done += copied;
		if (copied < n) {
			n = -EFAULT;
			break;
		}
		if (n < want)
			break;
	}
	kfree(buf);
	return done ? done : n;
}

static ssize_t lfsvfs_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	struct file *file = iocb->ki_filp;
	struct inode *inode = file_inode(file);
	loff_t start;
	ssize_t done = 0, n;
	void *buf = NULL;

	inode_lock(inode);
	n = generic_write_checks(iocb, from);
	if (n > 0)
		n = file_remove_privs(file);
	if (!n && iov_iter_count(from)) {
		buf = kmalloc(min_t(size_t, iov_iter_count(from), PAGE_SIZE), GFP_KERNEL);
		if (!buf)
			n = -ENOMEM;
	}
	start = iocb->ki_pos;
	while (buf && !n && iov_iter_count(from)) {
		size_t want = min_t(size_t, iov_iter_count(from), PAGE_SIZE);
		size_t got = copy_from_iter(buf, want, from);

		if (!got) {
			n = -EFAULT;
			break;
		}
		n = lfsvfs_write_at(inode, file->f_path.dentry, iocb->ki_pos, buf, got);
		if (n < 0)
			break;
		iocb->ki_pos += n;
		done += n;
		n = 0;
	}
	kfree(buf);
	if (done) {
		inode->i_mtime = inode->i_ctime = current_time(inode);
		inode->i_blocks = DIV_ROUND_UP(i_size_read(inode), 512);
		/* Mapped pages of what changed read it again from the core. */
		invalidate_inode_pages2_range(inode->i_mapping, start >> PAGE_SHIFT,
					      (iocb->ki_pos - 1) >> PAGE_SHIFT);
	}
	inode_unlock(inode);
	return done ? done : n;
}

static int lfsvfs_fsync(struct file *file, loff_t start, loff_t end, int datasync)
{
	struct inode *inode = file_inode(file);
	struct lfsvfs_sb *s = LFSVFS_SB(inode->i_sb);
	int err;

	mutex_lock(&s->lock);
	err = lfsvfs_fh_sync(s, inode, file->f_path.dentry, inode->i_private);
	mutex_unlock(&s->lock);
	return err;
}

static ssize_t lfsvfs_truncate_core(struct lfsvfs_sb *s, struct lfsvfs_fh *fh, const void *arg)
{
	return lfs_file_truncate(&s->lfs, &fh->file, *(const loff_t *)arg);
}

/**
 * lfsvfs_truncate - set a regular file's size (shorter, or longer with zeros)
 * @inode: the file, its inode lock held
 * @dentry: its dentry
 * @size: the new size
 *
 * Through the open handle, or one opened for the call (and then synced
 * by closing it).
 * Return: 0 or a negative errno.
 */
int lfsvfs_truncate(struct inode *inode, struct dentry *dentry, loff_t size)
{
	struct lfsvfs_sb *s = LFSVFS_SB(inode->i_sb);
	struct lfsvfs_fh *fh;
	int err = lfsvfs_fh_get(inode, dentry);

	if (err)
		return err;
	mutex_lock(&s->lock);
	fh = inode->i_private;
	err = lfsvfs_resize_charged(s, dentry, fh, size, lfsvfs_truncate_core, &size);
	mutex_unlock(&s->lock);
	if (!err) {
		truncate_setsize(inode, size);
		inode->i_blocks = DIV_ROUND_UP(size, 512);
	}
	lfsvfs_fh_put(inode, dentry);
	return err;
}

/* A page of a mapped file, read through the handle of the open file. */
static int lfsvfs_read_folio(struct file *file, struct folio *folio)
{
	struct inode *inode = folio->mapping->host;
	void *addr = kmap_local_folio(folio, 0);
	ssize_t n = inode->i_private ?
		lfsvfs_read_at(inode, folio_pos(folio), addr, folio_size(folio)) : -EBADF;

	if (n >= 0)
		memset(addr + n, 0, folio_size(folio) - n);
	kunmap_local(addr);
	if (n >= 0) {
		flush_dcache_folio(folio);
		folio_mark_uptodate(folio);
	}
	folio_unlock(folio);
	return n < 0 ? n : 0;
}

const struct file_operations lfsvfs_file_fops = {
	.open = lfsvfs_open,
	.release = lfsvfs_release,
	.llseek = generic_file_llseek,
	.read_iter = lfsvfs_read_iter,
	.write_iter = lfsvfs_write_iter,
	.mmap = generic_file_readonly_mmap,
	.fsync = lfsvfs_fsync,
};

const struct address_space_operations lfsvfs_aops = {
	.read_folio = lfsvfs_read_folio,
};
