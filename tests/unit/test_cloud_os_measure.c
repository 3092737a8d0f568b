/*
 * test_cloud_os_measure.c - the service's measurements of a published OS
 * image (cloud/os_measure.c) against secmon's own: an OS is written to a
 * board's flash file and booted by secmon's secure boot (secure_boot(),
 * tests/unit/secmon_os_rig.c), its attestation made by secmon's mbox_attest();
 * the same OS as an .osimage (its description, then its parts) is recorded
 * in an SQLite database with the service's schema, and the attestation
 * matches it. Another OS booted matches nothing; an attestation whose kernel
 * measurement alone differs, or that has no OS description measurement, is
 * refused with the reason.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "flash_layout.h"
#include "os_measure.h"
#include "secmon_os_rig.h"
#include "tap.h"

/* Each part's partition, by part id (flash order). */
static const uint32_t part_offsets[] = { FLASH_BOOT_OFFSET, FLASH_DTB_OFFSET, FLASH_KERNEL_OFFSET,
					 FLASH_ROOTFS_OFFSET };

static void read_at(struct os_rig *r, void *buf, size_t len, uint32_t off)
{
	if (pread(r->fd, buf, len, off) != (ssize_t)len)
		rig_bail("pread");
}

/* The OS in bank 0 of the flash as an .osimage into buf: its size. */
static size_t flash_osimage(struct os_rig *r, uint8_t *buf)
{
	static struct os_desc d;
	struct error_detail err = { "" };
	size_t at;

	read_at(r, buf, OS_DESC_MAX, FLASH_OSDESC_OFFSET);
	if (os_desc_parse(buf, OS_DESC_MAX, &d, &err) < 0)
		rig_bail(err.msg);
	at = d.size;
	for (unsigned i = 0; i < d.part_count; i++) {
		read_at(r, buf + at, d.parts[i].size, part_offsets[d.parts[i].id - OS_PART_FIRST]);
		at += d.parts[i].size;
	}
	return at;
}

/* secmon's attestation of the OS booted last. */
static void attest(struct os_rig *r, struct mbox_response *resp)
{
	*resp = (struct mbox_response){ .id = 1, .type = MBOX_ATTEST, .status = MBOX_OK };
	memset(resp->req.attest.nonce, 0x5a, MBOX_NONCE_SIZE);
	if (mbox_attest(&r->srv, resp) != MBOX_OK)
		rig_bail("mbox_attest");
}

static struct mbox_measurement *measurement(struct mbox_response *resp, uint16_t kind)
{
	for (unsigned i = 0; i < resp->res.attest.count; i++)
		if (resp->res.attest.measurements[i].kind == kind)
			return &resp->res.attest.measurements[i];
	rig_bail("no such measurement");
	return NULL;
}

int main(void)
{
	static uint8_t osimage[OS_DESC_MAX + FLASH_BOOT_SIZE + FLASH_DTB_SIZE + FLASH_KERNEL_SIZE + FLASH_ROOTFS_SIZE];
	static struct mbox_response resp;
	char db_url[PATH_MAX], why[256], image_id[65] = "";
	struct cloud_db *db;
	struct os_rig rig;
	size_t len;

	rig_open(&rig, "test_cloud_os_measure");
	snprintf(db_url, sizeof(db_url), "sqlite:%s/cloud.sqlite", rig.dir);
	if (cloud_db_open(db_url, &db, why, sizeof(why)) < 0)
		rig_bail(why);
	rig_put_os(&rig, FLASH_BANK0_OFFSET, 7, 1);
	if (rig_power_on(&rig) < 0)
		rig_bail(rig.booted.why.msg);
	len = flash_osimage(&rig, osimage);
	tap_ok(os_measure_record(db, "published", osimage, len) == 0, "the .osimage's measurements are recorded");
	tap_ok(os_measure_record(db, "published", osimage, len) == 0, "recording them again changes nothing");
	attest(&rig, &resp);
	tap_ok(resp.res.attest.count == 6, "secmon attests the boot chain, the description and the four parts");
	tap_ok(os_measure_match(db, &resp.res.attest, image_id, why, sizeof(why)) == 0 &&
		       strcmp(image_id, "published") == 0,
	       "what secure boot measured of the OS is what the service computed from its .osimage (%s)", why);

	measurement(&resp, MBOX_MEAS_KERNEL)->digest[0] ^= 1;
	tap_ok(os_measure_match(db, &resp.res.attest, image_id, why, sizeof(why)) == -EACCES &&
		       strcmp(why, "its kernel measurement is not that of OS image published") == 0,
	       "another kernel's measurement with the published description: refused (%s)", why);
	measurement(&resp, MBOX_MEAS_OS_DESCRIPTION)->kind = MBOX_MEAS_CAPABILITY;
	tap_ok(os_measure_match(db, &resp.res.attest, image_id, why, sizeof(why)) == -EACCES &&
		       strcmp(why, "the attestation has no OS description measurement") == 0,
	       "no OS description measurement: refused (%s)", why);

	rig_put_os(&rig, FLASH_BANK0_OFFSET, 8, 1);
	if (rig_power_on(&rig) < 0)
		rig_bail(rig.booted.why.msg);
	attest(&rig, &resp);
	tap_ok(os_measure_match(db, &resp.res.attest, image_id, why, sizeof(why)) == -EACCES &&
		       strcmp(why, "no OS image with this description was uploaded") == 0,
	       "another OS booted: refused (%s)", why);

	cloud_db_close(db);
	rig_close(&rig);
	return tap_done();
}
