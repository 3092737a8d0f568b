/* agent.h — updated's update cycle (docs/ota.md): check in (a nonce, secmon's
 * attestation, the check-in with the installed versions and the update
 * state) and verify the metadata bundle it answers; on a trial boot, report
 * healthy and confirm the OS; then download what the targets name and the
 * device does not run, check each file against its target, and install
 * (apps through appmgr's install path, the OS staged into osstage and
 * installed by secmon), each after the update gate, the OS then rebooted
 * into. Every state change is a log line `updated: ...` and a check-in. */
#ifndef UPDATED_AGENT_H
#define UPDATED_AGENT_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "appmgr_ops.h"
#include "cert_schedule.h"
#include "update_plan.h"
#include "updated_conf.h"
#include "updated_state.h"

struct agent {
	const struct updated_conf *conf;
	const char *storage_dir;       /* SPHERULE_STORAGE_DIR */
	struct svc_client svc;
	volatile sig_atomic_t *stopping;
	uint8_t device_id[32];
	struct update_meta_state meta;
	struct updated_record rec;
	struct app_svc_os_boot_state boot;
	struct installed installed;
	struct update_meta_targets targets;  /* the last accepted bundle's */
	uint32_t check_period_s;             /* the service's, else the configuration's */
	int window_start, window_end;        /* -1: none */
	const char *state;                   /* the last state reported */
	struct cert_schedule cert;           /* the device certificate's (cert_schedule.h) */
};

/* Loads the state files (the device certificate's validity too) and asks
 * secmon for the device id: 0 or -errno (logged). */
int agent_init(struct agent *a);

/* One check-in, then whatever the targets ask for. */
void agent_cycle(struct agent *a);

/* One check-in reporting state and detail: 0 with a->targets the verified
 * bundle's, or -errno (logged). For agent_os.c too. */
int agent_report(struct agent *a, const char *state, const char *detail);

/* The update gate for an update of type: started, waited for until this
 * agent's sequence is applying. 0, or -errno (logged). */
int agent_gate(struct agent *a, uint32_t type);

/* Saves a->rec, logging a failure. */
void agent_save(struct agent *a);

/* Downloads target's file to sink (ctx), its SHA-256 computed, resuming
 * with Range when the connection ends early (a few times); checks it
 * against the target (update_meta_check_file). 0 or -errno (logged). */
int agent_download(struct agent *a, const struct update_meta_target *t, int (*sink)(void *, const uint8_t *, size_t),
		   void *ctx);

/* The device certificate, when it is due (cert_schedule.h): requested
 * (cert_request.h), handed to appmgr, its validity saved; each outcome a
 * log line (agent_cert.c). */
void agent_certificate(struct agent *a);

/* The OS target t: downloaded into osstage, installed by secmon into the
 * inactive slot after the update gate, the device rebooted into it
 * (agent_os.c). 0 or -errno. */
int agent_install_os(struct agent *a, const struct update_meta_target *t);

#endif
