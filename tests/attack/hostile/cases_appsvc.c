/* cases_appsvc.c — the app service (spherule/app_service.h) grants an app
 * only what its manifest does, and the hostile app's has no capability:
 * every privileged op on its service socket (fd SPHERULE_APP_SERVICE) is
 * EACCES from appmgr, which checks the manifest of the app it launched on
 * that socket; the devices behind those ops are closed to it too (the
 * hardware clock /dev/rtc0 and the apps' UART, virtio-serial port 4: the
 * LSM's default for character devices), so only appmgr's checked path
 * leads to them. Garbage and a flood on the socket are answered (EBADMSG,
 * EINVAL) or dropped without hurting appmgr: the socket answers again
 * afterwards. The script checks that no shutdown started. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "spherule/app_service.h"

#include "../attempts.h"
#include "attack.h"

#define ANSWER_WAIT_MS 10000
#define GARBAGE_MESSAGES 100
#define FLOOD_REQUESTS 200
#define FLOOD_SNDBUF 4096

static int service_fd(void)
{
	const char *v = getenv(APP_SERVICE_ENV);

	return v ? atoi(v) : -1;
}

/* The record of the last answer awaited. */
static uint8_t record[APP_SVC_MAX_MSG];

/* Reads answers until one for op arrives (earlier ones of a flood are
 * skipped): its status, -ETIMEDOUT when none came, -errno. */
static int await_answer(int fd, uint16_t op)
{
	uint8_t buf[sizeof(struct app_svc_resp) + APP_SVC_MAX_MSG];
	struct app_svc_resp resp;

	for (;;) {
		struct pollfd p = { fd, POLLIN, 0 };
		ssize_t n;

		if (poll(&p, 1, ANSWER_WAIT_MS) != 1)
			return -ETIMEDOUT;
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0)
			return -errno;
		if (n < (ssize_t)sizeof(resp))
			return -EPROTO;
		memcpy(&resp, buf, sizeof(resp));
		if (resp.op != op)
			continue;
		memcpy(record, buf + sizeof(resp), (size_t)n - sizeof(resp));
		return resp.status;
	}
}

/* Sends len bytes of msg on the service socket and returns the answer's status. */
static int send_raw(const void *msg, size_t len, uint16_t op)
{
	int fd = service_fd();

	if (fd < 0)
		return -EBADF;
	if (send(fd, msg, len, MSG_NOSIGNAL) < 0)
		return -errno;
	return await_answer(fd, op);
}

static int request(uint16_t op, uint32_t arg, uint32_t arg2, const void *payload, size_t plen)
{
	uint8_t msg[sizeof(struct app_svc_req) + sizeof(struct app_svc_uart_config)];
	struct app_svc_req req = { .op = op, .arg = arg, .arg2 = arg2 };

	memcpy(msg, &req, sizeof(req));
	memcpy(msg + sizeof(req), payload, plen);
	return send_raw(msg, sizeof(req) + plen, op);
}

static int memory(void) { return request(APP_SVC_MEMORY, 0, 0, NULL, 0); }

/* Its own figures: a charge, resident memory, its budget of 256 KiB. */
static int memory_figures(void)
{
	struct app_svc_memory m;
	int st = memory();

	memcpy(&m, record, sizeof(m));
	if (st == 0 && (m.total_kib == 0 || m.user_kib == 0 || m.peak_user_kib < m.user_kib || m.limit_kib != 256))
		return -EPROTO;
	return st;
}

static int uart_open(void)
{
	static const struct app_svc_uart_config c = { 115200, 0, 8, 0, 1, 0, { 0, 0, 0 } };

	return request(APP_SVC_UART_OPEN, 4, 0, &c, sizeof(c));
}

static int reboot_it(void) { return request(APP_SVC_POWER_REBOOT, 0, 0, NULL, 0); }
static int power_down(void) { return request(APP_SVC_POWER_DOWN, 1, 0, NULL, 0); }
static int power_profile(void) { return request(APP_SVC_POWER_PROFILE, APP_SVC_POWER_PROFILE_POWER_SAVER, 0, NULL, 0); }
static int systohc(void) { return request(APP_SVC_RTC_SYSTOHC, 0, 0, NULL, 0); }
static int register_events(void) { return request(APP_SVC_SYSEVENT_REGISTER, APP_SVC_EVENT_UPDATE, 0, NULL, 0); }
static int defer_update(void) { return request(APP_SVC_SYSEVENT_DEFER, APP_SVC_EVENT_UPDATE, 60, NULL, 0); }
static int open_rtc_ro(void) { return try_open("/dev/rtc0", O_RDONLY); }
static int open_rtc_rw(void) { return try_open("/dev/rtc0", O_RDWR); }
static int open_uart_port(void) { return try_virtio_port(4, O_RDWR | O_NONBLOCK | O_NOCTTY); }

