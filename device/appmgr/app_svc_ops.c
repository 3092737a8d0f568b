/* app_svc_ops.c — the app service's operations (see app_svc_ops.h). */
#include "app_svc_ops.h"

#include <errno.h>
#include <string.h>

#include "app_svc_deviceauth.h"
#include "app_svc_net.h"
#include "app_svc_reports.h"
#include "app_svc_resolve.h"
#include "app_svc_system.h"
#include "app_svc_time.h"
#include "app_svc_update.h"
#include "app_sysevent.h"
#include "log.h"

#define UART_MAX_BAUD 3000000u   /* an MT3620 UART's fastest */

_Static_assert(sizeof(struct app_svc_memory) <= sizeof(((struct app_svc_answer *)0)->body) &&
		       sizeof(struct app_svc_net) <= sizeof(((struct app_svc_answer *)0)->body) &&
		       sizeof(struct app_svc_gpio_line) <= sizeof(((struct app_svc_answer *)0)->body) &&
		       sizeof(struct app_svc_resolve) <= sizeof(((struct app_svc_answer *)0)->body) &&
		       sizeof(struct app_svc_timesync) <= sizeof(((struct app_svc_answer *)0)->body) &&
		       sizeof(struct app_svc_deviceauth_status) <= sizeof(((struct app_svc_answer *)0)->body),
	       "every record fits an answer");
_Static_assert(sizeof(struct app_svc_req) + APP_SVC_HOST_NAME_MAX + 1 <= APP_SVC_MAX_MSG,
	       "RESOLVE_CHECK's longest name fits a request");
_Static_assert(APP_SVC_MAX_STAGE_MSG == sizeof(struct app_svc_req) + APP_SVC_STAGE_CHUNK_MAX,
	       "a staging request is its header and a chunk");
_Static_assert(APP_SVC_CHIP_LABEL_SIZE == GPIO_MAP_LABEL_MAX, "a chip's label fits GPIO_LINE's record");

/* Each op: its name, the payload it takes (payload_max: at most that
 * many bytes, else exactly payload), which of its numbers it uses (the
 * others must be 0), the capability it needs (0: every app, or the op
 * checks: the Uart list by UART_OPEN, the source's by NET_APPLY and
 * TIME_SET, setting's by TIMESYNC, get's or apply's by PROXY). */
struct op_rule {
	const char *name;
	size_t payload, payload_max;
	bool arg, arg2;
	uint16_t grant;
};

