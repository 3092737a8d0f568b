/* failure_report.c — the failure reports appmgr records (see
 * failure_report.h). */
#include "failure_report.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "log.h"

/* Adds ev to the ring and logs it (and when the file could not be written). */
static void record(struct error_ring *r, struct app_svc_report *ev)
{
	uint32_t seq;
	int err;

	ev->time = (int64_t)time(NULL);
	err = error_ring_add(r, ev, &seq);
	log_line("failure report %u: %s %s", seq, ev->name, app_svc_report_kind_name(ev->kind));
	if (err != 0)
		log_line("failure report %u kept in RAM only: cannot write %s: %s", seq, r->path, strerror(-err));
}

/* src into dst (cap bytes), cut short to fit, NUL-terminated. */
static void copy_text(char *dst, size_t cap, const char *src)
{
	size_t n = strnlen(src, cap - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* A report of app a of kind. */
static void app_report(const struct app *a, uint8_t kind, struct app_svc_report *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->kind = kind;
	memcpy(ev->component_id, a->component_id, sizeof(ev->component_id));
	ev->version = a->version;
	copy_text(ev->name, sizeof(ev->name), a->name);
}

/* The crash handler's info, when it came from the process that ended
 * and names the signal that ended it. */
static void merge_crash_info(const struct app *a, int sig, struct app_svc_report *ev)
{
	const struct app_svc_crash_info *c = &a->crash;

	if (!a->crash_valid || c->pid != (uint32_t)a->pid || c->signal != (uint32_t)sig)
		return;
	ev->flags |= APP_SVC_REPORT_HAS_FAULT;
	ev->fault_address = c->fault_address;
	ev->pc = c->pc;
	ev->lr = c->lr;
	ev->stack_len = (uint8_t)c->stack_len;
	memcpy(ev->stack, c->stack, c->stack_len * sizeof(c->stack[0]));
}

void failure_report_app_ended(struct error_ring *r, struct app *a, int st, uint32_t rss_kib, bool oom,
			      uint32_t ram_budget_kib)
{
	struct app_svc_report ev;

	if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
		a->crash_valid = false;
		return;
	}
	app_report(a, oom ? APP_SVC_REPORT_OOM : WIFSIGNALED(st) ? APP_SVC_REPORT_CRASH : APP_SVC_REPORT_EXIT, &ev);
	ev.flags |= APP_SVC_REPORT_HAS_RSS;
	ev.rss_kib = rss_kib;
	if (WIFSIGNALED(st)) {
		ev.flags |= APP_SVC_REPORT_HAS_SIGNAL;
		ev.signal = (uint8_t)WTERMSIG(st);
		merge_crash_info(a, WTERMSIG(st), &ev);
	} else {
		ev.flags |= APP_SVC_REPORT_HAS_EXIT;
		ev.exit_code = WEXITSTATUS(st);
	}
	if (oom)
		snprintf(ev.detail, sizeof(ev.detail), "it exceeded its RAM budget of %u KiB", ram_budget_kib);
	a->crash_valid = false;
	record(r, &ev);
}

void failure_report_budget(struct error_ring *r, const struct app *a, const char *detail)
{
	struct app_svc_report ev;

	app_report(a, APP_SVC_REPORT_BUDGET, &ev);
	copy_text(ev.detail, sizeof(ev.detail), detail);
	record(r, &ev);
}

void failure_report_kernel(struct error_ring *r, const char *line)
{
	struct app_svc_report ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = APP_SVC_REPORT_KERNEL_WARNING;
	copy_text(ev.name, sizeof(ev.name), "kernel");
	copy_text(ev.detail, sizeof(ev.detail), line);
	record(r, &ev);
}
