/*
 * os_update.c - install staged OS, OS boot state and confirm OS health
 * (os_update.h). An install writes the inactive slot only after the staged
 * OS passed secure boot's own check, marks the slot empty before its first
 * sector is erased and pending only once the copy passed that check again,
 * so a power cut at any step leaves the running OS primary and the other
 * slot empty or pending whole.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "counter.h"
#include "flash_layout.h"
#include "os_slots.h"
#include "os_update.h"
#include "secure_boot.h"
#include "slot_copy.h"

_Static_assert(OS_UPDATE_COPY_SIZE <= FLASH_OSSTAGE_SIZE, "osstage holds an OS in bank 0's layout");

uint64_t os_update_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec;
}

/* The status of a refused check (secure_boot_check()). */
static enum mbox_status check_status(int rc, const struct secure_boot_result *r)
{
	switch (rc) {
	case -ENOENT: return strcmp(r->partition, "osdesc") ? MBOX_ST_BAD_IMAGE : MBOX_ST_NO_IMAGE;
	case -EKEYREJECTED: return MBOX_ST_BAD_SIGNATURE;
	case -ENOKEY: return MBOX_ST_UNTRUSTED_KEY;
	case -EKEYREVOKED: return MBOX_ST_REVOKED_KEY;
	case -ERANGE: return MBOX_ST_ROLLED_BACK;
	case -EBADMSG:
	case -EINVAL: return MBOX_ST_BAD_IMAGE;
	default: return MBOX_ST_STORE_FAILED;
	}
}

static enum mbox_status set_state(const struct mbox_server *srv, struct os_slots *o, unsigned slot,
				  enum os_slot_state state)
{
	struct error_detail err = { "" };

	o->state[slot] = state;
	if (os_slots_write(srv->store, o, &err) < 0) {
		fprintf(stderr, "secmon: install staged OS: %s\n", err.msg);
		return MBOX_ST_STORE_FAILED;
	}
	return MBOX_OK;
}

/* The staged OS checked, the one the agent means (its description's hash). */
static enum mbox_status check_staged(const struct mbox_server *srv, const uint8_t want[MBOX_DIGEST_SIZE],
				     struct secure_boot_result *staged)
{
	uint8_t digest[CRYPTO_SHA256_SIZE];
	int rc = secure_boot_check(srv->store, srv->flash_fd, FLASH_OSSTAGE_OFFSET, staged);

	if (rc < 0) {
		fprintf(stderr, "secmon: install staged OS refused: osstage: %s: %s\n", staged->partition,
			staged->why.msg);
		return check_status(rc, staged);
	}
	if (crypto_sha256(staged->desc.bytes, staged->desc.size, digest) < 0)
		return MBOX_ST_STORE_FAILED;
	if (memcmp(digest, want, sizeof(digest))) {
		fprintf(stderr, "secmon: install staged OS refused: the staged description is not the one asked for\n");
		return MBOX_ST_BAD_IMAGE;
	}
	return MBOX_OK;
}

enum mbox_status os_install(const struct mbox_server *srv, struct mbox_response *resp)
{
	static struct secure_boot_result staged, written;
	struct mbox_install_os_result *res = &resp->res.install_os;
	struct error_detail err = { "" };
	struct os_slots o;
	enum mbox_status st;
	unsigned target;
	int rc;

