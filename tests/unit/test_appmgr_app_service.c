/* test_appmgr_app_service.c — unit tests of appmgr's end of the app service
 * (app_service.h, app_svc_ops.h, app_sysevent.h) against fake app ends:
 * every op's capability check and errno, malformed requests answered and
 * the socket kept working, a flood that costs appmgr nothing unbounded,
 * one app's registration beside another's, the update events through the
 * sockets; the network manager's ops (NET_APPLY, TIME_SET, RESOLVE_CHECK)
 * and TIMESYNC with its setting kept in a file; the update agent's ops
 * (OS_STAGE's erase-as-reached writes into a fake osstage, the OS requests
 * forwarded to a fake secmon, app staging through a fake app_install.h,
 * the update gate it waits on); the device certificate's ops (DEVICEAUTH_STORE
 * checked and kept in a file, DEVICEAUTH_STATUS by tenant and validity,
 * with certificates made by OpenSSL). What the ops read and do on the device
 * (app_svc_system.h, app_svc_update_sys.h, app_install.h) is faked here. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app_install.h"
#include "app_service.h"
#include "app_svc_ops.h"
#include "app_svc_update.h"
#include "app_svc_update_sys.h"
#include "app_sysevent.h"
#include "deviceauth_test_cert.h"
#include "error_ring.h"
#include "log.h"
#include "small_file.h"
#include "tap.h"

#define NOW 100000u

/* The fakes of app_svc_system.h. */
static uint32_t fake_total_kib = 120, fake_user_kib = 40;
static int fake_uart_err;          /* 0: open a pipe; else this -errno */
static int fake_uart_fd = -1;      /* the last descriptor the fake opened */
static unsigned fake_uart_port;
static unsigned fake_rtc_calls;
static unsigned fake_net_apply_calls;
static struct net_conf_iface fake_applied;  /* the last configuration applied */
static int fake_net_apply_err;              /* 0: applied; else this -errno */
static unsigned fake_set_time_calls;
static struct timespec fake_time;           /* the last time set */

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

int app_svc_sys_net_apply(const struct net_conf_iface *i, struct error_detail *why)
{
	if (fake_net_apply_err)
		return error_detail_set(why, fake_net_apply_err, "%s: fake refusal", i->name);
	fake_net_apply_calls++;
	fake_applied = *i;
	return 0;
}

int app_svc_sys_set_time(const struct timespec *ts, struct error_detail *why)
{
	fake_set_time_calls++;
	fake_time = *ts;
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

/* The fakes of app_svc_update_sys.h: an osstage of FAKE_BLOCKS erase
 * blocks of FAKE_ERASE bytes, NOR-like (a write only clears bits), and a
 * secmon that answers every OS request with fake_secmon_status. */
#define FAKE_ERASE 4096u
#define FAKE_BLOCKS 8u
static uint8_t fake_stage[FAKE_ERASE * FAKE_BLOCKS];
static unsigned fake_erases;
static uint16_t fake_secmon_status;
static struct mbox_request fake_secmon_req;   /* the last request */

int app_svc_sys_os_stage_find(struct mtd_slot *p, struct error_detail *why)
{
	*p = (struct mtd_slot){ .size = sizeof(fake_stage), .erase_size = FAKE_ERASE };
	return 0;
}

int app_svc_sys_os_stage_erase(const struct mtd_slot *p, uint32_t first, uint32_t count, struct error_detail *why)
{
	memset(fake_stage + first * FAKE_ERASE, 0xff, count * FAKE_ERASE);
	fake_erases += count;
	return 0;
}

int app_svc_sys_os_stage_write(const struct mtd_slot *p, uint32_t off, const void *buf, size_t len,
			       struct error_detail *why)
{
	for (size_t i = 0; i < len; i++)
		fake_stage[off + i] &= ((const uint8_t *)buf)[i];
	return 0;
}

int app_svc_sys_secmon(struct mbox_request *req, struct mbox_response *resp, uint32_t timeout_ms,
		       struct error_detail *why)
{
	fake_secmon_req = *req;
	mbox_response_init(resp, req, fake_secmon_status);
	resp->res.install_os.slot = 1;
	resp->res.install_os.version = 8;
	if (req->type == MBOX_OS_BOOT_STATE) {
		resp->res.os_boot_state.trial = 1;
		resp->res.os_boot_state.deadline_s = 300;
	}
	if (req->type == MBOX_CONFIRM_OS)
		resp->res.confirm_os.counter = 4;
	return 0;
}

/* The fakes of app_install.h: what the update ops called. */
static struct app fake_staged = { .slot = 9, .name = "blink", .version = 3 };
static size_t fake_staged_bytes;
static unsigned fake_installs;

int app_install_begin(struct supervisor *sv, uint64_t size, struct error_detail *why)
{
	fake_staged_bytes = 0;
	return size > 1000000 ? error_detail_set(why, -EFBIG, "too big") : 9;
}

int app_install_data(struct supervisor *sv, const void *buf, size_t len, struct error_detail *why)
{
	fake_staged_bytes += len;
	return 0;
}

int app_install_end(struct supervisor *sv, const struct app **staged, struct error_detail *why)
{
	*staged = &fake_staged;
	return 0;
}

void app_install_abort(struct supervisor *sv)
{
	fake_staged_bytes = 0;
}

int app_install_commit(struct supervisor *sv, bool manual_start, struct app **installed, bool *replaced,
		       struct error_detail *why)
{
	fake_installs++;
	*installed = &fake_staged;
	*replaced = true;
	return 0;
}

/* The supervisor and four apps: plain (no capability; AllowedConnections
 * for RESOLVE_CHECK), granted (everything but NetworkManager and
 * ReadNetworkProxyConfig, Uart ISU0 only), watcher
 * (SystemEventNotifications, ReadNetworkProxyConfig) and netmgr
 * (NetworkManager only). */
#define APP_COUNT 7
static struct supervisor s;
static struct app apps[APP_COUNT];
static struct app *const plain = &apps[0], *const granted = &apps[1], *const watcher = &apps[2],
		  *const netmgr = &apps[3], *const agent = &apps[4], *const authed = &apps[5], *const elsewhere = &apps[6];
/* authed's and elsewhere's DeviceAuthentication tenants. */
static const uint8_t tenant[16] = { 0x6b, 0x9a, 0x3c, 0x0e, 0x1f, 0x2d, 0x4c, 0x8a, 0x9e, 0x7b, 1, 2, 3, 4, 5, 6 };
static const uint8_t other_tenant[16] = { 0x11, 0x22, 0x33, 0x44, 0x1f, 0x2d, 0x4c, 0x8a, 0x9e, 0x7b, 1, 2, 3, 4, 5, 6 };
static char deviceauth_path[sizeof("/tmp/test_appmgr_app_service.XXXXXX") + 16];
static char shelf_dir[sizeof("/tmp/test_appmgr_app_service.XXXXXX") + 16];
static int app_end[APP_COUNT];
static struct uart_conf uarts;
static struct net_conf net_conf;
static char timesync_dir[] = "/tmp/test_appmgr_app_service.XXXXXX";
static char timesync_path[sizeof(timesync_dir) + 16];
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

/* plain's AllowedConnections: names and wildcards in any case (the policy
 * holds them in lower case), an address, a DNS-SD service. */
static const char *const plain_hosts[] = { "Example.com", "*.azure-devices.net", "10.0.2.100",
					   "_http._tcp.local", "*.Contoso.com" };

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
	s.count = APP_COUNT;
	s.uarts = &uarts;
	s.ram_budget_kib = 256;
	update_gate_init(&s.gate, UPDATE_GATE_WARNING_S * 1000u);
	(void)net_conf_parse("eth0 10.0.2.15 24 10.0.2.2\n", strlen("eth0 10.0.2.15 24 10.0.2.2\n"), &net_conf, &why);
	s.net_conf = &net_conf;
	if (!mkdtemp(timesync_dir))
		exit(1);
	snprintf(timesync_path, sizeof(timesync_path), "%s/timesync", timesync_dir);
	time_sync_load(&s.time_sync, timesync_path);
	{
		static struct error_ring reports;
		struct error_ring_open_result res;

		error_ring_open(&reports, NULL, &res);
		s.reports = &reports;
	}
	for (unsigned i = 0; i < APP_COUNT; i++) {
		static const char *const names[] = { "plain", "granted", "watcher", "netmgr", "updated", "authed",
						     "elsewhere" };

		snprintf(apps[i].name, sizeof(apps[i].name), "%s", names[i]);
		snprintf(apps[i].component_str, sizeof(apps[i].component_str), "0000000%u-1f2d-4c8a-9e7b-0a1b2c3d4e5f", i);
		apps[i].uid = 1000 + i;
		apps[i].slot = i;
		apps[i].svc_fd = apps[i].event_fd = -1;
		log_ring_init(&apps[i].ring);
	}
	memset(&m, 0, sizeof(m));
	app_svc_caps_compile(&m, &uarts, &plain->svc_caps);
	memcpy(m.allowed_connections.item, plain_hosts, sizeof(plain_hosts));
	m.allowed_connections.count = sizeof(plain_hosts) / sizeof(plain_hosts[0]);
	app_net_policy_compile(&m, &plain->net);
	memset(&m, 0, sizeof(m));
	m.uart.item[0] = "ISU0";
	m.uart.count = 1;
	memcpy(m.power_controls.item, everything, sizeof(everything));
	m.power_controls.count = 3;
	m.system_event_notifications = m.software_update_deferral = m.system_time = m.time_sync_config = true;
	m.network_config = true;
	app_svc_caps_compile(&m, &uarts, &granted->svc_caps);
	memset(&m, 0, sizeof(m));
	m.system_event_notifications = m.read_network_proxy_config = true;
	app_svc_caps_compile(&m, &uarts, &watcher->svc_caps);
	memset(&m, 0, sizeof(m));
	m.network_manager = true;
	app_svc_caps_compile(&m, &uarts, &netmgr->svc_caps);
	memset(&m, 0, sizeof(m));
	m.update_agent = true;
	app_svc_caps_compile(&m, &uarts, &agent->svc_caps);
	memset(&m, 0, sizeof(m));
	m.device_auth_tenant = tenant;
	app_svc_caps_compile(&m, &uarts, &authed->svc_caps);
	m.device_auth_tenant = other_tenant;
	app_svc_caps_compile(&m, &uarts, &elsewhere->svc_caps);
	snprintf(deviceauth_path, sizeof(deviceauth_path), "%s/deviceauth", timesync_dir);
	s.deviceauth.path = deviceauth_path;
	snprintf(shelf_dir, sizeof(shelf_dir), "%s/shelf", timesync_dir);
	s.deviceauth.shelf = (struct deviceauth_shelf){ shelf_dir, getuid() };
	for (unsigned i = 0; i < APP_COUNT; i++)
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
	static uint8_t msg[APP_SVC_MAX_STAGE_MSG + 1];
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
		       !strcmp(n.iface[0].name, "eth0") && n.iface[0].carrier == 1 && n.time_synced == 0 &&
		       n.iface[0].ip_mode == APP_SVC_IP_MODE_NONE,
	       "NET_STATUS, every app: the interfaces (eth0 configured by nobody yet); the time is not synced");
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

