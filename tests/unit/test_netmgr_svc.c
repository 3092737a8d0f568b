/* test_netmgr_svc.c — netmgr's app service client: the socket from the
 * environment, the request as sent, the record taken, appmgr's refusal and
 * its reason. The fake appmgr queues its response before the call (a
 * SOCK_SEQPACKET socketpair buffers both ways). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "spherule/app_service.h"
#include "svc_client.h"
#include "tap.h"

static int queue_response(int fd, uint16_t op, int32_t status, const char *reason, const void *rec,
			  size_t rec_len)
{
	unsigned char buf[APP_SVC_MAX_MSG];
	struct app_svc_resp resp = { .op = op, .status = status };

	snprintf(resp.reason, sizeof(resp.reason), "%s", reason);
	memcpy(buf, &resp, sizeof(resp));
	memcpy(buf + sizeof(resp), rec, rec_len);
	return send(fd, buf, sizeof(resp) + rec_len, 0) == (ssize_t)(sizeof(resp) + rec_len) ? 0 : -1;
}

int main(void)
{
	struct svc_client c;
	int sv[2];
	char num[16], reason[64];
	unsigned char got[APP_SVC_MAX_MSG];
	struct app_svc_req req;
	struct app_svc_time t = { .sec = 1900000000, .nsec = 5, .source = APP_SVC_TIME_NETWORK };
	struct app_svc_timesync ts_sent = { .enabled = 1, .synced = 1, .last_sync_sec = 42 }, ts;
	ssize_t n;
	int rc;

	unsetenv(APP_SERVICE_ENV);
	tap_ok(svc_client_open(&c) == -ENOTCONN, "no SPHERULE_APP_SERVICE: -ENOTCONN");
	tap_ok(svc_call(&c, APP_SVC_TIMESYNC, 0, 0, NULL, 0, NULL, 0, NULL, 0) == -ENOTCONN,
	       "a call without the service: -ENOTCONN");
	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) != 0)
		return 1;
	snprintf(num, sizeof(num), "%d", sv[0]);
	setenv(APP_SERVICE_ENV, num, 1);
	tap_ok(svc_client_open(&c) == 0 && c.fd == sv[0], "the socket the environment names");

	queue_response(sv[1], APP_SVC_TIME_SET, -EACCES, "not a NetworkManager", NULL, 0);
	rc = svc_call(&c, APP_SVC_TIME_SET, 0, 0, &t, sizeof(t), NULL, 0, reason, sizeof(reason));
	tap_ok(rc == -EACCES, "appmgr's refusal is the result (%d)", rc);
	tap_ok_str(reason, "not a NetworkManager", "and its reason");
	n = recv(sv[1], got, sizeof(got), 0);
	memcpy(&req, got, sizeof(req));
	tap_ok(n == (ssize_t)(sizeof(req) + sizeof(t)) && req.op == APP_SVC_TIME_SET &&
	       memcmp(got + sizeof(req), &t, sizeof(t)) == 0, "the request and its payload as sent");

	queue_response(sv[1], APP_SVC_TIMESYNC, 0, "", &ts_sent, sizeof(ts_sent));
	rc = svc_call(&c, APP_SVC_TIMESYNC, 0, 0, NULL, 0, &ts, sizeof(ts), reason, sizeof(reason));
	tap_ok(rc == 0 && ts.enabled == 1 && ts.last_sync_sec == 42, "the record taken");
	n = recv(sv[1], got, sizeof(got), 0);
	tap_ok(n == (ssize_t)sizeof(req), "a request without payload");

	queue_response(sv[1], APP_SVC_TIMESYNC, 0, "", &ts_sent, sizeof(ts_sent) - 1);
	rc = svc_call(&c, APP_SVC_TIMESYNC, 0, 0, NULL, 0, &ts, sizeof(ts), NULL, 0);
	tap_ok(rc == -EPROTO, "a short record: -EPROTO");
	return tap_done();
}