static const struct op_rule rules[] = {
	[APP_SVC_MEMORY] = { "MEMORY", 0, 0, false, false, 0 },
	[APP_SVC_UART_OPEN] = { "UART_OPEN", sizeof(struct app_svc_uart_config), 0, true, false, 0 },
	[APP_SVC_POWER_REBOOT] = { "POWER_REBOOT", 0, 0, false, false, APP_SVC_GRANT_FORCE_REBOOT },
	[APP_SVC_POWER_DOWN] = { "POWER_DOWN", 0, 0, true, false, APP_SVC_GRANT_FORCE_POWER_DOWN },
	[APP_SVC_POWER_PROFILE] = { "POWER_PROFILE", 0, 0, true, false, APP_SVC_GRANT_SET_POWER_PROFILE },
	[APP_SVC_RTC_SYSTOHC] = { "RTC_SYSTOHC", 0, 0, false, false, APP_SVC_GRANT_SYSTEM_TIME },
	[APP_SVC_SYSEVENT_REGISTER] = { "SYSEVENT_REGISTER", 0, 0, true, false, APP_SVC_GRANT_SYSTEM_EVENTS },
	[APP_SVC_SYSEVENT_DEFER] = { "SYSEVENT_DEFER", 0, 0, true, true, APP_SVC_GRANT_UPDATE_DEFERRAL },
	[APP_SVC_SYSEVENT_RESUME] = { "SYSEVENT_RESUME", 0, 0, true, false, APP_SVC_GRANT_UPDATE_DEFERRAL },
	[APP_SVC_NET_STATUS] = { "NET_STATUS", 0, 0, false, false, 0 },
	[APP_SVC_GPIO_LINE] = { "GPIO_LINE", 0, 0, true, false, 0 },
	[APP_SVC_NET_APPLY] = { "NET_APPLY", sizeof(struct app_svc_net_config), 0, false, false, 0 },
	[APP_SVC_TIME_SET] = { "TIME_SET", sizeof(struct app_svc_time), 0, false, false, 0 },
	[APP_SVC_RESOLVE_CHECK] = { "RESOLVE_CHECK", 0, APP_SVC_HOST_NAME_MAX + 1, true, false,
				    APP_SVC_GRANT_NETWORK_MANAGER },
	[APP_SVC_TIMESYNC] = { "TIMESYNC", 0, 0, true, false, 0 },
	[APP_SVC_PROXY] = { "PROXY", 0, 0, true, false, 0 },
	[APP_SVC_OS_STAGE] = { "OS_STAGE", 0, APP_SVC_STAGE_CHUNK_MAX, true, true, APP_SVC_GRANT_UPDATE_AGENT },
	[APP_SVC_OS_INSTALL] = { "OS_INSTALL", 32, 0, false, false, APP_SVC_GRANT_UPDATE_AGENT },
	[APP_SVC_OS_BOOT_STATE] = { "OS_BOOT_STATE", 0, 0, false, false, APP_SVC_GRANT_UPDATE_AGENT },
	[APP_SVC_OS_CONFIRM] = { "OS_CONFIRM", 0, 0, false, false, APP_SVC_GRANT_UPDATE_AGENT },
	[APP_SVC_APP_STAGE] = { "APP_STAGE", 0, APP_SVC_STAGE_CHUNK_MAX, true, true, APP_SVC_GRANT_UPDATE_AGENT },
	[APP_SVC_APP_INSTALL] = { "APP_INSTALL", 0, 0, false, false, APP_SVC_GRANT_UPDATE_AGENT },
	[APP_SVC_UPDATE_GATE] = { "UPDATE_GATE", 0, 0, true, true, APP_SVC_GRANT_UPDATE_AGENT },
	[APP_SVC_UPDATE_DONE] = { "UPDATE_DONE", 0, 0, true, false, APP_SVC_GRANT_UPDATE_AGENT },
	[APP_SVC_APP_LIST] = { "APP_LIST", 0, 0, false, false, APP_SVC_GRANT_UPDATE_AGENT },
	[APP_SVC_CRASH_INFO] = { "CRASH_INFO", sizeof(struct app_svc_crash_info), 0, false, false, 0 },
	[APP_SVC_REPORTS_READ] = { "REPORTS_READ", 0, 0, true, false, APP_SVC_GRANT_UPDATE_AGENT },
	[APP_SVC_REPORTS_DROP] = { "REPORTS_DROP", 0, 0, true, false, APP_SVC_GRANT_UPDATE_AGENT },
	[APP_SVC_DEVICEAUTH_STORE] = { "DEVICEAUTH_STORE", 0, APP_SVC_DEVICEAUTH_MSG_MAX - sizeof(struct app_svc_req),
				       false, false, APP_SVC_GRANT_UPDATE_AGENT },
	[APP_SVC_DEVICEAUTH_STATUS] = { "DEVICEAUTH_STATUS", 0, 0, false, false, APP_SVC_GRANT_DEVICE_AUTH },
};
#define OP_COUNT (sizeof(rules) / sizeof(rules[0]))

static const char *const profile_names[] = {
	[APP_SVC_POWER_PROFILE_HIGH_PERFORMANCE] = "high performance",
	[APP_SVC_POWER_PROFILE_BALANCED] = "balanced",
	[APP_SVC_POWER_PROFILE_POWER_SAVER] = "power saver",
};

bool app_svc_status_is_answer(uint16_t op, int status)
{
	return (op == APP_SVC_RESOLVE_CHECK || op == APP_SVC_PROXY) && status == -ENOENT;
}

const char *app_svc_op_name(uint16_t op)
{
	return op < OP_COUNT && rules[op].name ? rules[op].name : "request";
}

static int memory_op(struct supervisor *s, struct app *a, struct app_svc_answer *ans, struct error_detail *why)
{
	struct app_svc_memory m = { .limit_kib = s->ram_budget_kib };
	int err = app_svc_sys_memory(a, &m.total_kib, &m.user_kib, why);

	if (err != 0)
		return err;
	if (m.user_kib > a->peak_user_kib)
		a->peak_user_kib = m.user_kib;
	m.peak_user_kib = a->peak_user_kib;
	app_svc_answer_put(ans, &m, sizeof(m));
	return 0;
}

/* The configuration's fields as UART_Config allows them (the board's
 * virtio-serial port has no line settings: they are checked, not applied). */
static int uart_config_check(const struct app_svc_uart_config *c, struct error_detail *why)
{
	if (c->baud_rate == 0 || c->baud_rate > UART_MAX_BAUD)
		return error_detail_set(why, -EINVAL, "baud rate %u out of range 1..%u", c->baud_rate,
					UART_MAX_BAUD);
	if (c->blocking_mode != 0)
		return error_detail_set(why, -EINVAL, "blocking mode %u: only non-blocking (0)", c->blocking_mode);
	if (c->data_bits < 5 || c->data_bits > 8)
		return error_detail_set(why, -EINVAL, "data bits %u out of range 5..8", c->data_bits);
	if (c->parity > 2 || c->stop_bits < 1 || c->stop_bits > 2 || c->flow_control > 2)
		return error_detail_set(why, -EINVAL, "parity %u, stop bits %u or flow control %u out of range",
					c->parity, c->stop_bits, c->flow_control);
	if (c->reserved[0] | c->reserved[1] | c->reserved[2])
		return error_detail_set(why, -EINVAL, "reserved bytes are not 0");
	return 0;
}

