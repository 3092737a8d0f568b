/* supervisor.c — the event loop of appmgr (see supervisor.h). */
#include "supervisor.h"

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app_cgroup.h"
#include "app_confirm.h"
#include "app_debug.h"
#include "app_launch.h"
#include "app_service.h"
#include "app_sysevent.h"
#include "clock_ms.h"
#include "ctl_server.h"
#include "devctl_link.h"
#include "failure_report.h"
#include "kmsg_watch.h"
#include "log.h"
#include "mem_report.h"
#include "pid1_signals.h"
#include "power_key.h"
#include "signal_name.h"
#include "supervisor_shutdown.h"

#define APP_READ_CHUNK 1024u
#define POLL_ERROR_PAUSE_MS 1000
/* the signalfd, the power key, the control socket, the console, the apps' output and service
 * sockets */
#define POLL_FDS (2 * APPMGR_MAX_APPS + 4)
enum { POLL_SIGNALS, POLL_POWER_KEY, POLL_CTL, POLL_FIXED }; /* the first entries of the poll set */
#define ECHO_RETRY_MS 100         /* wake-up while an app's echo is throttled */
#define APP_EXIT_DRAIN_READS 8    /* output read at an exit before it is logged */
#define REAP_POLL_MS 1000         /* wake-up for reaping when there is no signalfd */

static void schedule_restart(struct app *a, uint64_t now_ms)
{
	uint32_t delay = backoff_next(&a->backoff, now_ms - a->started_ms);

	a->pid = 0;
	a->restarts++;
	a->restart_at_ms = now_ms + delay;
	log_line("%s: restarting in %u s (attempt %u)", a->name, delay / 1000u, a->backoff.attempt);
}

void supervisor_init_app(struct app *a, uint64_t now_ms)
{
	a->pid = 0;
	a->out_fd = -1;
	a->svc_fd = -1;
	a->event_fd = -1;
	a->event_mask = 0;
	a->restart_at_ms = 0;
	a->oom_stops = 0;
	a->held = false;
	a->restarts = 0;
	backoff_init(&a->backoff);
	log_ring_init(&a->ring);
	app_echo_init(&a->echo, &a->ring, now_ms);
}

/* Launches app a with its app service socket (app_service.h); devctl with
 * its descriptors too (devctl_link.h). */
static int launch(struct supervisor *s, struct app *a, uint64_t now_ms)
{
	int err = app_service_before_launch(s, a);

	if (err == 0 && a->device_control)
		err = devctl_link_before_launch(s);
	if (err == 0)
		err = app_launch(a, s->limits, s->gpio, now_ms);
	devctl_link_after_launch();
	app_service_after_launch();
	if (err != 0)
		app_service_close(s, a);
	return err;
}

void supervisor_start_app(struct supervisor *s, struct app *a, uint64_t now_ms)
{
	int err;

	a->restart_at_ms = 0;
	if (a->device_control && !devctl_link_attached()) {
		a->held = true;
		log_line("%s: not started: the board has no service link", a->name);
		return;
	}
	err = launch(s, a, now_ms);
	if (err == 0) {
		log_line("%s: started (pid %d, uid %u)", a->name, (int)a->pid, (unsigned)a->uid);
		if (a->debugged)
			app_debug_attach(a);
		return;
	}
	log_line("%s: cannot start: %s", a->name, strerror(-err));
	a->started_ms = now_ms;
	schedule_restart(a, now_ms);
}

/* Logs "status: N running, M waiting to restart, K refused". */
static void log_status(const struct supervisor *s)
{
	size_t running = 0, waiting = 0;

	for (size_t i = 0; i < s->count; i++) {
		running += s->apps[i].pid > 0;
		waiting += s->apps[i].restart_at_ms != 0;
	}
	log_line("status: %zu running, %zu waiting to restart, %zu refused", running, waiting,
		 s->refused);
}

/* Reads what the app wrote into its ring; closes the pipe at its end.
 * True when bytes were read. */
