/*
 * counter.h - the per-component monotonic security-version counters of
 * secmon's store (anti-rollback): one file counters/<component> holding the
 * value in decimal and a newline, 0 when absent. A counter only moves
 * forward, and each move is one durable file replacement (durable_file.h),
 * so a power cut leaves the old value or the new one.
 */
#ifndef SECMON_COUNTER_H
#define SECMON_COUNTER_H

#include <stdint.h>

#include "store.h"

/* The OS's counter; an app's is named by its component id (lowercase text). */
#define SECMON_COUNTER_OS "os"
/* A component name: 1 to 36 of [a-z0-9-], starting with a letter or digit. */
#define SECMON_COMPONENT_MAX 36u

/* The value of component's counter: 0, -EINVAL for a bad name or a malformed
 * file, or -errno. */
int secmon_counter_read(const struct secmon_store *s, const char *component, uint32_t *value,
			struct error_detail *err);

/* Moves component's counter forward to value: 0 (also when it is there
 * already), -ERANGE when value is below it (nothing written), or -errno. */
int secmon_counter_advance(const struct secmon_store *s, const char *component, uint32_t value,
			   struct error_detail *err);

#endif
