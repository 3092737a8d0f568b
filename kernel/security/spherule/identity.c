// SPDX-License-Identifier: GPL-2.0-only
/*
 * Spherule LSM - setting a task's app identity, once, through
 * /sys/kernel/security/spherule/identity (mode 0666; the kernel decides).
 *
 * Reading gives the caller's own identity: its component id and a newline,
 * or "none\n".
 *
 * Writing "<component id>" (the canonical 36-character UUID text,
 * optionally followed by one newline, in one write at offset 0) gives the
 * writing task that identity. The write is refused with EPERM unless the
 * writer
 *  - has no identity yet (an identity is never changed or removed),
 *  - is single-threaded (the identity is per credential; other threads
 *    would keep none), and
 *  - was forked by the app manager: its real parent is the init task of
 *    the system (PID 1, appmgr) and that parent has no identity itself;
 * and with EINVAL when the text is not a UUID or when the writer's working
 * directory is not the root of a read-only mount other than the writer's
 * root filesystem: that mount (the app's image, which appmgr makes the
 * child's working directory before writing) becomes the only filesystem
 * the app may execute from.
 * The same directory (interface.c) holds the policy file (policy_file.c),
 * which the writer loads before its identity (setting the identity seals
 * it), the hosts file (hosts.c) where the network manager publishes
 * resolved addresses, and the version file.
 */

#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/init.h>
#include <linux/mount.h>
#include <linux/path.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/security.h>
#include <linux/uaccess.h>
#include <linux/uuid.h>

#include "cred.h"
#include "identity.h"
#include "interface.h"

bool spherule_may_set_identity(void)
{
	struct task_struct *parent;
	bool may;

	if (spherule_cred_is_app(current_cred()) || !thread_group_empty(current))
		return false;
	rcu_read_lock();
	parent = rcu_dereference(current->real_parent);
	may = is_global_init(parent) && !spherule_cred_is_app(__task_cred(parent));
	rcu_read_unlock();
	return may;
}

/*
 * The device of the app image: the writer's working directory, which must
 * be the root of a read-only mount that is not the writer's root.
 */
static int image_from_cwd(dev_t *dev)
{
	struct path pwd, root;
	int err = -EINVAL;

	get_fs_pwd(current->fs, &pwd);
	get_fs_root(current->fs, &root);
	if (pwd.dentry == pwd.mnt->mnt_root && sb_rdonly(pwd.mnt->mnt_sb) &&
	    (pwd.mnt->mnt_flags & MNT_READONLY) && pwd.mnt->mnt_sb != root.mnt->mnt_sb) {
		*dev = pwd.mnt->mnt_sb->s_dev;
		err = 0;
	}
	path_put(&root);
	path_put(&pwd);
	return err;
}

static ssize_t identity_write(struct file *file, const char __user *buf, size_t count,
			      loff_t *ppos)
{
	char text[UUID_STRING_LEN + 2];
	struct spherule_cred *id;
	uuid_t component_id;
	struct cred *new;
	dev_t image_dev;
	int err;

	if (!spherule_may_set_identity())
		return -EPERM;
	if (*ppos != 0 || count < UUID_STRING_LEN || count > UUID_STRING_LEN + 1)
		return -EINVAL;
	if (copy_from_user(text, buf, count))
		return -EFAULT;
	if (count == UUID_STRING_LEN + 1 && text[UUID_STRING_LEN] != '\n')
		return -EINVAL;
	text[UUID_STRING_LEN] = '\0';
	if (uuid_parse(text, &component_id))
		return -EINVAL;
	err = image_from_cwd(&image_dev);
	if (err)
		return err;
	new = prepare_creds();
	if (!new)
		return -ENOMEM;
	id = spherule_cred(new);
	id->component_id = component_id;
	/* The writer is single-threaded: nothing else holds its policy yet. */
	if (id->policy)
		uuid_copy(&id->policy->audit.app, &component_id);
	id->image_dev = image_dev;
	id->flags = SPHERULE_CRED_APP;
	commit_creds(new);
	return count;
}

static ssize_t identity_read(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	const struct spherule_cred *app = spherule_current_app();
	char text[UUID_STRING_LEN + 2];
	int len;

	if (app)
		len = scnprintf(text, sizeof(text), "%pUb\n", &app->component_id);
	else
		len = scnprintf(text, sizeof(text), "none\n");
	return simple_read_from_buffer(buf, count, ppos, text, len);
}

const struct file_operations spherule_identity_fops = {
	.read = identity_read,
	.write = identity_write,
	.llseek = generic_file_llseek,
};
