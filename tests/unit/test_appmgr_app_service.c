/* test_appmgr_app_service.c — unit tests of appmgr's end of the app service
 * (app_service.h, app_svc_ops.h, app_sysevent.h) against fake app ends:
 * every op's capability check and errno, malformed requests answered and
 * the socket kept working, a flood that costs appmgr nothing unbounded,
 * one app's registration beside another's, the update events through the
 * sockets. What the ops read and do on the device (app_svc_system.h) is
 * faked here. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app_service.h"
#include "app_svc_ops.h"
#include "app_sysevent.h"
#include "log.h"
#include "tap.h"

#define NOW 100000u

/* The fakes of app_svc_system.h. */
static uint32_t fake_total_kib = 120, fake_user_kib = 40;
static int fake_uart_err;          /* 0: open a pipe; else this -errno */
static int fake_uart_fd = -1;      /* the last descriptor the fake opened */
static unsigned fake_uart_port;
static unsigned fake_rtc_calls;

int app_svc_sys_memory(const struct app *a, uint32_t *total_kib, uint32_t *user_kib, struct error_detail *why)
{
	*total_kib = fake_total_kib;
	*user_kib = fake_user_kib;
	return 0;
}

int app_svc_sys_uart_open(const struct uart_conf_entry *u, struct error_detail *why)
{
	int p[2];

	fake_uart_port = u->port;
	if (fake_uart_err)
		return error_detail_set(why, fake_uart_err, "%s: fake refusal", u->name);
	if (pipe2(p, O_CLOEXEC) != 0)
		return -errno;
	close(p[1]);
	fake_uart_fd = p[0];
	return p[0];
}

int app_svc_sys_rtc_systohc(struct error_detail *why)
{
	fake_rtc_calls++;
	return 0;
}

void app_svc_sys_net(struct app_svc_net *n)
{
	memset(n, 0, sizeof(*n));
	n->count = 1;
	memcpy(n->iface[0].name, "eth0", 5);
	n->iface[0].up = 1;
	n->iface[0].carrier = 1;
	n->iface[0].prefix_len = 24;
	memcpy(n->iface[0].ipv4, "\x0a\x00\x02\x0f", 4);
}

/* The supervisor and three apps: plain (no capability), granted
 * (everything, Uart ISU0 only) and watcher (SystemEventNotifications only). */
static struct supervisor s;
static struct app apps[3];
static struct app *const plain = &apps[0], *const granted = &apps[1], *const watcher = &apps[2];
static int app_end[3];
static struct uart_conf uarts;
static struct gpio_map gpio;
static struct console console;

/** struct reply - an answer as the app reads it. */
struct reply {
	struct app_svc_resp head;
	uint8_t body[APP_SVC_MAX_MSG];
	ssize_t body_len;              /* -1: no answer */
	int fd;                        /* passed with it, or -1 */
};

static int index_of(const struct app *a)
{
	return (int)(a - apps);
}

/* Launches app a's service as a launch does; the test holds the app's end. */
static void launch(struct app *a)
{
	int fd;

	(void)app_service_before_launch(&s, a);
	fd = app_service_child_fd();
	app_service_after_launch();
	app_end[index_of(a)] = fd;
}

static void setup(void)
{
	static const char *const everything[] = { "ForceReboot", "ForcePowerDown", "SetPowerProfile" };
	struct error_detail why;
	struct manifest m;
	int null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);

	console_init(&console, null_fd);
	log_attach(&console);
	(void)uart_conf_parse("ISU0 4 4\nISU1 5 5\n", strlen("ISU0 4 4\nISU1 5 5\n"), &uarts, &why);
	(void)gpio_map_parse("0 8 9030000.pl061\n8 73 sim0\n", strlen("0 8 9030000.pl061\n8 73 sim0\n"), &gpio, &why);
	gpio.chip[0].present = true; /* sim0 was not found */
	s.gpio = &gpio;
	s.apps = apps;
	s.count = 3;
	s.uarts = &uarts;
	s.ram_budget_kib = 256;
	update_gate_init(&s.gate, UPDATE_GATE_WARNING_S * 1000u);
	for (unsigned i = 0; i < 3; i++) {
		snprintf(apps[i].name, sizeof(apps[i].name), "%s", i == 0 ? "plain" : i == 1 ? "granted" : "watcher");
		apps[i].slot = i;
		apps[i].svc_fd = apps[i].event_fd = -1;
		log_ring_init(&apps[i].ring);
	}
	memset(&m, 0, sizeof(m));
	app_svc_caps_compile(&m, &uarts, &plain->svc_caps);
	m.uart.item[0] = "ISU0";
	m.uart.count = 1;
	memcpy(m.power_controls.item, everything, sizeof(everything));
	m.power_controls.count = 3;
	m.system_event_notifications = m.software_update_deferral = m.system_time = true;
	app_svc_caps_compile(&m, &uarts, &granted->svc_caps);
	memset(&m, 0, sizeof(m));
	m.system_event_notifications = true;
	app_svc_caps_compile(&m, &uarts, &watcher->svc_caps);
	for (unsigned i = 0; i < 3; i++)
		launch(&apps[i]);
}

