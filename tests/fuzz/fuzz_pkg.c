/*
 * fuzz_pkg.c - libFuzzer target for the parsers of outside input in pkg/:
 * pkg_open() over the input as a file and as a flash slot (then the
 * package's compiled manifest), manifest_parse() over the raw input, and
 * the executable-memory checks: elf_check() over the input as one file and
 * pkg_check_elf_files() over it as a cramfs payload.
 * Build and run: make fuzz-pkg && out/fuzz/fuzz_pkg -max_total_time=60
 */
#include <stdint.h>
#include <string.h>

#include "spherule/elf_check.h"
#include "spherule/manifest.h"
#include "spherule/pkg_check_elf.h"
#include "spherule/pkg.h"

struct fuzz_input {
	const uint8_t *data;
	size_t size;
};

static int fuzz_read(void *ctx, uint32_t off, void *buf, uint32_t len)
{
	const struct fuzz_input *in = ctx;

	if (off > in->size || len > in->size - off)
		__builtin_trap(); /* pkg_open read outside the bounds it was given */
	memcpy(buf, in->data + off, len);
	return 0;
}

static int fuzz_elf_read(void *ctx, uint64_t off, void *buf, uint32_t len)
{
	const struct fuzz_input *in = ctx;

	if (off > in->size || len > in->size - off)
		__builtin_trap(); /* elf_check read outside the file it was given */
	memcpy(buf, in->data + off, len);
	return 0;
}

static struct pkg_image img;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	struct error_detail err;
	struct manifest m;

	if (size > PKG_DEFAULT_MAX_SIZE)
		return 0;
	for (int slot = 0; slot < 2; slot++) {
		struct pkg_source src = { .read = fuzz_read, .ctx = &in, .size = (uint32_t)size,
					  .trailing_ok = slot };
		if (pkg_open(&src, &img, &err) == 0 && img.manifest)
			pkg_image_manifest(&img, &m, &err);
	}
	manifest_parse(data, size, &m, &err);

	struct elf_file elf = { fuzz_elf_read, &in, size };
	struct pkg_source payload = { .read = fuzz_read, .ctx = &in, .size = (uint32_t)size };
	struct elf_verdict v;
	enum elf_problem problem;

	elf_check(&elf, &v);
	pkg_check_elf_files(&payload, (uint32_t)size, &problem, &err);
	return 0;
}
