/*
 * os_parts.c - loading, building and describing the OS parts of bank 0
 * (os_parts.h).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cramfs_build.h"
#include "flash_file.h"
#include "flash_layout.h"
#include "os_parts.h"

void os_parts_default_dirs(const char **os_dir, const char **rootfs_dir)
{
	static char os[PATH_MAX], rootfs[PATH_MAX];

	cli_build_path(os, sizeof(os), "os/qemu-armv7");
	cli_build_path(rootfs, sizeof(rootfs), "device/rootfs");
	*os_dir = os;
	*rootfs_dir = rootfs;
}

/* The root filesystem: the tree packed as an XIP cramfs. */
static int build_rootfs(const char *command, const char *rootfs_dir, uint8_t **image, size_t *len)
{
	struct cramfs_build_opts opts = { .max_size = FLASH_ROOTFS_SIZE, .volume_name = "spherule-os" };
	struct error_detail err = { "" };

	if (cramfs_build_dir_mem(rootfs_dir, &opts, image, len, NULL, &err))
		return cli_fail(command, "root filesystem: %s", err.msg);
	return 0;
}

int os_parts_load(const char *command, const char *os_dir, const char *rootfs_dir, struct os_parts *p)
{
	static const struct {
		const char *name;
		size_t max;
	} files[] = {
		{ "boot.bin", FLASH_BOOT_SIZE },
		{ "board.dtb", FLASH_DTB_SIZE },
		{ "xipImage", FLASH_KERNEL_SIZE },
	};
	int ret = 0;

	memset(p, 0, sizeof(*p));
	for (unsigned i = 0; !ret && i < sizeof(files) / sizeof(files[0]); i++) {
		char path[PATH_MAX];

		snprintf(path, sizeof(path), "%s/%s", os_dir, files[i].name);
		ret = flash_area_file_load(command, path, files[i].max, &p->data[i], &p->len[i]);
	}
	if (!ret)
		ret = build_rootfs(command, rootfs_dir, &p->data[OS_PART_ROOTFS - 1], &p->len[OS_PART_ROOTFS - 1]);
	if (ret)
		os_parts_free(p);
	return ret;
}

void os_parts_free(struct os_parts *p)
{
	for (unsigned i = 0; i < OS_PART_COUNT; i++) {
		free(p->data[i]);
		p->data[i] = NULL;
	}
}

int os_parts_describe(const char *command, const struct os_parts *p, EVP_PKEY *key, uint32_t version,
		      uint32_t security_version, uint8_t *desc, uint32_t *size)
{
	struct os_desc_input in[OS_PART_COUNT];
	struct error_detail err = { "" };

	for (unsigned i = 0; i < OS_PART_COUNT; i++)
		in[i] = (struct os_desc_input){ (uint16_t)(OS_PART_FIRST + i), p->data[i], (uint32_t)p->len[i] };
	if (os_desc_build(in, OS_PART_COUNT, version, security_version, key, desc, size, &err) < 0)
		return cli_fail(command, "OS description: %s", err.msg);
	return 0;
}

int os_parts_match(const struct os_parts *p, const struct os_desc *d, struct error_detail *why)
{
	for (unsigned i = 0; i < OS_PART_COUNT; i++) {
		uint16_t id = (uint16_t)(OS_PART_FIRST + i);
		const struct os_desc_part *part = os_desc_find(d, id);

		if (!part)
			return error_detail_set(why, -EBADMSG, "it does not describe the %s", os_part_name(id));
		if (!os_desc_part_matches(part, p->data[i], p->len[i]))
			return error_detail_set(why, -EBADMSG,
						"its %s is not the one laid out (%u bytes described, %zu laid out, the SHA-256 %s)",
						os_part_name(id), part->size, p->len[i],
						part->size == p->len[i] ? "differs" : "not compared");
	}
	return 0;
}

int os_parts_image(const struct os_parts *p, const uint8_t *desc, uint32_t size, uint8_t **image, size_t *len)
{
	size_t at = size;

	*len = size;
	for (unsigned i = 0; i < OS_PART_COUNT; i++)
		*len += p->len[i];
	*image = malloc(*len);
	if (!*image)
		return -ENOMEM;
	memcpy(*image, desc, size);
	for (unsigned i = 0; i < OS_PART_COUNT; i++) {
		memcpy(*image + at, p->data[i], p->len[i]);
		at += p->len[i];
	}
	return 0;
}