/* Reads one answer waiting on the app's end, without waiting. */
static void read_reply(int fd, struct reply *r)
{
	uint8_t buf[sizeof(struct app_svc_resp) + APP_SVC_MAX_MSG];
	struct iovec iov = { buf, sizeof(buf) };
	union {
		struct cmsghdr h;
		char b[CMSG_SPACE(sizeof(int))];
	} ctl;
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.b,
			      .msg_controllen = sizeof(ctl.b) };
	struct cmsghdr *c;
	ssize_t n = recvmsg(fd, &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);

	memset(r, 0, sizeof(*r));
	r->fd = -1;
	r->body_len = -1;
	if (n < (ssize_t)sizeof(r->head))
		return;
	memcpy(&r->head, buf, sizeof(r->head));
	r->body_len = n - (ssize_t)sizeof(r->head);
	memcpy(r->body, buf + sizeof(r->head), (size_t)r->body_len);
	c = CMSG_FIRSTHDR(&msg);
	if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
		memcpy(&r->fd, CMSG_DATA(c), sizeof(int));
}

/* The app sends len bytes of msg; appmgr serves it; the app reads the answer. */
static void exchange(struct app *a, const void *msg, size_t len, struct reply *r)
{
	(void)send(app_end[index_of(a)], msg, len, MSG_NOSIGNAL);
	app_service_serve(&s, a, NOW);
	read_reply(app_end[index_of(a)], r);
}

/* One request of op with its numbers and payload. */
static void call(struct app *a, uint16_t op, uint32_t arg, uint32_t arg2, const void *payload, size_t plen,
		 struct reply *r)
{
	uint8_t msg[sizeof(struct app_svc_req) + 64];
	struct app_svc_req req = { .op = op, .arg = arg, .arg2 = arg2 };

	memcpy(msg, &req, sizeof(req));
	memcpy(msg + sizeof(req), payload, plen);
	exchange(a, msg, sizeof(req) + plen, r);
}

static int status_of(struct app *a, uint16_t op, uint32_t arg, uint32_t arg2)
{
	struct reply r;

	call(a, op, arg, arg2, NULL, 0, &r);
	if (r.fd >= 0)
		close(r.fd);
	return r.body_len < 0 ? 1 : r.head.status;
}

/* How many times the app's log ring holds text. */
static int ring_lines(const struct app *a, const char *text)
{
	char buf[LOG_RING_SIZE + 1];
	size_t n = log_ring_copy(&a->ring, log_ring_start(&a->ring), buf, LOG_RING_SIZE);
	int count = 0;

	buf[n] = '\0';
	for (const char *p = buf; (p = strstr(p, text)) != NULL; p++)
		count++;
	return count;
}

static int ring_has(const struct app *a, const char *text)
{
	return ring_lines(a, text) > 0;
}

static int own_log_has(const char *text)
{
	char buf[LOG_RING_SIZE + 1];
	const struct log_ring *r = log_own_ring();
	size_t n = log_ring_copy(r, log_ring_start(r), buf, LOG_RING_SIZE);

	buf[n] = '\0';
	return strstr(buf, text) != NULL;
}

