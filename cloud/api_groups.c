/* api_groups.c - POST, PATCH and GET /v1/device-groups (docs/cloud-api.md):
 * a product's group of devices, its OS feed, update window and check
 * period. */
#include <errno.h>
#include <string.h>

#include "api.h"
#include "api_util.h"

#define GROUP_COLUMNS \
	"SELECT id, product_id, name, os_feed, window_start, window_end, check_period_s, deployment_id, " \
	"meta_version FROM device_groups"
#define CHECK_PERIOD_DEFAULT 3600
#define CHECK_PERIOD_MIN 10
#define CHECK_PERIOD_MAX (7 * 86400)

static json_t *group_json(int ncols, const char *const *cols)
{
	json_t *window = cols[4] && cols[5] ? json_pack("{s:I,s:I}", "start_hour", api_col_int(cols[4]),
							 "end_hour", api_col_int(cols[5]))
					    : json_null();

	return json_pack("{s:s,s:s,s:s,s:s,s:o,s:I,s:s?,s:I}", "id", cols[0], "product", cols[1], "name", cols[2],
			 "os_feed", cols[3], "update_window", window, "check_period_s", api_col_int(cols[6]),
			 "deployment", cols[7], "targets_version", api_col_int(cols[8]));
}

/* The settings of a create (defaults filled) or a patch (only those given). */
struct group_fields {
	const char *name, *os_feed;
	bool window_given, check_period_given;
	char window_start[24], window_end[24]; /* "" for null */
	char check_period[24];
};

static int window_hour(json_t *window, const char *key, char out[24], struct cloud_reply *r)
{
	json_t *v = json_object_get(window, key);

	if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 23) {
		reply_error(r, 400, "\"update_window\": \"%s\" must be an hour, 0 to 23", key);
		return -EINVAL;
	}
	api_num(out, json_integer_value(v));
	return 0;
}

static int group_fields_read(json_t *body, struct group_fields *f, struct cloud_reply *r)
{
	json_t *window = json_object_get(body, "update_window"), *period = json_object_get(body, "check_period_s");
	bool bad = false;

	f->name = api_string(body, "name", false, r, &bad);
	f->os_feed = bad ? NULL : api_string(body, "os_feed", false, r, &bad);
	if (bad)
		return -EINVAL;
	if (f->name && (!*f->name || strlen(f->name) > 128)) {
		reply_error(r, 400, "\"name\": 1 to 128 bytes");
		return -EINVAL;
	}
	if (f->os_feed && strcmp(f->os_feed, "retail") != 0 && strcmp(f->os_feed, "none") != 0) {
		reply_error(r, 400, "\"os_feed\": \"retail\" or \"none\"");
		return -EINVAL;
	}
	f->window_given = window != NULL;
	if (window && !json_is_null(window)) {
		if (!json_is_object(window) || window_hour(window, "start_hour", f->window_start, r) < 0 ||
		    window_hour(window, "end_hour", f->window_end, r) < 0) {
			if (!json_is_object(window))
				reply_error(r, 400, "\"update_window\": an object or null");
			return -EINVAL;
		}
	}
	f->check_period_given = period != NULL;
	if (period) {
		if (!json_is_integer(period) || json_integer_value(period) < CHECK_PERIOD_MIN ||
		    json_integer_value(period) > CHECK_PERIOD_MAX) {
			reply_error(r, 400, "\"check_period_s\": seconds, %d to %d", CHECK_PERIOD_MIN,
				    CHECK_PERIOD_MAX);
			return -EINVAL;
		}
		api_num(f->check_period, json_integer_value(period));
	} else {
		api_num(f->check_period, CHECK_PERIOD_DEFAULT);
	}
	return 0;
}

static const char *or_null(const char *s)
{
	return *s ? s : NULL;
}

static void group_reply(struct cloud_request *req, struct cloud_reply *r, const char *id, unsigned status)
{
	int found;
	json_t *g = api_row(req, r, group_json, GROUP_COLUMNS " WHERE id = $1", id, &found);

	if (g)
		reply_json(r, status, g);
	else if (!found && r->status != 500)
		reply_error(r, 404, "no such device group: %s", id);
}

