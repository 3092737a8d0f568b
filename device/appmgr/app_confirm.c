/* app_confirm.c — advancing a component's counter once its newer version
 * started successfully (see app_confirm.h). */
#include "app_confirm.h"

#include <string.h>

#include "log.h"
#include "secmon_mailbox.h"

uint64_t app_confirm_at(const struct app *a)
{
	uint64_t at = a->started_ms + APP_CONFIRM_MS;

	if (a->pid == 0 || a->security_version <= a->counter || a->development_key || a->debugged)
		return 0;
	return a->confirm_retry_ms > at ? a->confirm_retry_ms : at;
}

void app_confirm(struct app *a, uint64_t now_ms)
{
	struct mbox_request req = { .type = MBOX_ADVANCE_COUNTER };
	struct secmon_mailbox mb;
	struct mbox_response resp;
	struct error_detail why;
	int err;

	req.f.advance.slot = (uint16_t)a->slot;
	memcpy(req.f.advance.component_id, a->component_id, MBOX_COMPONENT_ID_SIZE);
	req.f.advance.security_version = a->security_version;
	err = secmon_mailbox_open(&mb, NULL, "/dev", &why);
	if (err == 0) {
		err = secmon_mailbox_call(&mb, &req, &resp, &why);
		secmon_mailbox_close(&mb);
	}
	if (err != 0) {
		log_line("%s: security version %u not confirmed yet: %s; trying again in %u s", a->name,
			 a->security_version, why.msg, APP_CONFIRM_RETRY_MS / 1000u);
		a->confirm_retry_ms = now_ms + APP_CONFIRM_RETRY_MS;
		return;
	}
	if (resp.status != MBOX_OK) {
		log_line("%s: security version %u not confirmed: secmon: %s (%s)", a->name, a->security_version,
			 mbox_status_text(resp.status), mbox_status_name(resp.status));
		a->counter = a->security_version; /* secmon's answer stands until the next boot */
		return;
	}
	log_line("%s: security version %u confirmed: counter %u -> %u", a->name, a->security_version,
		 a->counter, resp.res.advance.counter);
	a->counter = resp.res.advance.counter;
}
