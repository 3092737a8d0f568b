/* test_elf_craft.c - crafted ELF files for the tests (see test_elf_craft.h). */
#include "test_elf_craft.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct elf_phdr_spec elf_good_phdrs[3] = {
	{ T_PT_LOAD, T_PF_R | T_PF_X },
	{ T_PT_LOAD, T_PF_R | T_PF_W },
	{ T_PT_GNU_STACK, T_PF_R | T_PF_W },
};

struct elf_offsets elf_offsets(uint8_t elf_class)
{
	if (elf_class == 2)
		return (struct elf_offsets){ 64, 56, 32, 54, 56, 8 };
	return (struct elf_offsets){ 52, 32, 28, 42, 44, 4 };
}

void elf_put(uint8_t *p, unsigned n, uint64_t v, uint8_t byte_order)
{
	for (unsigned i = 0; i < n; i++)
		p[byte_order == 2 ? n - 1 - i : i] = (uint8_t)(v >> (8 * i));
}

size_t elf_craft(uint8_t *buf, size_t cap, const struct elf_spec *s)
{
	struct elf_offsets o = elf_offsets(s->elf_class);
	size_t size = o.ehdr_size + (size_t)s->phnum * o.phdr_size;
	uint8_t order = s->byte_order;

	if (size > cap) {
		fprintf(stderr, "elf_craft: %zu bytes do not fit in %zu\n", size, cap);
		exit(2);
	}
	memset(buf, 0, cap);
	memcpy(buf, "\177ELF", 4);
	buf[4] = s->elf_class;
	buf[5] = order;
	buf[6] = 1; /* EV_CURRENT */
	elf_put(buf + 16, 2, s->type, order);
	elf_put(buf + 18, 2, s->elf_class == 2 ? 183 : 40, order); /* EM_AARCH64, EM_ARM */
	elf_put(buf + 20, 4, 1, order);
	elf_put(buf + o.phoff, o.word, o.ehdr_size, order);
	elf_put(buf + o.phentsize - 2, 2, o.ehdr_size, order); /* e_ehsize */
	elf_put(buf + o.phentsize, 2, o.phdr_size, order);
	elf_put(buf + o.phnum, 2, s->phnum, order);
	for (unsigned i = 0; i < s->phnum; i++) {
		uint8_t *p = buf + o.ehdr_size + (size_t)i * o.phdr_size;

		elf_put(p, 4, s->phdr[i].type, order);
		elf_put(p + (s->elf_class == 2 ? 4 : 24), 4, s->phdr[i].flags, order);
	}
	return size;
}
