/* svc_client.c — netmgr's app service calls, over applibs' exchange
 * (app_svc_transport.c; see svc_client.h). */
#include "svc_client.h"

#include <errno.h>

#include "app_svc_transport.h"

int svc_client_open(struct svc_client *c)
{
	c->fd = app_svc_env_fd(APP_SERVICE_ENV);
	return c->fd < 0 ? -ENOTCONN : 0;
}

int svc_call(struct svc_client *c, uint16_t op, uint32_t arg, uint32_t arg2, const void *payload,
	     size_t len, void *record, size_t record_len, char *reason, size_t reason_len)
{
	struct app_svc_call call = {
		.op = op, .arg = arg, .arg2 = arg2,
		.payload = payload, .payload_len = len,
		.record = record, .record_len = record_len,
		.reason = reason, .reason_len = reason_len,
	};

	if (c->fd < 0)
		return -ENOTCONN;
	return app_svc_exchange(c->fd, &call);
}
