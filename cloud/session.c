/* session.c - the dashboard's sessions, their cookie and CSRF token
 * (session.h). */
#include <errno.h>
#include <microhttpd.h>
#include <openssl/crypto.h>
#include <stdbool.h>
#include <string.h>

#include "account.h"
#include "api_util.h"
#include "crypto.h"
#include "hex.h"
#include "session.h"
#include "spherule/pkg_host.h"

#define SESSION_ID 32 /* random bytes of the cookie's id and of the CSRF token */

/* A session's expiry is moved on by a request only when it gains this
 * much, so that a dashboard polling every few seconds writes its row about
 * once a minute. */
#define SESSION_SLIDE_MIN_S 60

struct session {
	char account[64];
	char csrf[2 * SESSION_ID + 1];
	int64_t expires_at;
	int64_t created_at;
	char id_hash[2 * CRYPTO_SHA256_SIZE + 1];
};

static int read_session(void *ctx, int ncols, const char *const *cols)
{
	struct session *s = ctx;

	snprintf(s->account, sizeof(s->account), "%s", cols[0]);
	snprintf(s->csrf, sizeof(s->csrf), "%s", cols[1]);
	s->expires_at = api_col_int(cols[2]);
	s->created_at = api_col_int(cols[3]);
	return 1;
}

/* The hex SHA-256 of a session id: what the database keeps. */
static void id_hash(const uint8_t id[SESSION_ID], char out[2 * CRYPTO_SHA256_SIZE + 1])
{
	uint8_t digest[CRYPTO_SHA256_SIZE];

	crypto_sha256(id, SESSION_ID, digest);
	hex_encode(digest, sizeof(digest), out);
}

/* When a session used at now ends: SESSION_IDLE_S later, at most
 * SESSION_TTL_S after it began. */
static int64_t session_end(int64_t created_at, int64_t now)
{
	return now + SESSION_IDLE_S < created_at + SESSION_TTL_S ? now + SESSION_IDLE_S : created_at + SESSION_TTL_S;
}

/* The request's session, its expiry moved on by this use: 1, 0 for a
 * cookie naming no live session, -ENOENT without the cookie, -EIO
 * (database). */
static int session_find(struct cloud_request *req, struct session *s)
{
	const char *sid = MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, SESSION_COOKIE);
	uint8_t id[SESSION_ID];
	char now[24], until[24];
	int64_t t = api_now(), end;
	int rc;

	if (!sid)
		return -ENOENT;
	if (hex_decode(sid, id, sizeof(id)) < 0)
		return 0;
	id_hash(id, s->id_hash);
	rc = cloud_db_exec(req->svc->db, read_session, s,
			   "SELECT account, csrf, expires_at, created_at FROM sessions WHERE id_hash = $1 AND expires_at > $2",
			   2, s->id_hash, api_num(now, t));
	if (rc <= 0)
		return rc < 0 ? -EIO : 0;
	end = session_end(s->created_at, t);
	if (end < s->expires_at + SESSION_SLIDE_MIN_S)
		return 1;
	if (cloud_db_exec(req->svc->db, NULL, NULL, "UPDATE sessions SET expires_at = $2 WHERE id_hash = $1", 2,
			  s->id_hash, api_num(until, end)) < 0)
		return -EIO;
	s->expires_at = end;
	return 1;
}

/* A request with an Origin header must come from this service's page: its
 * Origin is http(s)://<the Host it was sent to>. 0, or -EPERM with a 403. */
static int same_origin(struct cloud_request *req, struct cloud_reply *r)
{
	const char *origin = request_header(req, "Origin"), *host = request_header(req, "Host"), *rest = NULL;

	if (!origin)
		return 0;
	if (strncmp(origin, "http://", 7) == 0)
		rest = origin + 7;
	else if (strncmp(origin, "https://", 8) == 0)
		rest = origin + 8;
	if (rest && host && strcmp(rest, host) == 0)
		return 0;
	reply_error(r, 403, "the request's Origin %s is not this service's", origin);
	return -EPERM;
}

