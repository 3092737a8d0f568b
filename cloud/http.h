/*
 * http.h - the service's HTTP side (libmicrohttpd): a request as the
 * handlers see it (method, path parameters, whole body) and the reply they
 * fill (JSON, bytes or a file range, extra headers). http.c runs the daemon
 * and turns replies into responses; routes.c picks the handler.
 */
#ifndef SPHERULE_CLOUD_HTTP_H
#define SPHERULE_CLOUD_HTTP_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "cloud.h"

#define HTTP_PARAMS_MAX 2
#define HTTP_PARAM_MAX 128
#define HTTP_HEADERS_MAX 4

struct MHD_Connection;

struct cloud_request {
	struct cloud *svc;
	struct MHD_Connection *conn;
	const char *method;
	const char *path;
	char params[HTTP_PARAMS_MAX][HTTP_PARAM_MAX]; /* the route's {} segments */
	const uint8_t *body;
	size_t body_len;
};

struct cloud_reply {
	unsigned status;
	char *body; /* malloc()ed */
	size_t len;
	const char *content_type;
	int fd;              /* >= 0: send [fd_offset, fd_offset + len) of this file instead */
	uint64_t fd_offset;
	int nheaders;
	char headers[HTTP_HEADERS_MAX][2][HTTP_PARAM_MAX];
};

/* Replies JSON (takes the reference to j; NULL is an out-of-memory 500). */
void reply_json(struct cloud_reply *r, unsigned status, json_t *j);
/* Replies {"error": "<reason>"}. */
__attribute__((format(printf, 3, 4)))
void reply_error(struct cloud_reply *r, unsigned status, const char *fmt, ...);
/* Replies a copy of len bytes. */
void reply_bytes(struct cloud_reply *r, unsigned status, const void *data, size_t len, const char *type);
__attribute__((format(printf, 3, 4)))
void reply_header(struct cloud_reply *r, const char *name, const char *fmt, ...);

/* A query argument or a request header, NULL when absent. */
const char *request_arg(const struct cloud_request *req, const char *name);
const char *request_header(const struct cloud_request *req, const char *name);
/* The body parsed as a JSON object, or NULL with a 400 reply made. */
json_t *request_json(const struct cloud_request *req, struct cloud_reply *r);

/* Serves on listen ("HOST:PORT", port 0: any) until SIGINT or SIGTERM;
 * prints "spherule-cloud: listening on http://HOST:PORT" when it is. */
int http_serve(struct cloud *svc, const char *listen);

#endif