/* A failed write in the caller's transaction: rolled back, the reply made. */
static void group_write_failed(struct cloud_request *req, struct cloud_reply *r, int rc, const char *name)
{
	if (rc == -EEXIST)
		reply_error(r, 409, "the product already has a device group named %s", name);
	else
		reply_db_error(r, req->svc->db);
	cloud_db_rollback(req->svc->db);
}

void api_group_create(struct cloud_request *req, struct cloud_reply *r)
{
	json_t *body = request_json(req, r);
	struct group_fields f = { 0 };
	char product[API_ID_HEX + 1], id[API_ID_HEX + 1];
	const char *product_ref;
	bool bad = false;
	int rc;

	if (!body)
		return;
	product_ref = api_string(body, "product", true, r, &bad);
	if (bad || group_fields_read(body, &f, r) < 0)
		goto out;
	if (!f.name) {
		reply_error(r, 400, "\"name\": expected a string");
		goto out;
	}
	if (api_find_product(req, r, product_ref, product) < 0)
		goto out;
	if (api_new_id(id) < 0) {
		reply_error(r, 500, "no random bytes");
		goto out;
	}
	rc = cloud_db_begin(req->svc->db);
	if (rc == 0)
		rc = cloud_db_exec(req->svc->db, NULL, NULL,
				   "INSERT INTO device_groups (id, product_id, name, os_feed, window_start, window_end, "
				   "check_period_s) VALUES ($1, $2, $3, $4, $5, $6, $7)",
				   7, id, product, f.name, f.os_feed ? f.os_feed : "retail", or_null(f.window_start),
				   or_null(f.window_end), f.check_period);
	if (rc < 0)
		group_write_failed(req, r, rc, f.name);
	else if (api_commit(req, r, id, true) == 0)
		group_reply(req, r, id, 201);
out:
	json_decref(body);
}

void api_group_update(struct cloud_request *req, struct cloud_reply *r)
{
	json_t *body = request_json(req, r);
	struct group_fields f = { 0 };
	char id[API_ID_HEX + 1];
	int rc = 0;

	if (!body)
		return;
	if (group_fields_read(body, &f, r) < 0 || api_find_group(req, r, req->params[0], id) < 0)
		goto out;
	rc = cloud_db_begin(req->svc->db);
	if (rc == 0 && f.name)
		rc = cloud_db_exec(req->svc->db, NULL, NULL, "UPDATE device_groups SET name = $2 WHERE id = $1", 2,
				   id, f.name);
	if (rc == 0 && f.os_feed)
		rc = cloud_db_exec(req->svc->db, NULL, NULL, "UPDATE device_groups SET os_feed = $2 WHERE id = $1",
				   2, id, f.os_feed);
	if (rc == 0 && f.window_given)
		rc = cloud_db_exec(req->svc->db, NULL, NULL,
				   "UPDATE device_groups SET window_start = $2, window_end = $3 WHERE id = $1", 3, id,
				   or_null(f.window_start), or_null(f.window_end));
	if (rc == 0 && f.check_period_given)
		rc = cloud_db_exec(req->svc->db, NULL, NULL,
				   "UPDATE device_groups SET check_period_s = $2 WHERE id = $1", 2, id, f.check_period);
	if (rc < 0)
		group_write_failed(req, r, rc, f.name);
	else if (api_commit(req, r, id, f.os_feed != NULL) == 0) /* os_feed: other targets */
		group_reply(req, r, id, 200);
out:
	json_decref(body);
}

void api_group_list(struct cloud_request *req, struct cloud_reply *r)
{
	const char *product_ref = request_arg(req, "product");
	char product[API_ID_HEX + 1];
	json_t *list;

	if (product_ref && api_find_product(req, r, product_ref, product) < 0)
		return;
	list = product_ref ? api_rows(req, r, group_json, GROUP_COLUMNS " WHERE product_id = $1 ORDER BY name", 1,
				      product, NULL)
			   : api_rows(req, r, group_json, GROUP_COLUMNS " ORDER BY name", 0, NULL, NULL);
	if (list)
		reply_json(r, 200, list);
}
