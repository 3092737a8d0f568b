/* mem_report.h — appmgr's memory report: what the device's RAM is used for
 * (the kernel's share from /proc/meminfo, each app's memory cgroup: all its
 * processes and the kernel memory they cause, each process's resident set),
 * logged a few seconds after boot and then periodically, so that the RAM
 * budget can be watched without giving any app access to /proc. */
#ifndef APPMGR_MEM_REPORT_H
#define APPMGR_MEM_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "app.h"

/* First report this long after the apps were started, then every
 * MEM_REPORT_PERIOD_MS. */
#define MEM_REPORT_FIRST_MS 5000u
#define MEM_REPORT_PERIOD_MS 600000u

/* Logs "memory: ..." lines: for the whole system, for each of the count
 * apps (whose budget is budget_kib), for each process. */
void mem_report_log(const struct app *apps, size_t count, uint32_t budget_kib);

#endif
