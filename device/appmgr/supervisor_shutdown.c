/* supervisor_shutdown.c — the steps of the orderly shutdown (see
 * supervisor_shutdown.h). */
#include "supervisor_shutdown.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <termios.h>
#include <unistd.h>

#include "app_cgroup.h"
#include "clock_ms.h"
#include "failure_report.h"
#include "log.h"
#include "mounts.h"
#include "power_key.h"

#define CONSOLE_DRAIN_MS 1000 /* longest wait for the console to take the last lines */
#define RESIDENCY_POLL_MS 60000 /* a power down's wait for the power key, in pieces */

/* True while a process of app a lives: its main process is not reaped yet,
 * or its memory cgroup still holds one. */
static bool app_alive(const struct app *a)
{
	uint64_t populated;

	if (a->pid > 0)
		return true;
	return app_cgroup_read(a, APP_CGROUP_POPULATED, &populated) == 0 && populated != 0;
}

void supervisor_shutdown_request(struct supervisor *s, enum shutdown_kind kind, const char *why,
				 uint32_t residency_s, uint64_t now_ms)
{
	size_t apps = 0;
	int procs = 0;

	if (!shutdown_request(&s->shutdown, kind, why, residency_s, now_ms)) {
		log_line("shutdown: %s (%s) ignored: already shutting down", shutdown_kind_name(kind),
			 why);
		return;
	}
	log_line("shutdown: %s (%s)", shutdown_kind_name(kind), why);
	for (size_t i = 0; i < s->count; i++) {
		struct app *a = &s->apps[i];
		int n = app_cgroup_signal(a, SIGTERM);

		a->restart_at_ms = 0;
		if (n < 0) {
			log_line("%s: cannot list its processes: %s", a->name, strerror(-n));
			n = a->pid > 0 && kill(a->pid, SIGTERM) == 0;
		}
		procs += n;
		apps += n > 0;
	}
	log_line("shutdown: SIGTERM sent to %d processes of %zu apps, waiting up to %u ms", procs,
		 apps, s->shutdown.deadline_ms);
}

/* At the deadline: every app still alive is killed (its whole cgroup). */
static void kill_leftovers(struct supervisor *s)
{
	for (size_t i = 0; i < s->count; i++) {
		struct app *a = &s->apps[i];
		char detail[96];
		int err;

		if (!app_alive(a))
			continue;
		log_line("%s: did not stop within %u ms of SIGTERM: killed", a->name,
			 s->shutdown.deadline_ms);
		snprintf(detail, sizeof(detail), "did not stop within %u ms of SIGTERM at a shutdown: killed",
			 s->shutdown.deadline_ms);
		failure_report_budget(s->reports, a, detail);
		err = app_cgroup_kill(a);
		if (err != 0) {
			log_line("%s: cannot kill its processes: %s", a->name, strerror(-err));
			if (a->pid > 0)
				(void)kill(a->pid, SIGKILL);
		}
	}
}

/* The apps are done with: says whether they all ended or which did not. */
static void log_apps_done(const struct supervisor *s)
{
	size_t left = 0;

	for (size_t i = 0; i < s->count; i++) {
		if (!app_alive(&s->apps[i]))
			continue;
		log_line("%s: still alive %u ms after SIGKILL: shutting down anyway",
			 s->apps[i].name, SHUTDOWN_KILL_GRACE_MS);
		left++;
	}
	if (left == 0)
		log_line("shutdown: all apps ended");
}

bool supervisor_shutdown_step(struct supervisor *s, uint64_t now_ms)
{
	bool alive = false;

	for (size_t i = 0; i < s->count && !alive; i++)
		alive = app_alive(&s->apps[i]);
	switch (shutdown_next(&s->shutdown, alive, now_ms)) {
	case SHUTDOWN_KILL_LEFTOVERS:
		kill_leftovers(s);
		return false;
	case SHUTDOWN_FINISH:
		log_apps_done(s);
		return true;
	default:
		return false;
	}
}

/* Until the console took the queued lines and sent them out. */
static void drain_console(struct supervisor *s)
{
	(void)console_drain(s->console, CONSOLE_DRAIN_MS);
	(void)tcdrain(s->console->fd);
}

/* A power down's residency, emulated (the board has no wake-up source and
 * the device stays powered): waits residency_s; true when the power key
 * was pressed meanwhile (what `spherule emulator stop` sends), which powers
 * the board off instead of starting it again. */
static bool power_down_residency(struct supervisor *s)
{
	uint64_t until = clock_ms() + (uint64_t)s->shutdown.residency_s * 1000u;
	uint64_t now;

	log_line("shutdown: powered down for %u s (emulated: the board has no wake-up source), then a "
		 "cold boot; the power key powers it off", s->shutdown.residency_s);
	drain_console(s);
	while ((now = clock_ms()) < until) {
		uint64_t left = until - now;
		struct pollfd key = { s->power_key_fd, POLLIN, 0 };

		if (poll(&key, 1, left > RESIDENCY_POLL_MS ? RESIDENCY_POLL_MS : (int)left) > 0 &&
		    power_key_presses(s->power_key_fd) > 0)
			return true;
	}
	return false;
}

void supervisor_shutdown_finish(struct supervisor *s)
{
	bool reboot_it = s->shutdown.kind != SHUTDOWN_POWER_OFF;
	int failures;

	sync();
	failures = mounts_unmount_all();
	if (failures == 0)
		log_line("shutdown: filesystems synced and unmounted");
	else
		log_line("shutdown: filesystems synced, %d not unmounted", failures);
	if (getpid() != 1) {
		log_line("shutdown: not PID 1: exiting instead of the %s",
			 shutdown_kind_name(s->shutdown.kind));
		drain_console(s);
		exit(0);
	}
	/* The last lines reach the console before the kernel stops. */
	drain_console(s);
	if (s->shutdown.kind == SHUTDOWN_POWER_DOWN && power_down_residency(s)) {
		log_line("shutdown: power key pressed while powered down: power off");
		drain_console(s);
		reboot_it = false;
	}
	reboot(reboot_it ? RB_AUTOBOOT : RB_POWER_OFF);
	log_line("shutdown: %s failed: %s", shutdown_kind_name(s->shutdown.kind), strerror(errno));
	drain_console(s);
	for (;;)
		pause();
}
