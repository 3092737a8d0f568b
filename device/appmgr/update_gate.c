/* update_gate.c — the update events' state machine (see update_gate.h). */
#include "update_gate.h"

#include <errno.h>
#include <string.h>

#define MINUTE_MS 60000u

void update_gate_init(struct update_gate *g, uint32_t warning_ms)
{
	memset(g, 0, sizeof(*g));
	g->phase = UPDATE_GATE_IDLE;
	g->warning_ms = warning_ms;
}

static uint64_t left_ms(const struct update_gate *g, uint64_t now_ms)
{
	return g->deadline_ms > now_ms ? g->deadline_ms - now_ms : 0;
}

static void event(const struct update_gate *g, uint32_t status, uint64_t now_ms, struct app_svc_event *ev)
{
	ev->event = APP_SVC_EVENT_UPDATE;
	ev->status = status;
	ev->update_type = g->update_type;
	ev->max_deferral_minutes = status == APP_SVC_STATUS_PENDING || status == APP_SVC_STATUS_DEFERRED
					   ? (uint32_t)(left_ms(g, now_ms) / MINUTE_MS)
					   : 0;
}

/* Pending (again) at now_ms: a new window for deferrals. */
static void pending(struct update_gate *g, uint64_t now_ms, struct app_svc_event *ev)
{
	g->phase = UPDATE_GATE_PENDING;
	g->until_ms = now_ms + g->warning_ms;
	event(g, APP_SVC_STATUS_PENDING, now_ms, ev);
}

static void final(struct update_gate *g, uint64_t now_ms, struct app_svc_event *ev)
{
	memset(g->defer_until_ms, 0, sizeof(g->defer_until_ms));
	g->phase = UPDATE_GATE_FINAL;
	g->until_ms = now_ms + g->warning_ms;
	event(g, APP_SVC_STATUS_FINAL, now_ms, ev);
}

/* The end of the latest deferral still running at now_ms, or 0. */
static uint64_t deferred_until(const struct update_gate *g, uint64_t now_ms)
{
	uint64_t latest = 0;

	for (unsigned c = 0; c < UPDATE_GATE_CLIENTS; c++)
		if (g->defer_until_ms[c] > now_ms && g->defer_until_ms[c] > latest)
			latest = g->defer_until_ms[c];
	return latest;
}

/* The end of the earliest deferral still running at now_ms, or 0. */
static uint64_t next_deferral_end(const struct update_gate *g, uint64_t now_ms)
{
	uint64_t earliest = 0;

	for (unsigned c = 0; c < UPDATE_GATE_CLIENTS; c++)
		if (g->defer_until_ms[c] > now_ms && (earliest == 0 || g->defer_until_ms[c] < earliest))
			earliest = g->defer_until_ms[c];
	return earliest;
}

static bool deferrable(const struct update_gate *g)
{
	return g->phase == UPDATE_GATE_PENDING || g->phase == UPDATE_GATE_DEFERRED;
}

int update_gate_start(struct update_gate *g, uint32_t update_type, uint32_t max_deferral_minutes,
		      uint64_t now_ms, struct app_svc_event *ev)
{
	if (g->phase != UPDATE_GATE_IDLE)
		return -EBUSY;
	if ((update_type != APP_SVC_UPDATE_APP && update_type != APP_SVC_UPDATE_SYSTEM) ||
	    max_deferral_minutes > UPDATE_GATE_MAX_DEFERRAL_MIN)
		return -EINVAL;
	memset(g->defer_until_ms, 0, sizeof(g->defer_until_ms));
	g->update_type = update_type;
	g->deadline_ms = now_ms + (uint64_t)max_deferral_minutes * MINUTE_MS;
	pending(g, now_ms, ev);
	return 0;
}

int update_gate_defer(struct update_gate *g, unsigned client, uint32_t minutes, uint64_t now_ms,
		      uint64_t *until_ms, struct app_svc_event *ev)
{
	uint64_t want = (uint64_t)minutes * MINUTE_MS, left = left_ms(g, now_ms);

	if (!deferrable(g) || client >= UPDATE_GATE_CLIENTS || minutes == 0 || left == 0)
		return -EINVAL;
	*until_ms = now_ms + (want < left ? want : left);
	g->defer_until_ms[client] = *until_ms;
	if (g->phase == UPDATE_GATE_DEFERRED)
		return 0;
	g->phase = UPDATE_GATE_DEFERRED;
	event(g, APP_SVC_STATUS_DEFERRED, now_ms, ev);
	return 1;
}

int update_gate_resume(struct update_gate *g, unsigned client, uint64_t now_ms,
		       struct app_svc_event *ev)
{
	if (!deferrable(g) || client >= UPDATE_GATE_CLIENTS)
		return -EINVAL;
	g->defer_until_ms[client] = 0;
	if (deferred_until(g, now_ms) != 0)
		return 0;
	final(g, now_ms, ev);
	return 1;
}

void update_gate_forget(struct update_gate *g, unsigned client)
{
	if (client < UPDATE_GATE_CLIENTS)
		g->defer_until_ms[client] = 0;
}

enum update_gate_action update_gate_step(struct update_gate *g, uint64_t now_ms,
					 struct app_svc_event *ev)
{
	switch (g->phase) {
	case UPDATE_GATE_PENDING:
		if (now_ms < g->until_ms)
			return UPDATE_GATE_WAIT;
		final(g, now_ms, ev);
		return UPDATE_GATE_NOTIFY;
	case UPDATE_GATE_DEFERRED:
		if (deferred_until(g, now_ms) != 0)
			return UPDATE_GATE_WAIT;
		if (left_ms(g, now_ms) == 0)
			final(g, now_ms, ev);
		else
			pending(g, now_ms, ev);
		return UPDATE_GATE_NOTIFY;
	case UPDATE_GATE_FINAL:
		if (now_ms < g->until_ms)
			return UPDATE_GATE_WAIT;
		g->phase = UPDATE_GATE_APPLYING;
		return UPDATE_GATE_APPLY;
	default:
		return UPDATE_GATE_WAIT;
	}
}

void update_gate_applied(struct update_gate *g, struct app_svc_event *ev)
{
	event(g, APP_SVC_STATUS_COMPLETE, 0, ev);
	g->phase = UPDATE_GATE_IDLE;
}

bool update_gate_current(const struct update_gate *g, uint64_t now_ms, struct app_svc_event *ev)
{
	static const uint32_t status[] = {
		[UPDATE_GATE_PENDING] = APP_SVC_STATUS_PENDING,
		[UPDATE_GATE_DEFERRED] = APP_SVC_STATUS_DEFERRED,
		[UPDATE_GATE_FINAL] = APP_SVC_STATUS_FINAL,
	};

	if (g->phase == UPDATE_GATE_IDLE || g->phase == UPDATE_GATE_APPLYING)
		return false;
	event(g, status[g->phase], now_ms, ev);
	return true;
}

int update_gate_timeout(const struct update_gate *g, uint64_t now_ms)
{
	uint64_t at;

	switch (g->phase) {
	case UPDATE_GATE_PENDING:
	case UPDATE_GATE_FINAL:
		at = g->until_ms;
		break;
	case UPDATE_GATE_DEFERRED:
		at = next_deferral_end(g, now_ms);
		break;
	default:
		return -1;
	}
	return at <= now_ms ? 0 : (int)(at - now_ms);
}
