/*
 * secure_boot.c - the check of one OS in bank 0's layout at an offset of the
 * flash file (secure_boot.h): an OS slot or the staging partition. The
 * description is trusted only once its signature holds; every length it
 * gives is checked against the partition before anything is read by it.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "counter.h"
#include "crypto.h"
#include "durable_file.h"
#include "flash_layout.h"
#include "secure_boot.h"

#define ERASED_BYTE 0xff
#define READ_CHUNK (64u * 1024u)

/* The board's OS partitions, in flash order, by their offsets in bank 0:
 * each holds the part of the same name. */
static const struct {
	uint16_t id;
	uint32_t offset, size;
} os_partitions[] = {
	{ OS_PART_BOOT, FLASH_BOOT_OFFSET - FLASH_BANK0_OFFSET, FLASH_BOOT_SIZE },
	{ OS_PART_DTB, FLASH_DTB_OFFSET - FLASH_BANK0_OFFSET, FLASH_DTB_SIZE },
	{ OS_PART_KERNEL, FLASH_KERNEL_OFFSET - FLASH_BANK0_OFFSET, FLASH_KERNEL_SIZE },
	{ OS_PART_ROOTFS, FLASH_ROOTFS_OFFSET - FLASH_BANK0_OFFSET, FLASH_ROOTFS_SIZE },
};
#define OSDESC_OFFSET (FLASH_OSDESC_OFFSET - FLASH_BANK0_OFFSET)

#define OS_PARTITION_COUNT (sizeof(os_partitions) / sizeof(os_partitions[0]))

