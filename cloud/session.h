/*
 * session.h - the dashboard's login sessions (docs/cloud-api.md,
 * "Sessions"): POST /v1/session logs in (account.h) and sets the cookie,
 * GET /v1/session says who is logged in, DELETE /v1/session logs out. A
 * session lives in the database (its random id only as a SHA-256, its CSRF
 * token, its expiry), so every instance on the database knows it. A session
 * ends after SESSION_IDLE_S without a request, and SESSION_TTL_S after the
 * login whatever its use. The admin
 * API accepts the cookie as well as the bearer token; with the cookie, a
 * request other than GET or HEAD needs the session's X-CSRF-Token and, when
 * it has an Origin, this service's.
 */
#ifndef SPHERULE_CLOUD_SESSION_H
#define SPHERULE_CLOUD_SESSION_H

#include "http.h"

#define SESSION_COOKIE "sid"
#define SESSION_TTL_S (8 * 3600) /* from the login */
#define SESSION_IDLE_S (30 * 60) /* from the last request */

void api_session_create(struct cloud_request *req, struct cloud_reply *r);
void api_session_show(struct cloud_request *req, struct cloud_reply *r);
void api_session_delete(struct cloud_request *req, struct cloud_reply *r);

/* Admits an admin request by its session cookie: 1 admitted, 0 when it has
 * no cookie (the caller's 401), or refused with the reply made: -EACCES (401
 * unknown or expired session), -EPERM (403 CSRF token or Origin), -EIO
 * (500 database). */
int session_admit(struct cloud_request *req, struct cloud_reply *r);

#endif
