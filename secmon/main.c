/*
 * main.c - secmon, the board's security processor, as a host program
 * (docs/secmon.md). The library beside it does the work (store.h,
 * counter.h, secure_boot.h); this file is the program flow of its
 * commands, which the `spherule` CLI runs:
 *
 *   secmon manufacture --flash FLASH --vendor-key PUB... --oem-key PUB...
 *                      [--revoked-key PUB...] [--development-key PUB...] [--force]
 *       makes the store FLASH.secmon/ (device key pair generated here);
 *       prints "device-id <hex>".
 *   secmon identity --flash FLASH
 *       prints "device-id <hex>", then the device's public key (PEM).
 *   secmon keys --flash FLASH
 *       prints the store's public keys, a line "<set> <thumbprint>" each
 *       (set: vendor-keys, oem-keys, revoked-keys, development-keys).
 *   secmon enable-development --flash FLASH --oem-key KEY
 *       writes FLASH.devcap, the development capability for this device
 *       signed by the OEM private key KEY (devcap.h); prints "device-id <hex>".
 *   secmon enable-cloud-test --flash FLASH
 *       removes FLASH.devcap.
 *   secmon boot --flash FLASH [--ready-fd N] [--mailbox SOCK] [--trial-timeout S]
 *       the board's power-on: validates FLASH.devcap if there is one
 *       (logged; a refused one is ignored), selects and checks the OS slot
 *       of FLASH to boot (secure_boot.h), logs what it measured to stderr
 *       and writes its verdict, one line, to fd N (default stdout):
 *       "ok <measurement> <version> <security-version> <A|B>" or
 *       "refused <partition>: <reason>". A trial boot must be confirmed
 *       within S seconds (default 300): at the deadline of one that was
 *       not, secmon, the board's watchdog, ends with exit status 3, and
 *       the emulator power-cycles the board. With --mailbox, after "ok" it stays
 *       up holding the store and the measurement: it listens on SOCK (before
 *       the verdict), accepts QEMU's one connection and serves the mailbox
 *       on it (mbox_stream.h) until QEMU closes it; it ends at once if its
 *       parent ends before QEMU connected (QEMU failed to start).
 *
 * A failure is one line "secmon: <reason>" on stderr and exit status 1. The
 * device's private key is never printed.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "counter.h"
#include "devcap.h"
#include "durable_file.h"
#include "mbox_socket.h"
#include "mbox_stream.h"
#include "os_slots.h"
#include "os_update.h"
#include "secure_boot.h"
#include "spherule/pkg_host.h"
#include "store.h"

static const char usage[] =
	"usage: secmon manufacture --flash FLASH --vendor-key PUB... --oem-key PUB...\n"
	"                          [--revoked-key PUB...] [--development-key PUB...] [--force]\n"
	"       secmon identity --flash FLASH\n"
	"       secmon keys --flash FLASH\n"
	"       secmon enable-development --flash FLASH --oem-key KEY\n"
	"       secmon enable-cloud-test --flash FLASH\n"
	"       secmon boot --flash FLASH [--ready-fd N] [--mailbox SOCK] [--trial-timeout S]\n"
	"\n"
	"The security processor of board qemu-armv7; its store is the directory FLASH.secmon\n"
	"beside the flash file. Run by 'spherule device' and 'spherule emulator start'\n"
	"(docs/secmon.md).\n";

#define SECMON_TRIAL_TIMEOUT 300u /* seconds: the default of --trial-timeout */
#define SECMON_EXIT_WATCHDOG 3    /* a trial boot not confirmed by its deadline */

/* The OS booted: a confirm (mailbox type 10) ends its trial. */
static struct secure_boot_result booted;

/* The board's watchdog: at the trial's deadline, a trial still not
 * confirmed ends secmon (the emulator then power-cycles the board). */
