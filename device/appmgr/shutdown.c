/* shutdown.c — the shutdown state machine (see shutdown.h). */
#include "shutdown.h"

void shutdown_init(struct shutdown *s, uint32_t deadline_ms)
{
	s->phase = SHUTDOWN_IDLE;
	s->kind = SHUTDOWN_POWER_OFF;
	s->why = "";
	s->deadline_ms = deadline_ms;
	s->until_ms = 0;
	s->residency_s = 0;
}

bool shutdown_request(struct shutdown *s, enum shutdown_kind kind, const char *why,
		      uint32_t residency_s, uint64_t now_ms)
{
	if (s->phase != SHUTDOWN_IDLE)
		return false;
	s->phase = SHUTDOWN_TERM;
	s->kind = kind;
	s->why = why;
	s->residency_s = residency_s;
	s->until_ms = now_ms + s->deadline_ms;
	return true;
}

enum shutdown_action shutdown_next(struct shutdown *s, bool apps_alive, uint64_t now_ms)
{
	switch (s->phase) {
	case SHUTDOWN_TERM:
		if (!apps_alive)
			break;
		if (now_ms < s->until_ms)
			return SHUTDOWN_WAIT;
		s->phase = SHUTDOWN_KILL;
		s->until_ms = now_ms + SHUTDOWN_KILL_GRACE_MS;
		return SHUTDOWN_KILL_LEFTOVERS;
	case SHUTDOWN_KILL:
		/* After the grace, the shutdown goes on without them. */
		if (apps_alive && now_ms < s->until_ms)
			return SHUTDOWN_WAIT;
		break;
	default:
		return SHUTDOWN_WAIT;
	}
	s->phase = SHUTDOWN_FINAL;
	return SHUTDOWN_FINISH;
}

int shutdown_timeout(const struct shutdown *s, uint64_t now_ms)
{
	uint64_t left;

	if (s->phase != SHUTDOWN_TERM && s->phase != SHUTDOWN_KILL)
		return -1;
	left = s->until_ms > now_ms ? s->until_ms - now_ms : 0;
	return (int)(left < SHUTDOWN_CHECK_MS ? left : SHUTDOWN_CHECK_MS);
}

const char *shutdown_kind_name(enum shutdown_kind kind)
{
	static const char *const names[] = {
		[SHUTDOWN_POWER_OFF] = "power off",
		[SHUTDOWN_REBOOT] = "reboot",
		[SHUTDOWN_POWER_DOWN] = "power down",
	};

	return names[kind];
}
