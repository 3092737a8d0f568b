/* agent.c — updated's update cycle (see agent.h). */
#include "agent.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "attest.h"
#include "reports_upload.h"
#include "crypto.h"
#include "service_api.h"

#define DOWNLOAD_TRIES 5
#define GATE_POLL_S 1

int agent_init(struct agent *a)
{
	struct error_detail why = { "" };
	int damaged, err;

	updated_state_load(a->storage_dir, &a->meta, &a->rec, &damaged);
	cert_schedule_load(a->storage_dir, &a->cert);
	if (damaged)
		fprintf(stderr, "updated: state file damaged (torn write?): starting from the empty state\n");
	a->check_period_s = a->conf->check_period_s;
	a->window_start = a->window_end = -1;
	a->state = "idle";
	err = attest_device_id(a->device_id, &why);
	if (err != 0)
		fprintf(stderr, "updated: cannot read the device id: %s\n", why.msg);
	return err;
}

void agent_save(struct agent *a)
{
	int err = updated_state_save_record(a->storage_dir, &a->rec);

	if (err != 0)
		fprintf(stderr, "updated: cannot save the state: %s\n", strerror(-err));
}

/* What the device runs: the OS (boot state) and the apps (APP_LIST). */
static int refresh_installed(struct agent *a, struct error_detail *why)
{
	struct app_svc_app_list list;
	int err = ops_os_boot_state(&a->svc, &a->boot, why);

	if (err == 0)
		err = ops_app_list(&a->svc, &list, why);
	if (err != 0)
		return err;
	a->installed.os_version = a->boot.version;
	a->installed.app_count = list.count < CHECKIN_APPS_MAX ? list.count : CHECKIN_APPS_MAX;
	for (unsigned i = 0; i < a->installed.app_count; i++) {
		memcpy(a->installed.apps[i].component_id, list.app[i].component_id, 16);
		a->installed.apps[i].version = list.app[i].version;
	}
	return 0;
}

int agent_report(struct agent *a, const char *state, const char *detail)
{
	static struct checkin_answer ans;
	static uint8_t result[ATTEST_RESULT_MAX];
	struct reports_upload reports = { .svc = &a->svc };
	struct checkin c = { .state = state, .detail = detail, .more = reports_upload_write, .more_ctx = &reports };
	struct error_detail why = { "" };
	int err;

	if (strcmp(state, a->state) != 0)
		fprintf(stderr, "updated: state %s%s%s\n", state, detail[0] ? ": " : "", detail);
	a->state = state;
	err = refresh_installed(a, &why);
	memcpy(c.device_id, a->device_id, 32);
	if (err == 0)
		err = service_nonce(&a->conf->service, a->device_id, c.nonce, &why);
	if (err == 0)
		err = attest(c.nonce, result, &c.attestation_len, c.device_id, &why);
	if (err != 0) {
		fprintf(stderr, "updated: check-in failed: %s\n", why.msg);
		return err;
	}
	c.attestation = result;
	c.os_version = a->boot.version;
	c.os_security_version = a->boot.security_version;
	c.os_slot = a->boot.running_slot ? 'B' : 'A';
	c.app_count = a->installed.app_count;
	memcpy(c.apps, a->installed.apps, sizeof(c.apps));
	err = service_checkin(&a->conf->service, &c, &ans, &why);
	if (err != 0) {
		fprintf(stderr, "updated: check-in failed: %s\n", why.msg);
		return err;
	}
	reports_upload_acked(&reports, ans.reports_acked);
	if (ans.check_period_s >= 10)
		a->check_period_s = ans.check_period_s;
	if (update_window_parse(ans.window, &a->window_start, &a->window_end) != 0)
		fprintf(stderr, "updated: update window \"%s\" not understood: no window\n", ans.window);
	err = update_meta_verify_bundle_err(ans.bundle, ans.len, &a->conf->trust, c.nonce, a->device_id,
					    (uint64_t)time(NULL), &a->meta, &a->targets, &why);
	if (err != 0) {
		fprintf(stderr, "updated: metadata refused: %s\n", why.msg);
		return err;
	}
	fprintf(stderr, "updated: checked in (%s): targets version %u, %u target(s)\n", state, a->targets.version,
		a->targets.count);
	err = updated_state_save_meta(a->storage_dir, &a->meta);
	if (err != 0)
		fprintf(stderr, "updated: cannot save the metadata state: %s\n", strerror(-err));
	return 0;
}

