/*
 * test_secmon_os_powercut.c - a power cut at every step of an OS update
 * (host side, no QEMU; issue 17): the update agent's writes of the new OS
 * into osstage (each sector's erase and program), secmon's install (each
 * erase and program of the inactive slot, each durable write of the slots'
 * states), the power-on that records the trial, the confirm (the states'
 * write and the counter's) and the power-on after it. The cut is made both
 * ways at each step: the step fails and nothing more is done
 * (durable_fault_hook, slot_copy_fault_hook), and the process is killed
 * there. After every cut the next power-on must boot a signed OS whose
 * security version is not below the OS counter, the old version or the
 * new one; so must the power-on after that (a trial the cut left
 * unconfirmed is given up); both outcomes occur.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "counter.h"
#include "durable_file.h"
#include "flash_layout.h"
#include "os_slots.h"
#include "os_update.h"
#include "secmon_os_rig.h"
#include "slot_copy.h"
#include "tap.h"

#define OLD_VERSION 1u
#define NEW_VERSION 2u
/* The agent's download of the new OS, held in bank 1's app slots, which the
 * test writes into osstage with secmon's own sector writer (slot_copy.h),
 * as the agent writes MTD sectors. */
#define DOWNLOAD_OFFSET FLASH_BANK1_OFFSET

static struct os_rig rig;
static uint8_t desc_sha256[32];
static int cut_at = -1, steps;
static bool killing;

static int cut(void)
{
	if (steps++ != cut_at)
		return 0;
	if (killing)
		_exit(0);
	return -EIO;
}

static int durable_cut(enum durable_step step)
{
	(void)step;
	return cut();
}

static int copy_cut(enum slot_copy_step step, uint32_t offset)
{
	(void)step;
	(void)offset;
	return cut();
}

/* The whole update, up to the first step that fails: 0 when it ran to the end. */
static int update(void)
{
	static struct mbox_response resp;

	if (slot_copy(rig.fd, DOWNLOAD_OFFSET, FLASH_OSSTAGE_OFFSET, OS_UPDATE_COPY_SIZE) < 0)
		return -1;
	memset(&resp, 0, sizeof(resp));
	memcpy(resp.req.install_os.desc_sha256, desc_sha256, 32);
	if (os_install(&rig.srv, &resp) != MBOX_OK)
		return -1;
	if (rig_power_on(&rig) < 0 || !rig.booted.trial)
		return -1;
	if (os_confirm(&rig.srv, &resp) != MBOX_OK)
		return -1;
	return rig_power_on(&rig) < 0 ? -1 : 0;
}

/* The device before the update: the old OS in slot A booted, slot B and
 * osstage erased, no slot states, the counter at the old security version. */
static void reset(void)
{
	rig_erase(&rig, FLASH_SLOT_B_OFFSET, OS_UPDATE_COPY_SIZE);
	rig_erase(&rig, FLASH_OSSTAGE_OFFSET, OS_UPDATE_COPY_SIZE);
	unlinkat(rig.store.dirfd, OS_SLOTS_FILE, 0);
	if (durable_replace(rig.store.counters_fd, SECMON_COUNTER_OS, "1\n", 2, 0644) < 0 || rig_power_on(&rig) < 0 ||
	    rig.booted.desc.version != OLD_VERSION)
		rig_bail("reset");
}

static void hooks(bool on)
{
	durable_fault_hook = on ? durable_cut : NULL;
	slot_copy_fault_hook = on ? copy_cut : NULL;
	steps = 0;
}

/* A power-on after the cut: a signed OS, old or new, not below the counter. */
static bool boots(const char *when, uint32_t *version)
{
	int rc = rig_power_on(&rig);
	uint32_t counter = rig_counter(&rig);

	*version = rig.booted.desc.version;
	if (rc == 0 && (*version == OLD_VERSION || *version == NEW_VERSION) &&
	    rig.booted.desc.security_version >= counter)
		return true;
	printf("# cut at step %d (%s), %s: rc %d, version %u, security version %u, counter %u, states %s (%s: %s)\n",
	       cut_at, killing ? "killed" : "failed", when, rc, *version, rig.booted.desc.security_version, counter,
	       rig_slots(&rig), rig.booted.partition ? rig.booted.partition : "-", rig.booted.why.msg);
	return false;
}

/* Cuts at every step, one way; counts the outcomes. */
static void sweep(int total, bool kill)
{
	unsigned outcomes[3] = { 0 }, failures = 0;

	for (cut_at = 0; cut_at < total; cut_at++) {
		uint32_t first, second;

		reset();
		killing = kill;
		if (kill) {
			pid_t pid = fork();
			int status;

			if (pid < 0)
				rig_bail("fork");
			if (pid == 0) {
				hooks(true);
				_exit(update() == 0 ? 3 : 4);
			}
			if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
				rig_bail("the killed update did not end at its cut");
		} else {
			hooks(true);
			if (update() == 0)
				rig_bail("the update ran past its cut");
			hooks(false);
		}
		if (!boots("first power-on", &first) || !boots("second power-on", &second))
			failures++;
		else
			outcomes[second]++;
	}
	cut_at = -1;
	tap_ok(failures == 0, "%s at each of the %d steps: every power-on boots the old or the new OS, not below the "
	       "counter (%u old, %u new)", kill ? "killed" : "a failed step", total, outcomes[OLD_VERSION],
	       outcomes[NEW_VERSION]);
	tap_ok(outcomes[OLD_VERSION] && outcomes[NEW_VERSION], "%s: early cuts keep the old OS, late ones the new",
	       kill ? "killed" : "a failed step");
}

int main(void)
{
	static uint8_t image[OS_UPDATE_COPY_SIZE];
	int total;

	rig_open(&rig, "test_secmon_os_powercut");
	rig_put_os(&rig, FLASH_BANK0_OFFSET, OLD_VERSION, 1);
	rig_os_image(&rig, NEW_VERSION, 2, image, desc_sha256);
	if (pwrite(rig.fd, image, sizeof(image), DOWNLOAD_OFFSET) != (ssize_t)sizeof(image))
		rig_bail("pwrite");

	reset();
	hooks(true);
	tap_ok(update() == 0 && rig.booted.desc.version == NEW_VERSION && !rig.booted.trial &&
		       rig_counter(&rig) == 2 && !strcmp(rig_slots(&rig), "B good good\n"),
	       "uncut, the update ends with the new OS confirmed in slot B, the counter 2");
	total = steps;
	hooks(false);
	tap_ok(total > 100, "the update has %d steps that write", total);
	sweep(total, false);
	sweep(total, true);
	rig_close(&rig);
	return tap_done();
}
