/* slot_check.h — decides whether an app slot holds an image appmgr may run:
 * a well-formed application package whose signature verifies with a trusted
 * key, within the flash budget, and none of whose ELF files would get an
 * executable stack or writable and executable memory (pkg_check_elf.h).
 * Reads the slot in bounded chunks. */
#ifndef APPMGR_SLOT_CHECK_H
#define APPMGR_SLOT_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "mtd_slots.h"
#include "spherule/error_detail.h"

#define SLOT_EMPTY 1

struct slot_check_paths {
	const char *dev_dir;      /* directory of the mtdN device nodes ("/dev") */
	const char *trust_dir;    /* /etc/spherule/trusted-keys */
	const char *mounts_dir;   /* /mnt/apps */
};

/* Checks the slot s; on success fills the identity part of app (slot, name,
 * component id, mount dir, command, uid/gid) and returns 0. Returns
 * SLOT_EMPTY for an erased slot, or a negative errno with why set to the
 * reason the image is refused. */
int slot_check(const struct slot_check_paths *paths, const struct mtd_slot *s, uint32_t max_size,
	       struct app *app, struct error_detail *why);

#endif
