/* drain.c — what the host sends after its request (see exchange.h). A
 * serial link has no connections: the host "disconnects" when the port
 * reads end of file, and a host that quickly connects again may send its
 * request before that end of file was seen. */
#include "exchange.h"

#include <errno.h>

int exchange_drain(struct exchange *ex, int ms)
{
	long long until = ms < 0 ? -1 : link_now_ms() + ms;
	size_t kept = 0; /* bytes that may yet be a request line's start */

	for (;;) {
		long long left = until < 0 ? -1 : until - link_now_ms();
		ssize_t n;

		if (kept == 0 && until >= 0 && left <= 0)
			return DRAIN_TIME_UP;
		/* The start of a request line comes at once, or it is not one. */
		n = link_read(ex->link, ex->req->buf + kept, HTTP_HEAD_MAX - kept,
			      kept > 0 ? ex->timeout_ms : (int)left);
		if (n == -ETIMEDOUT && kept > 0) {
			/* A request line that stopped coming: the server loop
			 * reads on and answers it 408 when it stays silent. */
			ex->carry = kept;
			return DRAIN_NEW_REQUEST;
		}
		if (n == -ETIMEDOUT)
			continue;
		if (n <= 0)
			return n == 0 ? DRAIN_HOST_GONE : (int)n;
		kept += (size_t)n;
		switch (http_request_start(ex->req->buf, kept)) {
		case HTTP_START_YES:
			ex->carry = kept;
			return DRAIN_NEW_REQUEST;
		case HTTP_START_MAYBE:
			break;
		case HTTP_START_NO:
			kept = 0;
			break;
		}
	}
}