/* MEMORY answers (any reply) after something else: the socket still works. */
static int still_works(struct app *a)
{
	struct reply r;

	call(a, APP_SVC_MEMORY, 0, 0, NULL, 0, &r);
	return r.body_len == (ssize_t)sizeof(struct app_svc_memory) && r.head.status == 0;
}

static const struct app_svc_uart_config good_uart = { 115200, 0, 8, 0, 1, 0, { 0, 0, 0 } };

static void test_every_app(void)
{
	struct app_svc_memory m;
	struct app_svc_gpio_line line;
	struct app_svc_net n;
	struct reply r;

	call(plain, APP_SVC_MEMORY, 0, 0, NULL, 0, &r);
	memcpy(&m, r.body, sizeof(m));
	tap_ok(r.head.status == 0 && r.head.op == APP_SVC_MEMORY && r.body_len == (ssize_t)sizeof(m) &&
		       m.total_kib == 120 && m.user_kib == 40 && m.peak_user_kib == 40 && m.limit_kib == 256,
	       "MEMORY, every app: its cgroup's charge, its resident memory, its peak, its budget (KiB)");
	fake_user_kib = 30;
	call(plain, APP_SVC_MEMORY, 0, 0, NULL, 0, &r);
	memcpy(&m, r.body, sizeof(m));
	tap_ok(m.user_kib == 30 && m.peak_user_kib == 40, "MEMORY: the peak is the highest seen since it started");
	call(plain, APP_SVC_GPIO_LINE, 3, 0, NULL, 0, &r);
	memcpy(&line, r.body, sizeof(line));
	tap_ok(r.head.status == 0 && r.body_len == (ssize_t)sizeof(line) && !strcmp(line.chip_label, "9030000.pl061") &&
		       line.line == 3,
	       "GPIO_LINE, every app: GPIO 3 is line 3 of 9030000.pl061 (gpio.conf)");
	call(plain, APP_SVC_GPIO_LINE, 10, 0, NULL, 0, &r);
	tap_ok(r.head.status == -ENODEV && strstr(r.head.reason, "sim0 was not found"),
	       "GPIO_LINE of a line whose chip the board lacks: ENODEV (%s)", r.head.reason);
	tap_ok(status_of(plain, APP_SVC_GPIO_LINE, 500, 0) == -ENODEV, "GPIO_LINE of a number no line has: ENODEV");
	call(plain, APP_SVC_NET_STATUS, 0, 0, NULL, 0, &r);
	memcpy(&n, r.body, sizeof(n));
	tap_ok(r.head.status == 0 && r.body_len == (ssize_t)sizeof(n) && n.count == 1 &&
		       !strcmp(n.iface[0].name, "eth0") && n.iface[0].carrier == 1 && n.time_synced == 0,
	       "NET_STATUS, every app: the interfaces; the time is not synced (no time source yet)");
}

static void test_refused_without_capability(void)
{
	static const struct {
		uint16_t op;
		uint32_t arg, arg2;
		const char *grant;
	} ops[] = {
		{ APP_SVC_POWER_REBOOT, 0, 0, "PowerControls ForceReboot" },
		{ APP_SVC_POWER_DOWN, 30, 0, "PowerControls ForcePowerDown" },
		{ APP_SVC_POWER_PROFILE, 1, 0, "PowerControls SetPowerProfile" },
		{ APP_SVC_RTC_SYSTOHC, 0, 0, "SystemTime" },
		{ APP_SVC_SYSEVENT_REGISTER, 1, 0, "SystemEventNotifications" },
		{ APP_SVC_SYSEVENT_DEFER, 1, 5, "SoftwareUpdateDeferral" },
		{ APP_SVC_SYSEVENT_RESUME, 1, 0, "SoftwareUpdateDeferral" },
	};
	struct reply r;

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		call(plain, ops[i].op, ops[i].arg, ops[i].arg2, NULL, 0, &r);
		tap_ok(r.head.status == -EACCES && r.fd < 0 && strstr(r.head.reason, ops[i].grant) != NULL &&
			       ring_has(plain, app_svc_op_name(ops[i].op)),
		       "%s without %s: EACCES (%s), said in the app's log", app_svc_op_name(ops[i].op), ops[i].grant,
		       r.head.reason);
	}
	tap_ok(s.later.at_ms == 0 && fake_rtc_calls == 0 && plain->event_fd < 0,
	       "nothing was done: no shutdown scheduled, the clock not written, no registration");
	tap_ok(status_of(watcher, APP_SVC_SYSEVENT_DEFER, 1, 5) == -EACCES,
	       "SystemEventNotifications alone does not grant deferral: EACCES");
	call(plain, APP_SVC_UART_OPEN, 4, 0, &good_uart, sizeof(good_uart), &r);
	tap_ok(r.head.status == -EACCES && r.fd < 0 && strstr(r.head.reason, "grants no Uart") != NULL &&
		       fake_uart_port == 0,
	       "UART_OPEN without Uart: EACCES (%s), the port never opened", r.head.reason);
	call(granted, APP_SVC_UART_OPEN, 5, 0, &good_uart, sizeof(good_uart), &r);
	tap_ok(r.head.status == -EACCES && strstr(r.head.reason, "does not name ISU1") != NULL && fake_uart_port == 0,
	       "UART_OPEN of a UART its list does not name: EACCES (%s)", r.head.reason);
}

