/* api_util.c - helpers shared by the API handlers (api_util.h). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api_util.h"
#include "hex.h"
#include "metadata.h"
#include "spherule/pkg_host.h"

int api_new_id(char out[API_ID_HEX + 1])
{
	uint8_t raw[API_ID_HEX / 2];

	if (pkg_random(raw, sizeof(raw)) < 0)
		return -EIO;
	hex_encode(raw, sizeof(raw), out);
	return 0;
}

int64_t api_now(void)
{
	return (int64_t)time(NULL);
}

int64_t api_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void reply_db_error(struct cloud_reply *r, struct cloud_db *db)
{
	char *nl = strchr(db->error, '\n');

	if (nl)
		*nl = '\0';
	reply_error(r, 500, "database: %s", db->error);
}

struct rows_ctx {
	api_row_json row_json;
	json_t *out;
	int count;
};

static int add_row(void *ctx, int ncols, const char *const *cols)
{
	struct rows_ctx *c = ctx;
	json_t *o = c->row_json(ncols, cols);

	if (!o)
		return -ENOMEM;
	c->count++;
	if (json_is_array(c->out))
		return json_array_append_new(c->out, o) == 0 ? 0 : -ENOMEM;
	c->out = o; /* api_row: the first row only */
	return 1;
}

json_t *api_rows(struct cloud_request *req, struct cloud_reply *r, api_row_json row_json, const char *sql,
		 int nparams, const char *p1, const char *p2)
{
	struct rows_ctx c = { row_json, json_array(), 0 };
	int rc = c.out ? cloud_db_exec(req->svc->db, add_row, &c, sql, nparams, p1, p2) : -ENOMEM;

	if (rc < 0) {
		json_decref(c.out);
		reply_db_error(r, req->svc->db);
		return NULL;
	}
	return c.out;
}

json_t *api_row(struct cloud_request *req, struct cloud_reply *r, api_row_json row_json, const char *sql,
		const char *p1, int *found)
{
	struct rows_ctx c = { row_json, NULL, 0 };
	int rc = cloud_db_exec(req->svc->db, add_row, &c, sql, 1, p1);

	*found = c.count > 0;
	if (rc < 0) {
		json_decref(c.out);
		reply_db_error(r, req->svc->db);
		return NULL;
	}
	return c.out;
}

/* The id of the row of table whose id or name is ref. */
static int find_by_id_or_name(struct cloud_request *req, struct cloud_reply *r, const char *table,
			      const char *what, const char *ref, char id[API_ID_HEX + 1])
{
	char sql[160], count[24];
	int rc;

	snprintf(sql, sizeof(sql), "SELECT id FROM %s WHERE id = $1", table);
	rc = cloud_db_get(req->svc->db, id, API_ID_HEX + 1, sql, 1, ref);
	if (rc == 0) {
		snprintf(sql, sizeof(sql), "SELECT COUNT(*), MIN(id) FROM %s WHERE name = $1", table);
		rc = cloud_db_get(req->svc->db, count, sizeof(count), sql, 1, ref);
		if (rc > 0 && strcmp(count, "1") == 0) {
			snprintf(sql, sizeof(sql), "SELECT id FROM %s WHERE name = $1", table);
			rc = cloud_db_get(req->svc->db, id, API_ID_HEX + 1, sql, 1, ref);
		} else if (rc > 0 && strcmp(count, "0") != 0) {
			reply_error(r, 409, "more than one %s is named %s: give its id", what, ref);
			return -EINVAL;
		} else if (rc >= 0) {
			rc = 0;
		}
	}
	if (rc < 0) {
		reply_db_error(r, req->svc->db);
		return rc;
	}
	if (rc == 0) {
		reply_error(r, 404, "no such %s: %s", what, ref);
		return -ENOENT;
	}
	return 0;
}

int api_find_product(struct cloud_request *req, struct cloud_reply *r, const char *ref, char id[API_ID_HEX + 1])
{
	return find_by_id_or_name(req, r, "products", "product", ref, id);
}

int api_find_group(struct cloud_request *req, struct cloud_reply *r, const char *ref, char id[API_ID_HEX + 1])
{
	return find_by_id_or_name(req, r, "device_groups", "device group", ref, id);
}

const char *api_string(json_t *obj, const char *key, bool required, struct cloud_reply *r, bool *bad)
{
	json_t *v = json_object_get(obj, key);

	if (!v && !required)
		return NULL;
	if (!json_is_string(v)) {
		reply_error(r, 400, "\"%s\": expected a string", key);
		*bad = true;
		return NULL;
	}
	return json_string_value(v);
}

int api_commit(struct cloud_request *req, struct cloud_reply *r, const char *group_id, bool refresh)
{
	char why[256];
	int rc = refresh ? cloud_meta_group_refresh(req->svc, group_id, why, sizeof(why)) : 0;

	if (rc < 0) {
		cloud_db_rollback(req->svc->db);
		reply_error(r, 500, "metadata: %s", why);
		return rc;
	}
	rc = cloud_db_commit(req->svc->db);
	if (rc < 0) {
		reply_db_error(r, req->svc->db);
		cloud_db_rollback(req->svc->db);
	}
	return rc;
}

int api_device_id(const char *text, char id[65], uint8_t raw[32], struct cloud_reply *r)
{
	if (!text || hex_decode(text, raw, 32) < 0) {
		reply_error(r, 400, "\"device_id\": 64 hex digits");
		return -EINVAL;
	}
	hex_encode(raw, 32, id);
	return 0;
}

const char *api_num(char buf[24], int64_t n)
{
	snprintf(buf, 24, "%" PRId64, n);
	return buf;
}

json_int_t api_col_int(const char *col)
{
	return col ? (json_int_t)strtoll(col, NULL, 10) : 0;
}
