/*
 * test_secmon_slots.c - secmon's A/B OS slots (secmon/os_select.c,
 * os_update.c, os_slots.c, slot_copy.c) on a flash file of the board: a
 * device that never updated boots slot A as before; an OS staged in
 * osstage is refused for each reason an install answers (nothing staged,
 * another description, a bad signature, an untrusted key, a rolled-back
 * security version, a changed part) and otherwise copied into the inactive
 * slot, pending; it boots once as a trial (recorded before it boots), and a
 * trial not confirmed is marked bad and never booted again, the old slot
 * booting; a confirmed one becomes the primary and moves the OS counter; a
 * primary that fails verification falls back to the other good slot, a
 * pending one that fails is marked bad; the boot state says all of it; a
 * malformed state file refuses the boot.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "durable_file.h"
#include "flash_layout.h"
#include "mbox_server.h"
#include "os_update.h"
#include "secmon_os_rig.h"
#include "spherule/pkg_host.h"
#include "tap.h"

static struct os_rig rig;
static uint8_t image[OS_UPDATE_COPY_SIZE];

/* Stages version/svn (signed by key, the rig's vendor key when NULL) in osstage; its description's hash. */
static void stage(uint32_t version, uint32_t svn, uint8_t digest[32])
{
	rig_os_image(&rig, version, svn, image, digest);
	if (pwrite(rig.fd, image, sizeof(image), FLASH_OSSTAGE_OFFSET) != (ssize_t)sizeof(image))
		rig_bail("pwrite");
}

/* A mailbox request of type (install: desc's hash) through mbox_serve(), decoded. */
static uint16_t ask(uint16_t type, const uint8_t *desc, struct mbox_response *resp)
{
	struct mbox_request req = { .id = 7, .type = type };
	uint8_t in[MBOX_MSG_MAX], out[MBOX_MSG_MAX];
	enum mbox_status why;
	int n;

	if (desc)
		memcpy(req.f.install_os.desc_sha256, desc, 32);
	n = mbox_encode_request(&req, in, sizeof(in));
	if (n < 0)
		rig_bail("encode");
	size_t len = mbox_serve(&rig.srv, in, (size_t)n, out);
	if (mbox_decode_response(out, len, resp, &why) < 0)
		rig_bail("decode");
	return resp->status;
}

static uint16_t install(const uint8_t digest[32], struct mbox_response *resp)
{
	return ask(MBOX_INSTALL_OS, digest, resp);
}

static void booted(unsigned slot, bool trial, uint32_t version, const char *name)
{
	int rc = rig_power_on(&rig);
	bool ok = rc == 0 && rig.booted.slot == slot && rig.booted.trial == trial && rig.booted.desc.version == version;

	if (!ok)
		printf("# rc %d slot %u trial %d version %u (%s: %s); states %s", rc, rig.booted.slot, rig.booted.trial,
		       rig.booted.desc.version, rig.booted.partition ? rig.booted.partition : "-", rig.booted.why.msg,
		       rig_slots(&rig));
	tap_ok(ok, "%s", name);
}

static void put_byte(uint8_t b, off_t off)
{
	if (pwrite(rig.fd, &b, 1, off) != 1)
		rig_bail("pwrite");
}

static void test_fresh_device(void)
{
	static struct mbox_response resp;

	rig_put_os(&rig, FLASH_BANK0_OFFSET, 1, 1);
	booted(0, false, 1, "a device that never updated boots slot A");
	tap_ok(rig_counter(&rig) == 1 && !strcmp(rig_slots(&rig), ""),
	       "its counter moves to the security version, no state written");
	tap_ok(ask(MBOX_OS_BOOT_STATE, NULL, &resp) == MBOX_OK && resp.res.os_boot_state.slot == 0 &&
		       !resp.res.os_boot_state.trial && resp.res.os_boot_state.version == 1 &&
		       resp.res.os_boot_state.other_state == MBOX_OS_SLOT_EMPTY && !resp.res.os_boot_state.deadline_s,
	       "boot state: slot A, no trial, version 1, slot B empty, no deadline");
	tap_ok(ask(MBOX_CONFIRM_OS, NULL, &resp) == MBOX_OK && resp.res.confirm_os.counter == 1 &&
		       !strcmp(rig_slots(&rig), ""),
	       "confirm outside a trial: OK, the counter, nothing changed");
}