static bool read_app_output(struct app *a)
{
	char buf[APP_READ_CHUNK];
	ssize_t n = read(a->out_fd, buf, sizeof(buf));

	if (n > 0) {
		log_ring_append(&a->ring, buf, (size_t)n);
		return true;
	}
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return false;
	if (n < 0)
		log_line("%s: output pipe: %s", a->name, strerror(errno));
	close(a->out_fd);
	a->out_fd = -1;
	return false;
}

/* True when the kernel stopped app a since it last started because it
 * would have exceeded its RAM budget (its memory cgroup's OOM events). */
static bool over_budget(struct app *a)
{
	uint64_t stops;

	if (app_cgroup_read(a, APP_CGROUP_OOM_STOPS, &stops) != 0 || stops == a->oom_stops)
		return false;
	a->oom_stops = stops;
	return true;
}

static bool shutting_down(const struct supervisor *s)
{
	return s->shutdown.phase != SHUTDOWN_IDLE;
}

/* The app's main process ended with wait status st (ru: its resource
 * use): its last output is echoed first (as far as its console rate
 * allows), then the exit, and a failure is reported (failure_report.h)
 * unless appmgr ended it (a stop on request, a shutdown). During a shutdown
 * it is not restarted. */
static void main_process_ended(struct supervisor *s, struct app *a, int st, const struct rusage *ru,
			       uint64_t now_ms)
{
	bool oom = over_budget(a);
	int err;

	for (unsigned i = 0; i < APP_EXIT_DRAIN_READS && a->out_fd >= 0 && read_app_output(a); i++)
		;
	app_echo_pump(&a->echo, &a->ring, a->name, s->console, false, now_ms);
	app_service_take_crash_info(a);
	if (oom || (!shutting_down(s) && !a->held))
		failure_report_app_ended(s->reports, a, st, (uint32_t)ru->ru_maxrss, oom, s->ram_budget_kib);
	if (oom)
		log_line("%s: stopped: it exceeded its RAM budget of %u KiB", a->name,
			 s->ram_budget_kib);
	else if (WIFSIGNALED(st))
		log_line("%s: killed by signal %d (%s)", a->name, WTERMSIG(st),
			 signal_name(WTERMSIG(st)));
	else
		log_line("%s: exited with status %d", a->name, WEXITSTATUS(st));
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0 && !shutting_down(s) && app_confirm_at(a) != 0)
		app_confirm(a, now_ms);
	err = app_cgroup_kill(a);
	if (err != 0)
		log_line("%s: cannot end its remaining processes: %s", a->name, strerror(-err));
	app_service_close(s, a);
	if (shutting_down(s) || a->held) {
		a->pid = 0;
		return;
	}
	schedule_restart(a, now_ms);
	log_status(s);
}

/* Takes the signals queued on the signalfd: a shutdown request starts the
 * shutdown; SIGCHLD only wakes up the loop, which reaps on every wake-up. */
static void read_signals(struct supervisor *s, uint64_t now_ms)
{
	struct signalfd_siginfo info;
	enum shutdown_kind kind;

	while (read(s->signal_fd, &info, sizeof(info)) == (ssize_t)sizeof(info))
		if (pid1_signal_requests((int)info.ssi_signo, &kind))
			supervisor_shutdown_request(s, kind, signal_name((int)info.ssi_signo), 0,
						    now_ms);
}

/* Each press of the power key asks to power off; a line that fails is
 * given up. */
static void read_power_key(struct supervisor *s, uint64_t now_ms)
{
	int presses = power_key_presses(s->power_key_fd);

	for (int i = 0; i < presses; i++)
		supervisor_shutdown_request(s, SHUTDOWN_POWER_OFF, "power key", 0, now_ms);
	if (presses < 0) {
		log_line("power key: %s: no power key any more", strerror(-presses));
		close(s->power_key_fd);
		s->power_key_fd = -1;
	}
}

/* Reaps every child that has ended (a stopped one is not reported: no
 * WUNTRACED); an app's gdbserver is looked at, orphans of apps are reaped
 * silently. */
