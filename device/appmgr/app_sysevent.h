/* app_sysevent.h — the update events of the app service
 * (spherule/app_service.h, SYSEVENT_*): an app's registration (its event
 * socket, one at a time), its deferrals and resumptions, and the update
 * gate (update_gate.h) that appmgr's event loop drives, each of its steps
 * sent to every app registered for update events and logged
 * ("appmgr: update gate: ..."). */
#ifndef APPMGR_APP_SYSEVENT_H
#define APPMGR_APP_SYSEVENT_H

#include <stdbool.h>
#include <stdint.h>

#include "spherule/error_detail.h"
#include "supervisor.h"

/* Registers app a for the events of mask: a fresh SOCK_SEQPACKET
 * socketpair, appmgr's end kept in a->event_fd (send-only, non-blocking),
 * the app's end returned for the answer to pass. While an update sequence
 * runs, its current status is queued at once. The descriptor, or -EEXIST
 * while the app's previous event socket is open, or -errno, with why. */
int app_sysevent_register(struct supervisor *s, struct app *a, uint32_t mask, uint64_t now_ms,
			  struct error_detail *why);

/* App a defers the pending update by minutes (capped at what is left of
 * the maximum deferral) or withdraws its deferral. 0, or -EINVAL when no
 * update is pending or deferred (or no deferral time is left), with why. */
int app_sysevent_defer(struct supervisor *s, struct app *a, uint32_t minutes, uint64_t now_ms,
		       struct error_detail *why);
int app_sysevent_resume(struct supervisor *s, struct app *a, uint64_t now_ms, struct error_detail *why);

/* App a ended: its event socket is closed, its deferral dropped. */
void app_sysevent_unregister(struct supervisor *s, struct app *a);

/* Starts the update sequence of an update of type (enum
 * app_svc_update_type) with max_deferral_minutes of deferral for the apps:
 * Pending is sent now. What the update agent will call before it
 * installs; for now only the development-mode simulation
 * (APPMGR_CTL_SYSEVENT_SIMULATE), whose "update" installs nothing. 0,
 * -EBUSY while a sequence runs, -EINVAL for a type or maximum out of
 * range, with why. */
int app_sysevent_start(struct supervisor *s, uint32_t type, uint32_t max_deferral_minutes, uint64_t now_ms,
		       struct error_detail *why);

/* The update agent a (UpdateAgent) starts its sequence (as
 * app_sysevent_start()); at its APPLY step the gate waits for the agent,
 * which installs, then ends it with app_sysevent_agent_done(). */
int app_sysevent_agent_start(struct supervisor *s, struct app *a, uint32_t type, uint32_t max_deferral_minutes,
			     uint64_t now_ms, struct error_detail *why);

/* The gate as agent a sees it (UPDATE_GATE's record). */
void app_sysevent_agent_status(const struct supervisor *s, const struct app *a, uint64_t now_ms,
			       struct app_svc_update_gate *rec);

/* Whether agent a's sequence is applying: the installs it may do now. */
bool app_sysevent_agent_applying(const struct supervisor *s, const struct app *a);

/* Agent a's sequence is over: Complete is sent (an app update), or the
 * device reboots into the installed OS (reboot). 0, or -EINVAL when no
 * sequence of a is applying, with why. */
int app_sysevent_agent_done(struct supervisor *s, struct app *a, bool reboot, uint64_t now_ms,
			    struct error_detail *why);

/* App a's service socket closed: a sequence it runs is dropped (the gate
 * idle again, nothing more sent). */
void app_sysevent_agent_ended(struct supervisor *s, const struct app *a);

/* The gate's steps due at now_ms, sent and logged. */
void app_sysevent_tick(struct supervisor *s, uint64_t now_ms);

#endif
