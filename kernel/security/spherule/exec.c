// SPDX-License-Identifier: GPL-2.0-only
/*
 * Spherule LSM - what an app task may execute: only files of its own
 * image. exec of any other file, and mmap/mprotect with PROT_EXEC of
 * anything else (anonymous memory, /dev/zero, a private copy of its own
 * text that was written to), are EACCES; so is any memory asking to be
 * writable and executable at once, whatever asks: mmap, mprotect, brk,
 * the stack and the segments of a new image (kernel/patches/0009, which
 * asks mmap_file about executable brk memory, an executable stack and
 * writable and executable ELF segments, the last two before the exec's
 * point of no return, so that exec fails with EACCES). An app task may not
 * change its personality (EPERM, kernel/patches/0008): READ_IMPLIES_EXEC
 * would make every readable mapping executable.
 */

#include <linux/binfmts.h>
#include <linux/fs.h>
#include <linux/lsm_hooks.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/sched.h>

#include "audit.h"
#include "cred.h"
#include "setup.h"

static bool on_own_image(const struct spherule_cred *app, const struct file *file)
{
	return file && file_inode(file)->i_sb->s_dev == app->image_dev;
}

static int hook_bprm_check_security(struct linux_binprm *bprm)
{
	const struct spherule_cred *app = spherule_current_app();

	if (!app || on_own_image(app, bprm->file))
		return 0;
	spherule_audit_path(app, "exec", &bprm->file->f_path);
	return -EACCES;
}

/* 0 when app may map file (NULL: anonymous) with prot, -EACCES (logged) otherwise. */
static int check_exec_mapping(const struct spherule_cred *app, const struct file *file,
			      unsigned long prot, bool modified, const char *op)
{
	if (!(prot & PROT_EXEC))
		return 0;
	if (prot & PROT_WRITE)
		spherule_audit(app, op, "writable and executable");
	else if (!file)
		spherule_audit(app, op, "anonymous memory executable");
	else if (!on_own_image(app, file))
		spherule_audit_path(app, op, &file->f_path);
	else if (modified)
		spherule_audit(app, op, "modified copy of %pD executable", file);
	else
		return 0;
	return -EACCES;
}

static int hook_mmap_file(struct file *file, unsigned long reqprot, unsigned long prot,
			  unsigned long flags)
{
	const struct spherule_cred *app = spherule_current_app();

	if (!app)
		return 0;
	return check_exec_mapping(app, file, prot, false, "mmap");
}

static int hook_file_mprotect(struct vm_area_struct *vma, unsigned long reqprot,
			      unsigned long prot)
{
	const struct spherule_cred *app = spherule_current_app();

	if (!app)
		return 0;
	return check_exec_mapping(app, vma->vm_file, prot, vma->anon_vma != NULL, "mprotect");
}

static int hook_task_personality(unsigned int personality)
{
	const struct spherule_cred *app = spherule_current_app();

	if (!app || personality == current->personality)
		return 0;
	spherule_audit(app, "personality", "%#x", personality);
	return -EPERM;
}

static struct security_hook_list spherule_exec_hooks[] __lsm_ro_after_init = {
	LSM_HOOK_INIT(bprm_check_security, hook_bprm_check_security),
	LSM_HOOK_INIT(task_personality, hook_task_personality),
	LSM_HOOK_INIT(mmap_file, hook_mmap_file),
	LSM_HOOK_INIT(file_mprotect, hook_file_mprotect),
};

__init void spherule_add_exec_hooks(void)
{
	security_add_hooks(spherule_exec_hooks, ARRAY_SIZE(spherule_exec_hooks), SPHERULE_NAME);
}