static void reap_children(struct supervisor *s, uint64_t now_ms)
{
	struct rusage ru;
	pid_t pid;
	int st;

	while ((pid = wait4(-1, &st, WNOHANG, &ru)) > 0) {
		if (app_debug_reaped(s->apps, s->count, pid, st))
			continue;
		for (size_t i = 0; i < s->count; i++)
			if (s->apps[i].pid == pid)
				main_process_ended(s, &s->apps[i], st, &ru, now_ms);
	}
	if (pid < 0 && errno != ECHILD)
		log_line("waitpid: %s", strerror(errno));
}

static void start_due_apps(struct supervisor *s, uint64_t now_ms)
{
	for (size_t i = 0; i < s->count; i++) {
		struct app *a = &s->apps[i];
		uint64_t confirm = app_confirm_at(a);

		if (a->restart_at_ms != 0 && now_ms >= a->restart_at_ms)
			supervisor_start_app(s, a, now_ms);
		else if (confirm != 0 && now_ms >= confirm && !shutting_down(s))
			app_confirm(a, now_ms);
	}
}

/* Milliseconds until the next restart or memory report is due, a
 * throttled echo or app service may go on, the update gate or a shutdown
 * takes its next step or, without a signalfd, children are reaped. */
static int next_timeout(const struct supervisor *s, uint64_t now_ms, bool echo_throttled,
			uint64_t svc_wake_ms)
{
	uint64_t soonest = s->mem_report_at_ms;
	int shutdown_wait = shutdown_timeout(&s->shutdown, now_ms);
	int gate_wait = update_gate_timeout(&s->gate, now_ms);

	if (echo_throttled && now_ms + ECHO_RETRY_MS < soonest)
		soonest = now_ms + ECHO_RETRY_MS;
	if (s->signal_fd < 0 && now_ms + REAP_POLL_MS < soonest)
		soonest = now_ms + REAP_POLL_MS;
	if (shutdown_wait >= 0 && now_ms + (uint64_t)shutdown_wait < soonest)
		soonest = now_ms + (uint64_t)shutdown_wait;
	if (gate_wait >= 0 && now_ms + (uint64_t)gate_wait < soonest)
		soonest = now_ms + (uint64_t)gate_wait;
	if (svc_wake_ms != 0 && svc_wake_ms < soonest)
		soonest = svc_wake_ms;
	if (s->later.at_ms != 0 && s->later.at_ms < soonest)
		soonest = s->later.at_ms;
	if (s->kmsg && s->kmsg->read && s->kmsg_at_ms < soonest)
		soonest = s->kmsg_at_ms;

	for (size_t i = 0; i < s->count; i++) {
		uint64_t at = s->apps[i].restart_at_ms;
		uint64_t confirm = app_confirm_at(&s->apps[i]);

		if (at != 0 && (soonest == 0 || at < soonest))
			soonest = at;
		if (confirm != 0 && (soonest == 0 || confirm < soonest))
			soonest = confirm;
	}
	return soonest <= now_ms ? 0 : (int)(soonest - now_ms);
}

/* Echoes every app's new lines; true when an app's echo is throttled. */
static bool echo_all(struct supervisor *s, uint64_t now_ms)
{
	bool throttled = false;

	for (size_t i = 0; i < s->count; i++) {
		struct app *a = &s->apps[i];

		if (app_echo_pump(&a->echo, &a->ring, a->name, s->console, a->out_fd < 0, now_ms) ==
		    ECHO_THROTTLED)
			throttled = true;
	}
	/* Errors other than EAGAIN discard the queue; nothing else to do. */
	(void)console_flush(s->console);
	return throttled;
}

