/*
 * elf_check.h - decides whether an ELF file would get memory that is both
 * writable and executable when Linux loads it, from its ELF header and
 * program headers alone:
 *
 *   - a PT_GNU_STACK whose flags include PF_X asks for an executable stack;
 *   - no PT_GNU_STACK at all gives an executable stack too and, on ARM,
 *     READ_IMPLIES_EXEC: every readable mapping of the process becomes
 *     executable (arch/arm/kernel/elf.c, arm_elf_read_implies_exec());
 *   - a PT_LOAD segment with PF_W and PF_X is mapped writable and executable.
 *
 * Only files of type ET_EXEC or ET_DYN are checked (the only types Linux
 * executes or loads as an interpreter); other ELF files are accepted. ELF32
 * and ELF64, little- and big-endian, are read as their header declares.
 *
 * The file is read through a callback: the ELF header, then the program
 * headers a few at a time (at most ELF_CHECK_PHDR_TABLE_MAX bytes of them, the
 * most Linux reads), each read within the file size the caller gives. No
 * value from the file is used before it is checked, nothing is allocated, and
 * the stack holds less than 1 KiB.
 */
#ifndef SPHERULE_ELF_CHECK_H
#define SPHERULE_ELF_CHECK_H

#include <stddef.h>
#include <stdint.h>

/* elf_check() result for a file that does not start with the ELF magic. */
#define ELF_CHECK_NOT_ELF 1

/* Largest program header table accepted: Linux refuses to execute a file
 * whose table is larger than its minimum ELF alignment (a 4 KiB page). */
#define ELF_CHECK_PHDR_TABLE_MAX 4096u

#define ELF_CHECK_CLASS32 1u /* EI_CLASS: ELFCLASS32 */
#define ELF_CHECK_CLASS64 2u
#define ELF_CHECK_LSB 1u     /* EI_DATA: ELFDATA2LSB (little-endian) */
#define ELF_CHECK_MSB 2u

enum elf_problem {
	ELF_PROBLEM_NONE = 0,
	ELF_PROBLEM_EXEC_STACK,     /* PT_GNU_STACK with PF_X */
	ELF_PROBLEM_NO_GNU_STACK,   /* no PT_GNU_STACK */
	ELF_PROBLEM_WRITABLE_EXEC,  /* a PT_LOAD with PF_W and PF_X */
	ELF_PROBLEM_MALFORMED,      /* headers Linux would not load, or that lie */
	ELF_PROBLEM_FOREIGN,        /* not 32-bit little-endian (pkg_check_elf_files) */
	ELF_PROBLEM_UNREADABLE,     /* the read callback failed */
};

/* Reads len bytes at offset off of the file into buf: 0 or -errno. */
typedef int (*elf_read_fn)(void *ctx, uint64_t off, void *buf, uint32_t len);

struct elf_file {
	elf_read_fn read;
	void *ctx;
	uint64_t size; /* bytes in the file; no read goes past it */
};

struct elf_verdict {
	enum elf_problem problem;
	uint8_t elf_class;  /* ELF_CHECK_CLASS32/64 when the header says so, else 0 */
	uint8_t byte_order; /* ELF_CHECK_LSB/MSB when the header says so, else 0 */
	/* One-line reason, worded to follow the file's name ("asks for an
	 * executable stack"); empty when the file is accepted. */
	char why[160];
};

/*
 * Checks the file f. Returns 0 for an acceptable ELF file, ELF_CHECK_NOT_ELF
 * for a file not starting with the ELF magic, -EPERM for an executable stack,
 * a missing PT_GNU_STACK or a writable and executable segment, -EINVAL for
 * malformed headers, or the read callback's error; v says which and why.
 */
int elf_check(const struct elf_file *f, struct elf_verdict *v);

/* elf_check() of the len bytes at data. */
int elf_check_mem(const void *data, size_t len, struct elf_verdict *v);

/* How to build a file without the problem p ("link it with -z noexecstack"),
 * or NULL when there is no such advice. */
const char *elf_problem_fix(enum elf_problem p);

#endif
