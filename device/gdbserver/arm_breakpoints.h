/* arm_breakpoints.h — software breakpoints (RSP 'Z0' and 'z0'): the
 * instruction at the address is saved and replaced by one the Linux ARM
 * kernel turns into SIGTRAP with the pc left on it. The RSP's kind says
 * which: 2 a 16-bit Thumb instruction (0xde01), 3 a 32-bit Thumb-2 one
 * (0xf7f0 0xa000), 4 an ARM one (0xe7f001f0), as GDB and the kernel's
 * ptrace_break hooks agree. Inserting at an address that has one counts
 * one more user of it (GDB may insert its single-step breakpoints over a
 * breakpoint of its own); the instruction comes back with the last removal. */
#ifndef GDBSERVER_ARM_BREAKPOINTS_H
#define GDBSERVER_ARM_BREAKPOINTS_H

#include <stdint.h>

#include "gdb_target.h"

#define ARM_BREAKPOINTS_MAX 64

struct arm_breakpoint {
	uint32_t addr;
	uint8_t kind;      /* 2, 3 or 4: its length in bytes but for 3 (4 bytes) */
	uint8_t users;
	uint8_t saved[4];  /* the instruction it replaced */
};

struct arm_breakpoints {
	unsigned count;
	struct arm_breakpoint bp[ARM_BREAKPOINTS_MAX];
};

/* 0, -EINVAL (kind not 2, 3 or 4, or another kind at addr), -ENOSPC (table
 * full), or the memory's -errno. */
int arm_breakpoint_insert(struct arm_breakpoints *t, const struct gdb_target *tg, uint32_t addr,
			  uint32_t kind);

/* 0, -ENOENT (none of that kind at addr), or the memory's -errno. */
int arm_breakpoint_remove(struct arm_breakpoints *t, const struct gdb_target *tg, uint32_t addr,
			  uint32_t kind);

/* Puts every saved instruction back (before the program runs on untraced). */
void arm_breakpoint_remove_all(struct arm_breakpoints *t, const struct gdb_target *tg);

#endif
