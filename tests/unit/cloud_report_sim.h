/*
 * cloud_report_sim.h - failure reports as a device's check-in carries them
 * ("error_reports", docs/cloud-api.md), made on the host: shared by
 * tests/unit/cloud_fake_device (the suite) and bench/cloud/cloud_checkin.c
 * (the load generator).
 */
#ifndef SPHERULE_CLOUD_REPORT_SIM_H
#define SPHERULE_CLOUD_REPORT_SIM_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* The test app's component (tests/unit/test_pkg_support.c's package). */
#define CLOUD_REPORT_SIM_APP "6b9a3c0e-1f2d-4c8a-9e7b-0a1b2c3d4e5f"

/* The JSON array of count reports numbered first, first + 1, ..., of the
 * kinds in turn by seq (seq % 5: crash, exit, oom, budget, kernel-warning;
 * the app's are its version 3, "hello"), each at time at, into out (len
 * bytes): 0, or -ENOSPC. */
int cloud_report_sim(char *out, size_t len, uint64_t first, unsigned count, time_t at);

#endif
