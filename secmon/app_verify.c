/*
 * app_verify.c - an app slot of the flash file checked against secmon's
 * store (app_verify.h). The package is read through pkg/'s bounded reader
 * straight from the flash file: nothing the device sends is checked but,
 * for a staged slot, the package's first MBOX_STAGED_HEAD_SIZE bytes, which
 * the slot's reader takes from the request in place of the erased ones.
 */
#include <errno.h>
#include <string.h>

#include "app_verify.h"
#include "counter.h"
#include "durable_file.h"
#include "flash_layout.h"

#define ERASED_BYTE 0xff

struct slot_reader {
	int fd;
	off_t offset; /* the slot's, in the flash file */
	const uint8_t *head; /* read in place of the first MBOX_STAGED_HEAD_SIZE bytes, or NULL */
};

static int slot_read(void *ctx, uint32_t off, void *buf, uint32_t len)
{
	const struct slot_reader *r = ctx;
	uint32_t held = 0;

	if (off > FLASH_APP_SIZE || len > FLASH_APP_SIZE - off)
		return -EINVAL;
	if (r->head && off < MBOX_STAGED_HEAD_SIZE) {
		held = MBOX_STAGED_HEAD_SIZE - off < len ? MBOX_STAGED_HEAD_SIZE - off : len;
		memcpy(buf, r->head + off, held);
	}
	return durable_read_at(r->fd, (uint8_t *)buf + held, len - held, r->offset + off + held);
}

/* Whether the first len bytes (at most PKG_READ_CHUNK) r reads are all erased. */
static int slot_starts_erased(const struct slot_reader *r, uint32_t len, bool *erased)
{
	uint8_t block[PKG_READ_CHUNK];
	int rc = slot_read((void *)r, 0, block, len);

	*erased = true;
	for (size_t i = 0; rc == 0 && i < len; i++)
		if (block[i] != ERASED_BYTE)
			*erased = false;
	return rc;
}

/*
 * The key that may verify img's signature: an OEM key, or a development key
 * while the device is in development mode (res->flags says so). NULL with
 * *st set when none may: revoked keys first, whatever the other sets hold.
 */
static const struct secmon_key *app_key(const struct secmon_store *s, const struct pkg_image *img,
					bool development, struct mbox_verify_result *res, enum mbox_status *st)
{
	const struct secmon_key *key;

	*st = MBOX_ST_REVOKED_KEY;
	if (secmon_key_find(&s->sets[SECMON_REVOKED_KEYS], img->thumbprint))
		return NULL;
	key = secmon_key_find(&s->sets[SECMON_OEM_KEYS], img->thumbprint);
	if (key)
		return key;
	key = secmon_key_find(&s->sets[SECMON_DEVELOPMENT_KEYS], img->thumbprint);
	*st = key ? MBOX_ST_NEEDS_DEVELOPMENT : MBOX_ST_UNTRUSTED_KEY;
	if (key)
		res->flags |= MBOX_IMAGE_DEVELOPMENT_KEY;
	return development ? key : NULL;
}

static enum mbox_status check_package(const struct secmon_store *s, const struct pkg_source *src,
				      struct pkg_image *img, const uint8_t component_id[MBOX_COMPONENT_ID_SIZE],
				      bool development, struct mbox_verify_result *res)
{
	const struct secmon_key *key;
	struct error_detail err = { "" };
	enum mbox_status st;
	char component[37];

	if (pkg_open(src, img, &err) < 0)
		return MBOX_ST_BAD_IMAGE;
	res->image_type = img->image_type <= MBOX_IMAGE_TYPE_MAX ? img->image_type : 0;
	res->flags = img->debug_flags & PKG_DEBUG_BUILD ? MBOX_IMAGE_DEBUG_BUILD : 0;
	res->version = img->version;
	res->security_version = img->security_version;
	memcpy(res->image_id, img->image_id, sizeof(res->image_id));
	memcpy(res->key_thumbprint, img->thumbprint, sizeof(res->key_thumbprint));
	key = app_key(s, img, development, res, &st);
	if (!key)
		return st;
	if (pkg_verify(src, img, key->point, &err) < 0)
		return MBOX_ST_BAD_SIGNATURE;
	if (img->image_type != PKG_IMAGE_APPLICATION)
		return MBOX_ST_WRONG_TYPE;
	if (memcmp(img->component_id, component_id, MBOX_COMPONENT_ID_SIZE))
		return MBOX_ST_WRONG_COMPONENT;
	pkg_uuid_text(component_id, component);
	if (secmon_counter_read(s, component, &res->counter, &err) < 0)
		return MBOX_ST_STORE_FAILED;
	return img->security_version < res->counter ? MBOX_ST_ROLLED_BACK : MBOX_OK;
}

enum mbox_status app_verify(const struct secmon_store *s, int flash_fd, uint16_t slot,
			    const uint8_t component_id[MBOX_COMPONENT_ID_SIZE],
			    const uint8_t head[MBOX_STAGED_HEAD_SIZE], bool development,
			    struct mbox_verify_result *res)
{
	static struct pkg_image img; /* 16 KiB footer: not on the stack */
	const struct slot_reader flash = { flash_fd, (off_t)FLASH_APP_OFFSET(slot), NULL };
	struct slot_reader reader = { flash_fd, flash.offset, head };
	struct pkg_source src = { slot_read, &reader, FLASH_APP_SIZE, true, FLASH_APP_SIZE };
	bool erased;

	memset(res, 0, sizeof(*res));
	if (slot >= FLASH_APP_COUNT)
		return MBOX_ST_NO_SLOT;
	if (head) {
		/* Staged: the head still erased in flash (appmgr's boot scan
		 * sees an empty slot until it writes the head after OK). */
		if (slot_starts_erased(&flash, MBOX_STAGED_HEAD_SIZE, &erased) < 0)
			return MBOX_ST_STORE_FAILED;
		if (!erased)
			return MBOX_ST_BAD_IMAGE;
	}
	if (slot_starts_erased(&reader, PKG_READ_CHUNK, &erased) < 0)
		return MBOX_ST_STORE_FAILED;
	if (erased)
		return MBOX_ST_NO_IMAGE;
	return check_package(s, &src, &img, component_id, development, res);
}

enum mbox_status app_counter_advance(const struct secmon_store *s, int flash_fd, uint16_t slot,
				     const uint8_t component_id[MBOX_COMPONENT_ID_SIZE], uint32_t value,
				     bool development, uint32_t *counter)
{
	struct mbox_verify_result image;
	char component[37];
	enum mbox_status st;

	pkg_uuid_text(component_id, component);
	if (secmon_counter_read(s, component, counter, NULL) < 0)
		return MBOX_ST_STORE_FAILED;
	if (value < *counter)
		return MBOX_ST_COUNTER_BACKWARDS;
	if (value == *counter)
		return MBOX_OK;
	st = app_verify(s, flash_fd, slot, component_id, NULL, development, &image);
	if (st != MBOX_OK)
		return st;
	/* A development key is shared by every developer of the build tree:
	 * what it signs runs in development mode but never moves a counter. */
	if (image.security_version < value || (image.flags & MBOX_IMAGE_DEVELOPMENT_KEY))
		return MBOX_ST_COUNTER_UNPROVEN;
	if (secmon_counter_advance(s, component, value, NULL) < 0)
		return MBOX_ST_STORE_FAILED;
	*counter = value;
	return MBOX_OK;
}
