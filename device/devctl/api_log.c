/* api_log.c — logs: GET /log (what appmgr holds, as lines) and
 * GET /log/stream (NDJSON, new lines as they come until the host goes
 * away), of one app (componentId) or of appmgr itself
 * (docs/device-api.md). */
#include "api.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "log_lines.h"
#include "query.h"
#include "uuid_text.h"

#define STREAM_POLL_MS 250

/* LOG's answer: the record and the bytes after it. */
struct log_chunk {
	struct appmgr_ctl_log pos;
	const char *bytes;
	size_t len;
};

/* The log's owner: ?componentId=ID, all zero (appmgr) when not given;
 * false when the parameter is not a UUID (400 sent). */
static bool log_owner(struct exchange *ex, uint8_t id[16], bool *given)
{
	const char *v;
	size_t n;

	memset(id, 0, 16);
	*given = query_get(ex->req->query, strlen(ex->req->query), "componentId", &v, &n);
	if (!*given || uuid_parse(v, n, id))
		return true;
	api_refuse(ex, 400, "bad_request", "componentId is not a component id (a UUID)");
	return false;
}

/* Asks appmgr for the log from position since; false with the refusal in
 * *why when it refused or its answer is malformed. */
static bool ask_log(struct exchange *ex, const uint8_t id[16], uint64_t since, struct log_chunk *c,
		    struct refusal *why)
{
	size_t len;
	const char *p;

	if (!api_call(ex, APPMGR_CTL_LOG, 0, since, id, 0, why))
		return false;
	p = ctl_payload(ex->ctl, &len);
	if (len < sizeof(c->pos)) {
		refusal_set(why, 500, "internal", "appmgr's answer has the wrong size");
		return false;
	}
	memcpy(&c->pos, p, sizeof(c->pos));
	c->bytes = p + sizeof(c->pos);
	c->len = len - sizeof(c->pos);
	return true;
}

static void line_to_array(void *ctx, const char *line, size_t len)
{
	json_strn(ctx, line, len);
}

static void render_log(struct json_out *j, const void *data)
{
	const struct log_chunk *c = data;

	json_obj(j);
	json_key_uint(j, "start", c->pos.start);
	json_key_uint(j, "end", c->pos.end);
	json_key(j, "lines");
	json_arr(j);
	log_lines(c->bytes, c->len, true, line_to_array, j);
	json_arr_end(j);
	json_obj_end(j);
}

void api_log(struct exchange *ex, const uint8_t *path_id)
{
	uint8_t id[16];
	struct log_chunk c;
	struct refusal why;
	uint64_t since = 0;
	const char *v;
	size_t n;
	bool given;

	if (!log_owner(ex, id, &given))
		return;
	if (query_get(ex->req->query, strlen(ex->req->query), "since", &v, &n) && !query_u64(v, n, &since)) {
		api_refuse(ex, 400, "bad_request", "since is not a position (a decimal number)");
		return;
	}
	if (ask_log(ex, id, since, &c, &why))
		api_reply(ex, render_log, &c);
	else
		api_send_refusal(ex, &why);
}

/* One NDJSON line of the stream. */
struct stream {
	struct json_out j;
	const uint8_t *id;  /* NULL: appmgr's own log */
};

static void stream_object(struct stream *s)
{
	json_obj(&s->j);
	json_key(&s->j, "componentId");
	if (s->id)
		json_uuid(&s->j, s->id);
	else
		json_null_value(&s->j);
}

static void line_to_stream(void *ctx, const char *line, size_t len)
{
	struct stream *s = ctx;

	stream_object(s);
	json_key(&s->j, "line");
	json_strn(&s->j, line, len);
	json_obj_end(&s->j);
	json_newline(&s->j);
}

static void say_lost(struct stream *s, uint64_t bytes)
{
	char text[80];

	snprintf(text, sizeof(text), "devctl: lines lost (%" PRIu64 " bytes of the log were overwritten)", bytes);
	stream_object(s);
	json_key_uint(&s->j, "lost", bytes);
	json_key_str(&s->j, "line", text);
	json_obj_end(&s->j);
	json_newline(&s->j);
}

/* The stream's last line when appmgr stops answering: the host cannot see
 * a serial link close, so it is told. */
static void say_failed(struct stream *s, const struct refusal *why)
{
	http_error_body(&s->j, &why->e);
	json_newline(&s->j);
	(void)json_out_end(&s->j);
}

/* A line that does not end yet is held back for one poll, in case its end
 * comes; then it goes as it is. */
void api_log_stream(struct exchange *ex, const uint8_t *path_id)
{
	uint8_t id[16];
	struct stream s;
	struct log_chunk c;
	struct refusal why;
	uint64_t cursor = 0, last_end = UINT64_MAX;
	bool given, ok, first = true;

	if (!log_owner(ex, id, &given))
		return;
	if (!ask_log(ex, id, 0, &c, &why)) {
		api_send_refusal(ex, &why);
		return;
	}
	s.id = given ? id : NULL;
	if (http_respond_stream(ex->link, 200, "application/x-ndjson", &s.j) < 0)
		return;
	for (;;) {
		if (!first && c.pos.start > cursor)
			say_lost(&s, c.pos.start - cursor);
		cursor = c.pos.start + log_lines(c.bytes, c.len, c.pos.end == last_end, line_to_stream, &s);
		last_end = c.pos.end;
		first = false;
		if (json_out_end(&s.j) < 0 || exchange_drain(ex, STREAM_POLL_MS) != DRAIN_TIME_UP)
			return; /* the host went away, or came back with a request */
		ok = ask_log(ex, id, cursor, &c, &why);
		if (exchange_drain(ex, 0) != DRAIN_TIME_UP)
			return; /* the same, while appmgr answered */
		if (!ok) {
			say_failed(&s, &why);
			return;
		}
	}
}
