/* appmgr_ops.h — what updated asks appmgr for, through its app service
 * (spherule/app_service.h, UpdateAgent ops; docs/appmgr.md, "Update
 * agent"): each call blocking, appmgr's reason into why. */
#ifndef UPDATED_APPMGR_OPS_H
#define UPDATED_APPMGR_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spherule/app_service.h"
#include "spherule/error_detail.h"
#include "svc_client.h"

int ops_os_boot_state(struct svc_client *c, struct app_svc_os_boot_state *st, struct error_detail *why);
int ops_os_confirm(struct svc_client *c, uint32_t *counter, struct error_detail *why);
int ops_app_list(struct svc_client *c, struct app_svc_app_list *list, struct error_detail *why);

/* OS_STAGE: len bytes (at most APP_SVC_STAGE_CHUNK_MAX) at off. */
int ops_os_write(struct svc_client *c, uint32_t off, const void *buf, size_t len, struct error_detail *why);
/* OS_STAGE's erase form, split into requests of at most APP_SVC_OS_ERASE_MAX. */
int ops_os_erase(struct svc_client *c, uint32_t off, uint32_t len, struct error_detail *why);
int ops_os_install(struct svc_client *c, const uint8_t desc_sha256[32], struct app_svc_os_install *res,
		   struct error_detail *why);

/* APP_STAGE (arg, arg2, payload) and APP_INSTALL; rec may be NULL where the
 * op answers none (DATA, ABORT). */
int ops_app_stage(struct svc_client *c, uint32_t arg, uint32_t arg2, const void *buf, size_t len,
		  struct app_svc_app_staged *rec, struct error_detail *why);
int ops_app_install(struct svc_client *c, struct app_svc_app_staged *rec, struct error_detail *why);

/* UPDATE_GATE START (type, max deferral) or STATUS into g; UPDATE_DONE. */
int ops_gate(struct svc_client *c, uint32_t arg, uint32_t arg2, struct app_svc_update_gate *g,
	     struct error_detail *why);
int ops_update_done(struct svc_client *c, bool reboot, struct error_detail *why);

/* DEVICEAUTH_STORE: its payload (struct app_svc_deviceauth_store and the
 * certificate, chain and key) of len bytes handed to appmgr. */
int ops_deviceauth_store(struct svc_client *c, const void *payload, size_t len, struct error_detail *why);
/* REPORTS_READ after seq after into rec; REPORTS_DROP up to seq upto. */
int ops_reports_read(struct svc_client *c, uint32_t after, struct app_svc_reports *rec, struct error_detail *why);
int ops_reports_drop(struct svc_client *c, uint32_t upto, struct app_svc_reports_dropped *rec,
		     struct error_detail *why);

#endif