/* A DHCP lease of eth0 as netmgr sends it. */
static struct app_svc_net_config lease(void)
{
	struct app_svc_net_config c = { "eth0", APP_SVC_IP_DHCP, 24, { 0, 0 }, { 10, 0, 2, 16 }, { 10, 0, 2, 2 },
					86400 };

	return c;
}

static int net_apply(struct app *a, const struct app_svc_net_config *c)
{
	struct reply r;

	call(a, APP_SVC_NET_APPLY, 0, 0, c, sizeof(*c), &r);
	return r.body_len == 0 ? r.head.status : 1;
}

static struct app_svc_net net_status(void)
{
	struct app_svc_net n;
	struct reply r;

	call(plain, APP_SVC_NET_STATUS, 0, 0, NULL, 0, &r);
	memcpy(&n, r.body, sizeof(n));
	return n;
}

static void test_net_apply(void)
{
	struct app_svc_net_config c = lease(), bad;
	struct reply r;

	call(plain, APP_SVC_NET_APPLY, 0, 0, &c, sizeof(c), &r);
	tap_ok(r.head.status == -EACCES && strstr(r.head.reason, "NetworkManager") && fake_net_apply_calls == 0,
	       "NET_APPLY without NetworkManager: EACCES (%s), nothing applied", r.head.reason);
	tap_ok(status_of(granted, APP_SVC_NET_APPLY, 0, 0) == -EBADMSG, "NET_APPLY without its payload: EBADMSG");
	tap_ok(net_apply(netmgr, &c) == 0 && fake_net_apply_calls == 1 && !strcmp(fake_applied.name, "eth0") &&
		       fake_applied.address == inet_addr("10.0.2.16") && fake_applied.netmask == inet_addr("255.255.255.0") &&
		       fake_applied.gateway == inet_addr("10.0.2.2") &&
		       own_log_has("eth0: 10.0.2.16/24 (dhcp, lease 86400 s)"),
	       "NET_APPLY of a DHCP lease: its address, netmask and gateway applied, logged");
	tap_ok(net_status().iface[0].ip_mode == APP_SVC_IP_MODE_DHCP, "NET_STATUS: eth0's ip_mode is DHCP (2)");
	c.source = APP_SVC_IP_STATIC_FALLBACK;
	memset(c.ipv4, 0, sizeof(c.ipv4));
	tap_ok(net_apply(netmgr, &c) == 0 && fake_net_apply_calls == 2 && fake_applied.address == inet_addr("10.0.2.15") &&
		       fake_applied.gateway == inet_addr("10.0.2.2") && own_log_has("eth0: 10.0.2.15/24 (static)") &&
		       net_status().iface[0].ip_mode == APP_SVC_IP_MODE_STATIC,
	       "NET_APPLY of the static fallback: net.conf's line for eth0 (the payload's address ignored), "
	       "logged; ip_mode static (1)");
	memcpy(c.ifname, "eth1", 5);
	call(netmgr, APP_SVC_NET_APPLY, 0, 0, &c, sizeof(c), &r);
	tap_ok(r.head.status == -ENOENT && strstr(r.head.reason, "no line for eth1") && fake_net_apply_calls == 2,
	       "the static fallback of an interface net.conf has no line for: ENOENT (%s)", r.head.reason);
	fake_net_apply_err = -ENODEV;
	c = lease();
	tap_ok(net_apply(netmgr, &c) == -ENODEV && net_status().iface[0].ip_mode == APP_SVC_IP_MODE_STATIC,
	       "an interface the device lacks: ENODEV, the mode unchanged");
	fake_net_apply_err = 0;

	bad = lease();
	memset(bad.ifname, 'e', sizeof(bad.ifname));
	tap_ok(net_apply(netmgr, &bad) == -EINVAL, "an interface name without its NUL: EINVAL");
	bad = lease();
	bad.ifname[0] = '\0';
	tap_ok(net_apply(netmgr, &bad) == -EINVAL, "an empty interface name: EINVAL");
	bad = lease();
	bad.source = 5;
	tap_ok(net_apply(netmgr, &bad) == -EINVAL, "source 5: EINVAL");
	bad = lease();
	bad.prefix_len = 0;
	tap_ok(net_apply(netmgr, &bad) == -EINVAL, "prefix length 0: EINVAL");
	bad.prefix_len = 33;
	tap_ok(net_apply(netmgr, &bad) == -EINVAL, "prefix length 33: EINVAL");
	bad = lease();
	memset(bad.ipv4, 0, sizeof(bad.ipv4));
	tap_ok(net_apply(netmgr, &bad) == -EINVAL, "a lease of 0.0.0.0: EINVAL");
	bad = lease();
	bad.reserved[1] = 1;
	tap_ok(net_apply(netmgr, &bad) == -EINVAL && fake_net_apply_calls == 2,
	       "reserved bytes set: EINVAL; no refused request applied anything");
}

/* An app's static configuration of eth0: 10.0.2.50/24 by 10.0.2.2. */
static struct app_svc_net_config app_static(void)
{
	struct app_svc_net_config c = { "eth0", APP_SVC_IP_STATIC_APP, 24, { 0, 0 }, { 10, 0, 2, 50 },
					{ 10, 0, 2, 2 }, 0 };

	return c;
}

