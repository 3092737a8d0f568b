/* test_appmgr_update_gate.c — unit tests of the update gate (update_gate.h),
 * the state machine of the update events apps see, with a fake clock:
 * pending, deferred, resumed, final, complete; the deferral capped by the
 * maximum; deferrals that expire; several apps deferring; an app that ends. */
#include <errno.h>
#include <string.h>

#include "tap.h"
#include "update_gate.h"

#define WARNING_MS 10000u
#define MIN 60000u

static int is_event(const struct app_svc_event *ev, uint32_t status, uint32_t minutes)
{
	return ev->event == APP_SVC_EVENT_UPDATE && ev->status == status && ev->update_type == APP_SVC_UPDATE_APP &&
	       ev->max_deferral_minutes == minutes;
}

static void test_defer_resume(void)
{
	struct update_gate g;
	struct app_svc_event ev;
	uint64_t until;

	update_gate_init(&g, WARNING_MS);
	tap_ok(update_gate_timeout(&g, 0) == -1 && update_gate_step(&g, 5, &ev) == UPDATE_GATE_WAIT &&
		       !update_gate_current(&g, 0, &ev),
	       "idle: nothing to wait for, no status for a new registration");
	tap_ok(update_gate_defer(&g, 0, 5, 0, &until, &ev) == -EINVAL &&
		       update_gate_resume(&g, 0, 0, &ev) == -EINVAL,
	       "idle: deferring and resuming are refused (EINVAL)");
	tap_ok(update_gate_start(&g, APP_SVC_UPDATE_APP, 60, 1000, &ev) == 0 &&
		       g.phase == UPDATE_GATE_PENDING && is_event(&ev, APP_SVC_STATUS_PENDING, 60),
	       "start: Pending, with the maximum deferral of 60 minutes");
	tap_ok(update_gate_start(&g, APP_SVC_UPDATE_APP, 60, 1000, &ev) == -EBUSY,
	       "a second start while one runs: EBUSY");
	tap_ok(update_gate_timeout(&g, 1000) == (int)WARNING_MS &&
		       update_gate_step(&g, 1000 + WARNING_MS - 1, &ev) == UPDATE_GATE_WAIT,
	       "Pending waits its 10 s window for a deferral");
	tap_ok(update_gate_defer(&g, 3, 0, 2000, &until, &ev) == -EINVAL, "a deferral of 0 minutes: EINVAL");
	tap_ok(update_gate_defer(&g, 3, 5, 2000, &until, &ev) == 1 && until == 2000 + 5 * MIN &&
		       g.phase == UPDATE_GATE_DEFERRED && is_event(&ev, APP_SVC_STATUS_DEFERRED, 59),
	       "a deferral of 5 minutes: Deferred, sent to the apps");
	tap_ok(update_gate_step(&g, 2000 + 5 * MIN - 1, &ev) == UPDATE_GATE_WAIT &&
		       update_gate_timeout(&g, 2000) == (int)(5 * MIN),
	       "deferred: waits until the deferral ends");
	tap_ok(update_gate_current(&g, 3000, &ev) && is_event(&ev, APP_SVC_STATUS_DEFERRED, 59),
	       "an app registering now is told Deferred");
	tap_ok(update_gate_resume(&g, 3, 4000, &ev) == 1 && g.phase == UPDATE_GATE_FINAL &&
		       is_event(&ev, APP_SVC_STATUS_FINAL, 0),
	       "the app that deferred resumes: Final at once");
	tap_ok(update_gate_defer(&g, 3, 5, 4500, &until, &ev) == -EINVAL &&
		       update_gate_resume(&g, 3, 4500, &ev) == -EINVAL,
	       "Final: no more deferral, nothing to resume");
	tap_ok(update_gate_step(&g, 4000 + WARNING_MS - 1, &ev) == UPDATE_GATE_WAIT &&
		       update_gate_step(&g, 4000 + WARNING_MS, &ev) == UPDATE_GATE_APPLY &&
		       g.phase == UPDATE_GATE_APPLYING,
	       "Final is a 10 s warning, then the update is applied");
	tap_ok(!update_gate_current(&g, 4000 + WARNING_MS, &ev) && update_gate_timeout(&g, 0) == -1,
	       "while it is applied: no status, nothing to wait for");
	update_gate_applied(&g, &ev);
	tap_ok(g.phase == UPDATE_GATE_IDLE && is_event(&ev, APP_SVC_STATUS_COMPLETE, 0),
	       "applied: Complete, and the gate is idle again");
}

