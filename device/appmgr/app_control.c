/* app_control.c — apps started, stopped, added and removed while the device
 * runs (see app_control.h). */
#include "app_control.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app_cgroup.h"
#include "app_service.h"
#include "app_storage.h"
#include "clock_ms.h"
#include "gpio_chips.h"
#include "log.h"
#include "mounts.h"

#define STOP_POLL_MS 20u
#define STOP_KILL_WAIT_MS 2000u

static void sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000u, (long)(ms % 1000u) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Reaps a's main process when it has ended; true when no process of a is
 * left (its main process reaped and its cgroup empty). */
static bool app_gone(struct app *a)
{
	uint64_t populated = 0;
	int st;

	if (a->pid > 0 && waitpid(a->pid, &st, WNOHANG) == a->pid)
		a->pid = 0;
	if (a->pid > 0)
		return false;
	return app_cgroup_read(a, APP_CGROUP_POPULATED, &populated) != 0 || populated == 0;
}

static bool wait_gone(struct app *a, unsigned ms)
{
	for (unsigned waited = 0; !app_gone(a); waited += STOP_POLL_MS) {
		if (waited >= ms)
			return false;
		sleep_ms(STOP_POLL_MS);
	}
	return true;
}

int app_control_stop(struct app *a)
{
	a->held = true;
	a->restart_at_ms = 0;
	if (app_gone(a))
		return 0;
	if (a->pid > 0 && a->debugged)
		(void)kill(a->pid, SIGCONT);
	(void)app_cgroup_signal(a, SIGTERM);
	if (!wait_gone(a, APP_CONTROL_STOP_GRACE_MS)) {
		(void)app_cgroup_kill(a);
		if (!wait_gone(a, STOP_KILL_WAIT_MS)) {
			log_line("%s: still alive %u ms after SIGKILL", a->name, STOP_KILL_WAIT_MS);
			return -ETIMEDOUT;
		}
	}
	log_line("%s: stopped on request", a->name);
	return 0;
}

int app_control_start(struct supervisor *s, struct app *a)
{
	if (a->pid > 0)
		return -EALREADY;
	a->held = false;
	backoff_init(&a->backoff);
	a->restarts = 0;
	supervisor_start_app(s, a, clock_ms());
	return 0;
}

void app_control_open_up_gpio(const struct supervisor *s, const struct app *a)
{
	for (unsigned c = 0; c < s->gpio->count; c++) {
		const struct gpio_map_chip *chip = &s->gpio->chip[c];
		int err;

		if (!chip->present || !gpio_map_chip_asked(chip, &a->gpio))
			continue;
		err = gpio_chips_open_up("/dev", chip);
		if (err != 0)
			log_line("cannot open up /dev/%s to the apps: %s", chip->node, strerror(-err));
	}
}

int app_control_add(struct supervisor *s, const struct app *candidate, bool manual_start,
		    struct error_detail *why)
{
	struct app *a;
	int err;

	if (s->count >= APPMGR_MAX_APPS)
		return error_detail_set(why, -ENOSPC, "appmgr's app table is full");
	a = &s->apps[s->count];
	*a = *candidate;
	err = mounts_app_image(a->slot, a->mount_dir);
	if (err != 0)
		return error_detail_set(why, err, "cannot mount app%u on %s: %s", a->slot, a->mount_dir,
					strerror(-err));
	err = app_cgroup_create(a, (uint64_t)s->ram_budget_kib * 1024u);
	if (err != 0) {
		(void)mounts_app_image_remove(a->mount_dir);
		return error_detail_set(why, err, "cannot make its memory cgroup: %s", strerror(-err));
	}
	log_line("app%u: mounted on %s", a->slot, a->mount_dir);
	app_storage_add(MOUNTS_DATA_DIR, a);
	app_control_open_up_gpio(s, a);
	supervisor_init_app(a, clock_ms());
	a->debugger_pid = 0;
	a->debugged = false;
	a->held = manual_start;
	s->count++;
	if (manual_start)
		log_line("%s: installed, not started (manual start)", a->name);
	else
		supervisor_start_app(s, a, clock_ms());
	return 0;
}

int app_control_remove(struct supervisor *s, size_t i, struct error_detail *why)
{
	struct app *a = &s->apps[i];
	int err = mounts_app_image_remove(a->mount_dir);

	if (err != 0)
		return error_detail_set(why, err, "cannot unmount %s: %s", a->mount_dir, strerror(-err));
	err = app_cgroup_remove(a);
	if (err != 0)
		log_line("%s: cannot remove its memory cgroup: %s", a->name, strerror(-err));
	if (a->out_fd >= 0)
		close(a->out_fd);
	app_service_close(s, a);
	memmove(a, a + 1, (s->count - i - 1) * sizeof(*a));
	s->count--;
	return 0;
}
