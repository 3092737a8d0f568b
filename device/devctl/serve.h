/* serve.h — devctl's loop on the service link: one HTTP/1.1 request at a
 * time. It waits for a host's bytes (looking again every
 * LINK_NO_HOST_RETRY_MS while none is connected), reads the head into a
 * 4 KiB buffer (431 beyond), answers (Connection: close), then drops
 * what the host still sends until it goes away (end of file), except the
 * start of a new request (a host that came back before the end of file was
 * seen). A client silent for timeout_ms mid-request is dropped (408
 * attempted). */
#ifndef DEVCTL_SERVE_H
#define DEVCTL_SERVE_H

#include "ctl_client.h"
#include "http_request.h"
#include "link.h"

#define SERVE_REQUEST_TIMEOUT_MS 5000

struct server {
	struct link link;
	struct ctl ctl;
	struct http_request req;
	size_t carry;       /* bytes in req.buf that start the next request */
	int timeout_ms;
};

void server_init(struct server *s, int link_fd, int ctl_fd, int timeout_ms);

/* Serves one request, from the wait for its bytes to the host's going
 * away. Returns 0, or a negative errno when devctl cannot go on (the link
 * failed, or appmgr's control socket did). */
int serve_one(struct server *s);

/* Serves requests until serve_one() fails; returns its error. */
int serve(struct server *s);

#endif
