/* slot_check.c — verifies the package in one app slot (see slot_check.h). */
#include "slot_check.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app_policy.h"
#include "slot_reader.h"
#include "spherule/manifest.h"
#include "spherule/pkg.h"
#include "spherule/pkg_check_elf.h"

/* One image is checked at a time; its footer copy (16 KiB) is kept out of
 * the stack and reused. */
static struct pkg_image slot_image;


_Static_assert(SLOT_HEAD_BYTES == MBOX_STAGED_HEAD_SIZE, "secmon takes the head appmgr holds back");

/* Fills app from the verified image and its manifest. */
static int take_identity(const struct slot_check_paths *paths, const struct mtd_slot *s,
			 const struct pkg_image *img, const struct manifest *m, struct app *app,
			 struct error_detail *why)
{
	int n;

	app->slot = s->slot;
	app->uid = APP_ID_BASE + s->slot;
	app->gid = APP_ID_BASE + s->slot;
	app->gpio = m->gpio;
	app->storage_kib = m->mutable_storage_kb;
	app->app_type = m->app_type;
	app->storage_ready = false;
	app->device_control = m->device_control;
	memcpy(app->image_id, img->image_id, sizeof(app->image_id));
	app->version = img->version;
	app->image_bytes = img->package_size;
	app->slot_bytes = s->size;
	app_net_policy_compile(m, &app->net);
	app_svc_caps_compile(m, paths->uarts, &app->svc_caps);
	snprintf(app->name, sizeof(app->name), "%s", m->name);
	memcpy(app->component_id, img->component_id, sizeof(app->component_id));
	pkg_uuid_text(img->component_id, app->component_str);
	n = snprintf(app->mount_dir, sizeof(app->mount_dir), "%s/%s", paths->mounts_dir,
		     app->component_str);
	if (n < 0 || (size_t)n >= sizeof(app->mount_dir))
		return error_detail_set(why, -ENAMETOOLONG, "mount directory path too long");
	if (peripherals_from_manifest(&app->peripherals, m, why) != 0)
		return -E2BIG;
	return app_cmd_build(&app->cmd, app->mount_dir, m->entry_point, m->args.item, m->args.count,
			     why);
}

/* The reason for a verification secmon refused with status st. */
static int refused_by_secmon(uint16_t st, const struct mbox_verify_result *r, const char *component,
			     struct error_detail *why)
{
	char key[2 * MBOX_THUMBPRINT_SIZE + 1];

	pkg_thumbprint_hex(r->key_thumbprint, key);
	switch (st) {
	case MBOX_ST_BAD_SIGNATURE:
		return error_detail_set(why, -EBADMSG, "signature does not verify (secmon)");
	case MBOX_ST_UNTRUSTED_KEY:
		return error_detail_set(why, -ENOKEY,
					"untrusted: signed with key %s, which secmon does not trust for apps "
					"on this device", key);
	case MBOX_ST_REVOKED_KEY:
		return error_detail_set(why, -EKEYREVOKED, "revoked: signed with key %s, which this device revoked",
					key);
	case MBOX_ST_NEEDS_DEVELOPMENT:
		return error_detail_set(why, -EPERM,
					"signed with development key %s, trusted only in development mode "
					"(spherule device enable-development)", key);
	case MBOX_ST_ROLLED_BACK:
		return error_detail_set(why, -ESTALE,
					"rolled back: security version %u is below the device's counter %u for %s",
					r->security_version, r->counter, component);
	default:
		return error_detail_set(why, -EACCES, "secmon refused it: %s (%s)", mbox_status_text(st),
					mbox_status_name(st));
	}
}

/* Asks secmon to verify slot s, whose package appmgr read as img: secmon
 * reads the slot from flash itself, and what it read must be what appmgr
 * read (the same image id, key, versions). On success app gets the image's
 * security version, the component's counter and what the image is (signed
 * by a development key, a debug build). */
static int verify_by_secmon(const struct slot_check_paths *paths, const struct mtd_slot *s,
			    const uint8_t *head, const struct pkg_image *img, struct app *app,
			    struct error_detail *why)
{
	const uint8_t *component_id = img->component_id;
	struct mbox_request req = { .type = head ? MBOX_VERIFY_STAGED_IMAGE : MBOX_VERIFY_IMAGE };
	struct mbox_response resp;
	char component[APP_COMPONENT_STR_SIZE];
	int err;

