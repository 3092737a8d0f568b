/* api_device.c — the device's own paths: GET /device/security_state,
 * GET /device, GET /device/secmon, GET /status, POST /restart,
 * GET /net/interfaces (docs/device-api.md). */
#include "api.h"

#include <stdio.h>
#include <time.h>

/* Answers with render of DEVICE's record (its strings NUL-terminated). */
static void reply_device(struct exchange *ex, json_render render)
{
	struct appmgr_ctl_device d;

	if (!api_ask(ex, APPMGR_CTL_DEVICE, 0, 0, NULL, 0) || !api_one_record(ex, &d, sizeof(d)))
		return;
	d.device_id[sizeof(d.device_id) - 1] = '\0';
	d.os_version[sizeof(d.os_version) - 1] = '\0';
	api_reply(ex, render, &d);
}

static void identity_members(struct json_out *j, const struct appmgr_ctl_device *d)
{
	json_key_str(j, "deviceIdentifier", d->device_id);
	json_key_bool(j, "developmentMode", d->development_mode);
}

static void render_security_state(struct json_out *j, const void *data)
{
	const struct appmgr_ctl_device *d = data;

	json_obj(j);
	json_key_str(j, "securityState", d->development_mode ? "development" : "production");
	identity_members(j, d);
	json_obj_end(j);
}

void api_security_state(struct exchange *ex, const uint8_t *id)
{
	reply_device(ex, render_security_state);
}

/* The member key: an object of two numbers, {k1:v1,k2:v2}. */
static void two_numbers(struct json_out *j, const char *key, const char *k1, uint32_t v1, const char *k2,
			uint32_t v2)
{
	json_key(j, key);
	json_obj(j);
	json_key_uint(j, k1, v1);
	json_key_uint(j, k2, v2);
	json_obj_end(j);
}

static void render_device(struct json_out *j, const void *data)
{
	const struct appmgr_ctl_device *d = data;

	json_obj(j);
	identity_members(j, d);
	json_key_bool(j, "secmonReachable", d->secmon_reachable);
	json_key_str(j, "osVersion", d->os_version);
	json_key_uint(j, "uptime", d->uptime_s);
	two_numbers(j, "memory", "totalInKB", d->mem_total_kib, "availableInKB", d->mem_available_kib);
	two_numbers(j, "appSlots", "used", d->slots_used, "total", d->slots_total);
	two_numbers(j, "appFlash", "usedInKB", d->flash_used_kib, "totalInKB", d->flash_total_kib);
	two_numbers(j, "storage", "usedInKB", d->storage_used_kib, "totalInKB", d->storage_total_kib);
	json_obj_end(j);
}

void api_device(struct exchange *ex, const uint8_t *id)
{
	reply_device(ex, render_device);
}

static void render_secmon(struct json_out *j, const void *data)
{
	const struct appmgr_ctl_device *d = data;

	json_obj(j);
	identity_members(j, d);
	json_key_bool(j, "secmonReachable", d->secmon_reachable);
	json_obj_end(j);
}

void api_secmon(struct exchange *ex, const uint8_t *id)
{
	reply_device(ex, render_secmon);
}

static void render_uptime(struct json_out *j, const void *data)
{
	json_obj(j);
	json_key_uint(j, "uptime", *(const uint64_t *)data);
	json_obj_end(j);
}

/* The uptime is devctl's own look at the clock: it answers even while
 * appmgr is busy. */
void api_status(struct exchange *ex, const uint8_t *id)
{
	struct timespec ts;
	uint64_t uptime;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	uptime = (uint64_t)ts.tv_sec;
	api_reply(ex, render_uptime, &uptime);
}

static void render_restarting(struct json_out *j, const void *data)
{
	json_obj(j);
	json_key_bool(j, "restartingSystem", true);
	json_obj_end(j);
}

/* The answer goes out before appmgr is asked: appmgr reboots a second after
 * it accepts, and on a loaded host devctl did not always write its answer
 * within that second, so the host saw the device end without one. appmgr
 * refuses a restart only when its control socket is gone, which devctl then
 * says in its log. */
void api_restart(struct exchange *ex, const uint8_t *id)
{
	struct refusal why;

	fprintf(stderr, "devctl: the host asked for a restart\n");
	api_reply(ex, render_restarting, NULL);
	if (!api_call(ex, APPMGR_CTL_RESTART, 0, 0, NULL, 0, &why))
		fprintf(stderr, "devctl: appmgr refused the restart: %s\n", why.message);
}

static void render_interfaces(struct json_out *j, const void *data)
{
	const struct ctl *c = data;
	unsigned n;
	const struct appmgr_ctl_iface *ifs = ctl_records(c, sizeof(*ifs), &n);

	json_obj(j);
	json_key(j, "interfaces");
	json_arr(j);
	for (unsigned i = 0; i < n; i++) {
		struct appmgr_ctl_iface f = ifs[i];
		char text[20];

		f.name[sizeof(f.name) - 1] = '\0';
		json_obj(j);
		json_key_str(j, "interfaceName", f.name);
		json_key_bool(j, "interfaceUp", f.up);
		json_key(j, "ipAddresses");
		json_arr(j);
		if (f.ipv4[0] | f.ipv4[1] | f.ipv4[2] | f.ipv4[3]) {
			snprintf(text, sizeof(text), "%u.%u.%u.%u", f.ipv4[0], f.ipv4[1], f.ipv4[2], f.ipv4[3]);
			json_str(j, text);
		}
		json_arr_end(j);
		json_key_uint(j, "prefixLength", f.prefix_len);
		snprintf(text, sizeof(text), "%02x:%02x:%02x:%02x:%02x:%02x", f.mac[0], f.mac[1], f.mac[2],
			 f.mac[3], f.mac[4], f.mac[5]);
		json_key_str(j, "hardwareAddress", text);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_obj_end(j);
}

void api_net(struct exchange *ex, const uint8_t *id)
{
	unsigned n;

	if (!api_ask(ex, APPMGR_CTL_NET, 0, 0, NULL, 0))
		return;
	if (api_records(ex, sizeof(struct appmgr_ctl_iface), &n))
		api_reply(ex, render_interfaces, ex->ctl);
}
