/* http.c - the libmicrohttpd daemon of the service (http.h): collects each
 * request's body, hands it to routes.c, sends the reply. One thread serves
 * every connection, so handlers share the one database connection. */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http.h"
#include "routes.h"

/* The largest body: an OS image file. */
#define HTTP_BODY_MAX (128u << 20)

struct http_upload {
	uint8_t *data;
	size_t len, cap;
	int too_big;
};

void reply_json(struct cloud_reply *r, unsigned status, json_t *j)
{
	char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;

	json_decref(j);
	free(r->body);
	r->body = NULL;
	if (!text) {
		r->status = 500;
		return;
	}
	r->status = status;
	r->body = text;
	r->len = strlen(text);
	r->content_type = "application/json";
}

void reply_error(struct cloud_reply *r, unsigned status, const char *fmt, ...)
{
	char reason[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	reply_json(r, status, json_pack("{s:s}", "error", reason));
}

void reply_bytes(struct cloud_reply *r, unsigned status, const void *data, size_t len, const char *type)
{
	free(r->body);
	r->body = malloc(len ? len : 1);
	if (!r->body) {
		r->status = 500;
		r->len = 0;
		return;
	}
	memcpy(r->body, data, len);
	r->len = len;
	r->status = status;
	r->content_type = type;
}

void reply_header(struct cloud_reply *r, const char *name, const char *fmt, ...)
{
	va_list ap;

	if (r->nheaders == HTTP_HEADERS_MAX)
		return;
	snprintf(r->headers[r->nheaders][0], HTTP_PARAM_MAX, "%s", name);
	va_start(ap, fmt);
	vsnprintf(r->headers[r->nheaders][1], HTTP_PARAM_MAX, fmt, ap);
	va_end(ap);
	r->nheaders++;
}

const char *request_arg(const struct cloud_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *request_header(const struct cloud_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

json_t *request_json(const struct cloud_request *req, struct cloud_reply *r)
{
	json_error_t error;
	json_t *j = json_loadb((const char *)req->body, req->body_len, 0, &error);

	if (!j || !json_is_object(j)) {
		reply_error(r, 400, "the body is not a JSON object%s%s", j ? "" : ": ", j ? "" : error.text);
		json_decref(j);
		return NULL;
	}
	return j;
}

static int upload_add(struct http_upload *u, const char *data, size_t len)
{
	if (u->len + len > HTTP_BODY_MAX) {
		u->too_big = 1;
		return 0;
	}
	if (u->len + len > u->cap) {
		size_t cap = u->cap ? u->cap : 4096;
		while (cap < u->len + len)
			cap *= 2;
		uint8_t *p = realloc(u->data, cap);
		if (!p)
			return -ENOMEM;
		u->data = p;
		u->cap = cap;
	}
	memcpy(u->data + u->len, data, len);
	u->len += len;
	return 0;
}

/* On every answer (the dashboard's page and the API's JSON alike): scripts,
 * styles and requests only from this service, never in a frame, types as
 * sent, no caching (the answers are the fleet's current state). */
static const char *const security_headers[][2] = {
	{ "Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
				     "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'" },
	{ "X-Frame-Options", "DENY" },
	{ "X-Content-Type-Options", "nosniff" },
	{ "Referrer-Policy", "no-referrer" },
	{ "Cache-Control", "no-store" },
};

static struct MHD_Response *reply_response(struct cloud_reply *r)
{
	struct MHD_Response *resp;

	if (r->fd >= 0) {
		resp = MHD_create_response_from_fd_at_offset64(r->len, r->fd, r->fd_offset);
		r->fd = -1; /* the response closes it */
	} else {
		resp = MHD_create_response_from_buffer(r->len, r->body, MHD_RESPMEM_MUST_FREE);
		r->body = NULL;
	}
	if (!resp)
		return NULL;
	if (r->content_type)
		MHD_add_response_header(resp, "Content-Type", r->content_type);
	for (int i = 0; i < r->nheaders; i++)
		MHD_add_response_header(resp, r->headers[i][0], r->headers[i][1]);
	for (size_t i = 0; i < sizeof(security_headers) / sizeof(security_headers[0]); i++)
		MHD_add_response_header(resp, security_headers[i][0], security_headers[i][1]);
	return resp;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
				  const char *version, const char *data, size_t *data_size, void **con_cls)
{
	struct http_upload *u = *con_cls;
	struct cloud_reply r = { .status = 500, .fd = -1 };
	struct cloud_request req = { .svc = cls, .conn = conn, .method = method, .path = url };
	struct MHD_Response *resp;
	enum MHD_Result ok;

	if (!u) {
		u = calloc(1, sizeof(*u));
		if (!u)
			return MHD_NO;
		*con_cls = u;
		return MHD_YES;
	}
	if (*data_size) {
		if (upload_add(u, data, *data_size) < 0)
			return MHD_NO;
		*data_size = 0;
		return MHD_YES;
	}
	if (u->too_big) {
		reply_error(&r, 413, "the body is over %u bytes", HTTP_BODY_MAX);
	} else {
		req.body = u->data ? u->data : (const uint8_t *)"";
		req.body_len = u->len;
		routes_dispatch(&req, &r);
	}
	resp = reply_response(&r);
	free(r.body);
	if (r.fd >= 0)
		close(r.fd);
	if (!resp)
		return MHD_NO;
	ok = MHD_queue_response(conn, r.status, resp);
	MHD_destroy_response(resp);
	return ok;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct http_upload *u = *con_cls;

	if (u) {
		free(u->data);
		free(u);
		*con_cls = NULL;
	}
}

static int parse_listen(const char *listen, struct sockaddr_in *sa)
{
	char host[64];
	const char *colon = strrchr(listen, ':');
	char *end;
	long port;

	if (!colon || (size_t)(colon - listen) >= sizeof(host))
		return -EINVAL;
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	port = strtol(colon + 1, &end, 10);
	if (*end || end == colon + 1 || port < 0 || port > 65535)
		return -EINVAL;
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	return inet_pton(AF_INET, host, &sa->sin_addr) == 1 ? 0 : -EINVAL;
}

int http_serve(struct cloud *svc, const char *listen)
{
	struct sockaddr_in sa;
	const union MHD_DaemonInfo *info;
	struct MHD_Daemon *d;
	char host[INET_ADDRSTRLEN];
	sigset_t stop;
	int sig;

	if (parse_listen(listen, &sa) < 0) {
		fprintf(stderr, "spherule-cloud: --listen %s: expected IPV4:PORT\n", listen);
		return -EINVAL;
	}
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ERROR_LOG, 0, NULL, NULL,
			     on_request, svc, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
			     MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60, MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "spherule-cloud: cannot listen on %s\n", listen);
		return -EADDRINUSE;
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	inet_ntop(AF_INET, &sa.sin_addr, host, sizeof(host));
	printf("spherule-cloud: listening on http://%s:%u\n", host, info ? info->port : ntohs(sa.sin_port));
	fflush(stdout);
	sigwait(&stop, &sig);
	MHD_stop_daemon(d);
	return 0;
}
