/*
 * os_slots.h - the two OS slots of the board and their states in secmon's
 * store (docs/secmon.md, *OS slots*): slot A is bank 0's image, slot B its
 * other image after bank 1 in the flash file; the store's file os-slots says
 * which slot boots normally (the primary) and what each holds. Like a
 * counter, the file changes only by one durable replacement (durable_file.h),
 * so a power cut leaves the old states or the new ones.
 */
#ifndef SECMON_OS_SLOTS_H
#define SECMON_OS_SLOTS_H

#include <stdint.h>

#include "store.h"

#define OS_SLOTS_FILE "os-slots"
#define OS_SLOT_COUNT 2u

enum os_slot_state {
	OS_SLOT_EMPTY,   /* no OS, or one being written */
	OS_SLOT_GOOD,    /* booted and confirmed (or the factory OS) */
	OS_SLOT_PENDING, /* installed and verified: to boot once, as a trial */
	OS_SLOT_TRIAL,   /* booted as a trial, not confirmed (yet) */
	OS_SLOT_BAD,     /* failed its trial or its verification: never booted again */
};

struct os_slots {
	unsigned primary; /* 0 (A) or 1 (B): the slot that boots when no trial is due */
	enum os_slot_state state[OS_SLOT_COUNT];
};

/* The states: the file's, or, without one (a device that never updated),
 * A primary and good, B empty. 0, -EINVAL (malformed) or -errno. */
int os_slots_read(const struct secmon_store *s, struct os_slots *o, struct error_detail *err);

/* Replaces the states durably: 0 or -errno (the old states kept). */
int os_slots_write(const struct secmon_store *s, const struct os_slots *o, struct error_detail *err);

/* The slot's offset in the flash file, its letter ('A', 'B'), a state's name. */
uint32_t os_slot_offset(unsigned slot);
char os_slot_letter(unsigned slot);
const char *os_slot_state_name(enum os_slot_state state);

#endif