static bool changes_state(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

/* session_admit with the session found into s. */
static int session_authorize(struct cloud_request *req, struct cloud_reply *r, struct session *s)
{
	const char *token;
	int rc = session_find(req, s);

	if (rc == -ENOENT)
		return 0;
	if (rc < 0) {
		reply_db_error(r, req->svc->db);
		return rc;
	}
	if (rc == 0) {
		reply_error(r, 401, "the session is unknown or expired: log in again");
		return -EACCES;
	}
	if (!changes_state(req->method))
		return 1;
	if (same_origin(req, r) < 0)
		return -EPERM;
	token = request_header(req, "X-CSRF-Token");
	if (!token) {
		reply_error(r, 403, "the X-CSRF-Token header is missing");
		return -EPERM;
	}
	if (strlen(token) != 2 * SESSION_ID || CRYPTO_memcmp(token, s->csrf, 2 * SESSION_ID) != 0) {
		reply_error(r, 403, "the X-CSRF-Token header is not the session's");
		return -EPERM;
	}
	return 1;
}

int session_admit(struct cloud_request *req, struct cloud_reply *r)
{
	struct session s;

	return session_authorize(req, r, &s);
}

static void reply_session(struct cloud_reply *r, unsigned status, const struct session *s)
{
	reply_json(r, status, json_pack("{s:s,s:s,s:I}", "name", s->account, "csrf_token", s->csrf, "expires_at",
					(json_int_t)s->expires_at));
}

/* The cookie's attributes; Secure when a TLS-terminating proxy in front
 * says the page came over HTTPS. */
static void set_cookie(struct cloud_request *req, struct cloud_reply *r, const char *value, const char *extra)
{
	const char *proto = request_header(req, "X-Forwarded-Proto");

	reply_header(r, "Set-Cookie", SESSION_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict%s%s", value, extra,
		     proto && strcmp(proto, "https") == 0 ? "; Secure" : "");
}

/* A new session of account: its row, the cookie, the answer. */
static void session_start(struct cloud_request *req, struct cloud_reply *r, const char *account)
{
	uint8_t id[SESSION_ID], csrf[SESSION_ID];
	char id_hex[2 * SESSION_ID + 1], now[24], expires[24];
	struct session s = { .created_at = api_now() };
	int rc;

	if (pkg_random(id, sizeof(id)) < 0 || pkg_random(csrf, sizeof(csrf)) < 0) {
		reply_error(r, 500, "no random bytes");
		return;
	}
	s.expires_at = session_end(s.created_at, s.created_at);
	hex_encode(id, sizeof(id), id_hex);
	hex_encode(csrf, sizeof(csrf), s.csrf);
	id_hash(id, s.id_hash);
	snprintf(s.account, sizeof(s.account), "%s", account);
	api_num(now, s.created_at);
	rc = cloud_db_exec(req->svc->db, NULL, NULL, "DELETE FROM sessions WHERE expires_at <= $1", 1, now);
	if (rc == 0)
		rc = cloud_db_exec(req->svc->db, NULL, NULL,
				   "INSERT INTO sessions (id_hash, account, csrf, created_at, expires_at) "
				   "VALUES ($1, $2, $3, $4, $5)",
				   5, s.id_hash, account, s.csrf, now, api_num(expires, s.expires_at));
	if (rc < 0) {
		reply_db_error(r, req->svc->db);
		return;
	}
	set_cookie(req, r, id_hex, "");
	explicit_bzero(id_hex, sizeof(id_hex));
	reply_session(r, 200, &s);
}

void api_session_create(struct cloud_request *req, struct cloud_reply *r)
{
	json_t *body;
	const char *name, *password;
	int64_t retry_after = 0;
	bool bad = false;
	int rc;

	if (same_origin(req, r) < 0 || !(body = request_json(req, r)))
		return;
	name = api_string(body, "name", true, r, &bad);
	password = bad ? NULL : api_string(body, "password", true, r, &bad);
	if (bad)
		goto out;
	rc = account_login(req->svc->db, name, password, api_now(), &retry_after);
	if (rc == 0) {
		session_start(req, r, name);
	} else if (rc == -EAGAIN) {
		reply_header(r, "Retry-After", "%lld", (long long)retry_after);
		reply_error(r, 429, "too many failed logins for %s: try again in %lld s", name, (long long)retry_after);
	} else if (rc == -EACCES) {
		reply_error(r, 401, "wrong name or password");
	} else if (rc == -EINVAL) {
		reply_error(r, 500, "the stored password hash of %s cannot be checked: its KDF or salt", name);
	} else {
		reply_db_error(r, req->svc->db);
	}
out:
	json_decref(body);
}

void api_session_show(struct cloud_request *req, struct cloud_reply *r)
{
	struct session s;
	int rc = session_find(req, &s);

	if (rc > 0)
		reply_session(r, 200, &s);
	else if (rc == -EIO)
		reply_db_error(r, req->svc->db);
	else
		reply_error(r, 401, rc == 0 ? "the session is unknown or expired: log in again" : "not logged in");
}

void api_session_delete(struct cloud_request *req, struct cloud_reply *r)
{
	struct session s;
	int rc = session_authorize(req, r, &s);

	if (rc == 0)
		reply_error(r, 401, "not logged in");
	if (rc <= 0)
		return;
	if (cloud_db_exec(req->svc->db, NULL, NULL, "DELETE FROM sessions WHERE id_hash = $1", 1, s.id_hash) < 0) {
		reply_db_error(r, req->svc->db);
		return;
	}
	set_cookie(req, r, "", "; Max-Age=0");
	reply_json(r, 200, json_pack("{s:b}", "logged_out", 1));
}
