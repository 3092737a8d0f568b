/* app_sysevent.c — the app service's update events (see app_sysevent.h). */
#include "app_sysevent.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "app_service.h"
#include "log.h"

static const char *update_type_name(uint32_t type)
{
	return type == APP_SVC_UPDATE_APP ? "app" : "system";
}

/* Whether the app closed its end of a's event socket (or it has none). */
static bool event_socket_gone(const struct app *a)
{
	struct pollfd p = { a->event_fd, 0, 0 };

	return a->event_fd < 0 || (poll(&p, 1, 0) == 1 && (p.revents & (POLLHUP | POLLERR | POLLNVAL)));
}

static void close_event_socket(struct app *a)
{
	if (a->event_fd >= 0)
		close(a->event_fd);
	a->event_fd = -1;
	a->event_mask = 0;
}

/* Queues ev on a's event socket without waiting: an app that does not
 * read its events loses this one (said in its log); one that closed its
 * end is unregistered. True when it was queued. */
static bool send_event(struct app *a, const struct app_svc_event *ev)
{
	if (send(a->event_fd, ev, sizeof(*ev), MSG_DONTWAIT | MSG_NOSIGNAL) == (ssize_t)sizeof(*ev))
		return true;
	if (errno == EAGAIN)
		log_to_app(&a->ring, "update event %u dropped: its event socket is full", ev->status);
	else
		close_event_socket(a);
	return false;
}

/* Sends ev to every app registered for it: the number that got it. */
static unsigned broadcast(struct supervisor *s, const struct app_svc_event *ev)
{
	unsigned sent = 0;

	for (size_t i = 0; i < s->count; i++)
		if (s->apps[i].event_fd >= 0 && (s->apps[i].event_mask & ev->event))
			sent += send_event(&s->apps[i], ev);
	return sent;
}

int app_sysevent_register(struct supervisor *s, struct app *a, uint32_t mask, uint64_t now_ms,
			  struct error_detail *why)
{
	struct app_svc_event ev;
	int sndbuf = APP_SERVICE_SNDBUF, fds[2];

	if (!event_socket_gone(a))
		return error_detail_set(why, -EEXIST, "already registered: its event socket is still open");
	close_event_socket(a);
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) != 0)
		return error_detail_set(why, -errno, "socketpair: %s", strerror(errno));
	/* appmgr only sends on it; what the app would send is refused. */
	if (setsockopt(fds[0], SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf)) != 0 ||
	    shutdown(fds[0], SHUT_RD) != 0) {
		int err = -errno;

		close(fds[0]);
		close(fds[1]);
		return error_detail_set(why, err, "event socket: %s", strerror(-err));
	}
	a->event_fd = fds[0];
	a->event_mask = mask;
	if (update_gate_current(&s->gate, now_ms, &ev))
		(void)send_event(a, &ev);
	return fds[1];
}

int app_sysevent_defer(struct supervisor *s, struct app *a, uint32_t minutes, uint64_t now_ms,
		       struct error_detail *why)
{
	struct app_svc_event ev;
	uint64_t until;
	int r = update_gate_defer(&s->gate, a->slot, minutes, now_ms, &until, &ev);

	if (r < 0)
		return error_detail_set(why, r, s->gate.phase == UPDATE_GATE_PENDING ||
							s->gate.phase == UPDATE_GATE_DEFERRED
						? "no deferral time is left"
						: "no update is pending");
	if (r == 1) {
		log_line("update gate: deferred by %s for %llu s", a->name,
			 (unsigned long long)((until - now_ms) / 1000u));
		(void)broadcast(s, &ev);
	}
	return 0;
}

int app_sysevent_resume(struct supervisor *s, struct app *a, uint64_t now_ms, struct error_detail *why)
{
	struct app_svc_event ev;
	int r = update_gate_resume(&s->gate, a->slot, now_ms, &ev);

	if (r < 0)
		return error_detail_set(why, r, "no update is pending or deferred");
	if (r == 1) {
		log_line("update gate: resumed by %s: final, the update is applied in %u s", a->name,
			 s->gate.warning_ms / 1000u);
		(void)broadcast(s, &ev);
	}
	return 0;
}

void app_sysevent_unregister(struct supervisor *s, struct app *a)
{
	close_event_socket(a);
	update_gate_forget(&s->gate, a->slot);
}

int app_sysevent_start(struct supervisor *s, uint32_t type, uint32_t max_deferral_minutes, uint64_t now_ms,
		       struct error_detail *why)
{
	struct app_svc_event ev;
	int err = update_gate_start(&s->gate, type, max_deferral_minutes, now_ms, &ev);

