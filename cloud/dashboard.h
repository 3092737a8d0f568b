/*
 * dashboard.h - the fleet dashboard's page (docs/cloud.md, "Dashboard"):
 * cloud/dashboard/index.html, app.js and style.css, compiled into the
 * service as C strings by cloud/module.mk (no build step), served at / and
 * /dashboard/<file> without the admin token (the page logs in itself).
 */
#ifndef SPHERULE_CLOUD_DASHBOARD_H
#define SPHERULE_CLOUD_DASHBOARD_H

#include <stddef.h>

#include "http.h"

/* The files, generated from cloud/dashboard/ (NAME: the file name with _
 * for .): dashboard_NAME[] and its length dashboard_NAME_len. */
extern const char dashboard_index_html[], dashboard_app_js[], dashboard_style_css[];
extern const size_t dashboard_index_html_len, dashboard_app_js_len, dashboard_style_css_len;

/* GET /: index.html. */
void api_dashboard_index(struct cloud_request *req, struct cloud_reply *r);
/* GET /dashboard/{file}. */
void api_dashboard_file(struct cloud_request *req, struct cloud_reply *r);

#endif
