/* ctl_server.c — answering devctl's requests (see ctl_server.h). */
#include "ctl_server.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "app_control.h"
#include "app_install.h"
#include "app_sysevent.h"
#include "clock_ms.h"
#include "ctl_records.h"
#include "gpio_sim_ctl.h"
#include "log.h"
#include "secmon_mailbox.h"
#include "spherule/appmgr_ctl.h"
#include "spherule/pkg.h"

#define CTL_RECORDS_MAX (APPMGR_CTL_MAX_APPS * sizeof(struct appmgr_ctl_app))
#define CTL_LOG_MAX (sizeof(struct appmgr_ctl_log) + LOG_RING_SIZE)

_Static_assert(CTL_LOG_MAX >= CTL_RECORDS_MAX && CTL_LOG_MAX >= sizeof(struct appmgr_ctl_device),
	       "the log record is the largest answer");
_Static_assert(sizeof(struct appmgr_ctl_resp) + CTL_LOG_MAX <= APPMGR_CTL_MAX_MSG &&
		       sizeof(struct appmgr_ctl_req) + APPMGR_CTL_MAX_DATA <= APPMGR_CTL_MAX_MSG,
	       "messages fit APPMGR_CTL_MAX_MSG");

/** struct ctl_answer - the answer being built: its header, then the records. */
struct ctl_answer {
	struct appmgr_ctl_resp head;
	uint8_t body[CTL_LOG_MAX];
	size_t len;                /* bytes of body */
};

static struct ctl_answer answer;
static uint8_t request[sizeof(struct appmgr_ctl_req) + APPMGR_CTL_MAX_DATA];

int ctl_server_open(struct supervisor *s, int *devctl_fd)
{
	int fds[2];

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) != 0)
		return -errno;
	s->ctl_fd = fds[0];
	*devctl_fd = fds[1];
	return 0;
}

static void fail(int err, const struct error_detail *why)
{
	size_t n = strnlen(why->msg, sizeof(answer.head.reason) - 1);

	answer.head.status = err;
	memcpy(answer.head.reason, why->msg, n);
	answer.head.reason[n] = '\0';
}

static void add_app(const struct supervisor *s, const struct app *a, enum appmgr_ctl_state state)
{
	ctl_record_app(s, a, state, (struct appmgr_ctl_app *)(void *)(answer.body + answer.len));
	answer.len += sizeof(struct appmgr_ctl_app);
	answer.head.count++;
}

/* The app the request names: its index, or s->count with the failure set. */
static size_t named_app(const struct supervisor *s, const struct appmgr_ctl_req *req)
{
	struct error_detail why;
	char id[APP_COMPONENT_STR_SIZE];

	for (size_t i = 0; i < s->count; i++)
		if (memcmp(s->apps[i].component_id, req->component_id, 16) == 0)
			return i;
	pkg_uuid_text(req->component_id, id);
	error_detail_set(&why, -ENOENT, "no app with component id %s is installed", id);
	fail(-ENOENT, &why);
	return s->count;
}

static void app_op(struct supervisor *s, const struct appmgr_ctl_req *req)
{
	struct error_detail why = { "" };
	size_t i = named_app(s, req);
	struct app *a;
	int err = 0;

	if (i == s->count)
		return;
	a = &s->apps[i];
	if (req->op == APPMGR_CTL_APP_STOP && a->device_control)
		err = error_detail_set(&why, -EPERM, "%s serves the device API: it cannot be stopped through itself",
				       a->name);
	else if (req->op == APPMGR_CTL_APP_STOP)
		err = app_control_stop(a) == 0 ? 0 : error_detail_set(&why, -ETIMEDOUT, "%s did not stop",
									   a->name);
	else if (req->op == APPMGR_CTL_APP_START && (req->flags & APPMGR_CTL_F_DEBUG))
		err = error_detail_set(&why, -EOPNOTSUPP,
				       "starting under the debugger is chosen at boot: a debug build on a device in "
				       "development mode, booted with spherule emulator start --gdb-port");
	else if (req->op == APPMGR_CTL_APP_START)
		(void)app_control_start(s, a); /* -EALREADY: it runs, as asked */
	if (err != 0)
		fail(err, &why);
	add_app(s, a, ctl_app_state(a));
}