	if (!srv->booted || srv->booted->trial) {
		fprintf(stderr, "secmon: install staged OS refused: this boot is an unconfirmed trial, the other "
				"slot its fallback\n");
		return MBOX_ST_NO_SLOT;
	}
	target = 1 - srv->booted->slot;
	st = check_staged(srv, resp->req.install_os.desc_sha256, &staged);
	if (st != MBOX_OK)
		return st;
	if (os_slots_read(srv->store, &o, &err) < 0) {
		fprintf(stderr, "secmon: install staged OS: %s\n", err.msg);
		return MBOX_ST_STORE_FAILED;
	}
	if ((st = set_state(srv, &o, target, OS_SLOT_EMPTY)) != MBOX_OK)
		return st;
	rc = slot_copy(srv->flash_fd, FLASH_OSSTAGE_OFFSET, os_slot_offset(target), OS_UPDATE_COPY_SIZE);
	if (rc < 0) {
		fprintf(stderr, "secmon: install staged OS: writing slot %c: %s\n", os_slot_letter(target),
			strerror(-rc));
		return MBOX_ST_STORE_FAILED;
	}
	rc = secure_boot_check(srv->store, srv->flash_fd, os_slot_offset(target), &written);
	if (rc < 0 || memcmp(written.measurement.value, staged.measurement.value, CRYPTO_SHA256_SIZE)) {
		fprintf(stderr, "secmon: install staged OS: slot %c refused after the copy: %s: %s\n",
			os_slot_letter(target), rc < 0 ? written.partition : "osdesc",
			rc < 0 ? written.why.msg : "another measurement");
		return MBOX_ST_BAD_IMAGE;
	}
	if ((st = set_state(srv, &o, target, OS_SLOT_PENDING)) != MBOX_OK)
		return st;
	fprintf(stderr, "secmon: installed OS version %u, security version %u in slot %c: pending its trial boot\n",
		written.desc.version, written.desc.security_version, os_slot_letter(target));
	res->slot = (uint16_t)target;
	res->version = written.desc.version;
	res->security_version = written.desc.security_version;
	memcpy(res->measurement, written.measurement.value, sizeof(res->measurement));
	return MBOX_OK;
}

enum mbox_status os_boot_state(const struct mbox_server *srv, struct mbox_response *resp)
{
	static const uint16_t codes[] = {
		[OS_SLOT_EMPTY] = MBOX_OS_SLOT_EMPTY, [OS_SLOT_GOOD] = MBOX_OS_SLOT_GOOD,
		[OS_SLOT_PENDING] = MBOX_OS_SLOT_TRIAL_PENDING, [OS_SLOT_TRIAL] = MBOX_OS_SLOT_TRIAL_PENDING,
		[OS_SLOT_BAD] = MBOX_OS_SLOT_BAD,
	};
	struct mbox_os_boot_state_result *res = &resp->res.os_boot_state;
	const struct secure_boot_result *b = srv->booted;
	struct os_slots o;
	uint64_t now = os_update_now();

	if (!b || os_slots_read(srv->store, &o, NULL) < 0)
		return MBOX_ST_STORE_FAILED;
	res->slot = (uint16_t)b->slot;
	res->trial = b->trial;
	res->version = b->desc.version;
	res->security_version = b->desc.security_version;
	res->other_state = codes[o.state[1 - b->slot]];
	if (b->trial && srv->trial_deadline > now)
		res->deadline_s = (uint32_t)(srv->trial_deadline - now);
	return MBOX_OK;
}

enum mbox_status os_confirm(const struct mbox_server *srv, struct mbox_response *resp)
{
	struct secure_boot_result *b = srv->booted;
	struct error_detail err = { "" };
	struct os_slots o;
	int rc;

	if (!b)
		return MBOX_ST_STORE_FAILED;
	if (b->trial) {
		rc = os_slots_read(srv->store, &o, &err);
		if (!rc) {
			o.state[b->slot] = OS_SLOT_GOOD;
			o.primary = b->slot;
			rc = os_slots_write(srv->store, &o, &err);
		}
		/* Cut between the two, the next power-on's boot of the primary
		 * advances the counter. */
		if (!rc)
			rc = secmon_counter_advance(srv->store, SECMON_COUNTER_OS, b->desc.security_version, &err);
		if (rc < 0) {
			fprintf(stderr, "secmon: confirm OS health: %s\n", err.msg);
			return MBOX_ST_STORE_FAILED;
		}
		b->trial = false;
		fprintf(stderr, "secmon: slot %c confirmed healthy: OS version %u, security version %u is the primary\n",
			os_slot_letter(b->slot), b->desc.version, b->desc.security_version);
	}
	return secmon_counter_read(srv->store, SECMON_COUNTER_OS, &resp->res.confirm_os.counter, NULL) < 0
		       ? MBOX_ST_STORE_FAILED
		       : MBOX_OK;
}
