/* api_devices.c - the admin API's devices (docs/cloud-api.md): claim a
 * device into a group by its id and public key, move it, list and show them
 * with their last check-in, the images a device is targeted with, and the
 * "check now" request. */
#include <errno.h>
#include <openssl/evp.h>
#include <string.h>

#include "api.h"
#include "api_util.h"
#include "crypto.h"
#include "hex.h"
#include "spherule/pkg_host.h"

#define DEVICE_COLUMNS \
	"SELECT d.id, d.public_key, d.group_id, d.claimed_at, d.check_now, c.at_ms, c.os_version, " \
	"c.os_security_version, c.os_slot, c.apps, c.state, c.detail FROM devices d " \
	"LEFT JOIN checkins c ON c.device_id = d.id AND c.nonce = d.last_nonce"

static json_t *device_json(int ncols, const char *const *cols)
{
	json_t *last = json_null();

	if (cols[5]) {
		json_t *apps = json_loads(cols[9], 0, NULL);
		last = json_pack("{s:I,s:{s:I,s:I,s:s},s:o,s:s,s:s}", "time", api_col_int(cols[5]) / 1000, "os",
				 "version", api_col_int(cols[6]), "security_version", api_col_int(cols[7]), "slot",
				 cols[8], "apps", apps ? apps : json_array(), "state", cols[10], "detail", cols[11]);
	}
	return json_pack("{s:s,s:s,s:s,s:I,s:b,s:o}", "device_id", cols[0], "public_key", cols[1], "device_group",
			 cols[2], "claimed_at", api_col_int(cols[3]), "check_now", api_col_int(cols[4]) != 0,
			 "last_checkin", last);
}

/* The device id is the SHA-256 of the key's 65-byte point. */
static int key_matches_id(const char *pem, const uint8_t id[32], struct cloud_reply *r)
{
	struct error_detail err = { "" };
	EVP_PKEY *key = pkg_key_parse_public(pem, strlen(pem), "\"public_key\"", &err);
	uint8_t point[PKG_PUBKEY_SIZE], digest[32];
	int rc = key ? pkg_key_point(key, point, &err) : -EINVAL;

	EVP_PKEY_free(key);
	if (rc < 0) {
		reply_error(r, 400, "%s", err.msg);
		return -EINVAL;
	}
	if (crypto_sha256(point, sizeof(point), digest) != 0 || memcmp(digest, id, 32)) {
		reply_error(r, 400, "the device id is not the SHA-256 of the public key");
		return -EINVAL;
	}
	return 0;
}

static void device_reply(struct cloud_request *req, struct cloud_reply *r, const char *id, unsigned status)
{
	int found;
	json_t *d = api_row(req, r, device_json, DEVICE_COLUMNS " WHERE d.id = $1", id, &found);

	if (d)
		reply_json(r, status, d);
	else if (!found && r->status != 500)
		reply_error(r, 404, "no such device: %s", id);
}

void api_device_claim(struct cloud_request *req, struct cloud_reply *r)
{
	json_t *body = request_json(req, r);
	const char *id_text, *pem, *group_ref;
	char id[65], group[API_ID_HEX + 1], now[24];
	uint8_t raw[32];
	bool bad = false;
	int rc;

	if (!body)
		return;
	id_text = api_string(body, "device_id", true, r, &bad);
	pem = bad ? NULL : api_string(body, "public_key", true, r, &bad);
	group_ref = bad ? NULL : api_string(body, "device_group", true, r, &bad);
	if (bad || api_device_id(id_text, id, raw, r) < 0 || key_matches_id(pem, raw, r) < 0 ||
	    api_find_group(req, r, group_ref, group) < 0)
		goto out;
	rc = cloud_db_exec(req->svc->db, NULL, NULL,
			   "INSERT INTO devices (id, public_key, group_id, claimed_at) VALUES ($1, $2, $3, $4)", 4, id,
			   pem, group, api_num(now, api_now()));
	if (rc == -EEXIST)
		reply_error(r, 409, "the device is already claimed: %s", id);
	else if (rc < 0)
		reply_db_error(r, req->svc->db);
	else
		device_reply(req, r, id, 201);
out:
	json_decref(body);
}

int api_path_device(struct cloud_request *req, struct cloud_reply *r, char id[65])
{
	uint8_t raw[32];
	int rc;

	if (hex_decode(req->params[0], raw, 32) < 0) {
		reply_error(r, 404, "no such device: %s", req->params[0]);
		return -ENOENT;
	}
	hex_encode(raw, 32, id);
	rc = cloud_db_get(req->svc->db, NULL, 0, "SELECT id FROM devices WHERE id = $1", 1, id);
	if (rc < 0)
		reply_db_error(r, req->svc->db);
	else if (rc == 0)
		reply_error(r, 404, "no such device: %s", id);
	return rc > 0 ? 0 : -ENOENT;
}

void api_device_update(struct cloud_request *req, struct cloud_reply *r)
{
	json_t *body = request_json(req, r);
	char id[65], group[API_ID_HEX + 1];
	const char *group_ref;
	bool bad = false;

	if (!body)
		return;
	group_ref = api_string(body, "device_group", true, r, &bad);
	if (bad || api_path_device(req, r, id) < 0 || api_find_group(req, r, group_ref, group) < 0)
		goto out;
	if (cloud_db_begin(req->svc->db) < 0 ||
	    cloud_db_exec(req->svc->db, NULL, NULL, "UPDATE devices SET group_id = $2 WHERE id = $1", 2, id,
			  group) < 0) {
		reply_db_error(r, req->svc->db);
		cloud_db_rollback(req->svc->db);
		goto out;
	}
	/* A new version for the group, above any the device saw in its old one. */
	if (api_commit(req, r, group, true) == 0)
		device_reply(req, r, id, 200);
out:
	json_decref(body);
}

void api_device_list(struct cloud_request *req, struct cloud_reply *r)
{
	json_t *list = api_rows(req, r, device_json, DEVICE_COLUMNS " ORDER BY d.id", 0, NULL, NULL);

	if (list)
		reply_json(r, 200, list);
}

void api_device_show(struct cloud_request *req, struct cloud_reply *r)
{
	char id[65];

	if (api_path_device(req, r, id) == 0)
		device_reply(req, r, id, 200);
}

void api_device_targeted(struct cloud_request *req, struct cloud_reply *r)
{
	char id[65];
	json_t *list;

	if (api_path_device(req, r, id) < 0)
		return;
	list = api_image_rows(req, r,
			      " JOIN deployment_images di ON di.image_id = i.id JOIN device_groups g ON "
			      "g.deployment_id = di.deployment_id JOIN devices d ON d.group_id = g.id "
			      "WHERE d.id = $1 AND (i.kind = 'app' OR g.os_feed = 'retail') ORDER BY di.position",
			      id);
	if (list)
		reply_json(r, 200, list);
}

void api_device_update_check(struct cloud_request *req, struct cloud_reply *r)
{
	char id[65];

	if (api_path_device(req, r, id) < 0)
		return;
	if (cloud_db_exec(req->svc->db, NULL, NULL, "UPDATE devices SET check_now = 1 WHERE id = $1", 1, id) < 0)
		reply_db_error(r, req->svc->db);
	else
		reply_json(r, 200, json_pack("{s:s,s:b}", "device_id", id, "check_now", 1));
}