	if (err == -EBUSY)
		return error_detail_set(why, err, "an update sequence is under way");
	if (err != 0)
		return error_detail_set(why, err, "update type %u or maximum deferral %u min out of range (1 or 2; "
					"0 to %u)", type, max_deferral_minutes, UPDATE_GATE_MAX_DEFERRAL_MIN);
	log_line("update gate: %s update pending, up to %u min of deferral: %u apps notified",
		 update_type_name(type), max_deferral_minutes, broadcast(s, &ev));
	return 0;
}

void app_sysevent_tick(struct supervisor *s, uint64_t now_ms)
{
	struct app_svc_event ev;

	switch (update_gate_step(&s->gate, now_ms, &ev)) {
	case UPDATE_GATE_NOTIFY:
		if (ev.status == APP_SVC_STATUS_PENDING)
			log_line("update gate: pending again, %u min of deferral left: %u apps notified",
				 ev.max_deferral_minutes, broadcast(s, &ev));
		else
			log_line("update gate: final, the update is applied in %u s: %u apps notified",
				 s->gate.warning_ms / 1000u, broadcast(s, &ev));
		break;
	case UPDATE_GATE_APPLY:
		if (s->gate_agent) {
			log_line("update gate: %s update: final warning over, the update agent installs it",
				 update_type_name(s->gate.update_type));
			break;
		}
		/* Simulated: the sequence's own update installs nothing. */
		update_gate_applied(&s->gate, &ev);
		log_line("update gate: %s update applied (simulated: nothing installed), complete: %u apps "
			 "notified", update_type_name(ev.update_type), broadcast(s, &ev));
		break;
	default:
		break;
	}
}

static bool runs_sequence_of(const struct supervisor *s, const struct app *a)
{
	return s->gate_agent == a->slot + 1u && s->gate.phase != UPDATE_GATE_IDLE;
}

int app_sysevent_agent_start(struct supervisor *s, struct app *a, uint32_t type, uint32_t max_deferral_minutes,
			     uint64_t now_ms, struct error_detail *why)
{
	int err = app_sysevent_start(s, type, max_deferral_minutes, now_ms, why);

	if (err == 0)
		s->gate_agent = a->slot + 1u;
	return err;
}

void app_sysevent_agent_status(const struct supervisor *s, const struct app *a, uint64_t now_ms,
			       struct app_svc_update_gate *rec)
{
	static const uint32_t phase[] = {
		[UPDATE_GATE_IDLE] = APP_SVC_UPDATE_IDLE,
		[UPDATE_GATE_PENDING] = APP_SVC_UPDATE_PENDING,
		[UPDATE_GATE_DEFERRED] = APP_SVC_UPDATE_DEFERRED,
		[UPDATE_GATE_FINAL] = APP_SVC_UPDATE_FINAL,
		[UPDATE_GATE_APPLYING] = APP_SVC_UPDATE_APPLYING,
	};
	int wait = update_gate_timeout(&s->gate, now_ms);

	memset(rec, 0, sizeof(*rec));
	rec->phase = phase[s->gate.phase];
	rec->mine = runs_sequence_of(s, a);
	rec->wait_ms = wait < 0 ? 0 : (uint32_t)wait;
}

bool app_sysevent_agent_applying(const struct supervisor *s, const struct app *a)
{
	return runs_sequence_of(s, a) && s->gate.phase == UPDATE_GATE_APPLYING;
}

int app_sysevent_agent_done(struct supervisor *s, struct app *a, bool reboot, uint64_t now_ms,
			    struct error_detail *why)
{
	struct app_svc_event ev;

	if (!app_sysevent_agent_applying(s, a))
		return error_detail_set(why, -EINVAL, "no update sequence of this agent is applying");
	update_gate_applied(&s->gate, &ev);
	s->gate_agent = 0;
	if (reboot) {
		log_line("update gate: %s update installed by %s: rebooting into it in %u ms",
			 update_type_name(ev.update_type), a->name, SUPERVISOR_API_REBOOT_DELAY_MS);
		supervisor_shutdown_later(s, SHUTDOWN_REBOOT, "update", 0, now_ms);
		return 0;
	}
	log_line("update gate: %s update installed by %s, complete: %u apps notified", update_type_name(ev.update_type),
		 a->name, broadcast(s, &ev));
	return 0;
}

void app_sysevent_agent_ended(struct supervisor *s, const struct app *a)
{
	struct app_svc_event ev;

	if (!runs_sequence_of(s, a))
		return;
	update_gate_applied(&s->gate, &ev);
	s->gate_agent = 0;
	log_line("update gate: %s ended during its update sequence: the sequence is dropped", a->name);
}