static int uart_open_op(struct supervisor *s, struct app *a, uint32_t id, const uint8_t *payload,
			struct app_svc_answer *ans, struct error_detail *why)
{
	struct app_svc_uart_config c;
	int u, err;

	if (a->svc_caps.uarts == 0)
		return error_detail_set(why, -EACCES, "its manifest grants no Uart");
	u = uart_conf_find_id(s->uarts, id);
	if (u < 0)
		return error_detail_set(why, -ENODEV, "the board has no UART with id %u", id);
	if (!(a->svc_caps.uarts & (1u << u)))
		return error_detail_set(why, -EACCES, "its manifest's Uart list does not name %s (UART id %u)",
					s->uarts->uart[u].name, id);
	memcpy(&c, payload, sizeof(c));
	err = uart_config_check(&c, why);
	if (err != 0)
		return err;
	ans->fd = app_svc_sys_uart_open(&s->uarts->uart[u], why);
	return ans->fd < 0 ? ans->fd : 0;
}

/* Which line of which chip gpio.conf gives board-wide GPIO number; whether
 * the app may request it is the LSM's decision when it does. */
static int gpio_line_op(const struct supervisor *s, uint32_t number, struct app_svc_answer *ans,
			struct error_detail *why)
{
	struct app_svc_gpio_line r;
	const struct gpio_map_chip *c = gpio_map_find(s->gpio, number, &r.line);

	if (!c)
		return error_detail_set(why, -ENODEV, "the board has no GPIO %u", number);
	if (!c->present)
		return error_detail_set(why, -ENODEV, "GPIO %u: its chip %s was not found", number, c->label);
	memcpy(r.chip_label, c->label, sizeof(r.chip_label));
	app_svc_answer_put(ans, &r, sizeof(r));
	return 0;
}

static int power_op(struct supervisor *s, struct app *a, const struct app_svc_req *req, uint64_t now_ms,
		    struct error_detail *why)
{
	switch (req->op) {
	case APP_SVC_POWER_REBOOT:
		log_line("%s: asked for a reboot (PowerControls ForceReboot): rebooting in %u ms", a->name,
			 SUPERVISOR_API_REBOOT_DELAY_MS);
		supervisor_shutdown_later(s, SHUTDOWN_REBOOT, "ForceReboot", 0, now_ms);
		return 0;
	case APP_SVC_POWER_DOWN:
		log_line("%s: asked to power down for up to %u s (PowerControls ForcePowerDown): in %u ms",
			 a->name, req->arg, SUPERVISOR_API_REBOOT_DELAY_MS);
		supervisor_shutdown_later(s, SHUTDOWN_POWER_DOWN, "ForcePowerDown", req->arg, now_ms);
		return 0;
	default: /* APP_SVC_POWER_PROFILE */
		if (req->arg >= sizeof(profile_names) / sizeof(profile_names[0]))
			return error_detail_set(why, -EINVAL, "power profile %u out of range 0..2", req->arg);
		log_to_app(&a->ring, "power profile %s (was %s): recorded, the board has no frequency scaling",
			   profile_names[req->arg], profile_names[s->power_profile]);
		s->power_profile = (uint8_t)req->arg;
		return 0;
	}
}

/* A registration takes any events (only updates are sent today); only an
 * update can be deferred or resumed. */
static int sysevent_op(struct supervisor *s, struct app *a, const struct app_svc_req *req, uint64_t now_ms,
		       struct app_svc_answer *ans, struct error_detail *why)
{
	if (req->op == APP_SVC_SYSEVENT_REGISTER && (req->arg == 0 || (req->arg & ~APP_SVC_EVENT_ALL)))
		return error_detail_set(why, -EINVAL, "event mask 0x%x: expected bits of 0x%x", req->arg,
					APP_SVC_EVENT_ALL);
	if (req->op != APP_SVC_SYSEVENT_REGISTER && req->arg != APP_SVC_EVENT_UPDATE)
		return error_detail_set(why, -EINVAL, "event 0x%x: only an update (0x%x) is deferred", req->arg,
					APP_SVC_EVENT_UPDATE);
	switch (req->op) {
	case APP_SVC_SYSEVENT_REGISTER:
		ans->fd = app_sysevent_register(s, a, req->arg, now_ms, why);
		return ans->fd < 0 ? ans->fd : 0;
	case APP_SVC_SYSEVENT_DEFER:
		if (req->arg2 == 0)
			return error_detail_set(why, -EINVAL, "a deferral of 0 minutes");
		return app_sysevent_defer(s, a, req->arg2, now_ms, why);
	default: /* APP_SVC_SYSEVENT_RESUME */
		return app_sysevent_resume(s, a, now_ms, why);
	}
}