static void test_install_refusals(void)
{
	static struct mbox_response resp;
	uint8_t digest[32], other[32];
	EVP_PKEY *vendor = rig.vendor;

	tap_ok(install(digest, &resp) == MBOX_ST_NO_IMAGE, "install: nothing staged -> NO_IMAGE");
	stage(2, 2, digest);
	memcpy(other, digest, 32);
	other[0] ^= 1;
	tap_ok(install(other, &resp) == MBOX_ST_BAD_IMAGE, "install: another description than asked -> BAD_IMAGE");
	put_byte(image[FLASH_OSDESC_OFFSET + 12] ^ 1, FLASH_OSSTAGE_OFFSET + FLASH_OSDESC_OFFSET + 12);
	tap_ok(install(digest, &resp) == MBOX_ST_BAD_SIGNATURE, "install: a changed description -> BAD_SIGNATURE");
	stage(2, 2, digest);
	put_byte(image[FLASH_KERNEL_OFFSET + 5] ^ 1, FLASH_OSSTAGE_OFFSET + FLASH_KERNEL_OFFSET + 5);
	tap_ok(install(digest, &resp) == MBOX_ST_BAD_IMAGE, "install: a changed kernel -> BAD_IMAGE");
	put_byte(image[FLASH_KERNEL_OFFSET + 5], FLASH_OSSTAGE_OFFSET + FLASH_KERNEL_OFFSET + 5);
	put_byte(0, FLASH_OSSTAGE_OFFSET + FLASH_ROOTFS_OFFSET + FLASH_ROOTFS_SIZE - 1);
	tap_ok(install(digest, &resp) == MBOX_ST_BAD_IMAGE, "install: a byte written after the rootfs -> BAD_IMAGE");
	rig.vendor = pkg_key_generate(NULL);
	stage(2, 2, digest);
	EVP_PKEY_free(rig.vendor);
	rig.vendor = vendor;
	tap_ok(install(digest, &resp) == MBOX_ST_UNTRUSTED_KEY, "install: signed by another key -> UNTRUSTED_KEY");
	stage(2, 0, digest);
	tap_ok(install(digest, &resp) == MBOX_ST_ROLLED_BACK,
	       "install: security version 0, below the counter 1 -> ROLLED_BACK");
	tap_ok(!strcmp(rig_slots(&rig), ""), "no refused install changed a slot's state");
}

static void test_trial_not_confirmed(void)
{
	static struct mbox_response resp;
	uint8_t digest[32];

	stage(2, 2, digest);
	tap_ok(install(digest, &resp) == MBOX_OK && resp.res.install_os.slot == MBOX_OS_SLOT_B &&
		       resp.res.install_os.version == 2 && resp.res.install_os.security_version == 2,
	       "install: OK into slot B, version 2, security version 2");
	tap_ok(!strcmp(rig_slots(&rig), "A good pending\n"), "slot B is pending its trial");
	tap_ok(memcmp(resp.res.install_os.measurement, rig.booted.measurement.value, 32) != 0,
	       "its measurement is not the running OS's");
	booted(1, true, 2, "the next power-on boots slot B as a trial");
	tap_ok(!strcmp(rig_slots(&rig), "A good trial\n") && rig_counter(&rig) == 1,
	       "the trial is recorded; the counter does not move");
	tap_ok(ask(MBOX_OS_BOOT_STATE, NULL, &resp) == MBOX_OK && resp.res.os_boot_state.slot == 1 &&
		       resp.res.os_boot_state.trial == 1 && resp.res.os_boot_state.version == 2 &&
		       resp.res.os_boot_state.other_state == MBOX_OS_SLOT_GOOD &&
		       resp.res.os_boot_state.deadline_s > 290 && resp.res.os_boot_state.deadline_s <= 300,
	       "boot state: slot B, a trial, slot A good, the deadline counting down");
	tap_ok(install(digest, &resp) == MBOX_ST_NO_SLOT, "install during a trial -> NO_SLOT (slot A is its fallback)");
	booted(0, false, 1, "not confirmed: the next power-on boots slot A");
	tap_ok(!strcmp(rig_slots(&rig), "A good bad\n") && rig_counter(&rig) == 1, "slot B is bad, the counter 1");
	booted(0, false, 1, "a bad slot is never booted again");
}

