/* pkg_check_elf.c - the executable-memory check of an application image's
 * files (see pkg_check_elf.h). */
#include "spherule/pkg_check_elf.h"

#include <errno.h>
#include <stdio.h>

#include "cramfs_walk.h"
#include "pkg_internal.h"

/* Longest file path put in a refusal; the reason follows it. */
#define PATH_SHOWN 96u

struct check_state {
	enum elf_problem *problem;
	struct error_detail *err;
};

static int check_file(const struct cramfs_walk_file *f, void *ctx)
{
	struct check_state *s = ctx;
	struct elf_file file = { cramfs_walk_file_read, (void *)f, f->size };
	struct elf_verdict v;
	char path[PATH_SHOWN];
	int rc = elf_check(&file, &v);

	if (rc == ELF_CHECK_NOT_ELF)
		return 0;
	if (rc == 0 && (v.elf_class != ELF_CHECK_CLASS32 || v.byte_order != ELF_CHECK_LSB)) {
		v.problem = ELF_PROBLEM_FOREIGN;
		snprintf(v.why, sizeof(v.why), "is a %s ELF file, which the device's kernel would "
			 "read as 32-bit little-endian",
			 v.elf_class != ELF_CHECK_CLASS32 ? "64-bit" : "big-endian");
		rc = -EPERM;
	}
	if (rc == 0)
		return 0;
	cramfs_walk_file_path(f, path, sizeof(path));
	*s->problem = v.problem;
	return error_detail_set(s->err, rc, "%s %s", path, v.why);
}

int pkg_check_elf_files(const struct pkg_source *src, uint32_t payload_size,
			enum elf_problem *problem, struct error_detail *err)
{
	struct check_state s = { problem, err };
	struct cramfs_walk walk;

	*problem = ELF_PROBLEM_NONE;
	return cramfs_walk_files(&walk, src, payload_size, check_file, &s, err);
}
