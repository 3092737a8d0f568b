/*
 * elf_check.c - the executable-memory check of ELF files (see elf_check.h).
 * Every size and offset taken from the file is checked against the file
 * size and the limits before it is used to read.
 */
#include "spherule/elf_check.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define ELF_MAGIC "\177ELF"
#define EI_CLASS 4
#define EI_DATA 5
#define E_TYPE 16
#define ET_EXEC 2u
#define ET_DYN 3u
#define PT_LOAD 1u
#define PT_GNU_STACK 0x6474e551u
#define PF_X 1u
#define PF_W 2u
#define EHDR_MAX 64u
/* Program headers read at a time. */
#define PHDR_CHUNK 8u
#define PHDR_MAX_SIZE 56u

/* Where ELF32 and ELF64 keep the fields the check reads. */
struct elf_layout {
	uint32_t ehdr_size, phdr_size; /* bytes of the ELF header and of a program header */
	uint32_t e_phoff, e_phentsize, e_phnum, word; /* header fields; word: bytes of e_phoff */
	uint32_t p_flags;              /* offset of p_flags in a program header */
};

static const struct elf_layout layout32 = { 52, 32, 28, 42, 44, 4, 24 };
static const struct elf_layout layout64 = { 64, 56, 32, 54, 56, 8, 4 };

/* The n-byte (2, 4 or 8) integer at p in the file's byte order. */
static uint64_t field(const uint8_t *p, unsigned n, bool msb)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)p[msb ? n - 1 - i : i] << (8 * i);
	return v;
}

__attribute__((format(printf, 4, 5)))
static int refuse(struct elf_verdict *v, enum elf_problem problem, int code, const char *fmt, ...)
{
	va_list ap;

	v->problem = problem;
	va_start(ap, fmt);
	vsnprintf(v->why, sizeof(v->why), fmt, ap);
	va_end(ap);
	return code;
}

static int unreadable(struct elf_verdict *v, int rc, uint64_t off)
{
	return refuse(v, ELF_PROBLEM_UNREADABLE, rc, "cannot be read at offset %llu: %s",
		      (unsigned long long)off, strerror(-rc));
}

/* Reads the count program headers at off and applies the rules to them. */
static int check_phdrs(const struct elf_file *f, const struct elf_layout *l, bool msb,
		       uint64_t off, uint32_t count, struct elf_verdict *v)
{
	uint8_t buf[PHDR_CHUNK * PHDR_MAX_SIZE];
	bool gnu_stack = false;

	for (uint32_t first = 0; first < count; first += PHDR_CHUNK) {
		uint32_t n = count - first < PHDR_CHUNK ? count - first : PHDR_CHUNK;
		uint64_t at = off + (uint64_t)first * l->phdr_size;
		int rc = f->read(f->ctx, at, buf, n * l->phdr_size);

		if (rc != 0)
			return unreadable(v, rc, at);
		for (uint32_t i = 0; i < n; i++) {
			const uint8_t *p = buf + i * l->phdr_size;
			uint32_t type = (uint32_t)field(p, 4, msb);
			uint32_t flags = (uint32_t)field(p + l->p_flags, 4, msb);

			if (type == PT_GNU_STACK && (flags & PF_X))
				return refuse(v, ELF_PROBLEM_EXEC_STACK, -EPERM,
					      "asks for an executable stack");
			if (type == PT_LOAD && (flags & (PF_W | PF_X)) == (PF_W | PF_X))
				return refuse(v, ELF_PROBLEM_WRITABLE_EXEC, -EPERM,
					      "asks for a writable and executable segment "
					      "(program header %u)", first + i);
			gnu_stack |= type == PT_GNU_STACK;
		}
	}
	if (!gnu_stack)
		return refuse(v, ELF_PROBLEM_NO_GNU_STACK, -EPERM,
			      "has no PT_GNU_STACK, so ARM Linux would make its stack and all "
			      "readable memory executable");
	return 0;
}

