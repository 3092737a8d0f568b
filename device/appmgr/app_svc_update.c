/* app_svc_update.c — the update agent's operations (see app_svc_update.h). */
#include "app_svc_update.h"

#include <errno.h>
#include <string.h>

#include "app_install.h"
#include "app_svc_update_sys.h"
#include "app_sysevent.h"
#include "log.h"

/* How long secmon may take to check the staged OS and copy it into a slot
 * (16.5 MiB read, hashed, written and read back), and any other request. */
#define OS_INSTALL_TIMEOUT_MS 120000u
#define OS_REQUEST_TIMEOUT_MS 10000u

_Static_assert(sizeof(struct app_svc_os_stage) <= sizeof(((struct app_svc_answer *)0)->body) &&
		       sizeof(struct app_svc_os_install) <= sizeof(((struct app_svc_answer *)0)->body) &&
		       sizeof(struct app_svc_os_boot_state) <= sizeof(((struct app_svc_answer *)0)->body) &&
		       sizeof(struct app_svc_app_staged) <= sizeof(((struct app_svc_answer *)0)->body) &&
		       sizeof(struct app_svc_update_gate) <= sizeof(((struct app_svc_answer *)0)->body) &&
		       sizeof(struct app_svc_app_list) <= sizeof(((struct app_svc_answer *)0)->body),
	       "every update record fits an answer");
_Static_assert(sizeof(((struct app_svc_os_install *)0)->measurement) == MBOX_DIGEST_SIZE,
	       "OS_INSTALL's measurement is secmon's");

int app_svc_os_stage_plan(uint32_t size, uint32_t erase_size, uint32_t off, uint32_t len, uint32_t *first,
			  uint32_t *count)
{
	uint32_t last;

	if (erase_size == 0 || len == 0 || off >= size || len > size - off)
		return -EINVAL;
	*first = (off + erase_size - 1) / erase_size;
	last = (off + len - 1) / erase_size;
	*count = last >= *first ? last - *first + 1 : 0;
	return 0;
}

int app_svc_os_status_errno(uint16_t status)
{
	switch (status) {
	case MBOX_OK: return 0;
	case MBOX_ST_BAD_IMAGE:
	case MBOX_ST_NO_IMAGE: return -EBADMSG;
	case MBOX_ST_BAD_SIGNATURE:
	case MBOX_ST_UNTRUSTED_KEY: return -EKEYREJECTED;
	case MBOX_ST_REVOKED_KEY: return -EKEYREVOKED;
	case MBOX_ST_ROLLED_BACK: return -ESTALE;
	case MBOX_ST_STORE_FAILED: return -EIO;
	default: return -EPROTO;
	}
}

static int os_stage_op(const struct app_svc_req *req, const uint8_t *payload, size_t len,
		       struct app_svc_answer *ans, struct error_detail *why)
{
	struct app_svc_os_stage rec = { 0 };
	struct mtd_slot p;
	uint32_t first, count;
	int err = app_svc_sys_os_stage_find(&p, why);

	if (err != 0)
		return err;
	rec.size = p.size;
	rec.erase_size = p.erase_size;
	if (len == 0) {
		if (req->arg2 == 0 || req->arg2 > APP_SVC_OS_ERASE_MAX || req->arg % p.erase_size ||
		    req->arg2 % p.erase_size || app_svc_os_stage_plan(p.size, p.erase_size, req->arg, req->arg2,
								       &first, &count) != 0)
			return error_detail_set(why, -EINVAL,
						"erase of %u bytes at %u: not whole %u-byte blocks of %u bytes (at "
						"most %u)", req->arg2, req->arg, p.erase_size, p.size,
						APP_SVC_OS_ERASE_MAX);
	} else {
		if (req->arg2 != 0)
			return error_detail_set(why, -EINVAL, "a write with an erase length");
		if (app_svc_os_stage_plan(p.size, p.erase_size, req->arg, (uint32_t)len, &first, &count) != 0)
			return error_detail_set(why, -EINVAL, "%zu bytes at %u: past %s's %u bytes", len, req->arg,
						OS_STAGE_PARTITION, p.size);
	}
	if (count > 0)
		err = app_svc_sys_os_stage_erase(&p, first, count, why);
	if (err == 0 && len > 0)
		err = app_svc_sys_os_stage_write(&p, req->arg, payload, len, why);
	if (err != 0)
		return err;
	rec.erased = count;
	app_svc_answer_put(ans, &rec, sizeof(rec));
	return 0;
}

