/* api_products.c - POST and GET /v1/products (docs/cloud-api.md). */
#include <errno.h>
#include <string.h>

#include "api.h"
#include "api_util.h"

static json_t *product_json(int ncols, const char *const *cols)
{
	return json_pack("{s:s,s:s,s:s}", "id", cols[0], "name", cols[1], "description", cols[2]);
}

void api_product_create(struct cloud_request *req, struct cloud_reply *r)
{
	json_t *body = request_json(req, r);
	const char *name, *description;
	char id[API_ID_HEX + 1];
	bool bad = false;
	int rc;

	if (!body)
		return;
	name = api_string(body, "name", true, r, &bad);
	description = bad ? NULL : api_string(body, "description", false, r, &bad);
	if (bad)
		goto out;
	if (!*name || strlen(name) > 128) {
		reply_error(r, 400, "\"name\": 1 to 128 bytes");
		goto out;
	}
	if (!description)
		description = "";
	if (api_new_id(id) < 0) {
		reply_error(r, 500, "no random bytes");
		goto out;
	}
	rc = cloud_db_exec(req->svc->db, NULL, NULL,
			   "INSERT INTO products (id, name, description) VALUES ($1, $2, $3)", 3, id, name,
			   description);
	if (rc == -EEXIST)
		reply_error(r, 409, "a product is already named %s", name);
	else if (rc < 0)
		reply_db_error(r, req->svc->db);
	else
		reply_json(r, 201, json_pack("{s:s,s:s,s:s}", "id", id, "name", name, "description", description));
out:
	json_decref(body);
}

void api_product_list(struct cloud_request *req, struct cloud_reply *r)
{
	json_t *list = api_rows(req, r, product_json, "SELECT id, name, description FROM products ORDER BY name",
				0, NULL, NULL);

	if (list)
		reply_json(r, 200, list);
}
