/* api_device.c - the device API (docs/cloud-api.md): a nonce, the
 * authenticated check-in answered with the signed metadata bundle, and the
 * cheap "check now?" poll. No admin token: check-ins prove themselves with
 * secmon's attestation (device_auth.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "api_util.h"
#include "device_auth.h"
#include "error_reports.h"
#include "hex.h"
#include "metadata.h"
#include "spherule/update_meta.h"

static const char *const checkin_states[] = { "idle",       "downloading", "staged", "installing", "rebooting",
					      "healthy",    "rolled-back", "failed" };

void api_device_nonce(struct cloud_request *req, struct cloud_reply *r)
{
	char id[65], nonce[65];
	uint8_t raw[32];
	int64_t expires;
	int rc;

	if (api_device_id(request_arg(req, "device_id"), id, raw, r) < 0)
		return;
	rc = device_nonce_issue(req->svc, id, nonce, &expires);
	if (rc == -ENOENT)
		reply_error(r, 401, "unknown device: it is not claimed");
	else if (rc < 0)
		reply_db_error(r, req->svc->db);
	else
		reply_json(r, 200, json_pack("{s:s,s:I}", "nonce", nonce, "expires_s", (json_int_t)expires));
}

void api_device_poll(struct cloud_request *req, struct cloud_reply *r)
{
	char id[65], check_now[24] = "0";
	uint8_t raw[32];

	if (api_device_id(request_arg(req, "device_id"), id, raw, r) < 0)
		return;
	if (cloud_db_get(req->svc->db, check_now, sizeof(check_now), "SELECT check_now FROM devices WHERE id = $1", 1,
			 id) < 0)
		reply_db_error(r, req->svc->db);
	else
		reply_json(r, 200, json_pack("{s:b}", "check_now", strcmp(check_now, "0") != 0));
}

/* What a check-in reports, its fields checked. */
struct checkin {
	const char *device_id, *nonce, *attestation, *slot, *state, *detail;
	json_int_t os_version, os_secver;
	json_t *apps;
	json_t *reports;   /* error_reports.h: normalised, or NULL */
	int64_t acked;     /* the highest seq of reports stored, -1 for none */
};

static bool valid_state(const char *state)
{
	for (size_t i = 0; i < sizeof(checkin_states) / sizeof(checkin_states[0]); i++)
		if (strcmp(state, checkin_states[i]) == 0)
			return true;
	return false;
}

static int checkin_read(json_t *body, struct checkin *c, struct cloud_reply *r)
{
	json_t *os = json_object_get(body, "os"), *app;
	json_error_t error;
	size_t i;

	if (json_unpack_ex(body, &error, 0, "{s:s,s:s,s:s,s:s,s:o,s?s}", "device_id", &c->device_id, "nonce",
			   &c->nonce, "attestation", &c->attestation, "state", &c->state, "apps", &c->apps, "detail",
			   &c->detail) < 0 ||
	    json_unpack_ex(os, &error, 0, "{s:I,s:I,s:s}", "version", &c->os_version, "security_version",
			   &c->os_secver, "slot", &c->slot) < 0) {
		reply_error(r, 400, "the check-in: %s", error.text);
		return -EINVAL;
	}
	if (strcmp(c->slot, "A") != 0 && strcmp(c->slot, "B") != 0) {
		reply_error(r, 400, "the check-in: \"os\": \"slot\" is A or B");
		return -EINVAL;
	}
	if (!valid_state(c->state)) {
		reply_error(r, 400, "the check-in: \"state\" %s is not a state", c->state);
		return -EINVAL;
	}
	if (!json_is_array(c->apps)) {
		reply_error(r, 400, "the check-in: \"apps\" is an array");
		return -EINVAL;
	}
	json_array_foreach(c->apps, i, app)
	{
		if (json_unpack_ex(app, &error, JSON_VALIDATE_ONLY, "{s:s,s:I}", "component_id", "version") < 0) {
			reply_error(r, 400, "the check-in: \"apps\"[%zu]: %s", i, error.text);
			return -EINVAL;
		}
	}
	if (!c->detail)
		c->detail = "";
	return 0;
}