static void test_granted(void)
{
	struct app_svc_req req = { .op = APP_SVC_UART_OPEN, .arg = 4 };
	uint8_t msg[sizeof(req) + sizeof(good_uart)];
	struct app_svc_uart_config bad;
	struct reply r;
	struct stat st;
	int opened;

	tap_ok(status_of(granted, APP_SVC_POWER_REBOOT, 0, 0) == 0 && s.later.kind == SHUTDOWN_REBOOT &&
		       s.later.at_ms == NOW + SUPERVISOR_API_REBOOT_DELAY_MS && !strcmp(s.later.why, "ForceReboot") &&
		       own_log_has("granted: asked for a reboot (PowerControls ForceReboot)"),
	       "POWER_REBOOT with ForceReboot: answered, the orderly reboot starts %u ms later",
	       SUPERVISOR_API_REBOOT_DELAY_MS);
	tap_ok(status_of(granted, APP_SVC_POWER_DOWN, 30, 0) == 0 && s.later.kind == SHUTDOWN_POWER_DOWN &&
		       s.later.residency_s == 30,
	       "POWER_DOWN with ForcePowerDown: a power down for its residency of 30 s");
	s.later.at_ms = 0;
	tap_ok(status_of(granted, APP_SVC_POWER_PROFILE, APP_SVC_POWER_PROFILE_POWER_SAVER, 0) == 0 &&
		       s.power_profile == APP_SVC_POWER_PROFILE_POWER_SAVER && ring_has(granted, "power profile power saver"),
	       "POWER_PROFILE with SetPowerProfile: recorded and said in the app's log");
	tap_ok(status_of(granted, APP_SVC_POWER_PROFILE, 3, 0) == -EINVAL && s.power_profile == 2,
	       "POWER_PROFILE of an unknown profile: EINVAL");
	tap_ok(status_of(granted, APP_SVC_RTC_SYSTOHC, 0, 0) == 0 && fake_rtc_calls == 1,
	       "RTC_SYSTOHC with SystemTime: the system time written to the hardware clock");

	/* By hand: the answer is read after appmgr's copy is looked at (the
	 * passed descriptor may get the number appmgr's copy had). */
	memcpy(msg, &req, sizeof(req));
	memcpy(msg + sizeof(req), &good_uart, sizeof(good_uart));
	(void)send(app_end[1], msg, sizeof(msg), MSG_NOSIGNAL);
	app_service_serve(&s, granted, NOW);
	opened = fake_uart_fd;
	tap_ok(opened >= 0 && fcntl(opened, F_GETFD) < 0 && errno == EBADF,
	       "appmgr's copy of the UART descriptor is closed once it is sent");
	read_reply(app_end[1], &r);
	tap_ok(r.head.status == 0 && fake_uart_port == 4 && r.fd >= 0 && fstat(r.fd, &st) == 0 && S_ISFIFO(st.st_mode),
	       "UART_OPEN of ISU0 (id 4): its port 4 opened, the descriptor passed with the answer");
	if (r.fd >= 0)
		close(r.fd);
	fake_uart_err = -EBUSY;
	call(granted, APP_SVC_UART_OPEN, 4, 0, &good_uart, sizeof(good_uart), &r);
	tap_ok(r.head.status == -EBUSY && r.fd < 0, "a UART already open: EBUSY, from the port");
	fake_uart_err = 0;
	call(granted, APP_SVC_UART_OPEN, 9, 0, &good_uart, sizeof(good_uart), &r);
	tap_ok(r.head.status == -ENODEV && strstr(r.head.reason, "no UART with id 9") != NULL,
	       "UART_OPEN of an id the board does not have: ENODEV");
	bad = good_uart;
	bad.data_bits = 9;
	call(granted, APP_SVC_UART_OPEN, 4, 0, &bad, sizeof(bad), &r);
	tap_ok(r.head.status == -EINVAL && strstr(r.head.reason, "data bits") != NULL, "9 data bits: EINVAL");
	bad = good_uart;
	bad.blocking_mode = 1;
	call(granted, APP_SVC_UART_OPEN, 4, 0, &bad, sizeof(bad), &r);
	tap_ok(r.head.status == -EINVAL, "blocking mode: EINVAL (non-blocking only)");
	bad = good_uart;
	bad.parity = 3;
	call(granted, APP_SVC_UART_OPEN, 4, 0, &bad, sizeof(bad), &r);
	tap_ok(r.head.status == -EINVAL, "parity 3: EINVAL");
	bad = good_uart;
	bad.baud_rate = 0;
	call(granted, APP_SVC_UART_OPEN, 4, 0, &bad, sizeof(bad), &r);
	tap_ok(r.head.status == -EINVAL, "baud rate 0: EINVAL");
	bad = good_uart;
	bad.reserved[1] = 1;
	call(granted, APP_SVC_UART_OPEN, 4, 0, &bad, sizeof(bad), &r);
	tap_ok(r.head.status == -EINVAL && fake_uart_fd == opened,
	       "reserved bytes set: EINVAL; no refused configuration opened the port");
}

