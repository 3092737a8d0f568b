/* shutdown.h — the orderly shutdown of the device as a state machine, pure
 * (no clock, no system calls: the caller passes the time and what it
 * found). A request starts it once: every app gets SIGTERM and up to the
 * board's deadline to end; at the deadline the apps still alive are killed
 * and get a short grace to be reaped; then the filesystems are synced and
 * unmounted and the device powers off or reboots. Later requests are
 * ignored. */
#ifndef APPMGR_SHUTDOWN_H
#define APPMGR_SHUTDOWN_H

#include <stdbool.h>
#include <stdint.h>

#define SHUTDOWN_KILL_GRACE_MS 2000u /* from SIGKILL to giving up on an app */
#define SHUTDOWN_CHECK_MS 100u       /* how often the apps are looked at while waiting */

enum shutdown_kind {
	SHUTDOWN_POWER_OFF,
	SHUTDOWN_REBOOT,
	SHUTDOWN_POWER_DOWN, /* an app's ForcePowerDown: down for residency_s, then a cold boot */
};

enum shutdown_phase {
	SHUTDOWN_IDLE,  /* the device runs */
	SHUTDOWN_TERM,  /* SIGTERM sent: waiting for the apps until the deadline */
	SHUTDOWN_KILL,  /* the apps left at the deadline killed: waiting for them */
	SHUTDOWN_FINAL, /* apps done with: sync, unmount, power off or reboot */
};

/* What the caller does after shutdown_next(). */
enum shutdown_action {
	SHUTDOWN_WAIT,           /* nothing yet */
	SHUTDOWN_KILL_LEFTOVERS, /* the deadline passed: kill the apps still alive */
	SHUTDOWN_FINISH,         /* sync, unmount, power off or reboot (once) */
};

struct shutdown {
	enum shutdown_phase phase;
	enum shutdown_kind kind;
	const char *why;         /* what asked for it: "SIGTERM", "power key" (static) */
	uint32_t deadline_ms;    /* from SIGTERM to SIGKILL */
	uint64_t until_ms;       /* end of the current wait */
	uint32_t residency_s;    /* SHUTDOWN_POWER_DOWN: seconds until the device starts again */
};

void shutdown_init(struct shutdown *s, uint32_t deadline_ms);

/* A request to power off, reboot or power down (for residency_s seconds)
 * at now_ms, why being static text. True
 * when it starts the shutdown (the caller then sends SIGTERM to the apps);
 * false when a shutdown is already under way and the request is ignored. */
bool shutdown_request(struct shutdown *s, enum shutdown_kind kind, const char *why,
		      uint32_t residency_s, uint64_t now_ms);

/* The next step at now_ms, apps_alive being whether a process of an app is
 * still alive. Advances the phase. */
enum shutdown_action shutdown_next(struct shutdown *s, bool apps_alive, uint64_t now_ms);

/* Milliseconds until the apps should be looked at again, or -1 when there
 * is nothing to wait for (idle, or final). */
int shutdown_timeout(const struct shutdown *s, uint64_t now_ms);

/* "power off", "reboot" or "power down", for log lines. */
const char *shutdown_kind_name(enum shutdown_kind kind);

#endif
