/* failure_report.h — what appmgr records in its ring of failure reports
 * (error_ring.h; docs/appmgr.md, "Failure reports"): an app's main process
 * that was killed by a signal (with what the SDK's crash handler sent,
 * CRASH_INFO, when its pid and signal match), that exited with a status
 * other than 0, that the kernel stopped at its RAM budget, or that appmgr
 * stopped for a budget; and the kernel's warnings (kmsg_watch.h). appmgr,
 * not the app, names the component, its version, the signal and the
 * resident set. Each report is logged in one line. */
#ifndef APPMGR_FAILURE_REPORT_H
#define APPMGR_FAILURE_REPORT_H

#include <stdint.h>

#include "app.h"
#include "error_ring.h"

/* App a's main process ended with wait status st (rss_kib: its peak
 * resident set, wait4's ru_maxrss); oom: its memory cgroup stopped it.
 * Nothing for an exit with status 0. Forgets a's crash info. */
void failure_report_app_ended(struct error_ring *r, struct app *a, int st, uint32_t rss_kib, bool oom,
			      uint32_t ram_budget_kib);

/* appmgr stopped app a for a budget; detail says which. */
void failure_report_budget(struct error_ring *r, const struct app *a, const char *detail);

/* A kernel warning; line is the kernel's line (truncated to the detail). */
void failure_report_kernel(struct error_ring *r, const char *line);

#endif
