/* api_certificates.c - device certificates (docs/cloud-api.md, docs/cloud.md
 * *Device certificates*): the tenant CA's certificate for anyone, a
 * certificate for a device that proves with secmon's attestation that it
 * booted a published OS, and the admin's view of what was issued and
 * refused. Every issuance and refusal is recorded. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "api_util.h"
#include "spherule/deviceauth_nonce.h"
#include "device_auth.h"
#include "hex.h"
#include "os_measure.h"
#include "spherule/pkg_host.h"
#include "tenant_ca.h"

#define REFUSALS_KEPT "100"            /* per claimed device, the newest */
#define UNCLAIMED_REFUSALS_KEPT "256"  /* of all devices not claimed, the newest */
#define UNPUBLISHED "the measurements match no published OS image"

void api_ca_certificate(struct cloud_request *req, struct cloud_reply *r)
{
	reply_bytes(r, 200, req->svc->ca->pem, req->svc->ca->pem_len, "application/x-pem-file");
}

/* A certificate request, its fields checked. */
struct cert_request {
	const char *device_id, *nonce, *public_key, *attestation;
	char id[65];
	uint8_t raw_id[32], nonce_raw[32], point[65];
};

static int request_read(json_t *body, struct cert_request *c, struct cloud_reply *r)
{
	json_error_t error;
	EVP_PKEY *key;

	if (json_unpack_ex(body, &error, 0, "{s:s,s:s,s:s,s:s}", "device_id", &c->device_id, "nonce", &c->nonce,
			   "public_key", &c->public_key, "attestation", &c->attestation) < 0) {
		reply_error(r, 400, "the certificate request: %s", error.text);
		return -EINVAL;
	}
	if (api_device_id(c->device_id, c->id, c->raw_id, r) < 0)
		return -EINVAL;
	if (hex_decode(c->nonce, c->nonce_raw, sizeof(c->nonce_raw)) < 0) {
		reply_error(r, 400, "the certificate request: \"nonce\": 64 hex digits");
		return -EINVAL;
	}
	if (hex_decode(c->public_key, c->point, sizeof(c->point)) < 0 || c->point[0] != 0x04) {
		reply_error(r, 400, "the certificate request: \"public_key\": 130 hex digits, the uncompressed "
				    "P-256 point 04 || X || Y");
		return -EINVAL;
	}
	key = pkg_key_from_point(c->point);
	EVP_PKEY_free(key);
	if (!key) {
		reply_error(r, 400, "the certificate request: \"public_key\" is not a point on P-256");
		return -EINVAL;
	}
	return 0;
}

/* Records a refusal of device id (claimed or not), keeping the newest. */
static int refusal_record(struct cloud_db *db, const char *id, bool claimed, unsigned status, const char *reason)
{
	char row[API_ID_HEX + 1], at[24], code[24];
	int rc = api_new_id(row);

	if (rc == 0)
		rc = cloud_db_exec(db, NULL, NULL,
				   "INSERT INTO certificate_refusals (id, device_id, at_ms, status, reason) "
				   "VALUES ($1, $2, $3, $4, $5)",
				   5, row, id, api_num(at, api_now_ms()), api_num(code, status), reason);
	if (rc == 0 && claimed)
		rc = cloud_db_exec(db, NULL, NULL,
				   "DELETE FROM certificate_refusals WHERE device_id = $1 AND id NOT IN (SELECT id FROM "
				   "certificate_refusals WHERE device_id = $1 ORDER BY at_ms DESC, id DESC LIMIT "
				   REFUSALS_KEPT ")",
				   1, id);
	else if (rc == 0)
		rc = cloud_db_exec(db, NULL, NULL,
				   "DELETE FROM certificate_refusals WHERE device_id NOT IN (SELECT id FROM devices) AND "
				   "id NOT IN (SELECT r.id FROM certificate_refusals r WHERE r.device_id NOT IN "
				   "(SELECT id FROM devices) ORDER BY r.at_ms DESC, r.id DESC LIMIT " UNCLAIMED_REFUSALS_KEPT
				   ")",
				   0);
	return rc;
}

/* Refuses with status and reason, recorded first. */
static void refuse(struct cloud_request *req, struct cloud_reply *r, const char *id, bool claimed, unsigned status,
		   const char *reason)
{
	if (refusal_record(req->svc->db, id, claimed, status, reason) < 0)
		reply_db_error(r, req->svc->db);
	else
		reply_error(r, status, "%s", reason);
}

