/* devctl_rig.h — the bench of devctl's host tests: devctl's server loop
 * in a thread behind the fake appmgr, and hosts talking to it. The
 * service link is one descriptor number under which each host connection
 * is a new socketpair (swapped in with dup2): between hosts it reads end
 * of file, as the board's virtio-serial port does while nobody is
 * connected on the host. */
#ifndef DEVCTL_RIG_H
#define DEVCTL_RIG_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "devctl_fake_appmgr.h"
#include "serve.h"

#define RIG_LINK_FD 100
#define RIG_BODY_MAX (256u * 1024u)

struct rig {
	struct fake_appmgr appmgr;
	struct server server;
};

struct response {
	int status;
	char head[2048];
	long content_length;    /* -1: none */
	char body[RIG_BODY_MAX + 1];
	size_t body_len;
};

/* Starts the fake appmgr and devctl's loop (requests time out after
 * timeout_ms); no host is connected. One rig per process. Returns 0 or -1. */
int rig_start(struct rig *r, int timeout_ms);

/* A new host on the link; returns the host's end (blocking). */
int host_connect(void);

/* Writes all of text[len] to the host's end. */
int host_send(int fd, const void *text, size_t len);

/* Reads a response head and, when it has a Content-Length, its body;
 * without one, what comes within timeout_ms. Returns 0, -ETIMEDOUT when
 * no whole head came in timeout_ms, -EPROTO for a malformed one. */
int host_read_response(int fd, struct response *resp, int timeout_ms);

/* One whole exchange: connect, send, read the response, disconnect. */
int rig_request(const char *text, struct response *resp);

/* The body parsed as JSON (NULL when it is not JSON); json_decref it. */
json_t *response_json(const struct response *resp);

/* Whether the response is the error {"error":{"code":code,...}} with status. */
bool response_is_error(const struct response *resp, int status, const char *code);

/* The string member key of the response's JSON object ("" when none),
 * copied into out[cap]. */
const char *response_str(const struct response *resp, const char *key, char *out, size_t cap);

#endif
