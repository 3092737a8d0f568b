/* slot_timing.c — an app slot verified in the guest and through secmon,
 * timed (see slot_timing.h). */
#include "slot_timing.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "small_file.h"
#include "spherule/pkg.h"

#define TRUSTED_KEYS_DIR "/etc/spherule/trusted-keys"

/* One package is open at a time; its footer copy (16 KiB) stays off the
 * stack. */
static struct pkg_image image;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static struct pkg_source source_of(const struct timed_slot *t)
{
	return (struct pkg_source){ slot_reader_read, (void *)&t->reader, t->reader.size, true, 0 };
}

int timed_slot_open(const char *dev_dir, const struct mtd_slot *s, struct timed_slot *t,
		    struct error_detail *why)
{
	struct pkg_source src;
	char dev[128];
	int err;

	t->mtd = *s;
	t->reader = (struct slot_reader){ -1, s->size, NULL };
	snprintf(dev, sizeof(dev), "%s/mtd%u", dev_dir, s->mtd_index);
	t->reader.fd = open(dev, O_RDONLY | O_CLOEXEC);
	if (t->reader.fd < 0)
		return error_detail_set(why, -errno, "%s: %s", dev, strerror(errno));
	err = slot_reader_is_empty(&t->reader);
	if (err < 0)
		error_detail_set(why, err, "%s: %s", dev, strerror(-err));
	if (err == 0) {
		src = source_of(t);
		err = pkg_open(&src, &image, why);
	}
	if (err != 0) {
		timed_slot_close(t);
		return err;
	}
	memcpy(t->component_id, image.component_id, sizeof(t->component_id));
	t->package_size = image.package_size;
	return 0;
}

void timed_slot_close(struct timed_slot *t)
{
	if (t->reader.fd >= 0)
		close(t->reader.fd);
	t->reader.fd = -1;
}

/* The trusted key named by thumbprint, from the root filesystem. */
static int trusted_key(const uint8_t thumbprint[PKG_THUMBPRINT_SIZE], uint8_t key[PKG_PUBKEY_SIZE],
		       struct error_detail *why)
{
	char hex[2 * PKG_THUMBPRINT_SIZE + 1], path[sizeof(TRUSTED_KEYS_DIR) + sizeof(hex) + 1];
	uint8_t content[PKG_PUBKEY_SIZE + 1];
	size_t len;
	int err;

	pkg_thumbprint_hex(thumbprint, hex);
	snprintf(path, sizeof(path), "%s/%s", TRUSTED_KEYS_DIR, hex);
	err = small_file_read(path, content, sizeof(content), &len);
	if (err == 0 && len != PKG_PUBKEY_SIZE)
		err = -EINVAL;
	if (err != 0)
		return error_detail_set(why, err, "%s: %s", path, strerror(-err));
	memcpy(key, content, PKG_PUBKEY_SIZE);
	return 0;
}

int timed_guest_verify(const struct timed_slot *t, uint64_t *open_ns, uint64_t *total_ns,
		       struct error_detail *why)
{
	struct pkg_source src = source_of(t);
	uint8_t key[PKG_PUBKEY_SIZE];
	uint64_t start = now_ns(), opened;
	int err = pkg_open(&src, &image, why);

	opened = now_ns();
	if (err == 0)
		err = trusted_key(image.thumbprint, key, why);
	if (err == 0)
		err = pkg_verify(&src, &image, key, why);
	*open_ns = opened - start;
	*total_ns = now_ns() - start;
	return err;
}

int timed_secmon_verify(struct secmon_mailbox *mb, const struct timed_slot *t, uint64_t *ns,
			struct error_detail *why)
{
	struct mbox_request req = { .type = MBOX_VERIFY_IMAGE };
	struct mbox_response resp;
	uint64_t start = now_ns();
	int err;

	req.f.verify.slot = (uint16_t)t->mtd.slot;
	memcpy(req.f.verify.component_id, t->component_id, MBOX_COMPONENT_ID_SIZE);
	err = secmon_mailbox_call(mb, &req, &resp, why);
	*ns = now_ns() - start;
	if (err == 0 && resp.status != MBOX_OK)
		err = error_detail_set(why, -EACCES, "secmon refused slot %u: %s", t->mtd.slot,
				       mbox_status_name(resp.status));
	return err;
}
