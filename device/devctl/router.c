/* router.c — the device API's paths and their handlers (see router.h). */
#include "router.h"

#include <string.h>

#include "api.h"
#include "query.h"
#include "uuid_text.h"

/* A route's path ending with this takes a decimal number there. */
#define NUMBER_PARAM "{n}"

struct route {
	enum http_method method;
	const char *path;   /* ends with '/' when a component id follows, NUMBER_PARAM when a number does */
	api_handler handle;
};

static const struct route routes[] = {
	{ HTTP_GET, "/device/security_state", api_security_state },
	{ HTTP_GET, "/device", api_device },
	{ HTTP_GET, "/device/secmon", api_secmon },
	{ HTTP_GET, "/images", api_images },
	{ HTTP_PUT, "/update/stage", api_stage },
	{ HTTP_POST, "/update/install", api_install },
	{ HTTP_DELETE, "/app/image/", api_app_delete },
	{ HTTP_GET, "/app/status/", api_app_status },
	{ HTTP_PATCH, "/app/status/", api_app_trigger },
	{ HTTP_GET, "/app/quota/", api_app_quota },
	{ HTTP_GET, "/app/memory/", api_app_memory },
	{ HTTP_GET, "/log", api_log },
	{ HTTP_GET, "/log/stream", api_log_stream },
	{ HTTP_POST, "/restart", api_restart },
	{ HTTP_GET, "/net/interfaces", api_net },
	{ HTTP_GET, "/status", api_status },
	{ HTTP_GET, "/gpio/" NUMBER_PARAM, api_gpio_get },
	{ HTTP_PUT, "/gpio/" NUMBER_PARAM, api_gpio_set },
	{ HTTP_POST, "/sysevent/update", api_sysevent_update },
};

/* Whether the route takes a number at the end of its path. */
static bool takes_number(const struct route *r)
{
	size_t n = strlen(r->path), p = strlen(NUMBER_PARAM);

	return n > p && strcmp(r->path + n - p, NUMBER_PARAM) == 0;
}

/* Whether path is the route's; *id_text is then the text of its component
 * id or number (NULL for a route without one). */
static bool path_matches(const struct route *r, const char *path, const char **id_text)
{
	size_t n = strlen(r->path) - (takes_number(r) ? strlen(NUMBER_PARAM) : 0);

	*id_text = NULL;
	if (r->path[n - 1] != '/')
		return strcmp(path, r->path) == 0;
	if (strncmp(path, r->path, n) != 0 || path[n] == '\0' || strchr(path + n, '/'))
		return false;
	*id_text = path + n;
	return true;
}

void router_dispatch(struct exchange *ex)
{
	const struct route *found = NULL;
	const char *id_text = NULL;
	bool path_known = false;
	uint8_t id[16];

	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]) && !found; i++) {
		if (!path_matches(&routes[i], ex->req->path, &id_text))
			continue;
		path_known = true;
		if (routes[i].method == ex->req->method)
			found = &routes[i];
	}
	if (!path_known)
		api_refuse(ex, 404, "not_found", "no such path");
	else if (!found)
		api_refuse(ex, 405, "method_not_allowed", "the path does not take this method");
	else if (id_text && takes_number(found) && !query_u64(id_text, strlen(id_text), &ex->path_number))
		api_refuse(ex, 400, "bad_request", "the number in the path is not a decimal number");
	else if (id_text && !takes_number(found) && !uuid_parse(id_text, strlen(id_text), id))
		api_refuse(ex, 400, "bad_request", "the component id in the path is not a UUID");
	else
		found->handle(ex, id_text && !takes_number(found) ? id : NULL);
}