int agent_gate(struct agent *a, uint32_t type)
{
	struct app_svc_update_gate g;
	struct error_detail why = { "" };
	int err = ops_gate(&a->svc, APP_SVC_UPDATE_GATE_START, APP_SVC_UPDATE_GATE_ARG2(type, a->conf->max_deferral_min),
			   &g, &why);

	if (err == 0)
		fprintf(stderr, "updated: update gate started: apps may defer the %s update\n",
			type == APP_SVC_UPDATE_APP ? "app" : "system");
	while (err == 0 && !*a->stopping && !(g.mine && g.phase == APP_SVC_UPDATE_APPLYING)) {
		if (!g.mine)
			err = error_detail_set(&why, -ECANCELED, "the update sequence was dropped");
		else {
			sleep(GATE_POLL_S);
			err = ops_gate(&a->svc, APP_SVC_UPDATE_GATE_STATUS, 0, &g, &why);
		}
	}
	if (err == 0 && *a->stopping)
		err = error_detail_set(&why, -EINTR, "stopping");
	if (err != 0)
		fprintf(stderr, "updated: update gate: %s\n", why.msg);
	return err;
}

struct hashing_sink {
	struct crypto_sha256 sha;
	uint64_t size;
	int (*sink)(void *, const uint8_t *, size_t);
	void *ctx;
};

static int hash_and_pass(void *ctx, const uint8_t *p, size_t n)
{
	struct hashing_sink *h = ctx;
	int err = h->sink(h->ctx, p, n);

	if (err == 0)
		err = crypto_sha256_update(&h->sha, p, n);
	if (err == 0)
		h->size += n;
	return err;
}

int agent_download(struct agent *a, const struct update_meta_target *t, int (*sink)(void *, const uint8_t *, size_t),
		   void *ctx)
{
	struct hashing_sink h = { .sink = sink, .ctx = ctx };
	struct error_detail why = { "" };
	uint8_t sha[32];
	uint64_t got;
	int err = crypto_sha256_init(&h.sha), tries = 0;

	if (err != 0)
		return err;
	memcpy(a->rec.target, t->sha256, 32);
	a->rec.phase = UPDATED_DOWNLOADING;
	fprintf(stderr, "updated: downloading %s version %u (%u bytes)\n", t->name, t->version, t->size);
	do {
		err = service_image(&a->conf->service, t->sha256, h.size, hash_and_pass, &h, &got, &why);
		a->rec.offset = (uint32_t)h.size;
		agent_save(a);
		if (err == -ECONNRESET || err == -ETIMEDOUT)
			fprintf(stderr, "updated: download of %s cut after %llu bytes (%s): resuming\n", t->name,
				(unsigned long long)h.size, why.msg);
	} while ((err == -ECONNRESET || err == -ETIMEDOUT) && ++tries < DOWNLOAD_TRIES && !*a->stopping);
	crypto_sha256_final(&h.sha, sha);
	if (err == 0 && update_meta_check_file(t, sha, h.size) != 0)
		err = error_detail_set(&why, -EBADMSG, "%s: %s", t->name, update_meta_strerror(-EBADMSG));
	if (err != 0) {
		fprintf(stderr, "updated: download failed: %s\n", why.msg);
		return err;
	}
	fprintf(stderr, "updated: downloaded %s version %u: size and SHA-256 match its target\n", t->name, t->version);
	return 0;
}

static int stage_data(void *ctx, const uint8_t *p, size_t n)
{
	struct agent *a = ctx;
	struct error_detail why = { "" };

	while (n > 0) {
		size_t k = n < APP_SVC_STAGE_CHUNK_MAX ? n : APP_SVC_STAGE_CHUNK_MAX;
		int err = ops_app_stage(&a->svc, APP_SVC_APP_STAGE_DATA, 0, p, k, NULL, &why);

		if (err != 0)
			return err;
		p += k;
		n -= k;
	}
	return 0;
}

