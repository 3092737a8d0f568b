/* supervisor_shutdown.h — the steps of the orderly shutdown the event loop
 * runs (the order and the deadline are shutdown.h's): SIGTERM to every
 * process of every app, the apps left at the deadline killed, then sync,
 * unmount, power off or reboot. Each step is one log line
 * ("appmgr: shutdown: ...", docs/appmgr.md). */
#ifndef APPMGR_SUPERVISOR_SHUTDOWN_H
#define APPMGR_SUPERVISOR_SHUTDOWN_H

#include <stdbool.h>
#include <stdint.h>

#include "shutdown.h"
#include "supervisor.h"

/* A request to power off, reboot or power down for residency_s seconds
 * (why: static text naming what asked): starts the shutdown, no app is
 * restarted any more and every process of every app gets SIGTERM; during a
 * shutdown the request is logged and ignored. */
void supervisor_shutdown_request(struct supervisor *s, enum shutdown_kind kind, const char *why,
				 uint32_t residency_s, uint64_t now_ms);

/* Looks at the apps during a shutdown (after the loop reaped): kills those
 * still alive at the deadline. True once the apps are done with and
 * supervisor_shutdown_finish() is due. */
bool supervisor_shutdown_step(struct supervisor *s, uint64_t now_ms);

/* Syncs and unmounts the filesystems, then powers off or reboots; a power
 * down waits its residency (the board has no wake-up source: emulated,
 * a press of the power key ends it with a power off) and reboots. When
 * appmgr is not PID 1 it exits instead. Never returns. */
__attribute__((noreturn))
void supervisor_shutdown_finish(struct supervisor *s);

#endif