	if (s->slot > MBOX_SLOT_MAX)
		return error_detail_set(why, -ERANGE, "slot %u is beyond what secmon verifies", s->slot);
	if (head) {
		req.f.verify_staged.slot = (uint16_t)s->slot;
		memcpy(req.f.verify_staged.component_id, component_id, MBOX_COMPONENT_ID_SIZE);
		memcpy(req.f.verify_staged.head, head, MBOX_STAGED_HEAD_SIZE);
	} else {
		req.f.verify.slot = (uint16_t)s->slot;
		memcpy(req.f.verify.component_id, component_id, MBOX_COMPONENT_ID_SIZE);
	}
	err = secmon_mailbox_call(paths->mailbox, &req, &resp, why);
	if (err != 0)
		return err;
	pkg_uuid_text(component_id, component);
	if (resp.status != MBOX_OK)
		return refused_by_secmon(resp.status, &resp.res.verify, component, why);
	if (memcmp(resp.res.verify.image_id, img->image_id, sizeof(img->image_id)) ||
	    memcmp(resp.res.verify.key_thumbprint, img->thumbprint, sizeof(img->thumbprint)) ||
	    resp.res.verify.version != img->version || resp.res.verify.security_version != img->security_version)
		return error_detail_set(why, -EBADMSG,
					"secmon verified other bytes than appmgr read from the slot "
					"(flash changed under the device?)");
	app->confirm_retry_ms = 0;
	app->security_version = resp.res.verify.security_version;
	app->counter = resp.res.verify.counter;
	app->development_key = resp.res.verify.flags & MBOX_IMAGE_DEVELOPMENT_KEY;
	app->debug_build = resp.res.verify.flags & MBOX_IMAGE_DEBUG_BUILD;
	return 0;
}

/* Opens and checks the package read through src, has secmon verify it,
 * then checks the ELF files of its payload (before it is ever mounted).
 * The libraries write their reason straight into the caller's why. */
static int check_package(const struct slot_check_paths *paths, const struct mtd_slot *s,
			 const struct pkg_source *src, const uint8_t *head, struct app *app,
			 struct error_detail *why)
{
	struct pkg_image *img = &slot_image;
	struct manifest m;
	enum elf_problem problem;
	int err;

	err = pkg_open(src, img, why);
	if (err == 0 && img->image_type != PKG_IMAGE_APPLICATION)
		err = error_detail_set(why, -EINVAL, "image type %s is not an application",
				       pkg_image_type_name(img->image_type));
	if (err == 0)
		err = verify_by_secmon(paths, s, head, img, app, why);
	if (err == 0)
		err = pkg_image_manifest(img, &m, why);
	if (err == 0)
		err = pkg_check_elf_files(src, img->payload_size, &problem, why);
	if (err != 0)
		return err;
	return take_identity(paths, s, img, &m, app, why);
}

/* slot_check() (head NULL) and slot_check_staged(). */
static int check_slot(const struct slot_check_paths *paths, const struct mtd_slot *s, uint32_t max_size,
		      const uint8_t *head, struct app *app, struct error_detail *why)
{
	struct slot_reader reader = { -1, s->size, head };
	struct pkg_source src = { slot_reader_read, &reader, s->size, true, max_size };
	char dev[MTD_SLOT_PATH_MAX];
	int err;

	reader.fd = mtd_slot_open(paths->dev_dir, s, O_RDONLY, dev);
	if (reader.fd < 0)
		return error_detail_set(why, reader.fd, "cannot open %s: %s", dev, strerror(-reader.fd));
	/* A staged image's head is erased in flash: its slot reads empty. */
	err = head ? 0 : slot_reader_is_empty(&reader);
	if (err == 1)
		err = SLOT_EMPTY;
	else if (err < 0)
		error_detail_set(why, err, "cannot read %s: %s", dev, strerror(-err));
	else
		err = check_package(paths, s, &src, head, app, why);
	close(reader.fd);
	return err;
}

int slot_check(const struct slot_check_paths *paths, const struct mtd_slot *s, uint32_t max_size,
	       struct app *app, struct error_detail *why)
{
	return check_slot(paths, s, max_size, NULL, app, why);
}

int slot_check_staged(const struct slot_check_paths *paths, const struct mtd_slot *s,
		      uint32_t max_size, const uint8_t head[SLOT_HEAD_BYTES], struct app *app,
		      struct error_detail *why)
{
	return check_slot(paths, s, max_size, head, app, why);
}
