// SPDX-License-Identifier: GPL-2.0-only
/*
 * super.c - the littlefs filesystem type: mounting an MTD partition by
 * name (mount -t littlefs mtd:data DIR), the blank-partition rule, statfs
 * and unmount.
 *
 * A partition that does not mount is never reformatted: on an entirely
 * erased superblock pair the mount fails with ENOMEDIUM unless the option
 * format=blank is given, and then formats; on anything else it fails with
 * the core's error and leaves the partition untouched.
 */
#include <linux/fs.h>
#include <linux/fs_context.h>
#include <linux/fs_parser.h>
#include <linux/module.h>
#include <linux/mtd/super.h>
#include <linux/slab.h>
#include <linux/statfs.h>

#include "lfsvfs.h"

/**
 * struct lfsvfs_options - mount options
 * @format_blank: format the partition when its superblock pair is erased
 */
struct lfsvfs_options {
	bool format_blank;
};

enum { Opt_format };

static const struct constant_table lfsvfs_format_values[] = {
	{ "blank", 1 },
	{}
};

static const struct fs_parameter_spec lfsvfs_params[] = {
	fsparam_enum("format", Opt_format, lfsvfs_format_values),
	{}
};

static int lfsvfs_parse_param(struct fs_context *fc, struct fs_parameter *param)
{
	struct lfsvfs_options *opts = fc->fs_private;
	struct fs_parse_result result;
	int opt = fs_parse(fc, lfsvfs_params, param, &result);

	if (opt < 0)
		return opt;
	if (opt == Opt_format)
		opts->format_blank = true;
	return 0;
}

/* Whether both blocks of the superblock pair are entirely erased. */
static int lfsvfs_blank(struct lfsvfs_sb *s)
{
	int ret = lfsvfs_bd_blank(s, 0);

	return ret == 1 ? lfsvfs_bd_blank(s, 1) : ret;
}

/*
 * Mount the core; format first only a blank partition, and only when
 * asked on a read-write mount.
 */
static int lfsvfs_mount_core(struct lfsvfs_sb *s, const struct lfsvfs_options *opts, bool ro)
{
	const char *name = s->mtd->name;
	int err = lfs_mount(&s->lfs, &s->cfg);
	int blank;

	if (!err)
		return 0;
	blank = lfsvfs_blank(s);
	if (blank < 0) {
		pr_err("littlefs: %s: mount failed (%d), reading it failed (%d)\n", name, err, blank);
		return err;
	}
	if (!blank) {
		pr_err("littlefs: %s holds no valid littlefs (error %d): left untouched\n", name, err);
		return err;
	}
	if (!opts->format_blank || ro) {
		pr_info("littlefs: %s is blank (erased): mount it read-write with -o format=blank to format it\n",
			name);
		return -ENOMEDIUM;
	}
	pr_info("littlefs: %s is blank (erased): formatting\n", name);
	err = lfs_format(&s->lfs, &s->cfg);
	return err ? err : lfs_mount(&s->lfs, &s->cfg);
}

/* One line of RAM figures per mount (docs/littlefs.md, "RAM"). */
static void lfsvfs_log_mount(struct lfsvfs_sb *s)
{
	struct lfs_counters c;

	lfs_fs_counters(&s->lfs, &c);
	pr_info("littlefs: %s mounted: %u blocks of %u KiB; RAM: %zu bytes of state, %u of core buffers, %zu per open file\n",
		s->mtd->name, s->lfs.block_count, s->cfg.block_size / 1024, sizeof(*s),
		c.ram_bytes - (lfs_size_t)sizeof(s->lfs),
		sizeof(struct lfsvfs_fh) + s->cfg.cache_size);
}

/* The partition's blocks, or below a quota root the quota's bytes (quota.c). */
static int lfsvfs_statfs(struct dentry *dentry, struct kstatfs *buf)
{
	struct lfsvfs_sb *s = LFSVFS_SB(dentry->d_sb);
	lfs_ssize_t used;
	int quota;

	buf->f_type = LFSVFS_MAGIC;
	buf->f_namelen = s->lfs.name_max;
	buf->f_fsid = u64_to_fsid(s->mtd->index);
	quota = lfsvfs_quota_statfs(s, dentry, buf);
	if (quota)
		return quota < 0 ? quota : 0;
	mutex_lock(&s->lock);
	used = lfs_fs_size(&s->lfs);
	mutex_unlock(&s->lock);
	if (used < 0)
		return used;
	buf->f_bsize = s->cfg.block_size;
	buf->f_frsize = s->cfg.block_size;
	buf->f_blocks = s->lfs.block_count;
	buf->f_bfree = buf->f_bavail = s->lfs.block_count - min_t(lfs_size_t, used, s->lfs.block_count);
	return 0;
}

