/* http_response.h — devctl's responses on the service link. Every one is
 * JSON with Connection: close; a whole response carries its
 * Content-Length (the host learns from it where the response ends: a
 * serial link never closes), so its body is rendered twice, once counted
 * and once sent, through a small buffer. */
#ifndef DEVCTL_HTTP_RESPONSE_H
#define DEVCTL_HTTP_RESPONSE_H

#include "api_error.h"
#include "json_out.h"
#include "link.h"

/* Writes a response's JSON body into j; called twice with the same data. */
typedef void (*json_render)(struct json_out *j, const void *data);

/* Sends status with the body render(data). Returns 0 or a negative errno. */
int http_respond(const struct link *l, int status, json_render render, const void *data);

/* The json_render of an error: {"error":{"code","message"}} of the
 * struct api_error at data. */
void http_error_body(struct json_out *j, const void *data);

/* Sends e as {"error":{"code","message"}}. */
int http_respond_error(const struct link *l, const struct api_error *e);

/* Sends the head of a response whose body runs until the host goes away
 * (no Content-Length), then sets up j to write that body to the link
 * through a buffer of its own. */
int http_respond_stream(const struct link *l, int status, const char *content_type, struct json_out *j);

/* Sends "100 Continue" (the client waits for it before sending a body). */
int http_respond_continue(const struct link *l);

#endif
