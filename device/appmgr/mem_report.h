/* mem_report.h — appmgr's memory report: what the device's RAM is used for
 * (the kernel's share from /proc/meminfo, each process's resident set),
 * logged a few seconds after boot and then periodically, so that the RAM
 * budget can be watched without giving any app access to /proc. */
#ifndef APPMGR_MEM_REPORT_H
#define APPMGR_MEM_REPORT_H

#include <stdint.h>

/* First report this long after the apps were started, then every
 * MEM_REPORT_PERIOD_MS. */
#define MEM_REPORT_FIRST_MS 5000u
#define MEM_REPORT_PERIOD_MS 600000u

/* Logs "memory: ..." lines: one for the whole system, one per process. */
void mem_report_log(void);

#endif
