/*
 * os_parts.h - the OS that `spherule flash build` lays out in bank 0 and
 * `spherule os-image pack` describes: the boot stub, device tree and kernel
 * from an OS directory (boot.bin, board.dtb, xipImage) and the root
 * filesystem, an XIP cramfs built from a tree. The same inputs give the
 * same bytes, so a description packed from them matches the flash built
 * from them (docs/os-image.md).
 */
#ifndef SPHERULE_OS_PARTS_H
#define SPHERULE_OS_PARTS_H

#include <stddef.h>
#include <stdint.h>

#include "spherule/pkg_host.h"

#define OS_PART_COUNT 4u /* OS_PART_BOOT..OS_PART_ROOTFS */

struct os_parts {
	uint8_t *data[OS_PART_COUNT]; /* by id - 1, malloc()ed */
	size_t len[OS_PART_COUNT];
};

/* The build's OS directory (out/os/qemu-armv7) and root filesystem tree
 * (out/device/rootfs), the defaults of --os-dir and --rootfs-dir. */
void os_parts_default_dirs(const char **os_dir, const char **rootfs_dir);

/* Loads the boot stub, device tree and kernel from os_dir and builds the root
 * filesystem of rootfs_dir: 0 or -1 after cli_fail(command, ...). */
int os_parts_load(const char *command, const char *os_dir, const char *rootfs_dir, struct os_parts *p);
void os_parts_free(struct os_parts *p);

/* The signed description of the parts into desc (OS_DESC_MAX bytes), its size
 * to *size: 0 or -1 after cli_fail(command, ...). */
int os_parts_describe(const char *command, const struct os_parts *p, EVP_PKEY *key, uint32_t version,
		      uint32_t security_version, uint8_t *desc, uint32_t *size);

/* The OS image file (docs/os-image.md, *OS image file*): the description
 * (size bytes of desc) then each part in id order, into a malloc()ed *image
 * of *len bytes: 0 or -ENOMEM. */
int os_parts_image(const struct os_parts *p, const uint8_t *desc, uint32_t size, uint8_t **image, size_t *len);

/* 0 if d describes exactly these parts, else -EBADMSG with the first part
 * that differs in why. */
int os_parts_match(const struct os_parts *p, const struct os_desc *d, struct error_detail *why);

#endif
