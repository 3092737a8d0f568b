/*
 * test_secmon_boot.c - secure boot (secmon/secure_boot.c, measure.c) on a
 * flash file of the board: a signed OS boots, its measurement is the hash
 * chain of the description and the four parts, and the OS counter moves to
 * its security version; a change to the boot stub, device tree, kernel or
 * root filesystem, a byte written after one of them, an unsigned or
 * malformed description, a key that is not a vendor key or is revoked, a
 * missing part, an oversized part and an older security version are each
 * refused, naming the partition.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "counter.h"
#include "flash_layout.h"
#include "secure_boot.h"
#include "spherule/pkg_host.h"
#include "store.h"
#include "tap.h"

static char dir[] = "/tmp/test_secmon_boot.XXXXXX";
static char flash[PATH_MAX], store_path[PATH_MAX + 16];
static int fd;
static EVP_PKEY *vendor, *stranger, *revoked;
static struct secmon_store store;

/* Sizes that end inside, and span, secmon's 64 KiB reads. */
static uint8_t boot[1000], dtb[2000], kernel[300000], rootfs[500000];
static struct os_desc_input parts[] = {
	{ OS_PART_BOOT, boot, sizeof(boot) },
	{ OS_PART_DTB, dtb, sizeof(dtb) },
	{ OS_PART_KERNEL, kernel, sizeof(kernel) },
	{ OS_PART_ROOTFS, rootfs, sizeof(rootfs) },
};
static const uint32_t offsets[] = { FLASH_BOOT_OFFSET, FLASH_DTB_OFFSET, FLASH_KERNEL_OFFSET, FLASH_ROOTFS_OFFSET };

static void bail(const char *what)
{
	printf("Bail out! %s\n", what);
	exit(1);
}

static void put(const void *data, size_t len, off_t off)
{
	if (pwrite(fd, data, len, off) != (ssize_t)len)
		bail("pwrite");
}

static void put_byte(uint8_t b, off_t off)
{
	put(&b, 1, off);
}

static uint8_t get_byte(off_t off)
{
	uint8_t b = 0;

	if (pread(fd, &b, 1, off) != 1)
		bail("pread");
	return b;
}

/* Writes the description of the first count parts (all four unless fewer),
 * signed by key with security version svn, into osdesc. */
static void put_description(EVP_PKEY *key, uint32_t svn, unsigned count)
{
	static uint8_t erased[FLASH_OSDESC_SIZE];
	struct error_detail err = { "" };
	uint8_t desc[OS_DESC_MAX];
	uint32_t size;

	if (os_desc_build(parts, count, 42, svn, key, desc, &size, &err))
		bail(err.msg);
	memset(erased, 0xff, sizeof(erased));
	put(erased, sizeof(erased), FLASH_OSDESC_OFFSET);
	put(desc, size, FLASH_OSDESC_OFFSET);
}

/* A flash file of the board: bank 0 erased up to the end of osdesc, the parts. */
static void make_flash(void)
{
	static uint8_t erased[1 << 20];

	memset(erased, 0xff, sizeof(erased));
	fd = open(flash, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || ftruncate(fd, FLASH_FILE_SIZE) < 0)
		bail("flash file");
	for (off_t off = 0; off < FLASH_OSDESC_OFFSET + FLASH_OSDESC_SIZE; off += sizeof(erased))
		put(erased, sizeof(erased), off);
	for (unsigned i = 0; i < 4; i++) {
		for (uint32_t b = 0; b < parts[i].size; b++)
			((uint8_t *)parts[i].data)[b] = (uint8_t)(b * 7 + i);
		put(parts[i].data, parts[i].size, offsets[i]);
	}
}

static void make_store(void)
{
	struct secmon_key_set sets[SECMON_KEY_SETS] = { 0 };
	EVP_PKEY *oem = pkg_key_generate(NULL);
	EVP_PKEY *keys[] = { vendor, oem, revoked }; /* no development keys */
	struct error_detail err = { "" };
	uint8_t point[PKG_PUBKEY_SIZE];
	char id[65];

	for (int i = 0; i < (int)(sizeof(keys) / sizeof(keys[0])); i++)
		if (!keys[i] || pkg_key_point(keys[i], point, &err) || secmon_key_set_add(&sets[i], point, &err))
			bail("keys");
	EVP_PKEY_free(oem);
	if (secmon_store_manufacture(store_path, sets, false, id, &err) ||
	    secmon_store_open(store_path, true, &store, &err))
		bail(err.msg);
}

static uint32_t os_counter(void)
{
	uint32_t v = 99999;

	secmon_counter_read(&store, SECMON_COUNTER_OS, &v, NULL);
	return v;
}

/* Boots and expects a refusal of partition naming want in the reason. */
static void refused(const char *partition, const char *want, const char *name)
{
	static struct secure_boot_result r;
	uint32_t before = os_counter();
	int rc = secure_boot(&store, fd, &r);
	bool ok = rc < 0 && r.partition && !strcmp(r.partition, partition) && strstr(r.why.msg, want) &&
		  os_counter() == before;

	if (!ok)
		printf("# rc %d: %s: %s (want %s: ...%s...)\n", rc, r.partition ? r.partition : "-", r.why.msg,
		       partition, want);
	tap_ok(ok, "refused: %s (%s: %s)", name, r.partition ? r.partition : "-", r.why.msg);
}