static int refuse(struct secure_boot_result *r, const char *partition, int rc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Sets the refused partition and the reason (which may quote r->why itself). */
static int refuse(struct secure_boot_result *r, const char *partition, int rc, const char *fmt, ...)
{
	char text[sizeof(r->why.msg)];
	va_list ap;

	r->partition = partition;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	memcpy(r->why.msg, text, sizeof(text));
	return rc;
}

/*
 * Hashes [offset, offset + size) of the flash into digest and checks that
 * the rest of the partition, up to offset + psize, is erased; *dirty gets
 * the offset in the partition of the first byte that is not (or psize).
 */
static int hash_and_check_erased(int fd, uint32_t offset, uint32_t size, uint32_t psize,
				 uint8_t digest[CRYPTO_SHA256_SIZE], uint32_t *dirty)
{
	static uint8_t chunk[READ_CHUNK];
	struct crypto_sha256 sha;
	int rc = crypto_sha256_init(&sha), final_rc;

	if (rc < 0)
		return rc;
	*dirty = psize;
	for (uint32_t at = 0; at < psize && rc == 0; at += READ_CHUNK) {
		uint32_t n = psize - at < READ_CHUNK ? psize - at : READ_CHUNK;
		uint32_t hashed = at >= size ? 0 : size - at < n ? size - at : n;

		rc = durable_read_at(fd, chunk, n, (off_t)offset + at);
		if (rc == 0 && hashed)
			rc = crypto_sha256_update(&sha, chunk, hashed);
		for (uint32_t i = hashed; rc == 0 && *dirty == psize && i < n; i++)
			if (chunk[i] != ERASED_BYTE)
				*dirty = at + i;
	}
	final_rc = crypto_sha256_final(&sha, digest);
	return rc ? rc : final_rc;
}

static bool all_erased(const uint8_t *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (p[i] != ERASED_BYTE)
			return false;
	return true;
}

/* The description in osdesc, parsed, the rest of the partition erased. */
static int read_description(int fd, uint32_t base, struct secure_boot_result *r)
{
	uint8_t buf[OS_DESC_MAX], digest[CRYPTO_SHA256_SIZE];
	uint32_t dirty;
	int rc = durable_read_at(fd, buf, sizeof(buf), (off_t)base + OSDESC_OFFSET);

	if (rc < 0)
		return refuse(r, "osdesc", rc, "cannot read the flash: %s", strerror(-rc));
	if (all_erased(buf, sizeof(buf)))
		return refuse(r, "osdesc", -ENOENT,
			      "no OS description: the partition is erased (make the flash with 'spherule flash build')");
	rc = os_desc_parse(buf, sizeof(buf), &r->desc, &r->why);
	if (rc < 0)
		return refuse(r, "osdesc", rc, "malformed OS description: %s", r->why.msg);
	rc = hash_and_check_erased(fd, base + OSDESC_OFFSET, r->desc.size, FLASH_OSDESC_SIZE, digest, &dirty);
	if (rc < 0)
		return refuse(r, "osdesc", rc, "cannot read the flash: %s", strerror(-rc));
	if (dirty != FLASH_OSDESC_SIZE)
		return refuse(r, "osdesc", -EBADMSG, "not erased after the %u-byte description (byte 0x%x)",
			      r->desc.size, dirty);
	return measure_extend(&r->measurement, "osdesc", digest);
}

/* The description's signer: one of the device's vendor keys, not revoked, and its signature. */
static int check_signer(const struct secmon_store *s, struct secure_boot_result *r)
{
	const struct secmon_key *key = secmon_key_find(&s->sets[SECMON_VENDOR_KEYS], r->desc.thumbprint);
	char hex[65];
	int rc;

	pkg_thumbprint_hex(r->desc.thumbprint, hex);
	if (secmon_key_find(&s->sets[SECMON_REVOKED_KEYS], r->desc.thumbprint))
		return refuse(r, "osdesc", -EKEYREVOKED, "signed by key %s, which the device has revoked", hex);
	if (!key)
		return refuse(r, "osdesc", -ENOKEY, "signed by key %s, which is not an OS vendor key of the device",
			      hex);
	rc = os_desc_verify(&r->desc, key->point, &r->why);
	/* -EKEYREJECTED: the signature, apart from the parts that do not match it (-EBADMSG). */
	return rc < 0 ? refuse(r, "osdesc", rc == -EBADMSG ? -EKEYREJECTED : rc, "%s", r->why.msg) : 0;
}

static int check_part(int fd, uint32_t base, unsigned i, struct secure_boot_result *r)
{
	const char *name = os_part_name(os_partitions[i].id);
	const struct os_desc_part *part = os_desc_find(&r->desc, os_partitions[i].id);
	uint8_t digest[CRYPTO_SHA256_SIZE];
	uint32_t dirty;
	int rc;

	if (!part)
		return refuse(r, name, -ENOENT, "not in the signed OS description");
	if (part->size > os_partitions[i].size)
		return refuse(r, name, -EINVAL, "the signed OS description says %u bytes, the partition holds %u",
			      part->size, os_partitions[i].size);
	rc = hash_and_check_erased(fd, base + os_partitions[i].offset, part->size, os_partitions[i].size, digest,
				   &dirty);
	if (rc < 0)
		return refuse(r, name, rc, "cannot read the flash: %s", strerror(-rc));
	if (memcmp(digest, part->sha256, sizeof(digest)))
		return refuse(r, name, -EBADMSG,
			      "does not match the signed OS description (SHA-256 of its %u bytes differs)",
			      part->size);
	if (dirty != os_partitions[i].size)
		return refuse(r, name, -EBADMSG, "not erased after the %u signed bytes (byte 0x%x)", part->size,
			      dirty);
	return measure_extend(&r->measurement, name, digest);
}

int secure_boot_check(const struct secmon_store *s, int flash_fd, uint32_t base, struct secure_boot_result *r)
{
	struct stat st;
	uint32_t counter;
	int rc;

	memset(r, 0, sizeof(*r));
	measure_init(&r->measurement);
	if (fstat(flash_fd, &st) < 0 || (unsigned long long)st.st_size != FLASH_FILE_SIZE)
		return refuse(r, "flash", -EINVAL, "not a flash image of the board (%u bytes)", FLASH_FILE_SIZE);
	rc = read_description(flash_fd, base, r);
	if (!rc)
		rc = check_signer(s, r);
	if (!rc && (rc = secmon_counter_read(s, SECMON_COUNTER_OS, &counter, &r->why)) < 0)
		return refuse(r, "osdesc", rc, "%s", r->why.msg);
	if (!rc && r->desc.security_version < counter)
		return refuse(r, "osdesc", -ERANGE,
			      "security version %u is below the device's OS counter %u: a rolled-back OS",
			      r->desc.security_version, counter);
	for (unsigned i = 0; !rc && i < OS_PARTITION_COUNT; i++)
		rc = check_part(flash_fd, base, i, r);
	if (rc)
		return r->partition ? rc : refuse(r, "osdesc", rc, "measurement failed: %s", strerror(-rc));
	return 0;
}
