/* routes.c - the route table of the service and its dispatch (routes.h):
 * a path matches a pattern segment by segment, "{}" taking one segment as a
 * parameter; the admin routes need "Authorization: Bearer <admin-token>" or
 * the dashboard's session cookie (session.h). */
#include <openssl/crypto.h>
#include <stdbool.h>
#include <string.h>

#include "api.h"
#include "error_reports.h"
#include "dashboard.h"
#include "routes.h"
#include "session.h"

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
	/* The dashboard: its page and its login sessions. */
	{ "GET", "/", false, api_dashboard_index },
	{ "GET", "/dashboard/{}", false, api_dashboard_file },
	{ "POST", "/v1/session", false, api_session_create },
	{ "GET", "/v1/session", false, api_session_show },
	{ "DELETE", "/v1/session", false, api_session_delete },
	/* Device certificates. */
	{ "GET", "/v1/ca-certificate", false, api_ca_certificate },
	{ "POST", "/v1/device/certificate", false, api_device_certificate },
	{ "GET", "/v1/devices/{}/certificates", true, api_device_certificates },
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

/* The bearer token, else the session cookie; false with the reply made. */
static bool admin_allowed(struct cloud_request *req, struct cloud_reply *r)
{
	const char *auth = request_header(req, "Authorization");
	const char *token = req->svc->token;
	int rc;

	if (auth && strncmp(auth, "Bearer ", 7) == 0 && strlen(auth + 7) == strlen(token) &&
	    CRYPTO_memcmp(auth + 7, token, strlen(token)) == 0)
		return true;
	rc = auth ? 0 : session_admit(req, r);
	if (rc == 0)
		reply_error(r, 401, "the admin token is missing or wrong");
	return rc > 0;
}

/* Whether a request's method is the route's: HEAD is answered as GET
 * (libmicrohttpd sends the head without the body, RFC 9110 9.3.2). */
static bool method_matches(const char *route_method, const char *method)
{
	return strcmp(route_method, method) == 0 || (strcmp(method, "HEAD") == 0 && strcmp(route_method, "GET") == 0);
}

void routes_dispatch(struct cloud_request *req, struct cloud_reply *r)
{
	bool path_known = false;

	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		const struct route *rt = &routes[i];
		if (!route_match(rt->pattern, req->path, req->params))
			continue;
		path_known = true;
		if (!method_matches(rt->method, req->method))
			continue;
		if (rt->admin && !admin_allowed(req, r))
			return;
		rt->handler(req, r);
		return;
	}
	if (path_known)
		reply_error(r, 405, "%s is not allowed on %s", req->method, req->path);
	else
		reply_error(r, 404, "no such resource: %s", req->path);
}
