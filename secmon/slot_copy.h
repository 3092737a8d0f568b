/*
 * slot_copy.h - how secmon writes an OS slot of the flash file, as the
 * security processor writes the NOR it owns: erase sector by erase sector,
 * each erased (every byte 0xff, synced) and then, unless the source sector
 * is erased too, programmed (its bytes written, synced). A power cut leaves
 * every sector before the one cut copied, that one erased or half-written,
 * the rest as they were: secure boot's check of the slot refuses anything
 * but a whole copy.
 *
 * slot_copy_fault_hook lets the tests fail, or kill the process at, any
 * erase or program.
 */
#ifndef SECMON_SLOT_COPY_H
#define SECMON_SLOT_COPY_H

#include <stdint.h>

enum slot_copy_step {
	SLOT_COPY_ERASE,   /* erase the sector at offset */
	SLOT_COPY_PROGRAM, /* program it */
	SLOT_COPY_STEPS,
};

/* Called before each step when set (tests only): a non-zero return, a
 * negative errno, is taken as that step's failure. */
extern int (*slot_copy_fault_hook)(enum slot_copy_step step, uint32_t offset);

/* The erase sector of the OS slots and the staging partition. */
#define SLOT_COPY_SECTOR 0x40000u

/* Copies len bytes (whole sectors) of fd at from to to, as above: 0 or -errno. */
int slot_copy(int fd, uint32_t from, uint32_t to, uint32_t len);

#endif
