/* api_apps.c — installed apps: GET /images, GET and PATCH
 * /app/status/{id}, GET /app/quota/{id}, GET /app/memory/{id},
 * DELETE /app/image/{id} (docs/device-api.md). */
#include "api.h"

#include <string.h>

#include "json_in.h"

#define TRIGGER_BODY_MAX 128

static const struct {
	const char *trigger;
	uint16_t op, flags;
} triggers[] = {
	{ "start", APPMGR_CTL_APP_START, 0 },
	{ "startDebug", APPMGR_CTL_APP_START, APPMGR_CTL_F_DEBUG },
	{ "stop", APPMGR_CTL_APP_STOP, 0 },
};

void api_image_members(struct json_out *j, const struct appmgr_ctl_app *a)
{
	json_key_uuid(j, "componentId", a->component_id);
	json_key_uuid(j, "imageId", a->image_id);
	json_key_str(j, "name", a->name);
	json_key_uint(j, "version", a->version);
}

static void render_images(struct json_out *j, const void *data)
{
	unsigned n;
	const void *apps = ctl_records(data, sizeof(struct appmgr_ctl_app), &n);

	json_obj(j);
	json_key(j, "images");
	json_arr(j);
	for (unsigned i = 0; i < n; i++) {
		struct appmgr_ctl_app a;

		api_app_at(apps, i, &a);
		json_obj(j);
		api_image_members(j, &a);
		json_key_uint(j, "securityVersion", a.security_version);
		json_key_uint(j, "slot", a.slot);
		json_key_uint(j, "lengthInBytes", a.image_bytes);
		json_key_str(j, "state", api_state_name(a.state));
		json_key_bool(j, "systemApp", a.flags & APPMGR_CTL_APP_SYSTEM);
		json_key_bool(j, "developmentKey", a.flags & APPMGR_CTL_APP_DEV_KEY);
		json_key_bool(j, "debugBuild", a.flags & APPMGR_CTL_APP_DEBUG);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_obj_end(j);
}

void api_images(struct exchange *ex, const uint8_t *id)
{
	unsigned n;

	if (api_ask(ex, APPMGR_CTL_LIST, 0, 0, NULL, 0) && api_records(ex, sizeof(struct appmgr_ctl_app), &n))
		api_reply(ex, render_images, ex->ctl);
}

static void render_status(struct json_out *j, const void *data)
{
	const struct appmgr_ctl_app *a = data;

	json_obj(j);
	json_key_str(j, "state", api_state_name(a->state));
	json_key(j, "pid");
	json_int(j, a->pid);
	json_key_uint(j, "restarts", a->restarts);
	json_obj_end(j);
}

/* Answers with render of the app's APP_STATUS. */
static void reply_app(struct exchange *ex, const uint8_t *id, json_render render)
{
	struct appmgr_ctl_app a;

	if (api_ask_app(ex, APPMGR_CTL_APP_STATUS, 0, id, &a))
		api_reply(ex, render, &a);
}

void api_app_status(struct exchange *ex, const uint8_t *id)
{
	reply_app(ex, id, render_status);
}

void api_app_trigger(struct exchange *ex, const uint8_t *id)
{
	char body[TRIGGER_BODY_MAX], trigger[16];
	struct appmgr_ctl_app a;
	size_t len;

	if (ex->req->content_length < 0) {
		api_refuse(ex, 411, "length_required", "send {\"trigger\":...} with Content-Length");
		return;
	}
	if (!api_small_body(ex, body, sizeof(body), &len))
		return;
	if (json_in_string_member(body, len, "trigger", trigger, sizeof(trigger)) == 0) {
		for (size_t i = 0; i < sizeof(triggers) / sizeof(triggers[0]); i++) {
			if (strcmp(trigger, triggers[i].trigger) != 0)
				continue;
			if (api_ask_app(ex, triggers[i].op, triggers[i].flags, id, &a))
				api_reply(ex, render_status, &a);
			return;
		}
	}
	api_refuse(ex, 400, "bad_request", "the body must be {\"trigger\":\"start\"|\"stop\"|\"startDebug\"}");
}

static void render_quota(struct json_out *j, const void *data)
{
	const struct appmgr_ctl_app *a = data;

	json_obj(j);
	json_key_uint(j, "UsageInKB", a->storage_used_kib);
	json_key_uint(j, "LimitInKB", a->storage_limit_kib);
	json_obj_end(j);
}

void api_app_quota(struct exchange *ex, const uint8_t *id)
{
	reply_app(ex, id, render_quota);
}

static void render_memory(struct json_out *j, const void *data)
{
	const struct appmgr_ctl_app *a = data;

	json_obj(j);
	json_key(j, "memoryStats");
	json_obj(j);
	json_key_uint(j, "currentMemoryUsageInBytes", (uint64_t)a->mem_current_kib * 1024);
	json_key_uint(j, "peakMemoryUsageInBytes", (uint64_t)a->mem_peak_kib * 1024);
	json_key_uint(j, "memoryLimitInBytes", (uint64_t)a->mem_limit_kib * 1024);
	json_key_uint(j, "flashUsageInBytes", a->image_bytes);
	json_obj_end(j);
	json_obj_end(j);
}

void api_app_memory(struct exchange *ex, const uint8_t *id)
{
	reply_app(ex, id, render_memory);
}

static void render_deleted(struct json_out *j, const void *data)
{
	json_obj(j);
	json_key_uuid(j, "deleted", data);
	json_obj_end(j);
}

void api_app_delete(struct exchange *ex, const uint8_t *id)
{
	if (api_ask(ex, APPMGR_CTL_DELETE, 0, 0, id, 0))
		api_reply(ex, render_deleted, id);
}
