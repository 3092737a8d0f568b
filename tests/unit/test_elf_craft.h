/*
 * test_elf_craft.h - crafted ELF files for the tests of the executable-memory
 * check (test_elf_check, test_pkg_check_elf): an ELF header of either class
 * and byte order followed by the program headers asked for.
 */
#ifndef TEST_ELF_CRAFT_H
#define TEST_ELF_CRAFT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define T_ET_REL 1u
#define T_ET_EXEC 2u
#define T_ET_DYN 3u
#define T_PT_LOAD 1u
#define T_PT_NOTE 4u
#define T_PT_GNU_STACK 0x6474e551u
#define T_PF_X 1u
#define T_PF_W 2u
#define T_PF_R 4u

struct elf_phdr_spec {
	uint32_t type, flags;
};

struct elf_spec {
	uint8_t elf_class;  /* 1 ELF32, 2 ELF64 */
	uint8_t byte_order; /* 1 little-endian, 2 big-endian */
	uint16_t type;      /* T_ET_EXEC, ... */
	unsigned phnum;
	const struct elf_phdr_spec *phdr;
};

/* Text R+X, data RW, stack RW: what a correct static program has. */
extern const struct elf_phdr_spec elf_good_phdrs[3];

/* Where the header fields are for a class (ELF32: 28, 42, 44). */
struct elf_offsets {
	unsigned ehdr_size, phdr_size, phoff, phentsize, phnum, word;
};
struct elf_offsets elf_offsets(uint8_t elf_class);

/* Stores the n-byte integer v at p in the given byte order (1 LE, 2 BE). */
void elf_put(uint8_t *p, unsigned n, uint64_t v, uint8_t byte_order);

/* Writes the ELF header, then the program headers right after it, into buf
 * (cap bytes, zeroed first); returns the file size. Exits if it does not fit. */
size_t elf_craft(uint8_t *buf, size_t cap, const struct elf_spec *s);

#endif