static void test_trial_confirmed(void)
{
	static struct mbox_response resp;
	uint8_t digest[32];

	stage(3, 3, digest);
	tap_ok(install(digest, &resp) == MBOX_OK && resp.res.install_os.slot == MBOX_OS_SLOT_B &&
		       !strcmp(rig_slots(&rig), "A good pending\n"),
	       "a new install replaces the bad slot B: pending");
	booted(1, true, 3, "its trial boot");
	tap_ok(ask(MBOX_CONFIRM_OS, NULL, &resp) == MBOX_OK && resp.res.confirm_os.counter == 3 &&
		       !strcmp(rig_slots(&rig), "B good good\n") && rig_counter(&rig) == 3,
	       "confirm: slot B good and primary, slot A kept good, the counter 3");
	tap_ok(ask(MBOX_OS_BOOT_STATE, NULL, &resp) == MBOX_OK && !resp.res.os_boot_state.trial &&
		       !resp.res.os_boot_state.deadline_s,
	       "boot state: no longer a trial");
	tap_ok(ask(MBOX_CONFIRM_OS, NULL, &resp) == MBOX_OK && resp.res.confirm_os.counter == 3,
	       "confirm again: OK, nothing changed");
	booted(1, false, 3, "the next power-on boots slot B, the primary");
}

static void test_verification_fallback(void)
{
	static struct mbox_response resp;
	uint8_t digest[32];

	stage(5, 3, digest);
	tap_ok(install(digest, &resp) == MBOX_OK && resp.res.install_os.slot == MBOX_OS_SLOT_A,
	       "running slot B, an install writes slot A");
	booted(0, true, 5, "slot A's trial");
	tap_ok(ask(MBOX_CONFIRM_OS, NULL, &resp) == MBOX_OK && !strcmp(rig_slots(&rig), "A good good\n"),
	       "confirmed: slot A primary");
	put_byte(0, FLASH_BANK0_OFFSET + FLASH_KERNEL_OFFSET + 17);
	booted(1, false, 3, "slot A's kernel changed: refused, slot B boots");
	tap_ok(!strcmp(rig_slots(&rig), "B bad good\n"), "slot A is bad, slot B the primary");
	stage(6, 3, digest);
	tap_ok(install(digest, &resp) == MBOX_OK && resp.res.install_os.slot == MBOX_OS_SLOT_A,
	       "a new install replaces the bad slot A");
	put_byte(0, FLASH_BANK0_OFFSET + FLASH_ROOTFS_OFFSET + 3);
	booted(1, false, 3, "a pending slot that fails verification is not booted");
	tap_ok(!strcmp(rig_slots(&rig), "B bad good\n"), "it is marked bad");
}

static void test_malformed_states(void)
{
	static const char *const bad[] = { "B good\n", "C good good\n", "A good fine\n", "A good good", "A good good\nx" };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (durable_replace(rig.store.dirfd, "os-slots", bad[i], strlen(bad[i]), 0644) < 0)
			rig_bail("os-slots");
		tap_ok(rig_power_on(&rig) < 0 && !strcmp(rig.booted.partition, "os-slots") &&
			       strstr(rig.booted.why.msg, "malformed"),
		       "an os-slots file '%.*s' refuses the boot: %s", (int)strcspn(bad[i], "\n"), bad[i],
		       rig.booted.why.msg);
	}
}

int main(void)
{
	rig_open(&rig, "test_secmon_slots");
	test_fresh_device();
	test_install_refusals();
	test_trial_not_confirmed();
	test_trial_confirmed();
	test_verification_fallback();
	test_malformed_states();
	rig_close(&rig);
	return tap_done();
}
