/* appmgr_ops.c — updated's calls to appmgr (see appmgr_ops.h). */
#include "appmgr_ops.h"

#include <errno.h>
#include <string.h>

/* One call; its refusal's reason (or the transport's) into why. */
static int call(struct svc_client *c, uint16_t op, uint32_t arg, uint32_t arg2, const void *payload, size_t len,
		void *rec, size_t rec_len, struct error_detail *why)
{
	char reason[APP_SVC_REASON_SIZE] = "";
	int err = svc_call(c, op, arg, arg2, payload, len, rec, rec_len, reason, sizeof(reason));

	if (err != 0)
		return error_detail_set(why, err, "%s", reason[0] ? reason : strerror(-err));
	return 0;
}

int ops_os_boot_state(struct svc_client *c, struct app_svc_os_boot_state *st, struct error_detail *why)
{
	return call(c, APP_SVC_OS_BOOT_STATE, 0, 0, NULL, 0, st, sizeof(*st), why);
}

int ops_os_confirm(struct svc_client *c, uint32_t *counter, struct error_detail *why)
{
	struct app_svc_os_confirm rec;
	int err = call(c, APP_SVC_OS_CONFIRM, 0, 0, NULL, 0, &rec, sizeof(rec), why);

	if (err == 0)
		*counter = rec.counter;
	return err;
}

int ops_app_list(struct svc_client *c, struct app_svc_app_list *list, struct error_detail *why)
{
	return call(c, APP_SVC_APP_LIST, 0, 0, NULL, 0, list, sizeof(*list), why);
}

int ops_os_write(struct svc_client *c, uint32_t off, const void *buf, size_t len, struct error_detail *why)
{
	struct app_svc_os_stage rec;

	return call(c, APP_SVC_OS_STAGE, off, 0, buf, len, &rec, sizeof(rec), why);
}

int ops_os_erase(struct svc_client *c, uint32_t off, uint32_t len, struct error_detail *why)
{
	struct app_svc_os_stage rec;
	int err = 0;

	while (err == 0 && len > 0) {
		uint32_t n = len < APP_SVC_OS_ERASE_MAX ? len : APP_SVC_OS_ERASE_MAX;

		err = call(c, APP_SVC_OS_STAGE, off, n, NULL, 0, &rec, sizeof(rec), why);
		off += n;
		len -= n;
	}
	return err;
}

int ops_os_install(struct svc_client *c, const uint8_t desc_sha256[32], struct app_svc_os_install *res,
		   struct error_detail *why)
{
	return call(c, APP_SVC_OS_INSTALL, 0, 0, desc_sha256, 32, res, sizeof(*res), why);
}

int ops_app_stage(struct svc_client *c, uint32_t arg, uint32_t arg2, const void *buf, size_t len,
		  struct app_svc_app_staged *rec, struct error_detail *why)
{
	return call(c, APP_SVC_APP_STAGE, arg, arg2, buf, len, rec, rec ? sizeof(*rec) : 0, why);
}

int ops_app_install(struct svc_client *c, struct app_svc_app_staged *rec, struct error_detail *why)
{
	return call(c, APP_SVC_APP_INSTALL, 0, 0, NULL, 0, rec, sizeof(*rec), why);
}

int ops_gate(struct svc_client *c, uint32_t arg, uint32_t arg2, struct app_svc_update_gate *g,
	     struct error_detail *why)
{
	return call(c, APP_SVC_UPDATE_GATE, arg, arg2, NULL, 0, g, sizeof(*g), why);
}

int ops_update_done(struct svc_client *c, bool reboot, struct error_detail *why)
{
	return call(c, APP_SVC_UPDATE_DONE, reboot ? APP_SVC_UPDATE_DONE_REBOOT : APP_SVC_UPDATE_DONE_COMPLETE, 0,
		    NULL, 0, NULL, 0, why);
}

int ops_deviceauth_store(struct svc_client *c, const void *payload, size_t len, struct error_detail *why)
{
	return call(c, APP_SVC_DEVICEAUTH_STORE, 0, 0, payload, len, NULL, 0, why);
}

int ops_reports_read(struct svc_client *c, uint32_t after, struct app_svc_reports *rec, struct error_detail *why)
{
	return call(c, APP_SVC_REPORTS_READ, after, 0, NULL, 0, rec, sizeof(*rec), why);
}

int ops_reports_drop(struct svc_client *c, uint32_t upto, struct app_svc_reports_dropped *rec,
		     struct error_detail *why)
{
	return call(c, APP_SVC_REPORTS_DROP, upto, 0, NULL, 0, rec, sizeof(*rec), why);
}