static void test_malformed(void)
{
	uint8_t big[APP_SVC_MAX_MSG + 8];
	struct app_svc_req req = { .op = APP_SVC_MEMORY };
	struct reply r;

	exchange(plain, &req, 4, &r);
	tap_ok(r.head.status == -EBADMSG && still_works(plain), "a message shorter than a request: EBADMSG, the socket works on");
	memset(big, 0, sizeof(big));
	memcpy(big, &req, sizeof(req));
	exchange(plain, big, sizeof(big), &r);
	tap_ok(r.head.status == -EBADMSG && strstr(r.head.reason, "1032 bytes") && still_works(plain),
	       "a message longer than %u bytes: EBADMSG (%s), the socket works on", APP_SVC_MAX_MSG, r.head.reason);
	exchange(plain, big, sizeof(req) + 1, &r);
	tap_ok(r.head.status == -EBADMSG && r.head.op == APP_SVC_MEMORY && still_works(plain),
	       "MEMORY with a byte of payload: EBADMSG (%s)", r.head.reason);
	call(granted, APP_SVC_UART_OPEN, 4, 0, &good_uart, sizeof(good_uart) - 1, &r);
	tap_ok(r.head.status == -EBADMSG && r.fd < 0, "UART_OPEN with a short configuration: EBADMSG");
	exchange(plain, big, 0, &r);
	tap_ok(r.head.status == -EBADMSG && plain->svc_fd >= 0 && still_works(plain),
	       "an empty message: EBADMSG, not taken for the app's end");
	tap_ok(status_of(plain, 99, 0, 0) == -EINVAL && status_of(plain, 0, 0, 0) == -EINVAL && still_works(plain),
	       "unknown ops 99 and 0: EINVAL");
	req.reserved = 1;
	exchange(plain, &req, sizeof(req), &r);
	tap_ok(r.head.status == -EINVAL && still_works(plain), "a reserved field set: EINVAL");
	tap_ok(status_of(plain, APP_SVC_MEMORY, 1, 0) == -EINVAL && status_of(plain, APP_SVC_NET_STATUS, 0, 7) == -EINVAL,
	       "numbers an op does not take: EINVAL");
	tap_ok(status_of(watcher, APP_SVC_SYSEVENT_REGISTER, 0, 0) == -EINVAL &&
		       status_of(watcher, APP_SVC_SYSEVENT_REGISTER, 0x8, 0) == -EINVAL && watcher->event_fd < 0,
	       "an empty or unknown event mask: EINVAL");
	tap_ok(status_of(granted, APP_SVC_SYSEVENT_DEFER, APP_SVC_EVENT_NO_UPDATE, 5) == -EINVAL &&
		       status_of(granted, APP_SVC_SYSEVENT_RESUME, APP_SVC_EVENT_ALL, 0) == -EINVAL,
	       "only an update is deferred or resumed: another event is EINVAL");
	tap_ok(status_of(plain, APP_SVC_POWER_REBOOT, 1, 0) == -EINVAL,
	       "bad fields are refused before the capability is looked at");
}

