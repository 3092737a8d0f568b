/*
 * os_select.c - the power-on's choice of the OS slot to boot (secure_boot()
 * in secure_boot.h; docs/secmon.md, *OS slots*). Every state change is
 * written to the store before the OS it concerns boots, so a power cut at
 * any point leaves states from which the next power-on still boots the old
 * OS or the new one: a trial is recorded before it starts, and a trial that
 * never confirmed is given up at the next power-on.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "counter.h"
#include "os_slots.h"
#include "secure_boot.h"

/* A refusal whose reason r->why already holds. */
static int refuse_at(struct secure_boot_result *r, const char *partition, int rc)
{
	r->partition = partition;
	return rc;
}

/* A trial booted and not confirmed, at this power-on: given up. */
static void give_up_trials(struct os_slots *o, bool *changed)
{
	for (unsigned i = 0; i < OS_SLOT_COUNT; i++)
		if (o->state[i] == OS_SLOT_TRIAL) {
			fprintf(stderr, "secmon: slot %c: its trial boot was not confirmed: marked bad, not booted again\n",
				os_slot_letter(i));
			o->state[i] = OS_SLOT_BAD;
			*changed = true;
		}
}

/* A slot refused: bad, or empty when it holds no OS; the device's only good
 * OS stays as it is (nothing else could boot, and it is checked again at
 * the next power-on). */
static void refused(struct os_slots *o, unsigned i, int rc, const struct secure_boot_result *r, bool *changed)
{
	bool erased = rc == -ENOENT && r->partition && !strcmp(r->partition, "osdesc");
	enum os_slot_state other = o->state[1 - i];

	fprintf(stderr, "secmon: slot %c refused: %s: %s\n", os_slot_letter(i), r->partition, r->why.msg);
	if (other != OS_SLOT_GOOD && o->state[i] == OS_SLOT_GOOD)
		return;
	o->state[i] = erased ? OS_SLOT_EMPTY : OS_SLOT_BAD;
	*changed = true;
}

/* A slot pending its trial, checked: the trial recorded, 1 to boot it. */
static int try_trial(const struct secmon_store *s, int fd, struct os_slots *o, bool *changed,
		     struct secure_boot_result *r)
{
	for (unsigned i = 0; i < OS_SLOT_COUNT; i++) {
		int rc;

		if (o->state[i] != OS_SLOT_PENDING)
			continue;
		rc = secure_boot_check(s, fd, os_slot_offset(i), r);
		if (rc < 0) {
			refused(o, i, rc, r, changed);
			continue;
		}
		o->state[i] = OS_SLOT_TRIAL;
		rc = os_slots_write(s, o, &r->why);
		if (rc < 0)
			return refuse_at(r, OS_SLOTS_FILE, rc);
		r->slot = i;
		r->trial = true;
		return 1;
	}
	return 0;
}

int secure_boot(const struct secmon_store *s, int flash_fd, struct secure_boot_result *r)
{
	static struct secure_boot_result first;
	struct os_slots o;
	bool changed = false;
	int rc = os_slots_read(s, &o, &r->why), first_rc = 0;

	if (rc < 0)
		return refuse_at(r, OS_SLOTS_FILE, rc);
	give_up_trials(&o, &changed);
	rc = try_trial(s, flash_fd, &o, &changed, r);
	if (rc)
		return rc < 0 ? rc : 0;
	for (unsigned k = 0; k < OS_SLOT_COUNT; k++) {
		unsigned i = k ? 1 - o.primary : o.primary;

		if (o.state[i] != OS_SLOT_GOOD)
			continue;
		rc = secure_boot_check(s, flash_fd, os_slot_offset(i), r);
		if (rc < 0) {
			if (!first_rc) {
				first = *r;
				first_rc = rc;
			}
			refused(&o, i, rc, r, &changed);
			continue;
		}
		changed |= o.primary != i;
		o.primary = i;
		if (changed && (rc = os_slots_write(s, &o, &r->why)) < 0)
			return refuse_at(r, OS_SLOTS_FILE, rc);
		/* A confirmed slot: the counter reaches its security version (a
		 * no-op but when a power cut fell between a confirm's steps). */
		rc = secmon_counter_advance(s, SECMON_COUNTER_OS, r->desc.security_version, &r->why);
		if (rc < 0)
			return refuse_at(r, "osdesc", rc);
		r->slot = i;
		return 0;
	}
	if (changed && (rc = os_slots_write(s, &o, &r->why)) < 0)
		return refuse_at(r, OS_SLOTS_FILE, rc);
	if (first_rc) {
		*r = first;
		return first_rc;
	}
	memset(r, 0, sizeof(*r));
	r->partition = "osdesc";
	snprintf(r->why.msg, sizeof(r->why.msg), "no OS slot to boot: slot A %s, slot B %s",
		 os_slot_state_name(o.state[0]), os_slot_state_name(o.state[1]));
	return -ENOENT;
}
