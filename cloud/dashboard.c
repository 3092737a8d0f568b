/* dashboard.c - serves the dashboard's compiled-in files (dashboard.h);
 * http.c adds the Content-Security-Policy and the other headers every
 * answer has. */
#include <string.h>

#include "dashboard.h"

static const struct dashboard_file {
	const char *name;
	const char *data;
	const size_t *len;
	const char *type;
} files[] = {
	{ "index.html", dashboard_index_html, &dashboard_index_html_len, "text/html; charset=utf-8" },
	{ "app.js", dashboard_app_js, &dashboard_app_js_len, "text/javascript; charset=utf-8" },
	{ "style.css", dashboard_style_css, &dashboard_style_css_len, "text/css; charset=utf-8" },
};

static void reply_file(struct cloud_reply *r, const char *name)
{
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if (strcmp(files[i].name, name) == 0) {
			reply_bytes(r, 200, files[i].data, *files[i].len, files[i].type);
			return;
		}
	reply_error(r, 404, "no such resource: /dashboard/%s", name);
}

void api_dashboard_index(struct cloud_request *req, struct cloud_reply *r)
{
	reply_file(r, "index.html");
}

void api_dashboard_file(struct cloud_request *req, struct cloud_reply *r)
{
	reply_file(r, req->params[0]);
}
