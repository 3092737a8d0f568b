/*
 * pkg_check_elf.h - the executable-memory check of an application image:
 * every regular file of its cramfs payload that starts with the ELF magic
 * must pass elf_check() (no executable stack, a PT_GNU_STACK, no writable
 * and executable segment) and be a 32-bit little-endian ELF file: Linux on
 * 32-bit ARM reads every ELF file that way whatever its header says, so a
 * file declaring another class or byte order could mean something else to
 * the kernel than to the check. Used by `spherule image-package
 * pack-application` on the image it built and by appmgr on a verified slot,
 * reading through the package source in bounded memory (cramfs_walk.h and
 * elf_check.h): about 1.6 KiB of stack on armhf, nothing static, nothing
 * allocated.
 */
#ifndef SPHERULE_PKG_CHECK_ELF_H
#define SPHERULE_PKG_CHECK_ELF_H

#include <stdint.h>

#include "spherule/elf_check.h"
#include "spherule/pkg.h"

/*
 * Checks the files of the cramfs image in the first payload_size bytes of
 * src. Returns 0, or a negative errno with err->msg naming the first file
 * refused and why ("bin/bad asks for an executable stack") and *problem
 * saying which rule it broke; *problem is ELF_PROBLEM_NONE when the image
 * itself cannot be walked (err->msg says why).
 */
int pkg_check_elf_files(const struct pkg_source *src, uint32_t payload_size,
			enum elf_problem *problem, struct error_detail *err);

#endif
