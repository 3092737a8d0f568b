/* api_common.c — what the device API's handlers share (see api.h). */
#include "api.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <spherule/pkg.h>

#define BAD_ANSWER "appmgr's answer has the wrong size"

void refusal_set(struct refusal *r, int status, const char *code, const char *message)
{
	snprintf(r->message, sizeof(r->message), "%s", message);
	r->e = (struct api_error){ status, code, r->message };
}

bool api_call(struct exchange *ex, uint16_t op, uint16_t flags, uint64_t arg, const uint8_t *id, size_t data_len,
	      struct refusal *r)
{
	int err = ctl_call(ex->ctl, op, flags, arg, id, data_len);
	struct api_error e;
	char why[96];

	if (err < 0) {
		snprintf(why, sizeof(why), "appmgr did not answer: %s", strerror(-err));
		fprintf(stderr, "devctl: %s\n", why);
		refusal_set(r, 500, "internal", why);
		return false;
	}
	if (ctl_resp(ex->ctl)->status >= 0)
		return true;
	e = ctl_error(op, ctl_resp(ex->ctl)->status, ctl_resp(ex->ctl)->reason);
	refusal_set(r, e.status, e.code, e.message);
	return false;
}

bool api_ask(struct exchange *ex, uint16_t op, uint16_t flags, uint64_t arg, const uint8_t *id, size_t data_len)
{
	struct refusal r;

	if (api_call(ex, op, flags, arg, id, data_len, &r))
		return true;
	api_send_refusal(ex, &r);
	return false;
}

void api_send_refusal(struct exchange *ex, const struct refusal *r)
{
	(void)http_respond_error(ex->link, &r->e);
}

static void refuse_bad_answer(struct exchange *ex)
{
	api_refuse(ex, 500, "internal", BAD_ANSWER);
}

const void *api_records(struct exchange *ex, size_t rec_size, unsigned *count)
{
	const void *rec = ctl_records(ex->ctl, rec_size, count);

	if (!rec)
		refuse_bad_answer(ex);
	return rec;
}

bool api_one_record(struct exchange *ex, void *out, size_t rec_size)
{
	unsigned n;
	const void *rec = ctl_records(ex->ctl, rec_size, &n);

	if (!rec || n != 1) {
		refuse_bad_answer(ex);
		return false;
	}
	memcpy(out, rec, rec_size);
	return true;
}

bool api_take_app(struct exchange *ex, struct appmgr_ctl_app *a, struct refusal *r)
{
	unsigned n;
	const void *rec = ctl_records(ex->ctl, sizeof(*a), &n);

	if (!rec || n != 1) {
		refusal_set(r, 500, "internal", BAD_ANSWER);
		return false;
	}
	api_app_at(rec, 0, a);
	return true;
}

bool api_ask_app(struct exchange *ex, uint16_t op, uint16_t flags, const uint8_t *id, struct appmgr_ctl_app *a)
{
	struct refusal r;

	if (api_call(ex, op, flags, 0, id, 0, &r) && api_take_app(ex, a, &r))
		return true;
	api_send_refusal(ex, &r);
	return false;
}

void api_app_at(const void *records, unsigned i, struct appmgr_ctl_app *out)
{
	memcpy(out, (const struct appmgr_ctl_app *)records + i, sizeof(*out));
	out->name[sizeof(out->name) - 1] = '\0';
}

void api_refuse(struct exchange *ex, int status, const char *code, const char *message)
{
	struct api_error e = { status, code, message };

	(void)http_respond_error(ex->link, &e);
}

void api_reply(struct exchange *ex, json_render render, const void *data)
{
	(void)http_respond(ex->link, 200, render, data);
}

bool api_small_body(struct exchange *ex, char *buf, size_t cap, size_t *len)
{
	ssize_t n;

	if (ex->body_left >= cap) {
		api_refuse(ex, 413, "payload_too_large", "the request body is too large");
		return false;
	}
	n = body_read(ex, buf, cap - 1);
	if (n < 0) {
		body_failed(ex, (int)n);
		return false;
	}
	buf[n] = '\0';
	*len = (size_t)n;
	return true;
}

void json_uuid(struct json_out *j, const uint8_t id[16])
{
	char text[37];

	pkg_uuid_text(id, text);
	json_str(j, text);
}

void json_key_uuid(struct json_out *j, const char *key, const uint8_t id[16])
{
	json_key(j, key);
	json_uuid(j, id);
}

const char *api_state_name(uint8_t state)
{
	static const char *const names[] = {
		[APPMGR_CTL_RUNNING] = "running", [APPMGR_CTL_STOPPED] = "stopped",
		[APPMGR_CTL_BACKOFF] = "backoff", [APPMGR_CTL_DEBUGGING] = "debugging",
		[APPMGR_CTL_STAGED] = "staged",
	};

	return state < sizeof(names) / sizeof(names[0]) && names[state] ? names[state] : "unknown";
}
