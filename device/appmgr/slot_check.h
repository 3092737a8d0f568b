/* slot_check.h — decides whether an app slot holds an image appmgr may run:
 * a well-formed application package within the flash budget that secmon
 * verified (signed by a key the device trusts for apps, not revoked, not
 * below its component's security-version counter: secmon reads the slot
 * from flash itself), and none of whose ELF files would get an executable
 * stack or writable and executable memory (pkg_check_elf.h). Reads the slot
 * in bounded chunks. */
#ifndef APPMGR_SLOT_CHECK_H
#define APPMGR_SLOT_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "mtd_slots.h"
#include "secmon_mailbox.h"
#include "slot_reader.h"
#include "spherule/error_detail.h"

#define SLOT_EMPTY 1

struct slot_check_paths {
	const char *dev_dir;      /* directory of the mtdN device nodes ("/dev") */
	const char *mounts_dir;   /* /mnt/apps */
	struct secmon_mailbox *mailbox; /* open, or closed: every image is refused */
	const struct uart_conf *uarts;  /* the board's UARTs for apps (app_svc_caps.h), or NULL */
};

/* Checks the slot s; on success fills the identity part of app (slot, name,
 * component id, mount dir, command, uid/gid) and returns 0. Returns
 * SLOT_EMPTY for an erased slot, or a negative errno with why set to the
 * reason the image is refused. */
int slot_check(const struct slot_check_paths *paths, const struct mtd_slot *s, uint32_t max_size,
	       struct app *app, struct error_detail *why);

/* The same checks for an image staged in slot s (app_install.h): its first
 * SLOT_HEAD_BYTES are still erased in flash and given as head; secmon
 * verifies it with the same head (its "verify staged app image"). */
int slot_check_staged(const struct slot_check_paths *paths, const struct mtd_slot *s,
		      uint32_t max_size, const uint8_t head[SLOT_HEAD_BYTES], struct app *app,
		      struct error_detail *why);

#endif
