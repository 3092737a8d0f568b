/* app_service_client.c — applibs' end of the app service protocol: one
 * exchange at a time (app_svc_transport.c) on the socket the environment
 * names (see app_service_client.h). */
#include "app_service_client.h"

#include <errno.h>
#include <pthread.h>

static pthread_mutex_t svc_lock = PTHREAD_MUTEX_INITIALIZER;
static int svc_fd = -2;   /* -2: the environment not read yet; -1: no service */

int app_svc_call(const struct app_svc_call *call)
{
	int result;

	pthread_mutex_lock(&svc_lock);
	if (svc_fd == -2)
		svc_fd = app_svc_env_fd(APP_SERVICE_ENV);
	if (svc_fd < 0)
		result = -ENOTCONN;
	else
		result = app_svc_exchange(svc_fd, call);
	pthread_mutex_unlock(&svc_lock);
	return result;
}

int app_svc_simple(uint16_t op, uint32_t arg, uint32_t arg2)
{
	struct app_svc_call call = { .op = op, .arg = arg, .arg2 = arg2 };

	return app_svc_call(&call);
}
