/* api_simulate.c — the development-mode paths of a simulation board:
 * GET and PUT /gpio/{n} (the simulated GPIO lines: the host's buttons and
 * LEDs) and POST /sysevent/update (a simulated update's events for the
 * apps' deferral code) (docs/device-api.md). appmgr refuses them outside
 * development mode. */
#include "api.h"

#include <errno.h>
#include <string.h>

#include <spherule/app_service.h>

#include "json_in.h"

#define SIM_BODY_MAX 128
#define MAX_DEFERRAL_MINUTES 1440u     /* Azure Sphere's longest: a day */
#define DEFAULT_DEFERRAL_MINUTES 1440u

static void render_gpio(struct json_out *j, const void *data)
{
	const struct appmgr_ctl_gpio *g = data;

	json_obj(j);
	json_key_uint(j, "gpio", g->number);
	json_key_uint(j, "value", g->value);
	json_key_str(j, "pull", g->pull ? "up" : "down");
	json_key_bool(j, "requested", g->requested);
	json_key_bool(j, "output", g->output);
	json_key_str(j, "chip", g->chip);
	json_key_uint(j, "offset", g->offset);
	json_obj_end(j);
}

/* Asks op (flags) about the path's GPIO number and answers with its line. */
static void reply_gpio(struct exchange *ex, uint16_t op, uint16_t flags)
{
	struct appmgr_ctl_gpio g;

	if (!api_ask(ex, op, flags, ex->path_number, NULL, 0) || !api_one_record(ex, &g, sizeof(g)))
		return;
	g.chip[sizeof(g.chip) - 1] = '\0';
	api_reply(ex, render_gpio, &g);
}

void api_gpio_get(struct exchange *ex, const uint8_t *id)
{
	reply_gpio(ex, APPMGR_CTL_GPIO_GET, 0);
}

/* The request's small JSON body into body[SIM_BODY_MAX]: false when it was
 * refused (no Content-Length: 411 naming what to send). */
static bool take_body(struct exchange *ex, char body[SIM_BODY_MAX], size_t *len, const char *what)
{
	if (ex->req->content_length < 0) {
		api_refuse(ex, 411, "length_required", what);
		return false;
	}
	return api_small_body(ex, body, SIM_BODY_MAX, len);
}

void api_gpio_set(struct exchange *ex, const uint8_t *id)
{
	static const char want[] = "send {\"value\":0} or {\"value\":1} with Content-Length";
	char body[SIM_BODY_MAX];
	uint64_t value;
	size_t len;

	if (!take_body(ex, body, &len, want))
		return;
	if (json_in_uint_member(body, len, "value", &value) != 0 || value > 1) {
		api_refuse(ex, 400, "bad_request", "the body must be {\"value\":0} or {\"value\":1}");
		return;
	}
	reply_gpio(ex, APPMGR_CTL_GPIO_SET, (uint16_t)value);
}

struct simulated_update {
	const char *type;
	uint64_t minutes;
};

static void render_update(struct json_out *j, const void *data)
{
	const struct simulated_update *u = data;

	json_obj(j);
	json_key(j, "simulatedUpdate");
	json_obj(j);
	json_key_str(j, "updateType", u->type);
	json_key_uint(j, "maxDeferralInMinutes", u->minutes);
	json_obj_end(j);
	json_obj_end(j);
}

void api_sysevent_update(struct exchange *ex, const uint8_t *id)
{
	static const char want[] = "send {\"updateType\":\"App\"|\"System\",\"maxDeferralInMinutes\":N} with "
				   "Content-Length";
	struct simulated_update u = { .minutes = DEFAULT_DEFERRAL_MINUTES };
	char body[SIM_BODY_MAX], type[8];
	uint32_t update_type = 0;
	size_t len;
	int err;

	if (!take_body(ex, body, &len, want))
		return;
	if (json_in_string_member(body, len, "updateType", type, sizeof(type)) == 0)
		update_type = !strcmp(type, "App") ? APP_SVC_UPDATE_APP : !strcmp(type, "System") ? APP_SVC_UPDATE_SYSTEM : 0;
	err = json_in_uint_member(body, len, "maxDeferralInMinutes", &u.minutes);
	if (!update_type || (err != 0 && err != -ENOENT) || u.minutes > MAX_DEFERRAL_MINUTES) {
		api_refuse(ex, 400, "bad_request", "the body must be {\"updateType\":\"App\"|\"System\"} with an "
			   "optional \"maxDeferralInMinutes\" of 0 to 1440 (default 1440)");
		return;
	}
	u.type = update_type == APP_SVC_UPDATE_APP ? "App" : "System";
	if (api_ask(ex, APPMGR_CTL_SYSEVENT_SIMULATE, (uint16_t)u.minutes, update_type, NULL, 0))
		api_reply(ex, render_update, &u);
}