static void test_net_apply_by_app(void)
{
	struct app_svc_net_config c = app_static(), bad;
	unsigned applied = fake_net_apply_calls;
	struct reply r;

	call(plain, APP_SVC_NET_APPLY, 0, 0, &c, sizeof(c), &r);
	tap_ok(r.head.status == -EACCES && strstr(r.head.reason, "NetworkConfig") && fake_net_apply_calls == applied,
	       "an app's static configuration without NetworkConfig: EACCES (%s), nothing applied", r.head.reason);
	tap_ok(net_apply(netmgr, &c) == -EACCES, "NetworkManager is not NetworkConfig: EACCES");
	c.source = APP_SVC_IP_DYNAMIC_APP;
	tap_ok(net_apply(plain, &c) == -EACCES, "giving back to DHCP without NetworkConfig: EACCES");
	c = lease();
	tap_ok(net_apply(granted, &c) == -EACCES, "a lease from a NetworkConfig app (not NetworkManager): EACCES");

	c = app_static();
	tap_ok(net_apply(granted, &c) == 0 && fake_net_apply_calls == applied + 1 &&
		       fake_applied.address == inet_addr("10.0.2.50") && fake_applied.netmask == inet_addr("255.255.255.0") &&
		       fake_applied.gateway == inet_addr("10.0.2.2") && own_log_has("eth0: 10.0.2.50/24 (static, by granted)") &&
		       net_status().iface[0].ip_mode == APP_SVC_IP_MODE_STATIC,
	       "an app's static configuration with NetworkConfig: applied, logged, ip_mode static");
	c = lease();
	call(netmgr, APP_SVC_NET_APPLY, 0, 0, &c, sizeof(c), &r);
	tap_ok(r.head.status == -EBUSY && !strcmp(r.head.reason, "eth0 is configured statically by granted") &&
		       fake_net_apply_calls == applied + 1 && net_status().iface[0].ip_mode == APP_SVC_IP_MODE_STATIC,
	       "netmgr's lease while the app holds eth0: EBUSY (%s), nothing applied", r.head.reason);
	c.source = APP_SVC_IP_STATIC_FALLBACK;
	tap_ok(net_apply(netmgr, &c) == -EBUSY && fake_net_apply_calls == applied + 1,
	       "netmgr's static fallback while the app holds eth0: EBUSY");
	c = app_static();
	c.ipv4[3] = 51;
	tap_ok(net_apply(granted, &c) == 0 && fake_applied.address == inet_addr("10.0.2.51"),
	       "the holding app changes its static address: applied");

	c.source = APP_SVC_IP_DYNAMIC_APP;
	memcpy(c.ifname, "eth9", 5);
	tap_ok(net_apply(granted, &c) == -ENODEV, "giving back an interface the device lacks: ENODEV");
	memcpy(c.ifname, "eth0", 5);
	tap_ok(net_apply(granted, &c) == 0 && fake_net_apply_calls == applied + 2 &&
		       own_log_has("eth0: given back to DHCP by granted"),
	       "giving eth0 back to DHCP: nothing applied, logged");
	c = lease();
	tap_ok(net_apply(netmgr, &c) == 0 && fake_net_apply_calls == applied + 3 &&
		       fake_applied.address == inet_addr("10.0.2.16") && net_status().iface[0].ip_mode == APP_SVC_IP_MODE_DHCP,
	       "netmgr's next lease applies again, ip_mode DHCP");

	bad = app_static();
	bad.prefix_len = 0;
	tap_ok(net_apply(granted, &bad) == -EINVAL, "an app's static prefix length 0: EINVAL");
	bad.prefix_len = 33;
	tap_ok(net_apply(granted, &bad) == -EINVAL, "an app's static prefix length 33: EINVAL");
	bad = app_static();
	memset(bad.ipv4, 0, sizeof(bad.ipv4));
	tap_ok(net_apply(granted, &bad) == -EINVAL, "an app's static address 0.0.0.0: EINVAL");
	fake_net_apply_err = -ENODEV;
	bad = app_static();
	tap_ok(net_apply(granted, &bad) == -ENODEV && fake_net_apply_calls == applied + 3,
	       "an app's static configuration of an interface the device lacks: ENODEV");
	fake_net_apply_err = 0;
	c = lease();
	tap_ok(net_apply(netmgr, &c) == 0, "no refused static configuration holds the interface");
}

static int time_set(struct app *a, int64_t sec, int32_t nsec, uint32_t source)
{
	struct app_svc_time t = { sec, nsec, source };
	struct reply r;

	call(a, APP_SVC_TIME_SET, 0, 0, &t, sizeof(t), &r);
	return r.body_len == 0 ? r.head.status : 1;
}

static struct app_svc_timesync timesync(struct app *a, uint32_t arg, int *status)
{
	struct app_svc_timesync t = { 0 };
	struct reply r;

	call(a, APP_SVC_TIMESYNC, arg, 0, NULL, 0, &r);
	*status = r.head.status;
	if (r.head.status == 0 && r.body_len == (ssize_t)sizeof(t))
		memcpy(&t, r.body, sizeof(t));
	else if (r.head.status == 0)
		*status = 1;
	return t;
}

static void test_time_set(void)
{
	const int64_t when = 1796515200; /* 2026-12-06T00:00:00Z */
	unsigned rtc = fake_rtc_calls;
	struct app_svc_timesync t;
	int status;

	tap_ok(time_set(plain, when, 0, APP_SVC_TIME_NETWORK) == -EACCES &&
		       time_set(granted, when, 0, APP_SVC_TIME_NETWORK) == -EACCES,
	       "TIME_SET from the network without NetworkManager: EACCES (SystemTime is not enough)");
	tap_ok(time_set(plain, when, 0, APP_SVC_TIME_APP) == -EACCES && time_set(netmgr, when, 0, APP_SVC_TIME_APP) == -EACCES &&
		       fake_set_time_calls == 0,
	       "TIME_SET from an app without SystemTime: EACCES (NetworkManager is not enough); the clock untouched");
	tap_ok(time_set(granted, when, 5, APP_SVC_TIME_APP) == 0 && fake_set_time_calls == 1 && fake_time.tv_sec == when &&
		       fake_time.tv_nsec == 5 && !net_status().time_synced && fake_rtc_calls == rtc &&
		       own_log_has("granted: set the clock to 2026-12-06T00:00:00Z (SystemTime)"),
	       "TIME_SET from an app with SystemTime: the clock set, logged; the time not synced by it");
	tap_ok(time_set(netmgr, when + 60, 0, APP_SVC_TIME_NETWORK) == 0 && fake_set_time_calls == 2 &&
		       fake_time.tv_sec == when + 60 && net_status().time_synced && fake_rtc_calls == rtc + 1 &&
		       own_log_has("netmgr: set the clock to 2026-12-06T00:01:00Z (network time)"),
	       "TIME_SET from the network with NetworkManager: the clock set, the time synced, the hardware clock written");
	t = timesync(plain, APP_SVC_TIMESYNC_GET, &status);
	tap_ok(status == 0 && t.synced && t.last_sync_sec == when + 60, "TIMESYNC says when the network time was set");
	tap_ok(time_set(netmgr, when, -1, APP_SVC_TIME_NETWORK) == -EINVAL &&
		       time_set(netmgr, when, 1000000000, APP_SVC_TIME_NETWORK) == -EINVAL,
	       "nanoseconds out of 0..999999999: EINVAL");
	tap_ok(time_set(netmgr, APP_SVC_TIME_MIN_SEC - 1, 0, APP_SVC_TIME_NETWORK) == -EINVAL &&
		       time_set(granted, 0, 0, APP_SVC_TIME_APP) == -EINVAL,
	       "a time before 2020-01-01: EINVAL");
	tap_ok(time_set(netmgr, when, 0, 0) == -EINVAL && time_set(granted, when, 0, 3) == -EINVAL &&
		       fake_set_time_calls == 2,
	       "an unknown source: EINVAL; no refused request set the clock");
}