static void stage_op(struct supervisor *s, const struct appmgr_ctl_req *req, size_t data_len)
{
	struct error_detail why = { "" };
	const struct app *staged;
	struct app *installed;
	bool replaced;
	int err = 0;

	switch (req->op) {
	case APPMGR_CTL_STAGE_BEGIN:
		err = app_install_begin(s, req->arg, &why);
		if (err >= 0)
			answer.head.arg = (uint64_t)err;
		break;
	case APPMGR_CTL_STAGE_DATA:
		err = app_install_data(s, request + sizeof(*req), data_len, &why);
		break;
	case APPMGR_CTL_STAGE_END:
		err = app_install_end(s, &staged, &why);
		if (err == 0)
			add_app(s, staged, APPMGR_CTL_STAGED);
		break;
	case APPMGR_CTL_STAGE_ABORT:
		app_install_abort(s);
		break;
	default: /* APPMGR_CTL_INSTALL */
		err = app_install_commit(s, req->flags & APPMGR_CTL_F_MANUAL_START, &installed, &replaced,
					 &why);
		if (err == 0) {
			answer.head.arg = replaced;
			add_app(s, installed, ctl_app_state(installed));
		}
		break;
	}
	if (err < 0)
		fail(err, &why);
}

static void log_op(const struct supervisor *s, const struct appmgr_ctl_req *req)
{
	static const uint8_t appmgr_id[16];
	struct appmgr_ctl_log *rec = (struct appmgr_ctl_log *)(void *)answer.body;
	const struct log_ring *ring = log_own_ring();
	size_t n;

	if (memcmp(req->component_id, appmgr_id, 16) != 0) {
		size_t i = named_app(s, req);

		if (i == s->count)
			return;
		ring = &s->apps[i].ring;
	}
	rec->oldest = log_ring_start(ring);
	rec->start = req->arg < rec->oldest ? rec->oldest : req->arg;
	if (rec->start > ring->end)
		rec->start = ring->end;
	n = log_ring_copy(ring, rec->start, answer.body + sizeof(*rec), LOG_RING_SIZE);
	rec->end = rec->start + n;
	answer.len = sizeof(*rec) + n;
	answer.head.count = 1;
}

static void gpio_op(const struct supervisor *s, const struct appmgr_ctl_req *req)
{
	struct error_detail why = { "" };
	int err = gpio_sim_ctl_line(s, req->arg, req->op == APPMGR_CTL_GPIO_SET, req->flags & 1u,
				    (struct appmgr_ctl_gpio *)(void *)answer.body, &why);

	if (err != 0) {
		fail(err, &why);
		return;
	}
	answer.len = sizeof(struct appmgr_ctl_gpio);
	answer.head.count = 1;
}

static void delete_op(struct supervisor *s, const struct appmgr_ctl_req *req)
{
	struct error_detail why = { "" };
	size_t i = named_app(s, req);
	int err;

	if (i == s->count)
		return;
	err = app_install_delete(s, i, &why);
	if (err != 0)
		fail(err, &why);
}

/* SYSEVENT_SIMULATE: the update events' sequence with nothing installed. */
static void sysevent_simulate_op(struct supervisor *s, const struct appmgr_ctl_req *req)
{
	struct error_detail why = { "" };
	int err = secmon_require_development("the host simulates update events", &why);

	if (err == 0)
		err = app_sysevent_start(s, req->arg > UINT32_MAX ? 0 : (uint32_t)req->arg, req->flags,
					 clock_ms(), &why);
	if (err != 0)
		fail(err, &why);
}