static void test_flood(void)
{
	struct app_svc_req req = { .op = APP_SVC_MEMORY };
	uint64_t wake = 0;
	unsigned answers = 0;
	struct reply r;

	plain->svc_requests = 0;
	for (unsigned i = 0; i < 200; i++) {
		(void)send(app_end[0], &req, sizeof(req), MSG_DONTWAIT | MSG_NOSIGNAL);
		app_service_serve(&s, plain, NOW + 5000);
	}
	do {
		read_reply(app_end[0], &r);
		answers += r.body_len >= 0;
	} while (r.body_len >= 0);
	tap_ok(answers > 0 && answers < 50 && ring_has(plain, "answer dropped") && ring_lines(plain, "answer dropped") == 1,
	       "200 requests without reading the answers: %u answered, the rest dropped (appmgr's send "
	       "buffer holds them, not a queue of its own), said once in the app's log", answers);
	tap_ok(!app_service_pollable(plain, NOW + 5000, &wake) && wake == NOW + 6000 &&
		       app_service_pollable(plain, NOW + 6000, &wake),
	       "past %u requests in a second its socket leaves the poll set until the next second",
	       APP_SERVICE_RATE);
	tap_ok(still_works(plain), "then it is answered again");
}

static int recv_event(int fd, struct app_svc_event *ev)
{
	return recv(fd, ev, sizeof(*ev), MSG_DONTWAIT) == (ssize_t)sizeof(*ev);
}