static void test_no_deferral(void)
{
	struct update_gate g;
	struct app_svc_event ev;

	update_gate_init(&g, WARNING_MS);
	(void)update_gate_start(&g, APP_SVC_UPDATE_SYSTEM, 0, 0, &ev);
	tap_ok(ev.update_type == APP_SVC_UPDATE_SYSTEM && update_gate_step(&g, WARNING_MS, &ev) == UPDATE_GATE_NOTIFY &&
		       ev.status == APP_SVC_STATUS_FINAL,
	       "nobody defers: Final after the Pending window");
	update_gate_init(&g, WARNING_MS);
	(void)update_gate_start(&g, APP_SVC_UPDATE_APP, 30, 0, &ev);
	tap_ok(update_gate_resume(&g, 0, 100, &ev) == 1 && ev.status == APP_SVC_STATUS_FINAL,
	       "an app resuming a Pending update lets it go on at once: Final");
	update_gate_init(&g, WARNING_MS);
	tap_ok(update_gate_start(&g, 3, 0, 0, &ev) == -EINVAL &&
		       update_gate_start(&g, APP_SVC_UPDATE_APP, UPDATE_GATE_MAX_DEFERRAL_MIN + 1, 0, &ev) == -EINVAL,
	       "an unknown update type or a maximum over 24 h: EINVAL");
}

static void test_maximum(void)
{
	struct update_gate g;
	struct app_svc_event ev;
	uint64_t until;

	update_gate_init(&g, WARNING_MS);
	(void)update_gate_start(&g, APP_SVC_UPDATE_APP, 10, 0, &ev);
	tap_ok(update_gate_defer(&g, 1, 60, 0, &until, &ev) == 1 && until == 10 * MIN,
	       "a deferral longer than the maximum is capped at it (10 of 60 minutes)");
	tap_ok(update_gate_step(&g, 10 * MIN, &ev) == UPDATE_GATE_NOTIFY && ev.status == APP_SVC_STATUS_FINAL,
	       "at the end of the maximum: Final, no Pending without deferral time");

	update_gate_init(&g, WARNING_MS);
	(void)update_gate_start(&g, APP_SVC_UPDATE_APP, 10, 0, &ev);
	(void)update_gate_defer(&g, 1, 4, 0, &until, &ev);
	tap_ok(update_gate_step(&g, 4 * MIN, &ev) == UPDATE_GATE_NOTIFY &&
		       is_event(&ev, APP_SVC_STATUS_PENDING, 6),
	       "a deferral that expires: Pending again with what is left (6 minutes)");
	tap_ok(update_gate_defer(&g, 1, 8, 4 * MIN, &until, &ev) == 1 && until == 10 * MIN,
	       "deferring again: capped at the maximum counted from the first Pending");
	(void)update_gate_step(&g, 10 * MIN, &ev);
	tap_ok(ev.status == APP_SVC_STATUS_FINAL && update_gate_defer(&g, 1, 1, 10 * MIN, &until, &ev) == -EINVAL,
	       "24 h in all at most: after the maximum, Final and no deferral");
}

static void test_several_apps(void)
{
	struct update_gate g;
	struct app_svc_event ev;
	uint64_t until;

	update_gate_init(&g, WARNING_MS);
	(void)update_gate_start(&g, APP_SVC_UPDATE_APP, 60, 0, &ev);
	(void)update_gate_defer(&g, 2, 5, 0, &until, &ev);
	tap_ok(update_gate_defer(&g, 7, 10, 1000, &until, &ev) == 0,
	       "a second app defers a deferred update: no new event");
	tap_ok(update_gate_resume(&g, 2, 2000, &ev) == 0 && g.phase == UPDATE_GATE_DEFERRED,
	       "one app resumes: the other's deferral still holds the update");
	tap_ok(update_gate_timeout(&g, 2000) == (int)(1000 + 10 * MIN - 2000),
	       "the gate waits for the other app's deferral");
	update_gate_forget(&g, 7);
	tap_ok(update_gate_timeout(&g, 3000) == 0 && update_gate_step(&g, 3000, &ev) == UPDATE_GATE_NOTIFY &&
		       ev.status == APP_SVC_STATUS_PENDING,
	       "the other app ended: its deferral is gone, Pending again");
	tap_ok(update_gate_defer(&g, UPDATE_GATE_CLIENTS, 5, 3000, &until, &ev) == -EINVAL,
	       "a client beyond the app slots is refused");
}

int main(void)
{
	test_defer_resume();
	test_no_deferral();
	test_maximum();
	test_several_apps();
	return tap_done();
}
