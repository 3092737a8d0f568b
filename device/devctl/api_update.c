/* api_update.c — sideloading: PUT /update/stage streams the image
 * package to appmgr in STAGE_DATA messages as it comes (never held whole),
 * POST /update/install installs the staged image (docs/device-api.md). */
#include "api.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "json_in.h"

#define INSTALL_BODY_MAX 128

struct installed {
	struct appmgr_ctl_app app;
	bool replaced;
};

/* After a failure past STAGE_BEGIN: appmgr erases what was staged, before
 * the host hears of the failure (and may try again at once). */
static void abort_stage(struct exchange *ex, const char *why)
{
	fprintf(stderr, "devctl: staging aborted: %s\n", why);
	(void)ctl_call(ex->ctl, APPMGR_CTL_STAGE_ABORT, 0, 0, NULL, 0);
}

static void refuse_stage(struct exchange *ex, const struct refusal *r)
{
	abort_stage(ex, r->message);
	api_send_refusal(ex, r);
}

static void render_staged(struct json_out *j, const void *data)
{
	json_obj(j);
	json_key(j, "staged");
	json_obj(j);
	api_image_members(j, data);
	json_obj_end(j);
	json_obj_end(j);
}

void api_stage(struct exchange *ex, const uint8_t *id)
{
	int64_t size = ex->req->content_length;
	struct appmgr_ctl_app staged;
	struct refusal why;
	ssize_t n;

	if (size < 0) {
		api_refuse(ex, 411, "length_required", "send the image package with Content-Length");
		return;
	}
	if (size == 0) {
		api_refuse(ex, 400, "bad_request", "the body is empty: send the image package");
		return;
	}
	if (!api_ask(ex, APPMGR_CTL_STAGE_BEGIN, 0, (uint64_t)size, NULL, 0))
		return;
	fprintf(stderr, "devctl: staging an image of %" PRId64 " bytes\n", size);
	while ((n = body_read(ex, ctl_data(ex->ctl), APPMGR_CTL_MAX_DATA)) > 0) {
		if (!api_call(ex, APPMGR_CTL_STAGE_DATA, 0, 0, NULL, (size_t)n, &why)) {
			refuse_stage(ex, &why);
			return;
		}
	}
	if (n < 0) {
		abort_stage(ex, n == -ETIMEDOUT ? "the host stopped sending" : "the body was cut short");
		body_failed(ex, (int)n);
		return;
	}
	if (!api_call(ex, APPMGR_CTL_STAGE_END, 0, 0, NULL, 0, &why) || !api_take_app(ex, &staged, &why)) {
		refuse_stage(ex, &why);
		return;
	}
	fprintf(stderr, "devctl: staged %s version %" PRIu32 "\n", staged.name, staged.version);
	api_reply(ex, render_staged, &staged);
}

static void render_installed(struct json_out *j, const void *data)
{
	const struct installed *in = data;

	json_obj(j);
	json_key(j, "installed");
	json_obj(j);
	api_image_members(j, &in->app);
	json_key_str(j, "state", api_state_name(in->app.state));
	json_obj_end(j);
	json_key_bool(j, "replaced", in->replaced);
	json_obj_end(j);
}

/* The install flags of the optional body {"appControlMode":"Auto"|"Manual"};
 * false when it was refused. */
static bool install_flags(struct exchange *ex, uint16_t *flags)
{
	char body[INSTALL_BODY_MAX], mode[16];
	size_t len;
	int r;

	*flags = 0;
	if (ex->req->content_length <= 0)
		return true;
	if (!api_small_body(ex, body, sizeof(body), &len))
		return false;
	r = json_in_string_member(body, len, "appControlMode", mode, sizeof(mode));
	if (r == -ENOENT || (r == 0 && strcmp(mode, "Auto") == 0))
		return true;
	if (r == 0 && strcmp(mode, "Manual") == 0) {
		*flags = APPMGR_CTL_F_MANUAL_START;
		return true;
	}
	api_refuse(ex, 400, "bad_request", "the body must be {\"appControlMode\":\"Auto\"|\"Manual\"}");
	return false;
}

void api_install(struct exchange *ex, const uint8_t *id)
{
	struct installed in;
	uint16_t flags;

	if (!install_flags(ex, &flags) || !api_ask_app(ex, APPMGR_CTL_INSTALL, flags, NULL, &in.app))
		return;
	in.replaced = ctl_resp(ex->ctl)->arg == 1;
	fprintf(stderr, "devctl: installed %s version %" PRIu32 "%s\n", in.app.name, in.app.version,
		in.replaced ? " (replacing the older one)" : "");
	api_reply(ex, render_installed, &in);
}