static void test_good(void)
{
	static struct secure_boot_result r;
	static const char *const names[] = { "osdesc", "boot", "dtb", "kernel", "rootfs" };
	uint8_t chain[32] = { 0 }, link[64], desc_hash[32];
	int ok = 1;

	put_description(vendor, 2, 4);
	tap_ok(secure_boot(&store, fd, &r) == 0, "a signed OS boots: %s", r.why.msg);
	tap_ok(r.desc.version == 42 && r.desc.security_version == 2, "the description booted");
	tap_ok(os_counter() == 2, "the OS counter moved to its security version");
	crypto_sha256(r.desc.bytes, r.desc.size, desc_hash);
	for (unsigned i = 0; i < 5; i++) {
		uint8_t digest[32];

		if (i == 0)
			memcpy(digest, desc_hash, 32);
		else
			crypto_sha256(parts[i - 1].data, parts[i - 1].size, digest);
		ok &= r.measurement.count == 5 && !strcmp(r.measurement.events[i].name, names[i]) &&
		      !memcmp(r.measurement.events[i].digest, digest, 32);
		memcpy(link, chain, 32);
		memcpy(link + 32, digest, 32);
		crypto_sha256(link, 64, chain);
	}
	tap_ok(ok, "measured: the description, then boot, dtb, kernel, rootfs");
	tap_ok(!memcmp(r.measurement.value, chain, 32), "the measurement is the hash chain of those five");
	tap_ok(secure_boot(&store, fd, &r) == 0 && os_counter() == 2, "the same OS boots again");
}

static void test_tampered_parts(void)
{
	for (unsigned i = 0; i < 4; i++) {
		const char *name = os_part_name(parts[i].id);
		off_t middle = offsets[i] + parts[i].size / 2, after = offsets[i] + parts[i].size + 4096;
		uint8_t b = get_byte(middle);
		char what[64];

		put_byte(b ^ 0x01, middle);
		snprintf(what, sizeof(what), "a changed byte in %s", name);
		refused(name, "does not match the signed OS description", what);
		put_byte(b, middle);
		put_byte(0x00, after);
		snprintf(what, sizeof(what), "a byte written after %s", name);
		refused(name, "not erased after the", what);
		put_byte(0xff, after);
	}
	put_byte(0x00, FLASH_OSDESC_OFFSET + FLASH_OSDESC_SIZE - 1);
	refused("osdesc", "not erased after the 284-byte description", "a byte written after the description");
	put_byte(0xff, FLASH_OSDESC_OFFSET + FLASH_OSDESC_SIZE - 1);
}

static void test_description(void)
{
	static struct secure_boot_result r;
	uint8_t b = get_byte(FLASH_OSDESC_OFFSET + 12);

	put_byte(b + 1, FLASH_OSDESC_OFFSET + 12); /* the version */
	refused("osdesc", "signature does not verify", "a changed description");
	put_byte('X', FLASH_OSDESC_OFFSET);
	refused("osdesc", "malformed OS description: not an OS description", "a description without its magic");
	put_description(stranger, 2, 4);
	refused("osdesc", "which is not an OS vendor key of the device", "signed by another key");
	put_description(revoked, 2, 4);
	refused("osdesc", "which the device has revoked", "signed by a revoked key");
	put_description(vendor, 1, 4);
	refused("osdesc", "security version 1 is below the device's OS counter 2: a rolled-back OS",
		"an older security version");
	put_description(vendor, 2, 2);
	refused("kernel", "not in the signed OS description", "a description without the kernel");
	parts[3].size = FLASH_ROOTFS_SIZE + 1;
	parts[3].data = calloc(1, parts[3].size);
	put_description(vendor, 2, 4);
	free((void *)parts[3].data);
	parts[3].data = rootfs;
	parts[3].size = sizeof(rootfs);
	refused("rootfs", "the signed OS description says 8388609 bytes, the partition holds 8388608",
		"a part larger than its partition");
	put_description(vendor, 2, 4);
	put_byte(0xff, FLASH_OSDESC_OFFSET);
	put_description(vendor, 5, 4);
	tap_ok(secure_boot(&store, fd, &r) == 0 && os_counter() == 5, "a newer security version boots, counter 5");
	{
		static uint8_t erased[OS_DESC_MAX];

		memset(erased, 0xff, sizeof(erased));
		put(erased, sizeof(erased), FLASH_OSDESC_OFFSET);
	}
	refused("osdesc", "no OS description: the partition is erased", "an erased description");
	if (ftruncate(fd, FLASH_FILE_SIZE - 1) < 0)
		bail("ftruncate");
	refused("flash", "not a flash image of the board", "a flash file of another size");
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

int main(void)
{
	if (!mkdtemp(dir))
		bail("mkdtemp");
	snprintf(flash, sizeof(flash), "%s/device.flash", dir);
	snprintf(store_path, sizeof(store_path), "%s" SECMON_STORE_SUFFIX, flash);
	vendor = pkg_key_generate(NULL);
	stranger = pkg_key_generate(NULL);
	revoked = pkg_key_generate(NULL);
	make_store();
	make_flash();
	test_good();
	test_tampered_parts();
	test_description();
	secmon_store_close(&store);
	close(fd);
	nftw(dir, remove_one, 8, FTW_DEPTH | FTW_PHYS);
	EVP_PKEY_free(vendor);
	EVP_PKEY_free(stranger);
	EVP_PKEY_free(revoked);
	return tap_done();
}
