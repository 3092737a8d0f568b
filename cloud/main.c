/* main.c - spherule-cloud, the update service (docs/cloud-api.md):
 *   spherule-cloud serve --db sqlite:PATH|postgresql://... [--listen HOST:PORT] [--state DIR] ...
 *   spherule-cloud metadata-key [--state DIR]
 *   spherule-cloud admin-password --db URL [--state DIR]   (the password on stdin)
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "http.h"
#include "os_measure.h"
#include "spherule/pkg_host.h"
#include "state_dir.h"
#include "tenant_ca.h"

static const char usage[] =
	"usage: spherule-cloud serve --db sqlite:PATH|postgresql://... [--listen HOST:PORT] [--state DIR]\n"
	"                            [--targets-expiry S] [--timestamp-expiry S] [--nonce-ttl S]\n"
	"                            [--tenant-ca-key FILE] [--certificate-validity S]\n"
	"       spherule-cloud metadata-key [--state DIR]\n"
	"       spherule-cloud admin-password --db URL [--state DIR] < NEW-PASSWORD\n"
	"       spherule-cloud --help\n"
	"\n"
	"serve         the update service's HTTP API (docs/cloud-api.md) on --listen\n"
	"              (default 127.0.0.1:8443; port 0: any free port), its database --db;\n"
	"              makes the state dir's metadata.key and admin-token at first start\n"
	"  --state DIR         the state directory (default ~/.local/state/spherule-cloud)\n"
	"  --targets-expiry S  targets and snapshot metadata expire after S seconds (default 2592000)\n"
	"  --timestamp-expiry S  each answer's timestamp expires after S seconds (default 300)\n"
	"  --nonce-ttl S       a check-in nonce is good for S seconds (default 60)\n"
	"  --tenant-ca-key FILE  the tenant CA's key (P-256 PEM, mode 0600), kept out of the state dir\n"
	"                      (default: STATE/tenant-ca.key, made at first start with tenant-ca.pem)\n"
	"  --certificate-validity S  a device certificate is valid S seconds from its issue (default\n"
	"                      86400; at least 600; devices renew when half of it is left)\n"
	"metadata-key  prints the public key (PEM) of the state dir's metadata key: what devices trust\n"
	"admin-password  sets the dashboard's admin password to the first line of standard input\n"
	"              (12 bytes or more), ends its sessions, removes the state dir's admin-password\n";

static int fail(const char *fmt, const char *arg)
{
	fprintf(stderr, "spherule-cloud: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n");
	return 1;
}

/* spherule-cloud admin-password (account.h). */
static int admin_password(const char *state, const char *db_url)
{
	struct cloud_db *db;
	char why[512];
	int rc;

	if (!db_url)
		return fail("%s", "admin-password: --db sqlite:PATH or postgresql://... is required");
	if (cloud_db_open(db_url, &db, why, sizeof(why)) < 0)
		return fail("database: %s", why);
	rc = account_password_command(state, db, stdin, why, sizeof(why));
	cloud_db_close(db);
	if (rc < 0)
		return fail("%s", why);
	printf("spherule-cloud: the admin password is set; its sessions are ended\n");
	return 0;
}

static int seconds(const char *text, int64_t *out)
{
	char *end;
	long long v = strtoll(text, &end, 10);

	if (*end || end == text || v < 1)
		return -EINVAL;
	*out = v;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },	       { "listen", required_argument, NULL, 'l' },
		{ "state", required_argument, NULL, 's' },      { "targets-expiry", required_argument, NULL, 't' },
		{ "timestamp-expiry", required_argument, NULL, 'T' },
		{ "nonce-ttl", required_argument, NULL, 'n' }, { "help", no_argument, NULL, 'h' },
		{ "tenant-ca-key", required_argument, NULL, 'k' },
		{ "certificate-validity", required_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct cloud svc = { .cfg = { 30 * 86400, 300, 60, DEVICE_CERT_VALIDITY_S } };
	const char *db_url = NULL, *listen = "127.0.0.1:8443", *state, *ca_key = NULL;
	char state_buf[4096], why[512];
	struct error_detail err = { "" };
	bool serve, password;
	int c, rc;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	serve = strcmp(argv[1], "serve") == 0;
	password = strcmp(argv[1], "admin-password") == 0;
	if (!serve && !password && strcmp(argv[1], "metadata-key") != 0)
		return fail("%s: unknown command (see 'spherule-cloud --help')", argv[1]);
	state = cloud_state_default(state_buf, sizeof(state_buf));
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db_url = optarg; break;
		case 'l': listen = optarg; break;
		case 's': state = optarg; break;
		case 't': rc = seconds(optarg, &svc.cfg.targets_expiry_s); goto check;
		case 'T': rc = seconds(optarg, &svc.cfg.timestamp_expiry_s); goto check;
		case 'n': rc = seconds(optarg, &svc.cfg.nonce_ttl_s); goto check;
		case 'k': ca_key = optarg; break;
		case 'V':
			if (seconds(optarg, &svc.cfg.cert_validity_s) < 0 ||
			    svc.cfg.cert_validity_s < DEVICE_CERT_VALIDITY_MIN_S)
				return fail("--certificate-validity %s: expected a number of seconds, 600 or more", optarg);
			continue;
		case 'h': fputs(usage, stdout); return 0;
		default: return fail("%s", "unknown option or missing value (see 'spherule-cloud --help')");
		}
		continue;
check:
		if (rc < 0)
			return fail("%s: expected a number of seconds, 1 or more", optarg);
	}
	if (optind != argc)
		return fail("%s: unexpected argument", argv[optind]);
	if (password)
		return admin_password(state, db_url);
	if (!serve) {
		if (cloud_state_open(state, false, &svc, why, sizeof(why)) < 0)
			return fail("%s", why);
		rc = pkg_key_write_pem(svc.meta_key, false, stdout, &err);
		EVP_PKEY_free(svc.meta_key);
		return rc < 0 ? fail("%s", err.msg) : 0;
	}
	if (!db_url)
		return fail("%s", "serve: --db sqlite:PATH or postgresql://... is required");
	if (cloud_state_open(state, true, &svc, why, sizeof(why)) < 0 ||
	    tenant_ca_open(state, ca_key, &svc.ca, why, sizeof(why)) < 0)
		return fail("%s", why);
	if (cloud_db_open(db_url, &svc.db, why, sizeof(why)) < 0)
		return fail("database: %s", why);
	if (account_bootstrap(state, svc.db, why, sizeof(why)) < 0) {
		cloud_db_close(svc.db);
		return fail("%s", why);
	}
	if (os_measure_backfill(&svc, why, sizeof(why)) < 0) {
		cloud_db_close(svc.db);
		return fail("the OS images' measurements: %s", why);
	}
	rc = http_serve(&svc, listen);
	cloud_db_close(svc.db);
	tenant_ca_free(svc.ca);
	EVP_PKEY_free(svc.meta_key);
	return rc < 0 ? 1 : 0;
}