static void test_timesync(void)
{
	struct app_svc_timesync t;
	struct time_sync loaded;
	struct stat st;
	int status;

	t = timesync(plain, APP_SVC_TIMESYNC_GET, &status);
	tap_ok(status == 0 && t.enabled && stat(timesync_path, &st) != 0,
	       "TIMESYNC get, every app: enabled by default (no file yet)");
	(void)timesync(plain, APP_SVC_TIMESYNC_DISABLE, &status);
	tap_ok(status == -EACCES && s.time_sync.enabled, "TIMESYNC disable without TimeSyncConfig: EACCES");
	(void)timesync(netmgr, APP_SVC_TIMESYNC_ENABLE, &status);
	tap_ok(status == -EACCES, "TIMESYNC enable without TimeSyncConfig: EACCES (NetworkManager only reads it)");
	t = timesync(granted, APP_SVC_TIMESYNC_DISABLE, &status);
	time_sync_load(&loaded, timesync_path);
	tap_ok(status == 0 && !t.enabled && !loaded.enabled && own_log_has("granted: time sync disabled"),
	       "TIMESYNC disable with TimeSyncConfig: disabled, kept in the file (loaded again: disabled)");
	t = timesync(netmgr, APP_SVC_TIMESYNC_GET, &status);
	tap_ok(status == 0 && !t.enabled, "netmgr's get sees it disabled");
	t = timesync(granted, APP_SVC_TIMESYNC_ENABLE, &status);
	time_sync_load(&loaded, timesync_path);
	tap_ok(status == 0 && t.enabled && loaded.enabled, "TIMESYNC enable: enabled, kept in the file");
	(void)timesync(granted, 3, &status);
	tap_ok(status == -EINVAL, "TIMESYNC arg 3: EINVAL");
	s.time_sync.path = "/nonexistent-dir/timesync";
	(void)timesync(granted, APP_SVC_TIMESYNC_DISABLE, &status);
	tap_ok(status == -ENOENT && s.time_sync.enabled,
	       "a setting that cannot be saved: the error, the setting left as it was");
	s.time_sync.path = timesync_path;
}

/* RESOLVE_CHECK of name for uid by app a: its status, the record into *rec. */
static int resolve(struct app *a, uint32_t uid, const char *name, size_t len, struct app_svc_resolve *rec)
{
	struct reply r;

	call(a, APP_SVC_RESOLVE_CHECK, uid, 0, name, len, &r);
	memset(rec, 0, sizeof(*rec));
	if (r.body_len == (ssize_t)sizeof(*rec))
		memcpy(rec, r.body, sizeof(*rec));
	return r.body_len < 0 ? 1 : r.head.status;
}

static int resolve_name(uint32_t uid, const char *name, struct app_svc_resolve *rec)
{
	return resolve(netmgr, uid, name, strlen(name) + 1, rec);
}

static void test_resolve_check(void)
{
	struct app_svc_resolve rec;
	char long_name[APP_SVC_HOST_NAME_MAX + 2];

	tap_ok(resolve(plain, plain->uid, "example.com", 12, &rec) == -EACCES,
	       "RESOLVE_CHECK without NetworkManager: EACCES");
	tap_ok(resolve_name(plain->uid, "example.com", &rec) == 0 && !strcmp(rec.name, "plain") &&
		       !strcmp(rec.component_id, plain->component_str),
	       "an exact name of the app's AllowedConnections (listed in another case): 0, the record names the app");
	tap_ok(resolve_name(plain->uid, "iothub.azure-devices.net", &rec) == 0 &&
		       resolve_name(plain->uid, "a.b.azure-devices.net", &rec) == 0 &&
		       resolve_name(plain->uid, "x.contoso.com", &rec) == 0,
	       "names below a wildcard's domain, one label or more: 0");
	tap_ok(resolve_name(plain->uid, "azure-devices.net", &rec) == -ENOENT && !strcmp(rec.name, "plain") &&
		       !ring_has(netmgr, "RESOLVE_CHECK"),
	       "the wildcard's domain itself: ENOENT, with the record naming the app; an answer, not a refusal "
	       "in netmgr's log");
	tap_ok(resolve_name(plain->uid, "xazure-devices.net", &rec) == -ENOENT &&
		       resolve_name(plain->uid, "example.org", &rec) == -ENOENT &&
		       resolve_name(plain->uid, "www.example.com", &rec) == -ENOENT &&
		       resolve_name(plain->uid, "10.0.2.100", &rec) == -ENOENT &&
		       resolve_name(plain->uid, "_http._tcp.local", &rec) == -ENOENT,
	       "names not listed (a suffix without its dot, below an exact name, an address, a DNS-SD name): ENOENT");
	tap_ok(resolve_name(granted->uid, "example.com", &rec) == -ENOENT && !strcmp(rec.name, "granted"),
	       "another app's name: ENOENT for an app without it");
	tap_ok(resolve_name(4242, "example.com", &rec) == -ESRCH && ring_has(netmgr, "RESOLVE_CHECK refused"),
	       "a uid no app has: ESRCH, said in netmgr's log");
	snprintf(watcher->name, sizeof(watcher->name), "%s", "an app whose manifest Name is longer than thirty");
	tap_ok(resolve_name(watcher->uid, "example.com", &rec) == -ENOENT &&
		       !strcmp(rec.name, "an app whose manifest Name is "),
	       "the record's name is the manifest Name truncated to 30 bytes (%s)", rec.name);
	snprintf(watcher->name, sizeof(watcher->name), "%s", "watcher");
	tap_ok(resolve_name(plain->uid, "Example.com", &rec) == -EINVAL, "an upper-case name: EINVAL");
	tap_ok(resolve(netmgr, plain->uid, "example.com", 11, &rec) == -EINVAL, "a name without its NUL: EINVAL");
	tap_ok(resolve(netmgr, plain->uid, "", 1, &rec) == -EINVAL && resolve(netmgr, plain->uid, "", 0, &rec) == -EINVAL,
	       "an empty name, or none: EINVAL");
	tap_ok(resolve(netmgr, plain->uid, "exa\0mple.com", 13, &rec) == -EINVAL, "a NUL inside the name: EINVAL");
	memset(long_name, 'a', sizeof(long_name));
	long_name[APP_SVC_HOST_NAME_MAX] = '\0';
	tap_ok(resolve(netmgr, plain->uid, long_name, APP_SVC_HOST_NAME_MAX + 1, &rec) == -ENOENT,
	       "a name of %u bytes: looked up (ENOENT)", APP_SVC_HOST_NAME_MAX);
	long_name[APP_SVC_HOST_NAME_MAX] = 'a';
	long_name[APP_SVC_HOST_NAME_MAX + 1] = '\0';
	tap_ok(resolve(netmgr, plain->uid, long_name, APP_SVC_HOST_NAME_MAX + 2, &rec) == -EBADMSG,
	       "a name of %u bytes: EBADMSG", APP_SVC_HOST_NAME_MAX + 1);
}

static void test_proxy(void)
{
	struct reply r;
	int logged;

	call(plain, APP_SVC_PROXY, APP_SVC_PROXY_GET, 0, NULL, 0, &r);
	tap_ok(r.head.status == -EACCES && strstr(r.head.reason, "neither NetworkConfig nor ReadNetworkProxyConfig"),
	       "PROXY get without NetworkConfig or ReadNetworkProxyConfig: EACCES (%s)", r.head.reason);
	tap_ok(status_of(plain, APP_SVC_PROXY, APP_SVC_PROXY_APPLY, 0) == -EACCES &&
		       status_of(watcher, APP_SVC_PROXY, APP_SVC_PROXY_APPLY, 0) == -EACCES,
	       "PROXY apply without NetworkConfig (ReadNetworkProxyConfig is not enough): EACCES");
	logged = ring_lines(watcher, "PROXY");
	tap_ok(status_of(watcher, APP_SVC_PROXY, APP_SVC_PROXY_GET, 0) == -ENOENT && ring_lines(watcher, "PROXY") == logged &&
		       status_of(granted, APP_SVC_PROXY, APP_SVC_PROXY_GET, 0) == -ENOENT,
	       "PROXY get with either: ENOENT (no proxy is configured), an answer not logged");
	tap_ok(status_of(granted, APP_SVC_PROXY, APP_SVC_PROXY_APPLY, 0) == -ENOSYS,
	       "PROXY apply with NetworkConfig: ENOSYS (the device has no proxy)");
	tap_ok(status_of(granted, APP_SVC_PROXY, 2, 0) == -EINVAL, "PROXY arg 2: EINVAL");
}

/* Every update op: EACCES without UpdateAgent (granted has every other
 * capability but NetworkManager), nothing done. */