static int short_message(void) { return send_raw("\x01\x00\x00\x00\x00", 5, 1); }

static int long_message(void)
{
	static uint8_t msg[APP_SVC_MAX_MSG + 100];

	msg[0] = APP_SVC_MEMORY;
	return send_raw(msg, sizeof(msg), APP_SVC_MEMORY);
}

static int unknown_op(void) { return request(77, 0, 0, NULL, 0); }
static int bad_fields(void) { return request(APP_SVC_MEMORY, 1, 2, NULL, 0); }

/* Messages of random lengths and bytes, each answered; then MEMORY. */
static int garbage(void)
{
	static uint8_t msg[APP_SVC_MAX_MSG + 64];
	int fd = service_fd();

	srand((unsigned)getpid());
	for (unsigned i = 0; i < GARBAGE_MESSAGES; i++) {
		size_t len = (size_t)rand() % sizeof(msg);
		uint16_t op;
		int st;

		for (size_t k = 0; k < len; k++)
			msg[k] = (uint8_t)rand();
		/* The answer names the op of a message long enough to hold one. */
		op = len >= sizeof(op) ? (uint16_t)(msg[0] | msg[1] << 8) : 0;
		if (send(fd, msg, len, MSG_NOSIGNAL) < 0)
			return -errno;
		st = await_answer(fd, op);
		if (st == -ETIMEDOUT || st == -EPROTO || st >= 0)
			return st < 0 ? st : -EPROTO;
	}
	return memory();
}

/* Requests sent without reading the answers: appmgr drops what does not
 * fit its send buffer and answers again once the app reads. The app's own
 * send buffer is made small first: the requests waiting in it are charged
 * to its RAM budget. */
static int flood(void)
{
	struct app_svc_req req = { .op = APP_SVC_NET_STATUS };
	int fd = service_fd(), sndbuf = FLOOD_SNDBUF;

	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf)) != 0)
		return -errno;
	for (unsigned i = 0; i < FLOOD_REQUESTS; i++)
		if (send(fd, &req, sizeof(req), MSG_NOSIGNAL) < 0)
			return -errno;
	return memory();
}

const struct attack_case appsvc_cases[] = {
	{ "app service: MEMORY, which every app may ask: its own figures", 0, memory_figures },
	{ "app service: UART_OPEN of ISU0 without Uart", -EACCES, uart_open },
	{ "app service: POWER_REBOOT without PowerControls", -EACCES, reboot_it },
	{ "app service: POWER_DOWN without PowerControls", -EACCES, power_down },
	{ "app service: POWER_PROFILE without PowerControls", -EACCES, power_profile },
	{ "app service: RTC_SYSTOHC without SystemTime", -EACCES, systohc },
	{ "app service: SYSEVENT_REGISTER without SystemEventNotifications", -EACCES, register_events },
	{ "app service: SYSEVENT_DEFER without SoftwareUpdateDeferral", -EACCES, defer_update },
	{ "rtc: open /dev/rtc0 for reading", -EACCES, open_rtc_ro },
	{ "rtc: open /dev/rtc0 for reading and writing", -EACCES, open_rtc_rw },
	{ "uart: open the apps' UART port (virtio-serial port 4) itself", -EACCES, open_uart_port },
	{ "app service: a message shorter than a request", -EBADMSG, short_message },
	{ "app service: a message longer than APP_SVC_MAX_MSG", -EBADMSG, long_message },
	{ "app service: an unknown op", -EINVAL, unknown_op },
	{ "app service: fields an op does not take", -EINVAL, bad_fields },
	{ "app service: 100 messages of random bytes, each refused, then MEMORY", 0, garbage },
	{ "app service: 200 requests without reading an answer, then MEMORY", 0, flood },
};
const unsigned appsvc_case_count = CASE_COUNT(appsvc_cases);
