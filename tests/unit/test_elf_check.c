/*
 * test_elf_check.c - unit tests of elf_check() (pkg/elf_check.c): every
 * refusal and every malformed header on crafted ELF32 and ELF64 files of
 * both byte orders, files that are not ELF, a failing read callback, that
 * no read leaves the file, and the static musl program the tree builds
 * (TEST_HELLO_BIN), whole and cut short. TAP output.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spherule/elf_check.h"
#include "tap.h"
#include "test_elf_craft.h"

#define BUF 8192u

static uint8_t buf[BUF];

/* elf_check_mem() of buf[0..len) must return want with the reason why
 * (NULL: any) and problem p. */
static void expect(size_t len, int want, enum elf_problem p, const char *why, const char *name)
{
	struct elf_verdict v;
	int rc = elf_check_mem(buf, len, &v);
	int ok = rc == want && v.problem == p && (!why || strcmp(v.why, why) == 0);

	if (!ok)
		printf("# rc %d (want %d), problem %d (want %d), why \"%s\"\n", rc, want, v.problem,
		       p, v.why);
	tap_ok(ok, "%s", name);
}

static size_t craft(uint8_t elf_class, uint8_t order, const struct elf_phdr_spec *ph, unsigned n)
{
	struct elf_spec s = { elf_class, order, T_ET_EXEC, n, ph };

	return elf_craft(buf, sizeof(buf), &s);
}

static void test_rules(uint8_t elf_class, uint8_t order, const char *kind)
{
	const struct elf_phdr_spec exec_stack[] = {
		{ T_PT_LOAD, T_PF_R | T_PF_X }, { T_PT_GNU_STACK, T_PF_R | T_PF_W | T_PF_X } };
	const struct elf_phdr_spec no_stack[] = {
		{ T_PT_LOAD, T_PF_R | T_PF_X }, { T_PT_LOAD, T_PF_R | T_PF_W } };
	const struct elf_phdr_spec rwx[] = {
		{ T_PT_GNU_STACK, T_PF_R | T_PF_W }, { T_PT_LOAD, T_PF_R | T_PF_W | T_PF_X } };
	const struct elf_phdr_spec wx_stack[] = { { T_PT_GNU_STACK, T_PF_W | T_PF_X } };
	struct elf_verdict v;
	size_t len;
	char name[96];

	len = craft(elf_class, order, elf_good_phdrs, 3);
	snprintf(name, sizeof(name), "%s: text R+X, data RW, stack RW accepted", kind);
	expect(len, 0, ELF_PROBLEM_NONE, "", name);
	elf_check_mem(buf, len, &v);
	tap_ok(v.elf_class == elf_class && v.byte_order == order, "%s: class and byte order reported",
	       kind);
	elf_put(buf + 16, 2, T_ET_DYN, order);
	snprintf(name, sizeof(name), "%s: a correct ET_DYN accepted", kind);
	expect(len, 0, ELF_PROBLEM_NONE, "", name);

	len = craft(elf_class, order, exec_stack, 2);
	snprintf(name, sizeof(name), "%s: PT_GNU_STACK with PF_X refused", kind);
	expect(len, -EPERM, ELF_PROBLEM_EXEC_STACK, "asks for an executable stack", name);
	len = craft(elf_class, order, wx_stack, 1);
	snprintf(name, sizeof(name), "%s: PT_GNU_STACK with PF_X and no PF_R refused", kind);
	expect(len, -EPERM, ELF_PROBLEM_EXEC_STACK, "asks for an executable stack", name);
	len = craft(elf_class, order, no_stack, 2);
	snprintf(name, sizeof(name), "%s: no PT_GNU_STACK refused", kind);
	expect(len, -EPERM, ELF_PROBLEM_NO_GNU_STACK,
	       "has no PT_GNU_STACK, so ARM Linux would make its stack and all readable memory "
	       "executable", name);
	len = craft(elf_class, order, rwx, 2);
	snprintf(name, sizeof(name), "%s: a PT_LOAD with PF_W and PF_X refused, numbered", kind);
	expect(len, -EPERM, ELF_PROBLEM_WRITABLE_EXEC,
	       "asks for a writable and executable segment (program header 1)", name);
}