static void test_update_ops_refused(void)
{
	static const uint8_t hash[32];
	static const struct {
		uint16_t op;
		uint32_t arg, arg2;
		size_t plen;
	} ops[] = {
		{ APP_SVC_OS_STAGE, 0, 0, 16 },	     { APP_SVC_OS_INSTALL, 0, 0, 32 },
		{ APP_SVC_OS_BOOT_STATE, 0, 0, 0 },   { APP_SVC_OS_CONFIRM, 0, 0, 0 },
		{ APP_SVC_APP_STAGE, 1, 100, 0 },    { APP_SVC_APP_INSTALL, 0, 0, 0 },
		{ APP_SVC_UPDATE_GATE, 1, 2, 0 },    { APP_SVC_UPDATE_DONE, 0, 0, 0 },
		{ APP_SVC_APP_LIST, 0, 0, 0 },	     { APP_SVC_REPORTS_READ, 0, 0, 0 },
		{ APP_SVC_REPORTS_DROP, 100, 0, 0 },
	};
	struct reply r;
	unsigned refused = 0;

	update_gate_init(&s.gate, UPDATE_GATE_WARNING_S * 1000u); /* the registration test's sequence ended */
	fake_secmon_req.type = 0;
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		call(granted, ops[i].op, ops[i].arg, ops[i].arg2, hash, ops[i].plen, &r);
		refused += r.head.status == -EACCES && strstr(r.head.reason, "UpdateAgent") != NULL;
	}
	tap_ok(refused == sizeof(ops) / sizeof(ops[0]) && fake_erases == 0 && fake_secmon_req.type == 0 &&
		       fake_installs == 0 && s.gate.phase == UPDATE_GATE_IDLE,
	       "every update op without UpdateAgent: EACCES naming it (%u of %zu); nothing erased, asked, "
	       "installed or started", refused, sizeof(ops) / sizeof(ops[0]));
}

/* OS_STAGE: bounds, erase blocks erased as writes reach their start. */
static void test_os_stage(void)
{
	static uint8_t chunk[APP_SVC_STAGE_CHUNK_MAX + 1];
	const struct app_svc_os_stage *rec;
	uint32_t first, count;
	struct reply r;

	memset(fake_stage, 0x00, sizeof(fake_stage)); /* stale data everywhere */
	memset(chunk, 0x5a, sizeof(chunk));
	call(agent, APP_SVC_OS_STAGE, 0, 0, chunk, 100, &r);
	rec = (const struct app_svc_os_stage *)(const void *)r.body;
	tap_ok(r.head.status == 0 && r.body_len == (ssize_t)sizeof(*rec) && rec->erased == 1 &&
		       rec->size == sizeof(fake_stage) && rec->erase_size == FAKE_ERASE && fake_stage[99] == 0x5a &&
		       fake_stage[100] == 0xff && fake_stage[FAKE_ERASE] == 0x00,
	       "OS_STAGE at 0: block 0 erased, then written; the next block untouched");
	call(agent, APP_SVC_OS_STAGE, 100, 0, chunk, FAKE_ERASE, &r);
	tap_ok(r.head.status == 0 && rec->erased == 1 && fake_stage[99] == 0x5a && fake_stage[FAKE_ERASE + 99] == 0x5a &&
		       fake_stage[FAKE_ERASE + 100] == 0xff,
	       "a write resumed where the last ended: only the block whose start it covers is erased");
	call(agent, APP_SVC_OS_STAGE, 0, FAKE_ERASE * 2, NULL, 0, &r);
	tap_ok(r.head.status == 0 && rec->erased == 2 && fake_stage[0] == 0xff && fake_stage[2 * FAKE_ERASE] == 0x00,
	       "an erase of two whole blocks");
	call(agent, APP_SVC_OS_STAGE, 100, FAKE_ERASE, NULL, 0, &r);
	tap_ok(r.head.status == -EINVAL, "an erase not on erase blocks: EINVAL (%s)", r.head.reason);
	call(agent, APP_SVC_OS_STAGE, sizeof(fake_stage) - 10, 0, chunk, 11, &r);
	tap_ok(r.head.status == -EINVAL && fake_stage[sizeof(fake_stage) - 1] == 0x00,
	       "a write past the partition's end: EINVAL (%s), nothing written", r.head.reason);
	call(agent, APP_SVC_OS_STAGE, 0, 5, chunk, 10, &r);
	tap_ok(r.head.status == -EINVAL, "a write with an erase length: EINVAL");
	call(agent, APP_SVC_OS_STAGE, 0, 0, chunk, APP_SVC_STAGE_CHUNK_MAX + 1, &r);
	tap_ok(r.head.status == -EBADMSG, "a chunk over %u bytes: EBADMSG (%s)", APP_SVC_STAGE_CHUNK_MAX,
	       r.head.reason);
	call(agent, APP_SVC_OS_STAGE, 0, 0, chunk, APP_SVC_STAGE_CHUNK_MAX, &r);
	tap_ok(r.head.status == 0 && rec->erased == APP_SVC_STAGE_CHUNK_MAX / FAKE_ERASE,
	       "a whole chunk of %u bytes: written, %u blocks erased", APP_SVC_STAGE_CHUNK_MAX, rec->erased);
	tap_ok(app_svc_os_stage_plan(8192, 4096, 4095, 2, &first, &count) == 0 && first == 1 && count == 1 &&
		       app_svc_os_stage_plan(8192, 4096, 1, 4094, &first, &count) == 0 && count == 0 &&
		       app_svc_os_stage_plan(8192, 4096, 8192, 1, &first, &count) == -EINVAL &&
		       app_svc_os_stage_plan(8192, 4096, 0, 0, &first, &count) == -EINVAL,
	       "the plan: blocks whose start the write covers, none mid-block, nothing past the end");
}