/* Records the check-in and its failure reports (c->acked set); the device's new
 * timestamp version into version. */
static int checkin_store(struct cloud_db *db, struct checkin *c, const char *id, char version[24])
{
	char at[24], os_version[24], os_secver[24];
	char *apps = json_dumps(c->apps, JSON_COMPACT);
	int rc = apps ? cloud_db_begin(db) : -ENOMEM;

	if (rc == 0)
		rc = cloud_db_exec(db, NULL, NULL,
				   "INSERT INTO checkins (device_id, nonce, at_ms, os_version, os_security_version, "
				   "os_slot, apps, state, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
				   9, id, c->nonce, api_num(at, api_now_ms()), api_num(os_version, c->os_version),
				   api_num(os_secver, c->os_secver), c->slot, apps, c->state, c->detail);
	if (rc == 0)
		rc = cloud_db_get(db, version, 24,
				  "UPDATE devices SET timestamp_version = timestamp_version + 1, check_now = 0, "
				  "last_nonce = $2 WHERE id = $1 RETURNING timestamp_version",
				  2, id, c->nonce) == 1 ? 0 : -EIO;
	if (rc == 0)
		rc = error_reports_store(db, id, c->reports, &c->acked);
	if (rc == 0)
		rc = cloud_db_commit(db);
	if (rc < 0 && apps)
		cloud_db_rollback(db);
	free(apps);
	return rc;
}

struct group_settings {
	char period[24], window[16];
};

static int read_settings(void *ctx, int ncols, const char *const *cols)
{
	struct group_settings *s = ctx;

	snprintf(s->period, sizeof(s->period), "%s", cols[0]);
	if (cols[1] && cols[2])
		snprintf(s->window, sizeof(s->window), "%02d-%02d", (int)api_col_int(cols[1]),
			 (int)api_col_int(cols[2]));
	return 1;
}

void api_device_checkin(struct cloud_request *req, struct cloud_reply *r)
{
	static uint8_t bundle[UPDATE_META_BUNDLE_MAX];
	struct group_settings settings = { "", "none" };
	json_t *body = request_json(req, r);
	struct checkin c = { 0 };
	char id[65], group[API_ID_HEX + 1], version[24], why[256];
	uint8_t raw_id[32], nonce[32];
	size_t len = sizeof(bundle);
	int rc;

	if (!body)
		return;
	if (checkin_read(body, &c, r) < 0 || error_reports_read(body, &c.reports, r) < 0 ||
	    api_device_id(c.device_id, id, raw_id, r) < 0)
		goto out;
	rc = device_authenticate(req->svc, id, c.nonce, c.attestation, group, why, sizeof(why));
	if (rc == -EACCES) {
		reply_error(r, 401, "%s", why);
		goto out;
	}
	if (rc < 0 || checkin_store(req->svc->db, &c, id, version) < 0) {
		reply_db_error(r, req->svc->db);
		goto out;
	}
	hex_decode(c.nonce, nonce, sizeof(nonce));
	rc = cloud_meta_bundle(req->svc, group, nonce, raw_id, (uint32_t)api_col_int(version), bundle, &len, why,
			       sizeof(why));
	if (rc < 0 || cloud_db_exec(req->svc->db, read_settings, &settings,
				    "SELECT check_period_s, window_start, window_end FROM device_groups WHERE id = $1",
				    1, group) < 0) {
		reply_error(r, 500, "metadata: %s", rc < 0 ? why : req->svc->db->error);
		goto out;
	}
	reply_bytes(r, 200, bundle, len, "application/octet-stream");
	reply_header(r, "X-Spherule-Check-Period", "%s", settings.period);
	reply_header(r, "X-Spherule-Update-Window", "%s", settings.window);
	if (c.acked >= 0)
		reply_header(r, "X-Spherule-Reports-Acked", "%lld", (long long)c.acked);
out:
	json_decref(c.reports);
	json_decref(body);
}