int elf_check(const struct elf_file *f, struct elf_verdict *v)
{
	uint8_t eh[EHDR_MAX];
	uint32_t n = f->size < EHDR_MAX ? (uint32_t)f->size : EHDR_MAX;
	const struct elf_layout *l;
	uint64_t phoff;
	uint32_t phentsize, phnum, type;
	bool msb;
	int rc;

	memset(v, 0, sizeof(*v));
	if (n < 4)
		return ELF_CHECK_NOT_ELF;
	rc = f->read(f->ctx, 0, eh, n);
	if (rc != 0)
		return unreadable(v, rc, 0);
	if (memcmp(eh, ELF_MAGIC, 4) != 0)
		return ELF_CHECK_NOT_ELF;
	if (n <= EI_DATA)
		return refuse(v, ELF_PROBLEM_MALFORMED, -EINVAL,
			      "is a malformed ELF file: it ends inside its header");
	if (eh[EI_CLASS] == ELF_CHECK_CLASS32 || eh[EI_CLASS] == ELF_CHECK_CLASS64)
		v->elf_class = eh[EI_CLASS];
	if (eh[EI_DATA] == ELF_CHECK_LSB || eh[EI_DATA] == ELF_CHECK_MSB)
		v->byte_order = eh[EI_DATA];
	if (!v->elf_class || !v->byte_order)
		return refuse(v, ELF_PROBLEM_MALFORMED, -EINVAL,
			      "is a malformed ELF file: unknown %s %u",
			      !v->elf_class ? "class" : "byte order",
			      !v->elf_class ? eh[EI_CLASS] : eh[EI_DATA]);
	l = v->elf_class == ELF_CHECK_CLASS32 ? &layout32 : &layout64;
	msb = v->byte_order == ELF_CHECK_MSB;
	if (n < l->ehdr_size)
		return refuse(v, ELF_PROBLEM_MALFORMED, -EINVAL,
			      "is a malformed ELF file: it ends inside its header");
	type = (uint32_t)field(eh + E_TYPE, 2, msb);
	if (type != ET_EXEC && type != ET_DYN)
		return 0; /* Linux neither executes nor loads it */
	phoff = field(eh + l->e_phoff, l->word, msb);
	phentsize = (uint32_t)field(eh + l->e_phentsize, 2, msb);
	phnum = (uint32_t)field(eh + l->e_phnum, 2, msb);
	if (phentsize != l->phdr_size)
		return refuse(v, ELF_PROBLEM_MALFORMED, -EINVAL,
			      "is a malformed ELF file: program headers of %u bytes, expected %u",
			      phentsize, l->phdr_size);
	if (phnum == 0 || phnum * phentsize > ELF_CHECK_PHDR_TABLE_MAX)
		return refuse(v, ELF_PROBLEM_MALFORMED, -EINVAL,
			      "is a malformed ELF file: %u program headers (Linux loads 1 to %u)",
			      phnum, ELF_CHECK_PHDR_TABLE_MAX / phentsize);
	if (phoff > f->size || phnum * phentsize > f->size - phoff)
		return refuse(v, ELF_PROBLEM_MALFORMED, -EINVAL,
			      "is a malformed ELF file: program headers at offset %llu pass its end",
			      (unsigned long long)phoff);
	return check_phdrs(f, l, msb, phoff, phnum, v);
}

struct mem_file {
	const uint8_t *data;
	size_t len;
};

static int mem_read(void *ctx, uint64_t off, void *buf, uint32_t len)
{
	const struct mem_file *m = ctx;

	if (off > m->len || len > m->len - off)
		return -ENODATA;
	memcpy(buf, m->data + off, len);
	return 0;
}

int elf_check_mem(const void *data, size_t len, struct elf_verdict *v)
{
	struct mem_file m = { data, len };
	struct elf_file f = { mem_read, &m, len };

	return elf_check(&f, v);
}

const char *elf_problem_fix(enum elf_problem p)
{
	switch (p) {
	case ELF_PROBLEM_EXEC_STACK:
	case ELF_PROBLEM_NO_GNU_STACK:
		return "link it with -z noexecstack";
	case ELF_PROBLEM_WRITABLE_EXEC:
		return "do not link it with -N/--omagic or a linker script that puts code and "
		       "data in one segment";
	case ELF_PROBLEM_FOREIGN:
		return "build it for 32-bit little-endian ARM";
	default:
		return NULL;
	}
}