/* Forwards the OS request of type (8, 9, 10) to secmon; the result into res. */
static int os_request(uint16_t type, const uint8_t *desc_sha256, union mbox_result_fields *res,
		      struct error_detail *why)
{
	struct mbox_request mreq = { .type = type };
	struct mbox_response resp;
	int err;

	if (desc_sha256)
		memcpy(mreq.f.install_os.desc_sha256, desc_sha256, MBOX_DIGEST_SIZE);
	err = app_svc_sys_secmon(&mreq, &resp, type == MBOX_INSTALL_OS ? OS_INSTALL_TIMEOUT_MS
									      : OS_REQUEST_TIMEOUT_MS, why);
	if (err != 0)
		return err;
	err = app_svc_os_status_errno(resp.status);
	if (err != 0)
		return error_detail_set(why, err, "secmon: %s: %s", mbox_status_name(resp.status),
					mbox_status_text(resp.status));
	*res = resp.res;
	return 0;
}

/* Whether a's own update sequence is applying: the installs wait for it. */
static int require_applying(const struct supervisor *s, const struct app *a, struct error_detail *why)
{
	if (app_sysevent_agent_applying(s, a))
		return 0;
	return error_detail_set(why, -EAGAIN, "no update sequence of this agent is applying "
				"(UPDATE_GATE START, then wait for APPLYING)");
}

static int os_install_op(struct supervisor *s, struct app *a, const uint8_t *payload, struct app_svc_answer *ans,
			 struct error_detail *why)
{
	union mbox_result_fields res;
	struct app_svc_os_install rec = { 0 };
	int err = require_applying(s, a, why);

	if (err == 0)
		err = os_request(MBOX_INSTALL_OS, payload, &res, why);
	if (err != 0) {
		log_line("%s: staged OS refused: %s", a->name, why->msg);
		return err;
	}
	rec.slot = res.install_os.slot;
	rec.version = res.install_os.version;
	rec.security_version = res.install_os.security_version;
	memcpy(rec.measurement, res.install_os.measurement, sizeof(rec.measurement));
	log_line("%s: OS version %u (security version %u) installed into slot %c for one trial boot", a->name,
		 rec.version, rec.security_version, rec.slot ? 'B' : 'A');
	app_svc_answer_put(ans, &rec, sizeof(rec));
	return 0;
}

static int os_boot_state_op(struct app_svc_answer *ans, struct error_detail *why)
{
	union mbox_result_fields res;
	struct app_svc_os_boot_state rec = { 0 };
	int err = os_request(MBOX_OS_BOOT_STATE, NULL, &res, why);

	if (err != 0)
		return err;
	rec.running_slot = res.os_boot_state.slot;
	rec.trial = res.os_boot_state.trial;
	rec.version = res.os_boot_state.version;
	rec.security_version = res.os_boot_state.security_version;
	rec.other_state = res.os_boot_state.other_state;
	rec.deadline_s = res.os_boot_state.deadline_s;
	app_svc_answer_put(ans, &rec, sizeof(rec));
	return 0;
}

static int os_confirm_op(const struct app *a, struct app_svc_answer *ans, struct error_detail *why)
{
	union mbox_result_fields res;
	struct app_svc_os_confirm rec;
	int err = os_request(MBOX_CONFIRM_OS, NULL, &res, why);

	if (err != 0)
		return err;
	rec.counter = res.confirm_os.counter;
	log_line("%s: this OS reported healthy: its slot is good, the os counter is %u", a->name, rec.counter);
	app_svc_answer_put(ans, &rec, sizeof(rec));
	return 0;
}

static void staged_record(const struct app *staged, struct app_svc_app_staged *rec)
{
	rec->slot = staged->slot;
	rec->version = staged->version;
	memcpy(rec->component_id, staged->component_id, sizeof(rec->component_id));
	memcpy(rec->name, staged->name, strnlen(staged->name, sizeof(rec->name) - 1));
}

static int app_stage_op(struct supervisor *s, const struct app_svc_req *req, const uint8_t *payload, size_t len,
			struct app_svc_answer *ans, struct error_detail *why)
{
	struct app_svc_app_staged rec = { 0 };
	const struct app *staged;
	int err;

