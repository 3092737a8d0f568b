/*
 * os_desc.h - the signed OS image description (docs/os-image.md): what the
 * OS in flash bank 0 is, part by part (boot stub, device tree, kernel, root
 * filesystem, each by its size and SHA-256), with the OS version and
 * security version, signed by an OS vendor key. `spherule os-image pack` and
 * `spherule flash build` write it (os_desc_build(), spherule/pkg_host.h);
 * secmon parses and checks it before the board powers on.
 *
 * Fixed-size fields, little-endian, every count bounded; a description is at
 * most OS_DESC_MAX bytes and is copied into struct os_desc: nothing is
 * allocated.
 */
#ifndef SPHERULE_OS_DESC_H
#define SPHERULE_OS_DESC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spherule/pkg.h"

#define OS_DESC_MAGIC "SPOD"
#define OS_DESC_FORMAT_VERSION 1u
#define OS_DESC_HEADER_SIZE 24u
#define OS_DESC_PART_SIZE 40u
#define OS_DESC_PARTS_MAX 8u
#define OS_DESC_MAX (OS_DESC_HEADER_SIZE + OS_DESC_PARTS_MAX * OS_DESC_PART_SIZE + PKG_SIGNATURE_SIZE)

/* The parts of an OS, in flash order; each names the partition (MTD label)
 * it occupies, from its first byte. */
enum os_part_id {
	OS_PART_BOOT = 1,
	OS_PART_DTB = 2,
	OS_PART_KERNEL = 3,
	OS_PART_ROOTFS = 4,
};
#define OS_PART_FIRST OS_PART_BOOT
#define OS_PART_LAST OS_PART_ROOTFS

struct os_desc_part {
	uint16_t id;    /* enum os_part_id */
	uint32_t size;  /* bytes of the part at the start of its partition, > 0 */
	uint8_t sha256[32];
};

struct os_desc {
	uint32_t size; /* bytes of the description, its signature included */
	uint32_t version;
	uint32_t security_version;
	uint16_t part_count;
	struct os_desc_part parts[OS_DESC_PARTS_MAX]; /* ids strictly ascending */
	uint8_t thumbprint[PKG_THUMBPRINT_SIZE];      /* of the key it names */
	uint8_t signature[PKG_RAW_SIGNATURE_SIZE];    /* r || s over bytes [0, signed_size) */
	uint32_t signed_size;
	uint8_t bytes[OS_DESC_MAX]; /* what was parsed is what is verified */
};

/*
 * Parses the description at the start of buf (len bytes readable; a flash
 * partition may hold more after it). 0, or -ENODATA truncated, -EINVAL
 * malformed (the reason in err).
 */
int os_desc_parse(const uint8_t *buf, size_t len, struct os_desc *d, struct error_detail *err);

/*
 * Checks the signature of a parsed description with pubkey: 0, -ENOKEY if
 * pubkey is not the key it names, -EBADMSG if it does not verify, -EINVAL
 * for a point not on P-256.
 */
int os_desc_verify(const struct os_desc *d, const uint8_t pubkey[PKG_PUBKEY_SIZE],
		   struct error_detail *err);

/* The part id of a description, or NULL when it does not name it. */
const struct os_desc_part *os_desc_find(const struct os_desc *d, uint16_t id);

/* True when data (len bytes) is the part described: its size and SHA-256. */
bool os_desc_part_matches(const struct os_desc_part *part, const uint8_t *data, size_t len);

/* The partition name of a part id ("boot", "dtb", "kernel", "rootfs") or "unknown". */
const char *os_part_name(uint16_t id);

#endif