/* OS_INSTALL needs the agent's sequence applying; the OS requests forwarded. */
static void test_os_requests(void)
{
	uint8_t hash[32];
	const struct app_svc_os_install *inst = (const void *)0;
	struct reply r;

	memset(hash, 0xab, sizeof(hash));
	fake_secmon_status = MBOX_OK;
	fake_secmon_req.type = 0;
	call(agent, APP_SVC_OS_INSTALL, 0, 0, hash, sizeof(hash), &r);
	tap_ok(r.head.status == -EAGAIN && fake_secmon_req.type == 0,
	       "OS_INSTALL before the update gate applies: EAGAIN (%s), secmon not asked", r.head.reason);
	call(agent, APP_SVC_OS_INSTALL, 0, 0, hash, 31, &r);
	tap_ok(r.head.status == -EBADMSG, "OS_INSTALL with 31 bytes: EBADMSG");
	call(agent, APP_SVC_OS_BOOT_STATE, 0, 0, NULL, 0, &r);
	tap_ok(r.head.status == 0 && fake_secmon_req.type == MBOX_OS_BOOT_STATE &&
		       r.body_len == (ssize_t)sizeof(struct app_svc_os_boot_state) &&
		       ((const struct app_svc_os_boot_state *)(const void *)r.body)->trial == 1 &&
		       ((const struct app_svc_os_boot_state *)(const void *)r.body)->deadline_s == 300,
	       "OS_BOOT_STATE: mailbox request 9, its result");
	call(agent, APP_SVC_OS_CONFIRM, 0, 0, NULL, 0, &r);
	tap_ok(r.head.status == 0 && fake_secmon_req.type == MBOX_CONFIRM_OS &&
		       ((const struct app_svc_os_confirm *)(const void *)r.body)->counter == 4,
	       "OS_CONFIRM: mailbox request 10, the counter");
	fake_secmon_status = MBOX_ST_BAD_IMAGE;
	call(agent, APP_SVC_OS_CONFIRM, 0, 0, NULL, 0, &r);
	tap_ok(r.head.status == -EBADMSG && strstr(r.head.reason, "BAD_IMAGE") != NULL,
	       "a secmon refusal: its errno and name (%s)", r.head.reason);
	tap_ok(app_svc_os_status_errno(MBOX_ST_ROLLED_BACK) == -ESTALE &&
		       app_svc_os_status_errno(MBOX_ST_BAD_SIGNATURE) == -EKEYREJECTED &&
		       app_svc_os_status_errno(MBOX_ST_REVOKED_KEY) == -EKEYREVOKED &&
		       app_svc_os_status_errno(MBOX_ST_STORE_FAILED) == -EIO &&
		       app_svc_os_status_errno(MBOX_ST_NEEDS_DEVELOPMENT) == -EPROTO,
	       "secmon's statuses as errnos");

	/* The gate: Pending, Final after the warning, then applying for the agent. */
	call(agent, APP_SVC_UPDATE_GATE, APP_SVC_UPDATE_GATE_START,
	     APP_SVC_UPDATE_GATE_ARG2(APP_SVC_UPDATE_SYSTEM, 2000), NULL, 0, &r);
	tap_ok(r.head.status == -EINVAL && s.gate.phase == UPDATE_GATE_IDLE,
	       "UPDATE_GATE with 2000 min of deferral: EINVAL");
	call(agent, APP_SVC_UPDATE_GATE, APP_SVC_UPDATE_GATE_START,
	     APP_SVC_UPDATE_GATE_ARG2(APP_SVC_UPDATE_SYSTEM, 0), NULL, 0, &r);
	tap_ok(r.head.status == 0 && ((const struct app_svc_update_gate *)(const void *)r.body)->phase ==
					     APP_SVC_UPDATE_PENDING &&
		       ((const struct app_svc_update_gate *)(const void *)r.body)->mine == 1,
	       "UPDATE_GATE START: pending, the agent's");
	tap_ok(status_of(agent, APP_SVC_UPDATE_GATE, APP_SVC_UPDATE_GATE_START, 2) == -EBUSY,
	       "a second START: EBUSY");
	app_sysevent_tick(&s, NOW + UPDATE_GATE_WARNING_S * 1000u);
	app_sysevent_tick(&s, NOW + 2 * UPDATE_GATE_WARNING_S * 1000u);
	call(agent, APP_SVC_UPDATE_GATE, APP_SVC_UPDATE_GATE_STATUS, 0, NULL, 0, &r);
	tap_ok(r.head.status == 0 && ((const struct app_svc_update_gate *)(const void *)r.body)->phase ==
					     APP_SVC_UPDATE_APPLYING,
	       "after the warning and the final warning: applying, waiting for the agent");
	fake_secmon_status = MBOX_OK;
	call(agent, APP_SVC_OS_INSTALL, 0, 0, hash, sizeof(hash), &r);
	inst = (const struct app_svc_os_install *)(const void *)r.body;
	tap_ok(r.head.status == 0 && fake_secmon_req.type == MBOX_INSTALL_OS &&
		       memcmp(fake_secmon_req.f.install_os.desc_sha256, hash, 32) == 0 && inst->slot == 1 &&
		       inst->version == 8,
	       "OS_INSTALL while applying: mailbox request 8 with the hash, its result");
	call(agent, APP_SVC_UPDATE_DONE, APP_SVC_UPDATE_DONE_REBOOT, 0, NULL, 0, &r);
	tap_ok(r.head.status == 0 && s.gate.phase == UPDATE_GATE_IDLE && s.later.at_ms != 0 &&
		       s.later.kind == SHUTDOWN_REBOOT,
	       "UPDATE_DONE REBOOT: the gate idle, a reboot scheduled");
	s.later.at_ms = 0;
	tap_ok(status_of(agent, APP_SVC_UPDATE_DONE, 0, 0) == -EINVAL, "UPDATE_DONE with no sequence: EINVAL");
}

static void test_app_list(void)
{
	const struct app_svc_app_list *l;
	struct reply r;

	apps[1].version = 7;
	call(agent, APP_SVC_APP_LIST, 0, 0, NULL, 0, &r);
	l = (const struct app_svc_app_list *)(const void *)r.body;
	tap_ok(r.head.status == 0 && r.body_len == (ssize_t)sizeof(*l) && l->count == APP_COUNT &&
		       l->app[1].version == 7,
	       "APP_LIST: every app's component id and version");
}

/* App images through app_install.h; APP_INSTALL only while applying. */
static void test_app_stage(void)
{
	static uint8_t chunk[2000];
	const struct app_svc_app_staged *rec;
	struct reply r;

	call(agent, APP_SVC_APP_STAGE, APP_SVC_APP_STAGE_BEGIN, 2000, NULL, 0, &r);
	rec = (const struct app_svc_app_staged *)(const void *)r.body;
	tap_ok(r.head.status == 0 && rec->slot == 9, "APP_STAGE BEGIN: the slot");
	call(agent, APP_SVC_APP_STAGE, APP_SVC_APP_STAGE_DATA, 0, chunk, sizeof(chunk), &r);
	tap_ok(r.head.status == 0 && fake_staged_bytes == sizeof(chunk), "APP_STAGE DATA: the bytes passed on");
	call(agent, APP_SVC_APP_STAGE, APP_SVC_APP_STAGE_DATA, 5, chunk, 10, &r);
	tap_ok(r.head.status == -EINVAL, "APP_STAGE DATA with a size: EINVAL");
	call(agent, APP_SVC_APP_STAGE, APP_SVC_APP_STAGE_END, 0, chunk, 10, &r);
	tap_ok(r.head.status == -EINVAL, "APP_STAGE END with bytes: EINVAL");
	call(agent, APP_SVC_APP_STAGE, APP_SVC_APP_STAGE_END, 0, NULL, 0, &r);
	tap_ok(r.head.status == 0 && rec->version == 3 && strcmp(rec->name, "blink") == 0,
	       "APP_STAGE END: the verified image's name and version");
	call(agent, APP_SVC_APP_STAGE, 7, 0, NULL, 0, &r);
	tap_ok(r.head.status == -EINVAL, "APP_STAGE 7: EINVAL");
	tap_ok(status_of(agent, APP_SVC_APP_INSTALL, 0, 0) == -EAGAIN && fake_installs == 0,
	       "APP_INSTALL outside the agent's sequence: EAGAIN, nothing installed");
	tap_ok(status_of(agent, APP_SVC_UPDATE_GATE, APP_SVC_UPDATE_GATE_START,
			 APP_SVC_UPDATE_GATE_ARG2(APP_SVC_UPDATE_APP, 1)) == 0,
	       "UPDATE_GATE START of an app update");
	app_sysevent_tick(&s, NOW + UPDATE_GATE_WARNING_S * 1000u);
	app_sysevent_tick(&s, NOW + 2 * UPDATE_GATE_WARNING_S * 1000u);
	call(agent, APP_SVC_APP_INSTALL, 0, 0, NULL, 0, &r);
	tap_ok(r.head.status == 0 && fake_installs == 1 && rec->replaced == 1, "APP_INSTALL while applying: installed");
	tap_ok(status_of(agent, APP_SVC_UPDATE_DONE, APP_SVC_UPDATE_DONE_COMPLETE, 0) == 0 &&
		       s.gate.phase == UPDATE_GATE_IDLE && s.later.at_ms == 0,
	       "UPDATE_DONE COMPLETE: the gate idle, no reboot");
	tap_ok(status_of(agent, APP_SVC_UPDATE_GATE, APP_SVC_UPDATE_GATE_START,
			 APP_SVC_UPDATE_GATE_ARG2(APP_SVC_UPDATE_APP, 1)) == 0,
	       "another sequence");
	app_service_close(&s, agent);
	tap_ok(s.gate.phase == UPDATE_GATE_IDLE && s.gate_agent == 0,
	       "the agent's socket closed during its sequence: the sequence dropped");
}

/** struct handover - what the update agent hands over (DEVICEAUTH_STORE's payload). */
struct handover {
	struct app_svc_deviceauth_store h;
	char cert[TEST_PEM_MAX], chain[TEST_PEM_MAX], key[TEST_PEM_MAX];
	uint8_t pub[65];
};

/* A certificate for a fresh key, valid from now + from to now + to seconds, and that key. */
static int make_handover(struct handover *o, int64_t from, int64_t to)
{
	int64_t now = (int64_t)time(NULL);

	memset(o, 0, sizeof(*o));
	if (test_key_make(o->key, o->pub) != 0 ||
	    test_cert_issue(o->pub, "device", now + from, now + to, o->cert, o->chain) != 0)
		return -1;
	o->h.not_after = now + to;
	memcpy(o->h.tenant, tenant, sizeof(tenant));
	o->h.cert_len = (uint16_t)strlen(o->cert);
	o->h.chain_len = (uint16_t)strlen(o->chain);
	o->h.key_len = (uint16_t)strlen(o->key);
	return 0;
}

