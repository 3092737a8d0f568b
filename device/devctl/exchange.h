/* exchange.h — one request and its response: what a handler of the
 * device API works with (the link, appmgr's control socket, the parsed
 * head) and the request's body, read from the link as the handler asks for
 * it (never held whole). */
#ifndef DEVCTL_EXCHANGE_H
#define DEVCTL_EXCHANGE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "ctl_client.h"
#include "http_request.h"
#include "link.h"

struct exchange {
	const struct link *link;
	struct ctl *ctl;
	struct http_request *req;
	int timeout_ms;          /* a client silent this long mid-request is dropped */
	const char *pre;         /* body bytes that came with the head */
	size_t pre_len;
	uint64_t body_left;      /* body bytes still to take, those in pre included */
	bool continue_sent;
	size_t carry;            /* bytes of a new host's request at the start of req->buf */
	uint64_t path_number;    /* the number a path ends with (/gpio/{n}), set by the router */
};

/* Sets up ex for the parsed request req. */
void exchange_init(struct exchange *ex, const struct link *l, struct ctl *c, struct http_request *req,
		   int timeout_ms);

/* Reads the body's next bytes into buf, filling it unless the body ends
 * first. Returns the count (0: the body is over), -ETIMEDOUT when the
 * client was silent timeout_ms, -ECONNRESET when the host went away, or
 * another negative errno. Sends 100 Continue first when the client asked. */
ssize_t body_read(struct exchange *ex, void *buf, size_t cap);

/* Answers a body that could not be read (err from body_read): 408 for a
 * silent client; nothing when the host is gone. */
void body_failed(struct exchange *ex, int err);

enum drain_result { DRAIN_HOST_GONE, DRAIN_TIME_UP, DRAIN_NEW_REQUEST };

/* Drops what the host sends once its request has been answered (or while
 * a stream runs), for ms (-1: until the host goes away). Bytes that start
 * like a request line are a new host's, one that connected before the end
 * of file of the last was seen: they are kept at the start of req->buf
 * (ex->carry) and the drain ends. Returns a drain_result or a negative
 * errno. */
int exchange_drain(struct exchange *ex, int ms);

#endif
