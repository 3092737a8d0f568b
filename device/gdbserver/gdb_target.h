/* gdb_target.h — what the RSP session needs of the program it debugs: its
 * registers and its memory. gdbserver's target is a stopped ptrace tracee
 * (tracee.h); the unit test gives a fake one. */
#ifndef GDBSERVER_GDB_TARGET_H
#define GDBSERVER_GDB_TARGET_H

#include <stdint.h>

/* The 'g' packet: r0..r12, sp, lr, pc, cpsr, each 32 bits little-endian
 * (the org.gnu.gdb.arm.core feature of the target description). */
#define GDB_ARM_REGS 17
#define GDB_ARM_PC 15
#define GDB_ARM_CPSR 16
/* cpsr's number in 'p' and 'P' (regnum="25", as in GDB's arm-core.xml). */
#define GDB_ARM_CPSR_REGNUM 25

struct gdb_target {
	/* 0 or -errno. */
	int (*get_regs)(void *ctx, uint32_t regs[GDB_ARM_REGS]);
	int (*set_regs)(void *ctx, const uint32_t regs[GDB_ARM_REGS]);
	/* The bytes read (fewer up to an address that cannot be read), or
	 * -errno when not even the first can. */
	int (*read_mem)(void *ctx, uint32_t addr, uint8_t *buf, uint32_t len);
	/* 0 when all len bytes were written, else -errno. */
	int (*write_mem)(void *ctx, uint32_t addr, const uint8_t *buf, uint32_t len);
	void *ctx;
};

#endif