/* The payload of o into buf: its length. */
static size_t payload_of(const struct handover *o, uint8_t *buf)
{
	size_t n = sizeof(o->h);

	memcpy(buf, &o->h, sizeof(o->h));
	memcpy(buf + n, o->cert, o->h.cert_len);
	n += o->h.cert_len;
	memcpy(buf + n, o->chain, o->h.chain_len);
	n += o->h.chain_len;
	memcpy(buf + n, o->key, o->h.key_len);
	return n + o->h.key_len;
}

static int store(struct app *a, const struct handover *o, struct reply *r)
{
	static uint8_t buf[APP_SVC_DEVICEAUTH_MSG_MAX * 2];

	call(a, APP_SVC_DEVICEAUTH_STORE, 0, 0, buf, payload_of(o, buf), r);
	return r->body_len < 0 ? 1 : r->head.status;
}

static struct app_svc_deviceauth_status deviceauth_status(struct app *a, int *status)
{
	struct app_svc_deviceauth_status st = { 9, 9, -1 };
	struct reply r;

	call(a, APP_SVC_DEVICEAUTH_STATUS, 0, 0, NULL, 0, &r);
	*status = r.body_len < 0 ? 1 : r.head.status;
	if (r.head.status == 0 && r.body_len == (ssize_t)sizeof(st))
		memcpy(&st, r.body, sizeof(st));
	return st;
}

static int file_bytes(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (int)st.st_size : -1;
}

/* Whether the shelf's file name holds exactly text a then b (NULL: none),
 * mode 0444, the shelf being mode 0755. */
static bool published(const char *name, const char *a, const char *b)
{
	char path[96], buf[3 * TEST_PEM_MAX], want[3 * TEST_PEM_MAX];
	struct stat st, dir;
	size_t got;

	snprintf(path, sizeof(path), "%s/%s", shelf_dir, name);
	snprintf(want, sizeof(want), "%s%s", a, b ? b : "");
	return stat(shelf_dir, &dir) == 0 && (dir.st_mode & 07777) == 0755 && stat(path, &st) == 0 &&
	       (st.st_mode & 07777) == 0444 && small_file_read(path, buf, sizeof(buf) - 1, &got) == 0 &&
	       got == strlen(want) && memcmp(buf, want, got) == 0;
}

static bool shelf_empty(void)
{
	char path[96];

	snprintf(path, sizeof(path), "%s/%s", shelf_dir, DEVICEAUTH_PUBLISH_CERT);
	return access(path, F_OK) != 0 && errno == ENOENT;
}

/* DEVICEAUTH_STORE's capability and checks, the file, DEVICEAUTH_STATUS by tenant and validity. */
static void test_deviceauth(void)
{
	static struct handover good, other, bad;
	static uint8_t big[APP_SVC_DEVICEAUTH_MSG_MAX];
	struct app_svc_deviceauth_status st;
	struct deviceauth loaded;
	struct error_detail why = { "" };
	struct stat sb;
	struct reply r;
	int status, size;

	launch(agent); /* test_app_stage closed its socket */
	if (make_handover(&good, -300, 86400) != 0 || make_handover(&other, -300, 86400) != 0) {
		tap_ok(0, "test certificates made with OpenSSL");
		return;
	}
	tap_ok(test_key_openssl_reads(good.key, good.pub), "the private key PEM the device writes: OpenSSL reads its point");
	tap_ok(deviceauth_status(authed, &status).ready == 0 && status == 0,
	       "no certificate yet: DEVICEAUTH_STATUS not ready");
	(void)deviceauth_status(plain, &status);
	call(granted, APP_SVC_DEVICEAUTH_STATUS, 0, 0, NULL, 0, &r);
	tap_ok(status == -EACCES && r.head.status == -EACCES && strstr(r.head.reason, "does not grant DeviceAuthentication") &&
		       ring_has(granted, "DEVICEAUTH_STATUS refused (Permission denied)"),
	       "DEVICEAUTH_STATUS without DeviceAuthentication: EACCES as every flag-gated op (%s)", r.head.reason);
	tap_ok(store(authed, &good, &r) == -EACCES && strstr(r.head.reason, "UpdateAgent") && store(granted, &good, &r) == -EACCES &&
		       file_bytes(deviceauth_path) < 0,
	       "DEVICEAUTH_STORE without UpdateAgent: EACCES (%s), nothing written", r.head.reason);
	tap_ok(store(agent, &good, &r) == 0 && stat(deviceauth_path, &sb) == 0 && (sb.st_mode & 0777) == 0600 &&
		       own_log_has("updated: device certificate stored: tenant 6b9a3c0e-1f2d-4c8a-9e7b-010203040506, valid until"),
	       "DEVICEAUTH_STORE from the update agent: kept in a file of mode 0600, logged");
	tap_ok(published(DEVICEAUTH_PUBLISH_CERT, good.cert, good.key) && published(DEVICEAUTH_PUBLISH_CHAIN, good.chain, NULL),
	       "published for apps: device.pem the certificate then its key, chain.pem the CA, mode 0444 in a 0755 directory");
	st = deviceauth_status(authed, &status);
	tap_ok(status == 0 && st.ready == 1 && st.not_after == good.h.not_after && st.reserved == 0,
	       "DEVICEAUTH_STATUS of an app of its tenant: ready, its not_after");
	st = deviceauth_status(elsewhere, &status);
	tap_ok(status == 0 && st.ready == 0 && st.not_after == 0,
	       "DEVICEAUTH_STATUS of an app of another tenant: not ready");

	size = file_bytes(deviceauth_path);
	bad = good;
	memcpy(bad.key, other.key, sizeof(bad.key));
	bad.h.key_len = other.h.key_len;
	tap_ok(store(agent, &bad, &r) == -EKEYREJECTED && strstr(r.head.reason, "not the certificate's") &&
		       file_bytes(deviceauth_path) == size && deviceauth_status(authed, &status).ready == 1,
	       "a private key that is not the certificate's: EKEYREJECTED (%s), the certificate kept", r.head.reason);
	bad = good;
	bad.h.not_after++;
	tap_ok(store(agent, &bad, &r) == -EINVAL && strstr(r.head.reason, "not the certificate's"),
	       "a not_after that is not the certificate's: EINVAL (%s)", r.head.reason);
	bad = good;
	memset(bad.h.tenant, 0, sizeof(bad.h.tenant));
	tap_ok(store(agent, &bad, &r) == -EINVAL && strstr(r.head.reason, "nil tenant"), "the nil tenant: EINVAL");
	bad = good;
	bad.cert[40] = '*';
	tap_ok(store(agent, &bad, &r) == -EINVAL && strstr(r.head.reason, "certificate is no PEM"),
	       "a certificate that is not base64: EINVAL (%s)", r.head.reason);
	bad = good;
	memcpy(bad.chain, good.key, sizeof(bad.chain));
	bad.h.chain_len = good.h.key_len;
	tap_ok(store(agent, &bad, &r) == -EINVAL && strstr(r.head.reason, "chain is no PEM certificate"),
	       "a chain that is no certificate: EINVAL (%s)", r.head.reason);
	bad = good;
	memcpy(bad.key, good.cert, sizeof(bad.key));
	bad.h.key_len = 400;
	tap_ok(store(agent, &bad, &r) == -EINVAL && strstr(r.head.reason, "private key is no PEM"),
	       "a key that is no EC PRIVATE KEY: EINVAL (%s)", r.head.reason);
	bad = good;
	bad.h.cert_len = APP_SVC_DEVICEAUTH_CERT_MAX + 1;
	memset(bad.cert + good.h.cert_len, '\n', sizeof(bad.cert) - good.h.cert_len);
	tap_ok(store(agent, &bad, &r) == -EFBIG && strstr(r.head.reason, "at most 2048"),
	       "a certificate over its bound: EFBIG (%s)", r.head.reason);
	call(agent, APP_SVC_DEVICEAUTH_STORE, 0, 0, big, APP_SVC_DEVICEAUTH_MSG_MAX - sizeof(struct app_svc_req) + 1, &r);
	tap_ok(r.head.status == -EBADMSG && strstr(r.head.reason, "a message of"),
	       "a request over %u bytes: EBADMSG (%s)", APP_SVC_DEVICEAUTH_MSG_MAX, r.head.reason);
	call(agent, APP_SVC_DEVICEAUTH_STORE, 0, 0, &good.h, sizeof(good.h) - 1, &r);
	tap_ok(r.head.status == -EBADMSG, "a payload shorter than its head: EBADMSG");
	call(agent, APP_SVC_DEVICEAUTH_STORE, 0, 0, big, payload_of(&good, big) - 1, &r);
	tap_ok(r.head.status == -EBADMSG && strstr(r.head.reason, "lengths"),
	       "lengths that are not the payload's: EBADMSG (%s)", r.head.reason);
	tap_ok(file_bytes(deviceauth_path) == size && deviceauth_status(authed, &status).not_after == good.h.not_after &&
		       published(DEVICEAUTH_PUBLISH_CERT, good.cert, good.key),
	       "every refused store left the kept certificate, its file and the published one as they were");

	{
		char path[96];

		snprintf(path, sizeof(path), "%s/%s", shelf_dir, DEVICEAUTH_PUBLISH_CERT);
		unlink(path);
		tap_ok(deviceauth_load(&loaded, deviceauth_path, &s.deviceauth.shelf, &why) == 0 && loaded.present &&
			       loaded.not_after == good.h.not_after && !memcmp(loaded.tenant, tenant, 16) &&
			       published(DEVICEAUTH_PUBLISH_CERT, good.cert, good.key),
		       "the file read back at the next boot: the same certificate, published again (a power cut lost it)");
	}
	if (truncate(deviceauth_path, size - 10) == 0)
		tap_ok(deviceauth_load(&loaded, deviceauth_path, &s.deviceauth.shelf, &why) == -EBADMSG &&
			       !loaded.present && shelf_empty(),
		       "a damaged file at boot: refused (%s), none kept, none published", why.msg);

	if (make_handover(&bad, -2 * 86400, -86400) == 0)
		tap_ok(store(agent, &bad, &r) == 0 && deviceauth_status(authed, &status).ready == 0,
		       "an expired certificate: kept, not ready");
	if (make_handover(&bad, 3600, 86400) == 0)
		tap_ok(store(agent, &bad, &r) == 0 && deviceauth_status(authed, &status).ready == 0,
		       "a certificate not yet valid: not ready");
	tap_ok(store(agent, &other, &r) == 0 && deviceauth_status(authed, &status).ready == 1 &&
		       published(DEVICEAUTH_PUBLISH_CERT, other.cert, other.key),
	       "a renewal replaces it: ready again, the new certificate and key published");
	unlink(deviceauth_path);
	tap_ok(deviceauth_unpublish(&s.deviceauth.shelf, &why) == 0 && shelf_empty() && rmdir(shelf_dir) == 0,
	       "unpublished: the files removed, the directory left empty");
}