/* Answers one request of len bytes in request[]. */
static void dispatch(struct supervisor *s, size_t len)
{
	struct appmgr_ctl_req req;
	struct error_detail why = { "" };

	memcpy(&req, request, sizeof(req));
	memset(&answer.head, 0, sizeof(answer.head));
	answer.head.op = req.op;
	answer.len = 0;
	/* SYSEVENT_SIMULATE's flags are its number of minutes. */
	if (req.reserved != 0 ||
	    (req.op != APPMGR_CTL_SYSEVENT_SIMULATE &&
	     (req.flags & ~(APPMGR_CTL_F_DEBUG | APPMGR_CTL_F_MANUAL_START))) ||
	    (req.op != APPMGR_CTL_STAGE_DATA && len != sizeof(req))) {
		error_detail_set(&why, -EINVAL, "malformed request");
		fail(-EINVAL, &why);
		return;
	}
	switch (req.op) {
	case APPMGR_CTL_LIST:
		for (size_t i = 0; i < s->count; i++)
			add_app(s, &s->apps[i], ctl_app_state(&s->apps[i]));
		break;
	case APPMGR_CTL_APP_STATUS:
	case APPMGR_CTL_APP_START:
	case APPMGR_CTL_APP_STOP:
		app_op(s, &req);
		break;
	case APPMGR_CTL_STAGE_BEGIN:
	case APPMGR_CTL_STAGE_DATA:
	case APPMGR_CTL_STAGE_END:
	case APPMGR_CTL_STAGE_ABORT:
	case APPMGR_CTL_INSTALL:
		stage_op(s, &req, len - sizeof(req));
		break;
	case APPMGR_CTL_DELETE:
		delete_op(s, &req);
		break;
	case APPMGR_CTL_LOG:
		log_op(s, &req);
		break;
	case APPMGR_CTL_DEVICE:
		ctl_record_device(s, (struct appmgr_ctl_device *)(void *)answer.body);
		answer.len = sizeof(struct appmgr_ctl_device);
		answer.head.count = 1;
		break;
	case APPMGR_CTL_NET:
		answer.head.count = (uint16_t)ctl_record_ifaces((struct appmgr_ctl_iface *)(void *)answer.body,
								 APPMGR_CTL_MAX_IFACES);
		answer.len = answer.head.count * sizeof(struct appmgr_ctl_iface);
		break;
	case APPMGR_CTL_RESTART:
		break;
	case APPMGR_CTL_GPIO_GET:
	case APPMGR_CTL_GPIO_SET:
		gpio_op(s, &req);
		break;
	case APPMGR_CTL_SYSEVENT_SIMULATE:
		sysevent_simulate_op(s, &req);
		break;
	default:
		error_detail_set(&why, -EOPNOTSUPP, "unknown request %u", req.op);
		fail(-EOPNOTSUPP, &why);
	}
}

void ctl_server_serve(struct supervisor *s)
{
	for (;;) {
		ssize_t n = recv(s->ctl_fd, request, sizeof(request), MSG_DONTWAIT | MSG_TRUNC);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		if (n <= 0) {
			log_line("devctl's control socket: %s: closed", n < 0 ? strerror(errno) : "devctl ended");
			close(s->ctl_fd);
			s->ctl_fd = -1;
			app_install_abort(s);
			return;
		}
		if ((size_t)n < sizeof(struct appmgr_ctl_req) || (size_t)n > sizeof(request)) {
			struct error_detail why;

			memset(&answer.head, 0, sizeof(answer.head));
			answer.len = 0;
			error_detail_set(&why, -EMSGSIZE, "request of %zd bytes", n);
			fail(-EMSGSIZE, &why);
		} else {
			dispatch(s, (size_t)n);
		}
		if (send(s->ctl_fd, &answer, sizeof(answer.head) + answer.len, MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
			log_line("devctl's control socket: cannot answer: %s", strerror(errno));
		if (answer.head.op == APPMGR_CTL_RESTART && answer.head.status == 0) {
			log_line("restart requested through the device API: rebooting in %u ms",
				 SUPERVISOR_API_REBOOT_DELAY_MS);
			supervisor_shutdown_later(s, SHUTDOWN_REBOOT, "device API", 0, clock_ms());
		}
	}
}
