/* routes.c - the route table of the service and its dispatch (routes.h):
 * a path matches a pattern segment by segment, "{}" taking one segment as a
 * parameter; the admin routes need "Authorization: Bearer <admin-token>". */
#include <openssl/crypto.h>
#include <stdbool.h>
#include <string.h>

#include "api.h"
#include "error_reports.h"
#include "routes.h"

struct route {
	const char *method;
	const char *pattern;
	bool admin;
	api_handler handler;
};

static const struct route routes[] = {
	{ "POST", "/v1/products", true, api_product_create },
	{ "GET", "/v1/products", true, api_product_list },
	{ "POST", "/v1/device-groups", true, api_group_create },
	{ "PATCH", "/v1/device-groups/{}", true, api_group_update },
	{ "GET", "/v1/device-groups", true, api_group_list },
	{ "POST", "/v1/devices", true, api_device_claim },
	{ "GET", "/v1/devices", true, api_device_list },
	{ "PATCH", "/v1/devices/{}", true, api_device_update },
	{ "GET", "/v1/devices/{}", true, api_device_show },
	{ "GET", "/v1/devices/{}/targeted-images", true, api_device_targeted },
	{ "POST", "/v1/devices/{}/update-check", true, api_device_update_check },
	{ "POST", "/v1/images", true, api_image_add },
	{ "GET", "/v1/images", true, api_image_list },
	{ "GET", "/v1/images/{}", false, api_image_download },
	{ "POST", "/v1/deployments", true, api_deployment_create },
	{ "GET", "/v1/deployments", true, api_deployment_list },
	{ "GET", "/v1/device/nonce", false, api_device_nonce },
	{ "POST", "/v1/device/checkin", false, api_device_checkin },
	{ "GET", "/v1/device/poll", false, api_device_poll },
	{ "GET", "/v1/error-reports", true, api_error_reports_list },
	{ "GET", "/v1/error-reports/summary", true, api_error_reports_summary },
};

/* Whether path matches pattern; the {} segments go to params. */
static bool route_match(const char *pattern, const char *path, char params[][HTTP_PARAM_MAX])
{
	int n = 0;

	while (*pattern && *path) {
		if (strncmp(pattern, "{}", 2) == 0) {
			size_t len = strcspn(path, "/");
			if (len == 0 || len >= HTTP_PARAM_MAX || n == HTTP_PARAMS_MAX)
				return false;
			memcpy(params[n], path, len);
			params[n++][len] = '\0';
			path += len;
			pattern += 2;
		} else if (*pattern++ != *path++) {
			return false;
		}
	}
	return *pattern == '\0' && *path == '\0';
}

static bool admin_allowed(const struct cloud_request *req)
{
	const char *auth = request_header(req, "Authorization");
	const char *token = req->svc->token;

	return auth && strncmp(auth, "Bearer ", 7) == 0 && strlen(auth + 7) == strlen(token) &&
	       CRYPTO_memcmp(auth + 7, token, strlen(token)) == 0;
}

void routes_dispatch(struct cloud_request *req, struct cloud_reply *r)
{
	bool path_known = false;

	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		const struct route *rt = &routes[i];
		if (!route_match(rt->pattern, req->path, req->params))
			continue;
		path_known = true;
		if (strcmp(rt->method, req->method) != 0)
			continue;
		if (rt->admin && !admin_allowed(req)) {
			reply_error(r, 401, "the admin token is missing or wrong");
			return;
		}
		rt->handler(req, r);
		return;
	}
	if (path_known)
		reply_error(r, 405, "%s is not allowed on %s", req->method, req->path);
	else
		reply_error(r, 404, "no such resource: %s", req->path);
}