/* Many program headers: the check reads them a few at a time. */
static void test_many_phdrs(void)
{
	struct elf_phdr_spec ph[128];
	size_t len;

	for (unsigned i = 0; i < 128; i++)
		ph[i] = (struct elf_phdr_spec){ T_PT_NOTE, T_PF_R };
	ph[0] = elf_good_phdrs[0];
	ph[127] = elf_good_phdrs[2];
	len = craft(1, 1, ph, 128);
	expect(len, 0, ELF_PROBLEM_NONE, "", "128 program headers (4096 bytes), stack in the last: accepted");
	ph[127].flags |= T_PF_X;
	len = craft(1, 1, ph, 128);
	expect(len, -EPERM, ELF_PROBLEM_EXEC_STACK, NULL, "executable stack in the 128th header found");
	ph[127] = elf_good_phdrs[2];
	ph[70] = (struct elf_phdr_spec){ T_PT_LOAD, T_PF_W | T_PF_X };
	len = craft(1, 1, ph, 128);
	expect(len, -EPERM, ELF_PROBLEM_WRITABLE_EXEC,
	       "asks for a writable and executable segment (program header 70)",
	       "W+X segment in a later chunk found and numbered");
	ph[70] = ph[1];
	len = craft(2, 1, ph, 73);
	expect(len, -EPERM, ELF_PROBLEM_NO_GNU_STACK, NULL, "ELF64 with 73 headers and no stack");
}

static void test_malformed(void)
{
	struct elf_offsets o32 = elf_offsets(1), o64 = elf_offsets(2);
	size_t len;

	len = craft(1, 1, elf_good_phdrs, 3);
	expect(5, -EINVAL, ELF_PROBLEM_MALFORMED, "is a malformed ELF file: it ends inside its header",
	       "5 bytes of ELF: malformed");
	expect(40, -EINVAL, ELF_PROBLEM_MALFORMED, "is a malformed ELF file: it ends inside its header",
	       "ELF32 cut inside its header: malformed");
	buf[4] = 3;
	expect(len, -EINVAL, ELF_PROBLEM_MALFORMED, "is a malformed ELF file: unknown class 3",
	       "unknown class: malformed");
	buf[4] = 1;
	buf[5] = 0;
	expect(len, -EINVAL, ELF_PROBLEM_MALFORMED, "is a malformed ELF file: unknown byte order 0",
	       "unknown byte order: malformed");
	buf[5] = 1;
	elf_put(buf + o32.phentsize, 2, 40, 1);
	expect(len, -EINVAL, ELF_PROBLEM_MALFORMED,
	       "is a malformed ELF file: program headers of 40 bytes, expected 32",
	       "wrong e_phentsize: malformed");
	elf_put(buf + o32.phentsize, 2, 32, 1);
	elf_put(buf + o32.phnum, 2, 0, 1);
	expect(len, -EINVAL, ELF_PROBLEM_MALFORMED,
	       "is a malformed ELF file: 0 program headers (Linux loads 1 to 128)",
	       "no program headers: malformed");
	elf_put(buf + o32.phnum, 2, 129, 1);
	expect(sizeof(buf), -EINVAL, ELF_PROBLEM_MALFORMED,
	       "is a malformed ELF file: 129 program headers (Linux loads 1 to 128)",
	       "more program headers than Linux reads: malformed");
	elf_put(buf + o32.phnum, 2, 0xffff, 1);
	expect(sizeof(buf), -EINVAL, ELF_PROBLEM_MALFORMED, NULL, "e_phnum PN_XNUM: malformed");
	elf_put(buf + o32.phnum, 2, 3, 1);
	expect(len - 1, -EINVAL, ELF_PROBLEM_MALFORMED,
	       "is a malformed ELF file: program headers at offset 52 pass its end",
	       "last program header cut short: malformed");
	elf_put(buf + o32.phoff, 4, 0xffffffffu, 1);
	expect(len, -EINVAL, ELF_PROBLEM_MALFORMED, NULL, "e_phoff past the end: malformed");

	len = craft(2, 1, elf_good_phdrs, 3);
	elf_put(buf + o64.phoff, 8, UINT64_MAX - 16, 1);
	expect(len, -EINVAL, ELF_PROBLEM_MALFORMED, NULL,
	       "ELF64 e_phoff near 2^64 (offset + size wraps): malformed");
	expect(60, -EINVAL, ELF_PROBLEM_MALFORMED, NULL, "ELF64 cut inside its 64-byte header: malformed");
}