static void test_registration(void)
{
	struct app_svc_event ev;
	struct reply r;
	int granted_events, watcher_events;

	call(granted, APP_SVC_SYSEVENT_REGISTER, APP_SVC_EVENT_ALL, 0, NULL, 0, &r);
	granted_events = r.fd;
	tap_ok(r.head.status == 0 && r.fd >= 0 && granted->event_fd >= 0,
	       "SYSEVENT_REGISTER with SystemEventNotifications: the event socket passed with the answer");
	call(granted, APP_SVC_SYSEVENT_REGISTER, APP_SVC_EVENT_UPDATE, 0, NULL, 0, &r);
	tap_ok(r.head.status == -EEXIST && r.fd < 0, "a second registration while the first is open: EEXIST");
	call(watcher, APP_SVC_SYSEVENT_REGISTER, APP_SVC_EVENT_UPDATE, 0, NULL, 0, &r);
	watcher_events = r.fd;
	tap_ok(r.head.status == 0 && r.fd >= 0, "another app's registration is its own: not EEXIST");
	close(granted_events);
	call(granted, APP_SVC_SYSEVENT_REGISTER, APP_SVC_EVENT_UPDATE, 0, NULL, 0, &r);
	granted_events = r.fd;
	tap_ok(r.head.status == 0 && r.fd >= 0, "once the app closed its event socket it may register again");
	tap_ok(send(granted_events, &ev, sizeof(ev), MSG_DONTWAIT | MSG_NOSIGNAL) < 0 && errno == EPIPE,
	       "the event socket only carries events: what the app sends is refused (EPIPE)");
	tap_ok(status_of(granted, APP_SVC_SYSEVENT_DEFER, APP_SVC_EVENT_UPDATE, 5) == -EINVAL &&
		       status_of(granted, APP_SVC_SYSEVENT_RESUME, APP_SVC_EVENT_UPDATE, 0) == -EINVAL,
	       "no update pending: deferring and resuming are EINVAL");

	struct error_detail why;
	tap_ok(app_sysevent_start(&s, APP_SVC_UPDATE_APP, 60, NOW, &why) == 0 &&
		       recv_event(granted_events, &ev) && ev.status == APP_SVC_STATUS_PENDING &&
		       ev.max_deferral_minutes == 60 && recv_event(watcher_events, &ev) &&
		       ev.status == APP_SVC_STATUS_PENDING && own_log_has("update gate: app update pending"),
	       "an update sequence starts: Pending reaches every registered app");
	tap_ok(app_sysevent_start(&s, APP_SVC_UPDATE_APP, 60, NOW, &why) == -EBUSY, "a second sequence: EBUSY");
	tap_ok(status_of(granted, APP_SVC_SYSEVENT_DEFER, APP_SVC_EVENT_UPDATE, 0) == -EINVAL,
	       "a deferral of 0 minutes: EINVAL");
	tap_ok(status_of(granted, APP_SVC_SYSEVENT_DEFER, APP_SVC_EVENT_UPDATE, 5) == 0 &&
		       recv_event(granted_events, &ev) && ev.status == APP_SVC_STATUS_DEFERRED &&
		       recv_event(watcher_events, &ev) && ev.status == APP_SVC_STATUS_DEFERRED &&
		       own_log_has("update gate: deferred by granted for 300 s"),
	       "SYSEVENT_DEFER with SoftwareUpdateDeferral: Deferred reaches every registered app");
	app_sysevent_tick(&s, NOW + 1000);
	tap_ok(!recv_event(watcher_events, &ev), "nothing more while the deferral runs");
	tap_ok(status_of(granted, APP_SVC_SYSEVENT_RESUME, APP_SVC_EVENT_UPDATE, 0) == 0 &&
		       recv_event(granted_events, &ev) && ev.status == APP_SVC_STATUS_FINAL &&
		       recv_event(watcher_events, &ev) && ev.status == APP_SVC_STATUS_FINAL,
	       "SYSEVENT_RESUME: Final, the 10 s warning");
	app_sysevent_tick(&s, NOW + UPDATE_GATE_WARNING_S * 1000u);
	tap_ok(recv_event(watcher_events, &ev) && ev.status == APP_SVC_STATUS_COMPLETE &&
		       s.gate.phase == UPDATE_GATE_IDLE && own_log_has("applied (simulated: nothing installed)"),
	       "after the warning the (simulated) update is applied: Complete");

	tap_ok(app_sysevent_start(&s, APP_SVC_UPDATE_SYSTEM, 10, NOW, &why) == 0 &&
		       status_of(granted, APP_SVC_SYSEVENT_DEFER, APP_SVC_EVENT_UPDATE, 5) == 0,
	       "a second sequence, deferred by the granted app");
	(void)recv_event(watcher_events, &ev);
	(void)recv_event(watcher_events, &ev);
	app_service_close(&s, granted);
	app_sysevent_tick(&s, NOW + 1);
	tap_ok(granted->svc_fd < 0 && granted->event_fd < 0 && recv_event(watcher_events, &ev) &&
		       ev.status == APP_SVC_STATUS_PENDING && ev.max_deferral_minutes == 9,
	       "the deferring app ends: its sockets closed, its deferral dropped, Pending again for the others");
	close(granted_events);
	close(app_end[1]);
	launch(granted);
	call(granted, APP_SVC_SYSEVENT_REGISTER, APP_SVC_EVENT_UPDATE, 0, NULL, 0, &r);
	granted_events = r.fd;
	tap_ok(r.head.status == 0 && recv_event(granted_events, &ev) && ev.status == APP_SVC_STATUS_PENDING,
	       "an app registering during a sequence is told its status at once");
	close(granted_events);
	close(watcher_events);
}

static void test_app_end(void)
{
	close(app_end[2]);
	app_service_serve(&s, watcher, NOW);
	tap_ok(watcher->svc_fd < 0 && watcher->event_fd < 0, "the app closed its end: appmgr closes its sockets");
}

int main(void)
{
	setup();
	test_every_app();
	test_refused_without_capability();
	test_granted();
	test_malformed();
	test_flood();
	test_registration();
	test_app_end();
	return tap_done();
}