/* Issues the certificate of an attested request booted on OS image os_image. */
static void issue(struct cloud_request *req, struct cloud_reply *r, const struct cert_request *c, const char *os_image)
{
	const struct tenant_ca *ca = req->svc->ca;
	struct device_cert cert;
	char nb[24], na[24], at[24];
	int rc = tenant_ca_issue(ca, c->id, c->point, api_now(), req->svc->cfg.cert_validity_s, &cert);

	if (rc < 0) {
		reply_error(r, 500, "the tenant CA cannot issue the certificate");
		return;
	}
	if (cloud_db_exec(req->svc->db, NULL, NULL,
			  "INSERT INTO device_certificates (serial, device_id, not_before, not_after, public_key, "
			  "os_image_id, issued_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7)",
			  7, cert.serial, c->id, api_num(nb, cert.not_before), api_num(na, cert.not_after),
			  c->public_key, os_image, api_num(at, api_now_ms())) < 0)
		reply_db_error(r, req->svc->db);
	else
		reply_json(r, 200, json_pack("{s:s,s:s,s:I,s:s}", "certificate", cert.pem, "chain", ca->pem,
					     "not_after", (json_int_t)cert.not_after, "tenant", ca->tenant));
	free(cert.pem);
}

void api_device_certificate(struct cloud_request *req, struct cloud_reply *r)
{
	json_t *body = request_json(req, r);
	struct device_attestation *a = NULL;
	struct cert_request c = { 0 };
	char why[256], reason[320], os_image[65];
	uint8_t attested[32];
	int rc;

	if (!body)
		return;
	if (request_read(body, &c, r) < 0)
		goto out;
	a = malloc(sizeof(*a));
	if (!a || deviceauth_request_nonce(c.nonce_raw, c.point, attested) < 0) {
		reply_error(r, 500, "out of memory");
		goto out;
	}
	rc = device_attestation_check(req->svc, c.id, c.nonce, attested, c.attestation, a, why, sizeof(why));
	if (rc == -EACCES) {
		refuse(req, r, c.id, a->claimed, 401, why);
		goto out;
	}
	if (rc == 0)
		rc = os_measure_match(req->svc->db, &a->resp.res.attest, os_image, why, sizeof(why));
	if (rc == -EACCES) {
		snprintf(reason, sizeof(reason), UNPUBLISHED ": %s", why);
		refuse(req, r, c.id, true, 403, reason);
	} else if (rc < 0) {
		reply_db_error(r, req->svc->db);
	} else {
		issue(req, r, &c, os_image);
	}
out:
	free(a);
	json_decref(body);
}

static json_t *issued_json(int ncols, const char *const *cols)
{
	return json_pack("{s:s,s:I,s:I,s:s,s:s,s:I}", "serial", cols[0], "not_before", api_col_int(cols[1]),
			 "not_after", api_col_int(cols[2]), "public_key", cols[3], "os_image", cols[4], "issued_at",
			 api_col_int(cols[5]) / 1000);
}

static json_t *refusal_json(int ncols, const char *const *cols)
{
	return json_pack("{s:I,s:I,s:s}", "time", api_col_int(cols[0]) / 1000, "status", api_col_int(cols[1]),
			 "reason", cols[2]);
}

void api_device_certificates(struct cloud_request *req, struct cloud_reply *r)
{
	json_t *issued, *refusals;
	char id[65];

	if (api_path_device(req, r, id) < 0)
		return;
	issued = api_rows(req, r, issued_json,
			  "SELECT serial, not_before, not_after, public_key, os_image_id, issued_at_ms FROM "
			  "device_certificates WHERE device_id = $1 ORDER BY issued_at_ms DESC, serial",
			  1, id, NULL);
	refusals = issued ? api_rows(req, r, refusal_json,
				     "SELECT at_ms, status, reason FROM certificate_refusals WHERE device_id = $1 "
				     "ORDER BY at_ms DESC, id DESC",
				     1, id, NULL)
			  : NULL;
	if (refusals)
		reply_json(r, 200, json_pack("{s:s,s:o,s:o}", "device_id", id, "issued", issued, "refusals", refusals));
	else
		json_decref(issued);
}