static void lfsvfs_put_super(struct super_block *sb)
{
	struct lfsvfs_sb *s = LFSVFS_SB(sb);

	lfs_unmount(&s->lfs);
	kfree(s);
	sb->s_fs_info = NULL;
}

static void lfsvfs_free_inode(struct inode *inode)
{
	lfsvfs_quota_free(inode);
	free_inode_nonrcu(inode);
}

static const struct super_operations lfsvfs_super_ops = {
	.free_inode = lfsvfs_free_inode,
	.statfs = lfsvfs_statfs,
	.put_super = lfsvfs_put_super,
};

static int lfsvfs_fill_super(struct super_block *sb, struct fs_context *fc)
{
	struct lfsvfs_sb *s = kzalloc(sizeof(*s), GFP_KERNEL);
	struct inode *root;
	int err;

	if (!s)
		return -ENOMEM;
	mutex_init(&s->lock);
	s->mtd = sb->s_mtd;
	lfsvfs_bd_config(&s->cfg, s->mtd);
	err = lfsvfs_mount_core(s, fc->fs_private, sb_rdonly(sb));
	if (err) {
		kfree(s);
		return err;
	}
	lfsvfs_log_mount(s);
	sb->s_fs_info = s;
	sb->s_magic = LFSVFS_MAGIC;
	sb->s_op = &lfsvfs_super_ops;
	sb->s_xattr = lfsvfs_xattr_handlers;
	sb->s_maxbytes = s->lfs.file_max;
	sb->s_time_gran = 1;
	mutex_lock(&s->lock);
	root = lfsvfs_iget(sb, "/", LFS_TYPE_DIR, 0);
	mutex_unlock(&s->lock);
	if (!IS_ERR(root))
		sb->s_root = d_make_root(root);
	if (IS_ERR(root) || !sb->s_root) {
		lfsvfs_put_super(sb);
		return IS_ERR(root) ? PTR_ERR(root) : -ENOMEM;
	}
	return 0;
}

static int lfsvfs_get_tree(struct fs_context *fc)
{
	return get_tree_mtd(fc, lfsvfs_fill_super);
}

static void lfsvfs_free_fc(struct fs_context *fc)
{
	kfree(fc->fs_private);
}

/*
 * Open files keep the core handle of their mount's mode (file.c): a remount
 * between read-only and read-write is refused; unmount and mount instead.
 */
static int lfsvfs_reconfigure(struct fs_context *fc)
{
	if ((fc->sb_flags_mask & SB_RDONLY) &&
	    (fc->sb_flags ^ fc->root->d_sb->s_flags) & SB_RDONLY)
		return invalfc(fc, "cannot remount between ro and rw");
	return 0;
}

static const struct fs_context_operations lfsvfs_context_ops = {
	.parse_param = lfsvfs_parse_param,
	.reconfigure = lfsvfs_reconfigure,
	.get_tree = lfsvfs_get_tree,
	.free = lfsvfs_free_fc,
};

static int lfsvfs_init_fs_context(struct fs_context *fc)
{
	fc->fs_private = kzalloc(sizeof(struct lfsvfs_options), GFP_KERNEL);
	if (!fc->fs_private)
		return -ENOMEM;
	fc->ops = &lfsvfs_context_ops;
	return 0;
}

static struct file_system_type lfsvfs_fs_type = {
	.owner = THIS_MODULE,
	.name = "littlefs",
	.init_fs_context = lfsvfs_init_fs_context,
	.parameters = lfsvfs_params,
	.kill_sb = kill_mtd_super,
	/* rename moves the dentry under the mount's lock (dir.c). */
	.fs_flags = FS_RENAME_DOES_D_MOVE,
};

static int __init lfsvfs_init(void)
{
	return register_filesystem(&lfsvfs_fs_type);
}
module_init(lfsvfs_init);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("littlefs on MTD partitions");
