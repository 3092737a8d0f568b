/* main.c — updated, the update agent system app (docs/ota.md): at start and
 * every check period it checks in with the update service and installs what
 * the verified metadata targets (agent.h); every poll period it asks the
 * service whether to check now (`spherule device update check`). One loop
 * that sleeps in ppoll until the next check or poll, or SIGTERM. appmgr
 * starts it as an app granted UpdateAgent and SecurityMonitor, its app
 * service socket named by SPHERULE_APP_SERVICE, its storage directory by
 * SPHERULE_STORAGE_DIR. Reads etc/updated.conf of its image package, or the
 * file its first argument names. Logs `updated: ...` on stderr (appmgr's
 * log). After each check or poll it asks for the device certificate when it
 * is due (agent_certificate()). Exits 0 on SIGTERM, 2 on a configuration error or without app
 * service or storage (appmgr starts it again). */
#include <applibs/storage.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agent.h"
#include "service_api.h"

#define STORAGE_DIR_ENV "SPHERULE_STORAGE_DIR"

static volatile sig_atomic_t stopping;

static void on_sigterm(int sig)
{
	stopping = 1;
}

static uint64_t now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec;
}

static int load_conf(int argc, char **argv, struct updated_conf *conf)
{
	struct error_detail why = { "" };
	char *path = argc > 1 ? argv[1] : Storage_GetAbsolutePathInImagePackage(UPDATED_CONF_IN_IMAGE);
	int err;

	if (!path) {
		fprintf(stderr, "updated: cannot find %s in the image package\n", UPDATED_CONF_IN_IMAGE);
		return -ENOENT;
	}
	err = updated_conf_load(path, conf, &why);
	if (argc <= 1)
		free(path);
	if (err != 0) {
		fprintf(stderr, "updated: %s: %s\n", UPDATED_CONF_IN_IMAGE, why.msg);
		return err < 0 ? err : -EINVAL;
	}
	if (conf->trust.count == 0) {
		fprintf(stderr, "updated: %s names no metadata-key: no metadata can be trusted\n", UPDATED_CONF_IN_IMAGE);
		return -EINVAL;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static struct updated_conf conf;
	static struct agent a;
	struct sigaction sa = { .sa_handler = on_sigterm };
	sigset_t none;
	uint64_t next_check, next_poll;

	sigaction(SIGTERM, &sa, NULL);
	sigemptyset(&none);
	if (load_conf(argc, argv, &conf) != 0)
		return 2;
	a.conf = &conf;
	a.stopping = &stopping;
	a.storage_dir = getenv(STORAGE_DIR_ENV);
	if (!a.storage_dir || svc_client_open(&a.svc) != 0) {
		fprintf(stderr, "updated: no %s\n", a.storage_dir ? "app service" : "mutable storage");
		return 2;
	}
	if (agent_init(&a) != 0)
		return 2;
	fprintf(stderr, "updated: started: service %s:%u, check every %u s\n", conf.service.host, conf.service.port,
		a.check_period_s);
	next_check = next_poll = now_s();
	while (!stopping) {
		uint64_t now = now_s(), wake = next_check < next_poll ? next_check : next_poll;
		struct timespec ts = { .tv_sec = wake > now ? (time_t)(wake - now) : 0 };
		struct error_detail why = { "" };
		bool check = false;

		if (wake > now) {
			ppoll(NULL, 0, &ts, &none);
			continue;
		}
		if (now >= next_poll) {
			int r = service_poll(&conf.service, a.device_id, &why);

			next_poll = now + conf.poll_period_s;
			if (r == 1)
				fprintf(stderr, "updated: the service asks for a check now\n");
			check = r == 1;
		}
		if (check || now >= next_check) {
			agent_cycle(&a);
			next_check = now_s() + a.check_period_s;
			next_poll = now_s() + conf.poll_period_s;
		}
		agent_certificate(&a);
	}
	fprintf(stderr, "updated: stopping\n");
	return 0;
}