static void trial_deadline(int sig)
{
	static const char text[] = "secmon: watchdog: the trial boot was not confirmed by its deadline: power-cycling\n";

	(void)sig;
	if (!booted.trial)
		return;
	if (write(STDERR_FILENO, text, sizeof(text) - 1) < 0) {
		/* nothing more to tell */
	}
	_exit(SECMON_EXIT_WATCHDOG);
}

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int fail(const char *fmt, ...)
{
	va_list ap;

	fputs("secmon: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

struct args {
	const char *flash;
	const char *mailbox; /* boot: the mailbox socket to serve, or NULL */
	const char *keys[SECMON_KEY_SETS][SECMON_KEYS_MAX];
	unsigned nkeys[SECMON_KEY_SETS];
	bool force;
	int ready_fd;
	unsigned trial_timeout; /* boot: seconds a trial boot has to confirm */
};

static int parse(int argc, char **argv, struct args *a)
{
	static const struct option opts[] = {
		{ "flash", required_argument, NULL, 'f' },
		{ "vendor-key", required_argument, NULL, SECMON_VENDOR_KEYS },
		{ "oem-key", required_argument, NULL, SECMON_OEM_KEYS },
		{ "revoked-key", required_argument, NULL, SECMON_REVOKED_KEYS },
		{ "development-key", required_argument, NULL, SECMON_DEVELOPMENT_KEYS },
		{ "force", no_argument, NULL, 'F' },
		{ "ready-fd", required_argument, NULL, 'r' },
		{ "mailbox", required_argument, NULL, 'M' },
		{ "trial-timeout", required_argument, NULL, 'T' },
		{ 0 },
	};
	char *end;
	int c;

	long timeout;

	a->ready_fd = STDOUT_FILENO;
	a->trial_timeout = SECMON_TRIAL_TIMEOUT;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f': a->flash = optarg; break;
		case 'F': a->force = true; break;
		case 'M': a->mailbox = optarg; break;
		case 'T':
			timeout = strtol(optarg, &end, 10);
			if (*end || timeout < 1 || timeout > 86400)
				return fail("--trial-timeout %s: not a number of seconds (1..86400)", optarg);
			a->trial_timeout = (unsigned)timeout;
			break;
		case 'r':
			a->ready_fd = (int)strtol(optarg, &end, 10);
			if (*end || a->ready_fd < 0)
				return fail("--ready-fd %s: not a file descriptor", optarg);
			break;
		case SECMON_VENDOR_KEYS:
		case SECMON_OEM_KEYS:
		case SECMON_REVOKED_KEYS:
		case SECMON_DEVELOPMENT_KEYS:
			if (a->nkeys[c] == SECMON_KEYS_MAX)
				return fail("at most %u keys in each set", SECMON_KEYS_MAX);
			a->keys[c][a->nkeys[c]++] = optarg;
			break;
		default: return fail("unknown option or missing value '%s' (see --help)", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return fail("unexpected argument '%s'", argv[optind]);
	if (!a->flash)
		return fail("--flash FLASH is required");
	return 0;
}

static int load_key_sets(const struct args *a, struct secmon_key_set sets[SECMON_KEY_SETS])
{
	static const char *const options[SECMON_KEY_SETS] = { "--vendor-key", "--oem-key", "--revoked-key",
							      "--development-key" };

	for (int id = 0; id < SECMON_KEY_SETS; id++)
		for (unsigned i = 0; i < a->nkeys[id]; i++) {
			struct error_detail err = { "" };
			uint8_t point[PKG_PUBKEY_SIZE];
			EVP_PKEY *key = pkg_key_read(a->keys[id][i], false, &err);
			int rc = key ? pkg_key_point(key, point, &err) : -EINVAL;

			EVP_PKEY_free(key);
			if (!rc)
				rc = secmon_key_set_add(&sets[id], point, &err);
			if (rc)
				return fail("%s %s: %s", options[id], a->keys[id][i], err.msg);
		}
	return 0;
}

static int manufacture(const struct args *a)
{
	struct secmon_key_set sets[SECMON_KEY_SETS] = { 0 };
	struct error_detail err = { "" };
	char store[PATH_MAX], id[65];

	if (!a->nkeys[SECMON_VENDOR_KEYS] || !a->nkeys[SECMON_OEM_KEYS])
		return fail("at least one --vendor-key and one --oem-key are required");
	if (secmon_store_path(a->flash, store, sizeof(store)) < 0)
		return fail("%s: path too long", a->flash);
	if (load_key_sets(a, sets))
		return 1;
	if (secmon_store_manufacture(store, sets, a->force, id, &err) < 0)
		return fail("%s", err.msg);
	printf("device-id %s\n", id);
	return 0;
}

static int open_store(const struct args *a, bool exclusive, struct secmon_store *s)
{
	struct error_detail err = { "" };
	char store[PATH_MAX];
	int rc;

	if (secmon_store_path(a->flash, store, sizeof(store)) < 0)
		return fail("%s: path too long", a->flash);
	rc = secmon_store_open(store, exclusive, s, &err);
	if (rc == -ENOENT)
		return fail("%s: no store: the device was never manufactured ('spherule device manufacture' "
			    "or the first 'spherule emulator start' makes one)", store);
	return rc < 0 ? fail("%s", err.msg) : 0;
}

static int identity(const struct args *a)
{
	struct error_detail err = { "" };
	struct secmon_store s;
	char *pem = NULL;
	size_t len = 0;
	int rc;

	if (open_store(a, false, &s))
		return 1;
	rc = pkg_key_pem(s.device_key, false, &pem, &len, &err);
	if (!rc)
		printf("device-id %s\n%s", s.device_id, pem);
	free(pem);
	secmon_store_close(&s);
	return rc < 0 ? fail("%s", err.msg) : 0;
}

static int keys(const struct args *a)
{
	struct secmon_store s;
	char hex[65];

	if (open_store(a, false, &s))
		return 1;
	for (int id = 0; id < SECMON_KEY_SETS; id++)
		for (unsigned i = 0; i < s.sets[id].count; i++) {
			pkg_thumbprint_hex(s.sets[id].keys[i].thumbprint, hex);
			printf("%s %s\n", secmon_key_set_name(id), hex);
		}
	secmon_store_close(&s);
	return 0;
}

static void hex(const uint8_t *p, size_t len, char *out)
{
	for (size_t i = 0; i < len; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
}

/* Logs the measurement, one line per link and the result. */
static void log_measurement(const struct secure_boot_result *r)
{
	char text[2 * CRYPTO_SHA256_SIZE + 1];

	for (unsigned i = 0; i < r->measurement.count; i++) {
		hex(r->measurement.events[i].digest, CRYPTO_SHA256_SIZE, text);
		fprintf(stderr, "secmon: measured %s %s\n", r->measurement.events[i].name, text);
	}
	hex(r->measurement.value, CRYPTO_SHA256_SIZE, text);
	fprintf(stderr, "secmon: OS version %u, security version %u verified; measurement %s\n",
		r->desc.version, r->desc.security_version, text);
	fprintf(stderr, "secmon: booting slot %c%s\n", os_slot_letter(r->slot),
		r->trial ? ": its trial boot, to be confirmed healthy" : "");
}

/* Splits FLASH.devcap into its directory (opened) and its name. */
static int open_capability_dir(const char *flash, char path[PATH_MAX], const char **name)
{
	char *slash;
	int fd;

	if (devcap_path(flash, path, PATH_MAX) < 0)
		return fail("%s: path too long", flash);
	slash = strrchr(path, '/');
	*name = slash ? slash + 1 : path;
	if (slash)
		*slash = '\0';
	fd = open(slash ? (*path ? path : "/") : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		fail("%s: %s", slash ? path : ".", strerror(errno));
	if (slash)
		*slash = '/';
	return fd < 0 ? -1 : fd;
}

/*
 * The development capability beside the flash, if any, checked against the
 * store and logged: true with *cap filled when it is accepted; a refused one
 * is ignored (the device boots without development mode).
 */
static bool load_capability(const struct args *a, const struct secmon_store *s, struct devcap *cap)
{
	struct error_detail err = { "" };
	uint8_t buf[DEVCAP_SIZE + 1];
	char path[PATH_MAX], hex[65];
	const char *name;
	int dirfd = open_capability_dir(a->flash, path, &name);
	ssize_t n = dirfd < 0 ? -EIO : durable_read(dirfd, name, buf, sizeof(buf));

	if (dirfd >= 0)
		close(dirfd);
	if (n == -ENOENT) {
		fprintf(stderr, "secmon: development mode off: no capability %s\n", path);
		return false;
	}
	if (n < 0 && n != -EFBIG) {
		fprintf(stderr, "secmon: development capability %s refused: %s; ignored\n", path, strerror((int)-n));
		return false;
	}
	if (devcap_check(buf, n < 0 ? sizeof(buf) : (size_t)n, s, cap, &err) < 0) {
		fprintf(stderr, "secmon: development capability %s refused: %s; ignored\n", path, err.msg);
		return false;
	}
	pkg_thumbprint_hex(cap->thumbprint, hex);
	fprintf(stderr, "secmon: development capability accepted: AppDevelopment, signed by OEM key %s\n", hex);
	return true;
}

static int enable_development(const struct args *a)
{
	struct error_detail err = { "" };
	uint8_t id[PKG_THUMBPRINT_SIZE], file[DEVCAP_SIZE];
	struct secmon_store s;
	char path[PATH_MAX];
	const char *name;
	EVP_PKEY *oem;
	int dirfd, rc;

	if (a->nkeys[SECMON_OEM_KEYS] != 1)
		return fail("one --oem-key KEY (the OEM's private key) is required");
	oem = pkg_key_read(a->keys[SECMON_OEM_KEYS][0], true, &err);
	if (!oem)
		return fail("--oem-key %s: %s", a->keys[SECMON_OEM_KEYS][0], err.msg);
	if (open_store(a, false, &s)) {
		EVP_PKEY_free(oem);
		return 1;
	}
	pkg_thumbprint(s.device_point, id);
	rc = devcap_issue(oem, id, file, &err);
	EVP_PKEY_free(oem);
	if (!rc) {
		struct devcap cap;

		rc = devcap_check(file, sizeof(file), &s, &cap, &err);
	}
	if (!rc)
		printf("device-id %s\n", s.device_id);
	secmon_store_close(&s);
	if (rc < 0)
		return fail("--oem-key %s: the device would refuse the capability: %s", a->keys[SECMON_OEM_KEYS][0],
			    err.msg);
	dirfd = open_capability_dir(a->flash, path, &name);
	if (dirfd < 0)
		return 1;
	rc = durable_replace(dirfd, name, file, sizeof(file), 0644);
	close(dirfd);
	return rc < 0 ? fail("%s: %s", path, strerror(-rc)) : 0;
}

static int enable_cloud_test(const struct args *a)
{
	char path[PATH_MAX];
	const char *name;
	int dirfd = open_capability_dir(a->flash, path, &name), rc;

	if (dirfd < 0)
		return 1;
	rc = unlinkat(dirfd, name, 0) < 0 && errno != ENOENT ? -errno : 0;
	if (!rc)
		rc = durable_sync_dir(dirfd);
	close(dirfd);
	return rc < 0 ? fail("%s: %s", path, strerror(-rc)) : 0;
}

/*
 * After an "ok" verdict with --mailbox: QEMU's connection to the listening
 * lfd served until QEMU closes it. The socket file goes once QEMU is
 * connected (it connects once) or gone.
 */
static int serve_mailbox(const struct args *a, const struct mbox_server *srv, int lfd, pid_t parent)
{
	int conn = mbox_socket_accept(lfd, parent), rc;

	close(lfd);
	unlink(a->mailbox);
	if (conn == -ECHILD) {
		fprintf(stderr, "secmon: QEMU never connected to the mailbox (its parent ended): ending\n");
		return 0;
	}
	if (conn < 0)
		return fail("%s: accept: %s", a->mailbox, strerror(-conn));
	fprintf(stderr, "secmon: mailbox: QEMU connected\n");
	rc = mbox_stream_serve(srv, conn, MBOX_STREAM_QUIET_MS);
	close(conn);
	if (rc < 0)
		return fail("mailbox: %s", strerror(-rc));
	fprintf(stderr, "secmon: mailbox closed by QEMU: ending\n");
	return 0;
}

/* The transcript file: appended to, the owner's alone (it holds every
 * random reply), never through a symbolic link. NULL with errno set. */
static FILE *open_transcript(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0600);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "a");

	if (fd >= 0 && !f)
		close(fd);
	return f;
}

static int boot(const struct args *a)
{
	struct secure_boot_result *const rp = &booted;
	static struct devcap capability;
	char text[2 * CRYPTO_SHA256_SIZE + 1];
	struct error_detail err = { "" };
	struct secmon_store s;
	pid_t parent = getppid();
	bool accepted;
	FILE *verdict;
	int fd, lfd = -1, rc;

	if (open_store(a, true, &s))
		return 1;
	/* Read-write: an install writes the inactive OS slot (os_update.h). */
	fd = open(a->flash, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		secmon_store_close(&s);
		return fail("%s: %s", a->flash, strerror(errno));
	}
	fprintf(stderr, "secmon: power-on: device %s, flash %s\n", s.device_id, a->flash);
	accepted = load_capability(a, &s, &capability);
	rc = secure_boot(&s, fd, rp);
	/* The socket listens before the verdict lets the CLI start QEMU. */
	if (rc == 0 && a->mailbox && (lfd = mbox_socket_listen(a->mailbox, &err)) < 0)
		fail("%s", err.msg);
	if (rc < 0 || lfd < 0) {
		close(fd);
		secmon_store_close(&s);
	}
	if (rc == 0 && a->mailbox && lfd < 0)
		return 1;
	verdict = fdopen(a->ready_fd, "w");
	if (verdict && rc < 0) {
		fprintf(stderr, "secmon: refused: %s: %s\n", rp->partition, rp->why.msg);
		fprintf(verdict, "refused %s: %s\n", rp->partition, rp->why.msg);
	} else if (verdict) {
		log_measurement(rp);
		hex(rp->measurement.value, CRYPTO_SHA256_SIZE, text);
		fprintf(verdict, "ok %s %u %u %c\n", text, rp->desc.version, rp->desc.security_version,
			os_slot_letter(rp->slot));
	}
	if (!verdict || fclose(verdict) != 0) {
		fail("--ready-fd %d: %s", a->ready_fd, strerror(errno));
		rc = -1;
	}
	if (lfd >= 0) {
		const char *transcript = getenv(MBOX_TRANSCRIPT_ENV);
		struct mbox_server srv = { &s, fd, &rp->measurement, accepted ? &capability : NULL,
					   transcript && *transcript ? open_transcript(transcript) : NULL, rp,
					   rp->trial ? os_update_now() + a->trial_timeout : 0 };

		if (transcript && *transcript && !srv.transcript)
			fprintf(stderr, "secmon: %s=%s: %s; no transcript\n", MBOX_TRANSCRIPT_ENV, transcript,
				strerror(errno));
		else if (srv.transcript)
			fprintf(stderr, "secmon: mailbox transcript in %s\n", transcript);
		if (rc == 0 && rp->trial) {
			signal(SIGALRM, trial_deadline);
			alarm(a->trial_timeout);
		}
		if (rc == 0)
			rc = serve_mailbox(a, &srv, lfd, parent) ? -1 : 0;
		else {
			close(lfd);
			unlink(a->mailbox);
		}
		if (srv.transcript)
			fclose(srv.transcript);
		close(fd);
		secmon_store_close(&s);
	}
	return rc < 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(const struct args *a);
	} commands[] = { { "manufacture", manufacture }, { "identity", identity }, { "keys", keys }, { "boot", boot },
		       { "enable-development", enable_development }, { "enable-cloud-test", enable_cloud_test } };
	struct args a = { 0 };

	if (argc < 2 || !strcmp(argv[1], "--help")) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return parse(argc - 1, argv + 1, &a) ? 1 : commands[i].run(&a);
	return fail("unknown command '%s' (see --help)", argv[1]);
}