/* The failure reports' ops: REPORTS_READ and REPORTS_DROP only for the
 * agent (EACCES naming UpdateAgent for the others, the ring unchanged);
 * CRASH_INFO from every app, about its own main process only. */
static void test_reports(void)
{
	struct app_svc_report ev = { .kind = APP_SVC_REPORT_CRASH, .signal = 11, .name = "plain" };
	struct app_svc_crash_info ci = { .signal = 11, .fault_address = 0, .pc = 0x10abc, .lr = 0x10a10,
					 .stack_len = 2, .stack = { 0x10a10, 0x10900 } };
	const struct app_svc_reports *rec;
	const struct app_svc_reports_dropped *d;
	uint32_t seq;
	struct reply r;

	launch(agent); /* its socket was closed by the staging test */
	for (uint32_t i = 0; i < 5; i++) {
		ev.pc = i;
		error_ring_add(s.reports, &ev, &seq);
	}
	call(plain, APP_SVC_REPORTS_READ, 0, 0, NULL, 0, &r);
	tap_ok(r.head.status == -EACCES && strstr(r.head.reason, "UpdateAgent") && r.body_len == 0 &&
		       s.reports->read_seq == 0,
	       "REPORTS_READ without UpdateAgent: EACCES, as every update op, nothing read");
	call(granted, APP_SVC_REPORTS_DROP, 5, 0, NULL, 0, &r);
	tap_ok(r.head.status == -EACCES && strstr(r.head.reason, "UpdateAgent") && s.reports->head.count == 5,
	       "REPORTS_DROP without UpdateAgent: EACCES, nothing dropped");
	call(agent, APP_SVC_REPORTS_READ, 0, 0, NULL, 0, &r);
	rec = (const struct app_svc_reports *)(const void *)r.body;
	tap_ok(r.head.status == 0 && r.body_len == (ssize_t)sizeof(*rec) && rec->count == 3 && rec->more &&
		       rec->report[0].seq == 1 && rec->report[2].seq == 3 && strcmp(rec->report[0].name, "plain") == 0,
	       "REPORTS_READ: the first three reports, more to come");
	call(agent, APP_SVC_REPORTS_READ, 3, 0, NULL, 0, &r);
	tap_ok(r.head.status == 0 && rec->count == 2 && !rec->more && rec->report[1].seq == 5,
	       "REPORTS_READ after seq 3: the last two");
	call(agent, APP_SVC_REPORTS_READ, 3, 1, NULL, 0, &r);
	tap_ok(r.head.status == -EINVAL, "REPORTS_READ with arg2: EINVAL");
	call(agent, APP_SVC_REPORTS_DROP, 4, 0, NULL, 0, &r);
	d = (const struct app_svc_reports_dropped *)(const void *)r.body;
	tap_ok(r.head.status == 0 && d->dropped == 4 && d->left == 1 && s.reports->slot[0].report.seq == 5,
	       "REPORTS_DROP up to 4: four dropped, one left");
	plain->pid = 4242;
	ci.pid = 4243;
	call(plain, APP_SVC_CRASH_INFO, 0, 0, &ci, sizeof(ci), &r);
	tap_ok(r.head.status == -ESRCH && !plain->crash_valid, "CRASH_INFO of another pid: ESRCH, not kept");
	ci.pid = 4242;
	ci.signal = 9;
	call(plain, APP_SVC_CRASH_INFO, 0, 0, &ci, sizeof(ci), &r);
	tap_ok(r.head.status == -EINVAL && !plain->crash_valid, "CRASH_INFO of SIGKILL: EINVAL");
	ci.signal = 11;
	call(plain, APP_SVC_CRASH_INFO, 0, 0, &ci, sizeof(ci) - 4, &r);
	tap_ok(r.head.status == -EBADMSG, "CRASH_INFO short: EBADMSG");
	call(plain, APP_SVC_CRASH_INFO, 0, 0, &ci, sizeof(ci), &r);
	tap_ok(r.head.status == 0 && plain->crash_valid && plain->crash.pc == 0x10abc,
	       "CRASH_INFO of its main process: kept (no capability needed)");
	plain->crash_valid = false;
	{
		uint8_t msg[sizeof(struct app_svc_req) + sizeof(ci)];
		struct app_svc_req req = { .op = APP_SVC_MEMORY };

		(void)send(app_end[0], &req, sizeof(req), MSG_NOSIGNAL);
		req.op = APP_SVC_CRASH_INFO;
		memcpy(msg, &req, sizeof(req));
		memcpy(msg + sizeof(req), &ci, sizeof(ci));
		(void)send(app_end[0], msg, sizeof(msg), MSG_NOSIGNAL);
		app_service_take_crash_info(plain);
		read_reply(app_end[0], &r);
		tap_ok(plain->crash_valid && plain->crash.lr == 0x10a10 && r.body_len < 0,
		       "the process ended: CRASH_INFO found behind another request on its socket, nothing answered");
	}
	plain->pid = 0;
	plain->crash_valid = false;
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
	test_net_apply();
	test_net_apply_by_app();
	test_time_set();
	test_timesync();
	test_resolve_check();
	test_proxy();
	test_update_ops_refused();
	test_os_stage();
	test_os_requests();
	test_app_list();
	test_app_stage();
	test_deviceauth();
	test_reports();
	test_app_end();
	unlink(timesync_path);
	rmdir(timesync_dir);
	return tap_done();
}