static int install_app(struct agent *a, const struct update_meta_target *t)
{
	struct app_svc_app_staged rec;
	struct error_detail why = { "" };
	int err = ops_app_stage(&a->svc, APP_SVC_APP_STAGE_BEGIN, t->size, NULL, 0, &rec, &why);

	if (err == 0)
		err = agent_download(a, t, stage_data, a);
	else
		fprintf(stderr, "updated: cannot stage %s: %s\n", t->name, why.msg);
	if (err == 0 && (err = ops_app_stage(&a->svc, APP_SVC_APP_STAGE_END, 0, NULL, 0, &rec, &why)) != 0)
		fprintf(stderr, "updated: %s refused: %s\n", t->name, why.msg);
	if (err != 0) {
		(void)ops_app_stage(&a->svc, APP_SVC_APP_STAGE_ABORT, 0, NULL, 0, NULL, &why);
		return err;
	}
	(void)agent_report(a, "installing", t->name);
	err = agent_gate(a, APP_SVC_UPDATE_APP);
	if (err != 0) {
		(void)ops_app_stage(&a->svc, APP_SVC_APP_STAGE_ABORT, 0, NULL, 0, NULL, &why);
	} else {
		err = ops_app_install(&a->svc, &rec, &why);
		if (err != 0)
			fprintf(stderr, "updated: cannot install %s: %s\n", t->name, why.msg);
		else
			fprintf(stderr, "updated: %s version %u installed\n", t->name, t->version);
		(void)ops_update_done(&a->svc, false, &why);
	}
	a->rec.phase = UPDATED_IDLE;
	agent_save(a);
	return err;
}

/* After a reboot into a trial: report healthy, then confirm; a boot that is
 * no trial after one was installed: the OS was rolled back. */
static void after_reboot(struct agent *a)
{
	struct error_detail why = { "" };
	uint32_t counter;
	char detail[96];

	a->rec.phase = UPDATED_IDLE;
	if (!a->boot.trial) {
		memcpy(a->rec.failed_os, a->rec.target, 32);
		snprintf(detail, sizeof(detail), "the new OS did not confirm; running version %u", a->boot.version);
		fprintf(stderr, "updated: OS rolled back: %s\n", detail);
		(void)agent_report(a, "rolled-back", detail);
		agent_save(a);
		return;
	}
	snprintf(detail, sizeof(detail), "trial boot of OS version %u, %u s left to confirm", a->boot.version,
		 a->boot.deadline_s);
	if (agent_report(a, "healthy", detail) != 0) {
		a->rec.phase = UPDATED_REBOOTING; /* not confirmed: the deadline rolls back */
		return;
	}
	if (ops_os_confirm(&a->svc, &counter, &why) != 0) {
		fprintf(stderr, "updated: cannot confirm the OS: %s\n", why.msg);
		a->rec.phase = UPDATED_REBOOTING;
		return;
	}
	fprintf(stderr, "updated: OS version %u confirmed healthy (os counter %u)\n", a->boot.version, counter);
	agent_save(a);
}

void agent_cycle(struct agent *a)
{
	struct error_detail why = { "" };
	static const uint8_t none[32];
	struct update_plan p;
	struct tm tm;
	time_t now;

	if (refresh_installed(a, &why) != 0) {
		fprintf(stderr, "updated: cannot read what the device runs: %s\n", why.msg);
		return;
	}
	if (a->rec.phase == UPDATED_REBOOTING)
		after_reboot(a);
	if (agent_report(a, a->state, "") != 0)
		return;
	update_plan_make(&a->targets, &a->installed, memcmp(a->rec.failed_os, none, 32) ? a->rec.failed_os : NULL, &p);
	if (update_plan_empty(&p)) {
		if (strcmp(a->state, "idle") != 0)
			(void)agent_report(a, "idle", "up to date");
		return;
	}
	now = time(NULL);
	gmtime_r(&now, &tm);
	if (!update_window_open(a->window_start, a->window_end, (unsigned)tm.tm_hour)) {
		fprintf(stderr, "updated: update window %d-%d closed (hour %d): waiting\n", a->window_start,
			a->window_end, tm.tm_hour);
		return;
	}
	(void)agent_report(a, "downloading", "");
	for (unsigned i = 0; i < p.app_count && !*a->stopping; i++)
		if (install_app(a, &a->targets.targets[p.apps[i]]) != 0) {
			(void)agent_report(a, "failed", a->targets.targets[p.apps[i]].name);
			return;
		}
	if (p.os >= 0 && !*a->stopping && agent_install_os(a, &a->targets.targets[p.os]) != 0)
		(void)agent_report(a, "failed", a->targets.targets[p.os].name);
	else if (p.os < 0)
		(void)agent_report(a, "idle", "up to date");
}
