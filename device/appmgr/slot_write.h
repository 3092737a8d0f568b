/* slot_write.h — erasing and writing an app slot's flash (/dev/mtdN) while
 * the other apps run: the kernel's XIP-aware NOR driver suspends nothing
 * they execute (docs/board-qemu-armv7.md, "Writing the flash that apps
 * execute from"). Only a slot no image is mounted from is written. */
#ifndef APPMGR_SLOT_WRITE_H
#define APPMGR_SLOT_WRITE_H

#include <stddef.h>
#include <stdint.h>

#include "mtd_slots.h"

/* Erases the whole slot s (dev_dir holds the mtdN nodes). 0 or -errno. */
int slot_write_erase(const char *dev_dir, const struct mtd_slot *s);

/* Erases len bytes at off of partition s (both on its erase blocks). 0 or
 * -errno. */
int slot_write_erase_range(const char *dev_dir, const struct mtd_slot *s, uint32_t off, uint32_t len);

/* The flash word: the widest bank of the boards (qemu-armv7's banks are 4
 * bytes wide, kernel/board/qemu-armv7/flash.layout). The kernel's CFI driver
 * programs a write that starts or ends inside a word as a whole word with
 * 0xFF for the bytes it does not cover: real NOR leaves those bytes as they
 * are (programming can only clear bits), but QEMU's pflash model stores the
 * word as given, so a later write that shares the word erased the bytes an
 * earlier one wrote (an OS staged in pieces lost 3 bytes of its device
 * tree). */
#define SLOT_WRITE_WORD 4u

/* Writes len bytes at offset off of slot s, into erased flash (a partial
 * flash word at either end read, merged and written whole, so writes may
 * follow each other at any byte). 0 or -errno (-ENOSPC past the slot's
 * end). */
int slot_write_bytes(const char *dev_dir, const struct mtd_slot *s, uint32_t off, const void *buf,
		     size_t len);

#endif