static void pause_after_poll_error(void)
{
	struct timespec ts = { POLL_ERROR_PAUSE_MS / 1000, 0 };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Adds every app's output pipe and service socket to the poll set after
 * its first n entries; returns the new count. *svc_wake_ms: when the first
 * app whose service is throttled may be read again (else 0). */
static nfds_t poll_apps(struct supervisor *s, struct pollfd *fds, struct app **owner, nfds_t n, uint64_t now_ms,
			uint64_t *svc_wake_ms)
{
	*svc_wake_ms = 0;
	for (size_t i = 0; i < s->count; i++) {
		struct app *a = &s->apps[i];
		uint64_t wake = 0;

		if (a->out_fd >= 0) {
			fds[n] = (struct pollfd){ a->out_fd, POLLIN, 0 };
			owner[n++] = a;
		}
		if (app_service_pollable(a, now_ms, &wake)) {
			fds[n] = (struct pollfd){ a->svc_fd, POLLIN, 0 };
			owner[n++] = a;
		} else if (wake != 0 && (*svc_wake_ms == 0 || wake < *svc_wake_ms)) {
			*svc_wake_ms = wake;
		}
	}
	return n;
}

/* An app's entry of the poll set that is ready: its output or a request. */
static void serve_app(struct supervisor *s, struct app *a, const struct pollfd *p, uint64_t now_ms)
{
	if (!(p->revents & (POLLIN | POLLHUP | POLLERR)))
		return;
	if (p->fd == a->out_fd)
		(void)read_app_output(a);
	else if (p->fd == a->svc_fd)
		app_service_serve(s, a, now_ms);
}

void supervisor_run(struct supervisor *s)
{
	struct pollfd fds[POLL_FDS];
	struct app *owner[POLL_FDS];
	bool echo_throttled = false;
	uint64_t svc_wake;

	s->mem_report_at_ms = clock_ms() + MEM_REPORT_FIRST_MS;
	for (;;) {
		uint64_t now = clock_ms();
		nfds_t n;
		int ready;

		start_due_apps(s, now);
		app_sysevent_tick(s, now);
		if (s->later.at_ms != 0 && now >= s->later.at_ms) {
			s->later.at_ms = 0;
			supervisor_shutdown_request(s, s->later.kind, s->later.why, s->later.residency_s, now);
		}
		if (now >= s->mem_report_at_ms) {
			mem_report_log(s->apps, s->count, s->ram_budget_kib);
			s->mem_report_at_ms = now + MEM_REPORT_PERIOD_MS;
		}
		if (s->kmsg && now >= s->kmsg_at_ms) {
			kmsg_watch_read(s->kmsg, s->reports);
			s->kmsg_at_ms = now + KMSG_POLL_MS;
		}
		/* poll() skips the power key's entry while it is -1. */
		fds[POLL_SIGNALS] = (struct pollfd){ s->signal_fd, POLLIN, 0 };
		fds[POLL_POWER_KEY] = (struct pollfd){ s->power_key_fd, POLLIN, 0 };
		/* No request is taken during a shutdown. */
		fds[POLL_CTL] = (struct pollfd){ shutting_down(s) ? -1 : s->ctl_fd, POLLIN, 0 };
		owner[POLL_SIGNALS] = owner[POLL_POWER_KEY] = owner[POLL_CTL] = NULL;
		n = POLL_FIXED;
		if (console_pending(s->console)) {
			fds[n] = (struct pollfd){ s->console->fd, POLLOUT, 0 };
			owner[n++] = NULL;
		}
		n = poll_apps(s, fds, owner, n, now, &svc_wake);
		ready = poll(fds, n, next_timeout(s, now, echo_throttled, svc_wake));
		if (ready < 0 && errno != EINTR) {
			log_line("poll: %s", strerror(errno));
			pause_after_poll_error();
		}
		now = clock_ms();
		for (nfds_t i = 0; ready > 0 && i < n; i++)
			if (owner[i])
				serve_app(s, owner[i], &fds[i], now);
		if (ready > 0 && (fds[POLL_POWER_KEY].revents & (POLLIN | POLLERR)))
			read_power_key(s, now);
		if (ready > 0 && fds[POLL_CTL].fd >= 0 && fds[POLL_CTL].revents)
			ctl_server_serve(s);
		read_signals(s, now);
		/* Every wake-up: a SIGCHLD may have been merged into another or
		 * lost with the signalfd (then the poll wakes up each second). */
		reap_children(s, now);
		if (shutting_down(s) && supervisor_shutdown_step(s, now)) {
			(void)echo_all(s, now);
			supervisor_shutdown_finish(s);
		}
		echo_throttled = echo_all(s, now);
	}
}
