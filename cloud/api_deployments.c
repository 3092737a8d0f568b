/* api_deployments.c - POST and GET /v1/deployments (docs/cloud-api.md): an
 * image set targeted at a device group; the newest is the group's current
 * one, and its targets metadata gets a new version in the same
 * transaction. */
#include <errno.h>
#include <string.h>

#include "api.h"
#include "api_util.h"
#include "hex.h"
#include "spherule/update_meta.h"

#define DEPLOYMENT_QUERY(where) \
	"SELECT d.id, d.group_id, d.created_ms, d.images FROM deployments d" where " ORDER BY d.created_ms DESC, d.id"

static json_t *deployment_json(int ncols, const char *const *cols)
{
	json_t *images = json_array();
	const char *p = cols[3] ? cols[3] : "";

	/* cols[3]: the image ids, comma-separated in position order */
	while (images && *p) {
		size_t n = strcspn(p, ",");
		json_array_append_new(images, json_stringn(p, n));
		p += n + (p[n] == ',');
	}
	return json_pack("{s:s,s:s,s:I,s:o}", "id", cols[0], "device_group", cols[1], "created_at",
			 api_col_int(cols[2]) / 1000, "images", images);
}

struct image_check {
	char kind[8], component[40];
};

static int image_kind(void *ctx, int ncols, const char *const *cols)
{
	struct image_check *c = ctx;

	snprintf(c->kind, sizeof(c->kind), "%s", cols[0]);
	snprintf(c->component, sizeof(c->component), "%s", cols[1]);
	return 1;
}

/* The deployment's image ids (lowercased into ids), each uploaded, at most
 * one OS image (none when the group's os_feed is "none"), one per app. */
static int deployment_images(struct cloud_request *req, struct cloud_reply *r, json_t *list, const char *os_feed,
			     char ids[][65])
{
	struct image_check seen[UPDATE_META_TARGETS_MAX];
	size_t i, count = json_array_size(list);
	uint8_t raw[32];
	int rc;

	if (!json_is_array(list) || count > UPDATE_META_TARGETS_MAX) {
		reply_error(r, 400, "\"images\": an array of at most %u image ids", UPDATE_META_TARGETS_MAX);
		return -EINVAL;
	}
	for (i = 0; i < count; i++) {
		const char *text = json_string_value(json_array_get(list, i));
		if (!text || hex_decode(text, raw, 32) < 0) {
			reply_error(r, 400, "\"images\": an image id is 64 hex digits");
			return -EINVAL;
		}
		hex_encode(raw, 32, ids[i]);
		rc = cloud_db_exec(req->svc->db, image_kind, &seen[i],
				   "SELECT kind, component_id FROM images WHERE id = $1", 1, ids[i]);
		if (rc < 0) {
			reply_db_error(r, req->svc->db);
			return rc;
		}
		if (rc == 0) {
			reply_error(r, 404, "no such image: %s", ids[i]);
			return -ENOENT;
		}
		if (strcmp(seen[i].kind, "os") == 0 && strcmp(os_feed, "none") == 0) {
			reply_error(r, 400, "the device group's os_feed is none: it takes no OS image");
			return -EINVAL;
		}
		for (size_t j = 0; j < i; j++)
			if (strcmp(seen[i].kind, seen[j].kind) == 0 &&
			    (strcmp(seen[i].kind, "os") == 0 || strcmp(seen[i].component, seen[j].component) == 0)) {
				reply_error(r, 400, "two images of the same %s", strcmp(seen[i].kind, "os") == 0
											? "OS"
											: "app");
				return -EINVAL;
			}
	}
	return (int)count;
}

void api_deployment_create(struct cloud_request *req, struct cloud_reply *r)
{
	char group[API_ID_HEX + 1], id[API_ID_HEX + 1], ids[UPDATE_META_TARGETS_MAX][65], os_feed[16], now[24],
		pos[24], joined[UPDATE_META_TARGETS_MAX * 65 + 1] = "";
	json_t *body = request_json(req, r), *list;
	struct cloud_db *db = req->svc->db;
	const char *group_ref;
	bool bad = false;
	int count, rc;

	if (!body)
		return;
	group_ref = api_string(body, "device_group", true, r, &bad);
	if (bad || api_find_group(req, r, group_ref, group) < 0)
		goto out;
	if (cloud_db_get(db, os_feed, sizeof(os_feed), "SELECT os_feed FROM device_groups WHERE id = $1", 1,
			 group) <= 0) {
		reply_db_error(r, db);
		goto out;
	}
	count = deployment_images(req, r, json_object_get(body, "images"), os_feed, ids);
	if (count < 0)
		goto out;
	if (api_new_id(id) < 0) {
		reply_error(r, 500, "no random bytes");
		goto out;
	}
	for (int i = 0; i < count; i++)
		strcat(strcat(joined, i ? "," : ""), ids[i]);
	rc = cloud_db_begin(db);
	if (rc == 0)
		rc = cloud_db_exec(db, NULL, NULL,
				   "INSERT INTO deployments (id, group_id, created_ms, images) VALUES ($1, $2, $3, $4)", 4,
				   id, group, api_num(now, api_now_ms()), joined);
	for (int i = 0; rc == 0 && i < count; i++)
		rc = cloud_db_exec(db, NULL, NULL,
				   "INSERT INTO deployment_images (deployment_id, position, image_id) VALUES ($1, $2, $3)",
				   3, id, api_num(pos, i), ids[i]);
	if (rc == 0)
		rc = cloud_db_exec(db, NULL, NULL, "UPDATE device_groups SET deployment_id = $2 WHERE id = $1", 2, group,
				   id);
	if (rc < 0) {
		reply_db_error(r, db);
		cloud_db_rollback(db);
		goto out;
	}
	if (api_commit(req, r, group, true) < 0)
		goto out;
	list = api_rows(req, r, deployment_json, DEPLOYMENT_QUERY(" WHERE d.id = $1"), 1, id, NULL);
	if (list)
		reply_json(r, 201, json_incref(json_array_get(list, 0)));
	json_decref(list);
out:
	json_decref(body);
}

void api_deployment_list(struct cloud_request *req, struct cloud_reply *r)
{
	const char *group_ref = request_arg(req, "device_group");
	char group[API_ID_HEX + 1];
	json_t *list;

	if (group_ref && api_find_group(req, r, group_ref, group) < 0)
		return;
	list = group_ref ? api_rows(req, r, deployment_json,
				    DEPLOYMENT_QUERY(" WHERE d.group_id = $1"), 1, group, NULL)
			 : api_rows(req, r, deployment_json, DEPLOYMENT_QUERY(""), 0, NULL, NULL);
	if (list)
		reply_json(r, 200, list);
}