	if ((req->arg == APP_SVC_APP_STAGE_DATA) != (len > 0) || (req->arg != APP_SVC_APP_STAGE_BEGIN && req->arg2))
		return error_detail_set(why, -EINVAL, "APP_STAGE %u: only DATA has bytes, only BEGIN a size",
					req->arg);
	switch (req->arg) {
	case APP_SVC_APP_STAGE_BEGIN:
		err = app_install_begin(s, req->arg2, why);
		if (err < 0)
			return err;
		rec.slot = (uint32_t)err;
		break;
	case APP_SVC_APP_STAGE_DATA:
		return app_install_data(s, payload, len, why);
	case APP_SVC_APP_STAGE_END:
		err = app_install_end(s, &staged, why);
		if (err != 0)
			return err;
		staged_record(staged, &rec);
		break;
	case APP_SVC_APP_STAGE_ABORT:
		app_install_abort(s);
		return 0;
	default:
		return error_detail_set(why, -EINVAL, "APP_STAGE %u: expected 1..4", req->arg);
	}
	app_svc_answer_put(ans, &rec, sizeof(rec));
	return 0;
}

static int app_install_op(struct supervisor *s, struct app *a, struct app_svc_answer *ans,
			  struct error_detail *why)
{
	struct app_svc_app_staged rec = { 0 };
	struct app *installed;
	bool replaced;
	int err = require_applying(s, a, why);

	if (err == 0)
		err = app_install_commit(s, false, &installed, &replaced, why);
	if (err != 0)
		return err;
	staged_record(installed, &rec);
	rec.replaced = replaced;
	app_svc_answer_put(ans, &rec, sizeof(rec));
	return 0;
}

static int gate_op(struct supervisor *s, struct app *a, const struct app_svc_req *req, uint64_t now_ms,
		   struct app_svc_answer *ans, struct error_detail *why)
{
	struct app_svc_update_gate rec;
	int err = 0;

	if (req->arg == APP_SVC_UPDATE_GATE_START)
		err = app_sysevent_agent_start(s, a, req->arg2 & 0xffu, req->arg2 >> 8, now_ms, why);
	else if (req->arg != APP_SVC_UPDATE_GATE_STATUS || req->arg2 != 0)
		err = error_detail_set(why, -EINVAL, "UPDATE_GATE %u: expected START (1) or STATUS (2)", req->arg);
	if (err != 0)
		return err;
	app_sysevent_agent_status(s, a, now_ms, &rec);
	app_svc_answer_put(ans, &rec, sizeof(rec));
	return 0;
}

_Static_assert(sizeof(((struct app_svc_app_list *)0)->app) / sizeof(((struct app_svc_app_list *)0)->app[0]) ==
		       APPMGR_MAX_APPS,
	       "APP_LIST holds every app");

static void app_list_op(const struct supervisor *s, struct app_svc_answer *ans)
{
	struct app_svc_app_list rec = { .count = (uint32_t)s->count };

	for (size_t i = 0; i < s->count; i++) {
		memcpy(rec.app[i].component_id, s->apps[i].component_id, 16);
		rec.app[i].version = s->apps[i].version;
	}
	app_svc_answer_put(ans, &rec, sizeof(rec));
}

int app_svc_update(struct supervisor *s, struct app *a, const struct app_svc_req *req, const uint8_t *payload,
		   size_t len, uint64_t now_ms, struct app_svc_answer *ans, struct error_detail *why)
{
	switch (req->op) {
	case APP_SVC_OS_STAGE:
		return os_stage_op(req, payload, len, ans, why);
	case APP_SVC_OS_INSTALL:
		return os_install_op(s, a, payload, ans, why);
	case APP_SVC_OS_BOOT_STATE:
		return os_boot_state_op(ans, why);
	case APP_SVC_OS_CONFIRM:
		return os_confirm_op(a, ans, why);
	case APP_SVC_APP_STAGE:
		return app_stage_op(s, req, payload, len, ans, why);
	case APP_SVC_APP_INSTALL:
		return app_install_op(s, a, ans, why);
	case APP_SVC_UPDATE_GATE:
		return gate_op(s, a, req, now_ms, ans, why);
	case APP_SVC_APP_LIST:
		app_list_op(s, ans);
		return 0;
	default: /* APP_SVC_UPDATE_DONE */
		if (req->arg > APP_SVC_UPDATE_DONE_REBOOT)
			return error_detail_set(why, -EINVAL, "UPDATE_DONE %u: expected 0 or 1", req->arg);
		return app_sysevent_agent_done(s, a, req->arg == APP_SVC_UPDATE_DONE_REBOOT, now_ms, why);
	}
}