/* The framing and the op's capability, before any field is used. */
static int check_request(const struct app *a, const struct app_svc_req *req, size_t payload_len,
			 struct error_detail *why)
{
	const struct op_rule *r;

	if (req->op == 0 || req->op >= OP_COUNT || !rules[req->op].name)
		return error_detail_set(why, -EINVAL, "unknown op %u", req->op);
	r = &rules[req->op];
	if (r->payload_max ? payload_len > r->payload_max : payload_len != r->payload)
		return error_detail_set(why, -EBADMSG, "%zu bytes of payload: %s takes %s%zu", payload_len, r->name,
					r->payload_max ? "at most " : "", r->payload_max ? r->payload_max : r->payload);
	if (req->reserved != 0 || (!r->arg && req->arg != 0) || (!r->arg2 && req->arg2 != 0))
		return error_detail_set(why, -EINVAL, "fields %s does not take are not 0", r->name);
	return r->grant ? app_svc_require(a, r->grant, why) : 0;
}

int app_svc_require(const struct app *a, enum app_svc_grant grant, struct error_detail *why)
{
	if (a->svc_caps.grants & grant)
		return 0;
	return error_detail_set(why, -EACCES, "its manifest does not grant %s", app_svc_grant_name(grant));
}

int app_svc_dispatch(struct supervisor *s, struct app *a, const uint8_t *msg, size_t len, uint64_t now_ms,
		     struct app_svc_answer *ans, struct error_detail *why)
{
	struct app_svc_req req;
	const uint8_t *payload = msg + sizeof(req);
	int err;

	memcpy(&req, msg, sizeof(req));
	memset(&ans->head, 0, sizeof(ans->head));
	ans->head.op = req.op;
	ans->len = 0;
	ans->fd = -1;
	err = check_request(a, &req, len - sizeof(req), why);
	if (err != 0)
		return err;
	switch (req.op) {
	case APP_SVC_MEMORY:
		return memory_op(s, a, ans, why);
	case APP_SVC_UART_OPEN:
		return uart_open_op(s, a, req.arg, payload, ans, why);
	case APP_SVC_POWER_REBOOT:
	case APP_SVC_POWER_DOWN:
	case APP_SVC_POWER_PROFILE:
		return power_op(s, a, &req, now_ms, why);
	case APP_SVC_RTC_SYSTOHC:
		return app_svc_sys_rtc_systohc(why);
	case APP_SVC_NET_STATUS:
		app_svc_net_status(s, ans);
		return 0;
	case APP_SVC_GPIO_LINE:
		return gpio_line_op(s, req.arg, ans, why);
	case APP_SVC_NET_APPLY:
		return app_svc_net_apply(s, a, payload, why);
	case APP_SVC_TIME_SET:
		return app_svc_time_set(s, a, payload, why);
	case APP_SVC_RESOLVE_CHECK:
		return app_svc_resolve_check(s, req.arg, payload, len - sizeof(req), ans, why);
	case APP_SVC_TIMESYNC:
		return app_svc_time_sync(s, a, req.arg, ans, why);
	case APP_SVC_PROXY:
		return app_svc_net_proxy(a, req.arg, why);
	case APP_SVC_OS_STAGE:
	case APP_SVC_OS_INSTALL:
	case APP_SVC_OS_BOOT_STATE:
	case APP_SVC_OS_CONFIRM:
	case APP_SVC_APP_STAGE:
	case APP_SVC_APP_INSTALL:
	case APP_SVC_UPDATE_GATE:
	case APP_SVC_UPDATE_DONE:
	case APP_SVC_APP_LIST:
		return app_svc_update(s, a, &req, payload, len - sizeof(req), now_ms, ans, why);
	case APP_SVC_DEVICEAUTH_STORE:
	case APP_SVC_DEVICEAUTH_STATUS:
		return app_svc_deviceauth(s, a, &req, payload, len - sizeof(req), ans, why);
	case APP_SVC_CRASH_INFO:
		return app_svc_crash_info(a, payload, why);
	case APP_SVC_REPORTS_READ:
	case APP_SVC_REPORTS_DROP:
		return app_svc_reports(s, &req, ans, why);
	default:
		return sysevent_op(s, a, &req, now_ms, ans, why);
	}
}
