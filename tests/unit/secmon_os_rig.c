/*
 * secmon_os_rig.c - the device of secmon's OS slot tests (secmon_os_rig.h).
 */
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "counter.h"
#include "durable_file.h"
#include "flash_layout.h"
#include "os_slots.h"
#include "os_update.h"
#include "secmon_os_rig.h"
#include "spherule/pkg_host.h"

/* Sizes that end inside, and span, erase sectors and secmon's 64 KiB reads. */
static const uint32_t part_sizes[] = { 1000, 2000, 300000, 500000 };
static const uint32_t part_offsets[] = { FLASH_BOOT_OFFSET, FLASH_DTB_OFFSET, FLASH_KERNEL_OFFSET,
					 FLASH_ROOTFS_OFFSET };
#define PARTS 4u

void rig_bail(const char *what)
{
	printf("Bail out! %s\n", what);
	exit(1);
}

static void put(struct os_rig *r, const void *data, size_t len, off_t off)
{
	if (pwrite(r->fd, data, len, off) != (ssize_t)len)
		rig_bail("pwrite");
}

/* Erases len bytes at base: only the chunks that are not erased yet are written. */
void rig_erase(struct os_rig *r, uint32_t base, uint32_t len)
{
	static uint8_t erased[1 << 20], have[1 << 20];

	memset(erased, 0xff, sizeof(erased));
	for (uint32_t at = 0; at < len; at += sizeof(erased)) {
		size_t n = len - at < sizeof(erased) ? len - at : sizeof(erased);

		if (pread(r->fd, have, n, (off_t)base + at) != (ssize_t)n || memcmp(have, erased, n))
			put(r, erased, n, (off_t)base + at);
	}
}

void rig_os_image(struct os_rig *r, uint32_t version, uint32_t svn, uint8_t *buf, uint8_t desc_sha256[32])
{
	struct os_desc_input in[PARTS];
	struct error_detail err = { "" };
	uint8_t desc[OS_DESC_MAX];
	uint32_t size;

	memset(buf, 0xff, OS_UPDATE_COPY_SIZE);
	for (unsigned i = 0; i < PARTS; i++) {
		uint8_t *p = buf + part_offsets[i] - FLASH_BANK0_OFFSET;

		for (uint32_t b = 0; b < part_sizes[i]; b++)
			p[b] = (uint8_t)(b * 7 + i + version * 13);
		in[i] = (struct os_desc_input){ (uint16_t)(OS_PART_FIRST + i), p, part_sizes[i] };
	}
	if (os_desc_build(in, PARTS, version, svn, r->vendor, desc, &size, &err))
		rig_bail(err.msg);
	memcpy(buf + FLASH_OSDESC_OFFSET - FLASH_BANK0_OFFSET, desc, size);
	if (crypto_sha256(desc, size, desc_sha256) < 0)
		rig_bail("sha256");
}

void rig_put_os(struct os_rig *r, uint32_t base, uint32_t version, uint32_t svn)
{
	static uint8_t image[OS_UPDATE_COPY_SIZE];
	uint8_t digest[32];

	rig_os_image(r, version, svn, image, digest);
	put(r, image, sizeof(image), base);
}

void rig_open(struct os_rig *r, const char *name)
{
	struct secmon_key_set sets[SECMON_KEY_SETS] = { 0 };
	EVP_PKEY *oem = pkg_key_generate(NULL);
	struct error_detail err = { "" };
	uint8_t point[PKG_PUBKEY_SIZE];
	char id[65];

	memset(r, 0, sizeof(*r));
	snprintf(r->dir, sizeof(r->dir), "/tmp/%s.XXXXXX", name);
	if (!mkdtemp(r->dir))
		rig_bail("mkdtemp");
	snprintf(r->flash, sizeof(r->flash), "%s/device.flash", r->dir);
	snprintf(r->store_path, sizeof(r->store_path), "%s" SECMON_STORE_SUFFIX, r->flash);
	r->vendor = pkg_key_generate(NULL);
	if (!r->vendor || !oem || pkg_key_point(r->vendor, point, &err) ||
	    secmon_key_set_add(&sets[SECMON_VENDOR_KEYS], point, &err) || pkg_key_point(oem, point, &err) ||
	    secmon_key_set_add(&sets[SECMON_OEM_KEYS], point, &err))
		rig_bail("keys");
	EVP_PKEY_free(oem);
	if (secmon_store_manufacture(r->store_path, sets, false, id, &err) ||
	    secmon_store_open(r->store_path, true, &r->store, &err))
		rig_bail(err.msg);
	r->fd = open(r->flash, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (r->fd < 0 || ftruncate(r->fd, FLASH_FILE_SIZE) < 0)
		rig_bail("flash file");
	rig_erase(r, FLASH_BANK0_OFFSET, OS_UPDATE_COPY_SIZE);
	rig_erase(r, FLASH_SLOT_B_OFFSET, OS_UPDATE_COPY_SIZE);
	rig_erase(r, FLASH_OSSTAGE_OFFSET, FLASH_OSSTAGE_SIZE);
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

void rig_close(struct os_rig *r)
{
	secmon_store_close(&r->store);
	close(r->fd);
	nftw(r->dir, remove_one, 8, FTW_DEPTH | FTW_PHYS);
	EVP_PKEY_free(r->vendor);
}

int rig_power_on(struct os_rig *r)
{
	int rc = secure_boot(&r->store, r->fd, &r->booted);

	r->srv = (struct mbox_server){ &r->store, r->fd, &r->booted.measurement, NULL, NULL, &r->booted,
				       r->booted.trial ? os_update_now() + 300 : 0 };
	return rc;
}

uint32_t rig_counter(struct os_rig *r)
{
	uint32_t v = 99999;

	secmon_counter_read(&r->store, SECMON_COUNTER_OS, &v, NULL);
	return v;
}

const char *rig_slots(struct os_rig *r)
{
	static char text[64];
	ssize_t n = durable_read(r->store.dirfd, OS_SLOTS_FILE, (uint8_t *)text, sizeof(text) - 1);

	text[n < 0 ? 0 : n] = '\0';
	return text;
}
