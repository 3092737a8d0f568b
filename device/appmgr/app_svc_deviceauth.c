/* app_svc_deviceauth.c — DEVICEAUTH_STORE and DEVICEAUTH_STATUS (see
 * app_svc_deviceauth.h). */
#include "app_svc_deviceauth.h"

#include <time.h>

#include "log.h"
#include "spherule/pkg.h"

static int store(struct supervisor *s, struct app *a, const uint8_t *payload, size_t len, struct error_detail *why)
{
	char tenant[37], until[DEVICEAUTH_TIME_TEXT_SIZE];
	int err = deviceauth_store(&s->deviceauth, payload, len, why);

	if (err != 0)
		return err;
	pkg_uuid_text(s->deviceauth.tenant, tenant);
	deviceauth_time_text(s->deviceauth.not_after, until);
	log_line("%s: device certificate stored: tenant %s, valid until %s", a->name, tenant, until);
	return 0;
}

int app_svc_deviceauth(struct supervisor *s, struct app *a, const struct app_svc_req *req, const uint8_t *payload,
		       size_t len, struct app_svc_answer *ans, struct error_detail *why)
{
	struct app_svc_deviceauth_status st = { 0 };
	const struct deviceauth *d = &s->deviceauth;

	if (req->op == APP_SVC_DEVICEAUTH_STORE)
		return store(s, a, payload, len, why);
	if (d->present && memcmp(d->tenant, a->svc_caps.tenant, sizeof(d->tenant)) == 0)
		st.not_after = d->not_after;
	st.ready = deviceauth_ready(d, a->svc_caps.tenant, (int64_t)time(NULL));
	app_svc_answer_put(ans, &st, sizeof(st));
	return 0;
}