static void test_not_elf(void)
{
	const struct elf_spec rel = { 1, 1, T_ET_REL, 0, NULL };
	size_t len;

	memcpy(buf, "#!/bin/sh\n", 10);
	expect(10, ELF_CHECK_NOT_ELF, ELF_PROBLEM_NONE, "", "a script is not an ELF file");
	expect(0, ELF_CHECK_NOT_ELF, ELF_PROBLEM_NONE, "", "an empty file is not an ELF file");
	memcpy(buf, "\177ELF", 4);
	expect(3, ELF_CHECK_NOT_ELF, ELF_PROBLEM_NONE, "", "3 bytes of the magic are not an ELF file");
	len = elf_craft(buf, sizeof(buf), &rel);
	expect(len, 0, ELF_PROBLEM_NONE, "", "ET_REL without program headers: not loaded, accepted");
	tap_ok(elf_problem_fix(ELF_PROBLEM_EXEC_STACK) && elf_problem_fix(ELF_PROBLEM_NO_GNU_STACK) &&
		       strstr(elf_problem_fix(ELF_PROBLEM_NO_GNU_STACK), "-z noexecstack") &&
		       strstr(elf_problem_fix(ELF_PROBLEM_WRITABLE_EXEC), "-N") &&
		       !elf_problem_fix(ELF_PROBLEM_MALFORMED),
	       "each W^X refusal has its fix");
}

/* A read callback over buf that fails reads leaving the file or the fail_at
 * offset, and counts them. */
struct strict_file {
	size_t size;
	uint64_t fail_at;
	unsigned outside;
};

static int strict_read(void *ctx, uint64_t off, void *out, uint32_t len)
{
	struct strict_file *f = ctx;

	if (off > f->size || len > f->size - off) {
		f->outside++;
		return -EFAULT;
	}
	if (off <= f->fail_at && f->fail_at < off + len)
		return -EIO;
	memcpy(out, buf + off, len);
	return 0;
}

static void test_reads(void)
{
	struct strict_file sf = { 0, UINT64_MAX, 0 };
	struct elf_file f = { strict_read, &sf, 0 };
	struct elf_verdict v;
	int rc;

	sf.size = f.size = craft(1, 1, elf_good_phdrs, 3);
	sf.fail_at = 100; /* in the program headers, past the 64 bytes read first */
	rc = elf_check(&f, &v);
	tap_ok(rc == -EIO && v.problem == ELF_PROBLEM_UNREADABLE &&
		       strcmp(v.why, "cannot be read at offset 52: Input/output error") == 0,
	       "a failing read is reported with its offset and errno (%s)", v.why);
	sf.fail_at = UINT64_MAX;
	for (size_t cut = 0; cut <= sf.size; cut++) {
		sf.size = f.size = cut;
		elf_check(&f, &v);
	}
	tap_ok(sf.outside == 0, "no read leaves the file, whatever its length");
}

static void test_real_program(void)
{
	FILE *fp = fopen(TEST_HELLO_BIN, "rb");
	size_t len = fp ? fread(buf, 1, sizeof(buf), fp) : 0;
	struct elf_verdict v;

	if (fp)
		fclose(fp);
	if (len < 64) {
		tap_ok(0, "%s readable (build it first)", TEST_HELLO_BIN);
		return;
	}
	/* Only the headers matter: the first 8 KiB hold them. */
	tap_ok(elf_check_mem(buf, len, &v) == 0 && v.elf_class == ELF_CHECK_CLASS32 &&
		       v.byte_order == ELF_CHECK_LSB,
	       "%s (static musl, armhf) accepted as 32-bit little-endian", TEST_HELLO_BIN);
	expect(52, -EINVAL, ELF_PROBLEM_MALFORMED,
	       "is a malformed ELF file: program headers at offset 52 pass its end",
	       "the same program cut after its ELF header: malformed");
}

int main(void)
{
	test_rules(1, 1, "ELF32 LE");
	test_rules(2, 1, "ELF64 LE");
	test_rules(1, 2, "ELF32 BE");
	test_rules(2, 2, "ELF64 BE");
	test_many_phdrs();
	test_malformed();
	test_not_elf();
	test_reads();
	test_real_program();
	return tap_done();
}
