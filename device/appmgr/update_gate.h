/* update_gate.h — the update gate: the sequence of update events that apps
 * registered for them (spherule/app_service.h, SYSEVENT_*) see before an
 * update is applied, as Azure Sphere documents it (app-development,
 * "Defer device updates"), as a pure state machine (no clock, no system
 * calls: the caller passes the time and delivers the events):
 *
 *   Pending   the update will be applied; apps granted SoftwareUpdateDeferral
 *             may defer it, each up to the maximum deferral counted from the
 *             first Pending (max_deferral_minutes says what is left). Without
 *             a deferral it becomes Final after the warning (10 s).
 *   Deferred  an app deferred it. When every deferral has ended (expired,
 *             or its app ended), Pending again with what is left (Final
 *             when nothing is left); when the last app that deferred resumes
 *             it (or an app resumes a Pending update), Final at once.
 *   Final     the warning (10 s), without deferral; then the update is
 *             applied (the caller's APPLY step),
 *   Complete  after it was applied (sent for app updates; appmgr's simulated
 *             sequence sends it for both kinds, a real system update
 *             reboots the device instead).
 *
 * Its first user is the development-mode simulation (appmgr_ctl.h
 * SYSEVENT_SIMULATE); the update agent will run it before it installs. */
#ifndef APPMGR_UPDATE_GATE_H
#define APPMGR_UPDATE_GATE_H

#include <stdbool.h>
#include <stdint.h>

#include "app_table.h"
#include "spherule/app_service.h"

#define UPDATE_GATE_CLIENTS APPMGR_MAX_APPS   /* deferrals, one per app slot */
#define UPDATE_GATE_WARNING_S 10u             /* Pending's window, Final's warning */
#define UPDATE_GATE_MAX_DEFERRAL_MIN 1440u    /* 24 h */

enum update_gate_phase {
	UPDATE_GATE_IDLE,
	UPDATE_GATE_PENDING,
	UPDATE_GATE_DEFERRED,
	UPDATE_GATE_FINAL,
	UPDATE_GATE_APPLYING,   /* the caller applies the update, then update_gate_applied() */
};

/* What the caller does after update_gate_step(). */
enum update_gate_action {
	UPDATE_GATE_WAIT,       /* nothing yet */
	UPDATE_GATE_NOTIFY,     /* send the event to the registered apps */
	UPDATE_GATE_APPLY,      /* apply the update now */
};

struct update_gate {
	enum update_gate_phase phase;
	uint32_t update_type;                 /* enum app_svc_update_type */
	uint32_t warning_ms;
	uint64_t deadline_ms;                 /* no deferral lasts past it */
	uint64_t until_ms;                    /* end of Pending's window or Final's warning */
	uint64_t defer_until_ms[UPDATE_GATE_CLIENTS]; /* each client's deferral; 0: none */
};

/* An idle gate whose Pending window and Final warning last warning_ms. */
void update_gate_init(struct update_gate *g, uint32_t warning_ms);

/* Starts the sequence at now_ms: Pending, with max_deferral_minutes (at
 * most UPDATE_GATE_MAX_DEFERRAL_MIN) of deferral for the apps; ev is the
 * Pending event to send. 0; -EBUSY while a sequence runs; -EINVAL for an
 * update type or a maximum out of range. */
int update_gate_start(struct update_gate *g, uint32_t update_type, uint32_t max_deferral_minutes,
		      uint64_t now_ms, struct app_svc_event *ev);

/* Client (its slot) defers the update by minutes (at least 1), capped at
 * what is left of the maximum; *until_ms is when its deferral ends. 1 with
 * ev the Deferred event to send (the update was Pending), 0 (it was
 * already deferred: the deferral is replaced), or -EINVAL when no update
 * is Pending or Deferred, minutes is 0 or no deferral time is left. */
int update_gate_defer(struct update_gate *g, unsigned client, uint32_t minutes, uint64_t now_ms,
		      uint64_t *until_ms, struct app_svc_event *ev);

/* Client withdraws its deferral: when no other deferral is left the update
 * goes on at once, 1 with ev the Final event; 0 when another client's
 * deferral holds it; -EINVAL when no update is Pending or Deferred. */
int update_gate_resume(struct update_gate *g, unsigned client, uint64_t now_ms,
		       struct app_svc_event *ev);

/* Client (its app) ended: its deferral, if any, is dropped. */
void update_gate_forget(struct update_gate *g, unsigned client);

/* Advances the sequence at now_ms; with UPDATE_GATE_NOTIFY, ev is the
 * event to send. */
enum update_gate_action update_gate_step(struct update_gate *g, uint64_t now_ms,
					 struct app_svc_event *ev);

/* After the caller applied the update: the gate is idle again; ev is the
 * Complete event to send. */
void update_gate_applied(struct update_gate *g, struct app_svc_event *ev);

/* The status an app registering at now_ms is told: true with ev filled
 * while a sequence is Pending, Deferred or Final. */
bool update_gate_current(const struct update_gate *g, uint64_t now_ms, struct app_svc_event *ev);

/* Milliseconds until update_gate_step() has something to do, or -1. */
int update_gate_timeout(const struct update_gate *g, uint64_t now_ms);

#endif
