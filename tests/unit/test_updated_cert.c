/* test_updated_cert.c — updated's device certificate (cert_request.h,
 * cert_schedule.h) against a fake update service of this test's own (a
 * forked child on the loopback, loopback_server.h) that checks the request as spherule-cloud
 * does (the nonce it gave, the attestation over SHA-256("spherule deviceauth
 * v1\0" || nonce || public key)) and issues with OpenSSL, or refuses: a
 * certificate obtained and what updated hands appmgr passing appmgr's own
 * check (deviceauth_check(): the key is the certificate's); a refusal (403)
 * with the service's reason, then the retry after the backoff obtaining one;
 * an answer that is no certificate; the schedule (due at once without a
 * certificate, at half of the validity by default, the backoff doubling to an
 * hour, kept across a restart, a damaged file read as none). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cert_request.h"
#include "cert_schedule.h"
#include "checkin_json.h"
#include "deviceauth.h"
#include "deviceauth_test_cert.h"
#include "loopback_server.h"
#include "spherule/deviceauth_nonce.h"
#include "tap.h"
#include "updated_state.h"

#define ATTEST_MAGIC "ATTEST"
#define REFUSAL "the measurements match no published OS image: the OS description"
#define TENANT "6b9a3c0e-1f2d-4c8a-9e7b-0a1b2c3d4e5f"

static const uint8_t device_id[32] = { 0xd1, 0xd2, 0xd3 };

static void put(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t k = write(fd, s, n);

		if (k <= 0)
			return;
		s += k;
		n -= (size_t)k;
	}
}

static void answer(int c, int status, const char *body)
{
	char head[256];
	int n = snprintf(head, sizeof(head), "HTTP/1.1 %d X\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
			 status, strlen(body));

	put(c, head, (size_t)n);
	put(c, body, strlen(body));
}

/* s with its newlines as \n, as jansson writes them. */
static void escape(const char *s, char *out)
{
	for (; *s; s++) {
		if (*s == '\n') {
			*out++ = '\\';
			*out++ = 'n';
		} else {
			*out++ = *s;
		}
	}
	*out = '\0';
}

/* The service's check of a certificate request (body): 0, or 401's reason. */
static const char *check_request(const char *body, size_t len, const uint8_t nonce[32], uint8_t point[65])
{
	char hex[600];
	uint8_t got[32], bound[32], att[6 + 32];

	if (json_find_string(body, len, "device_id", hex, sizeof(hex)) != 0 || hex_decode(hex, strlen(hex), got, 32) != 0 ||
	    memcmp(got, device_id, 32) != 0)
		return "unknown device";
	if (json_find_string(body, len, "nonce", hex, sizeof(hex)) != 0 || hex_decode(hex, strlen(hex), got, 32) != 0 ||
	    memcmp(got, nonce, 32) != 0)
		return "unknown nonce";
	if (json_find_string(body, len, "public_key", hex, sizeof(hex)) != 0 ||
	    hex_decode(hex, strlen(hex), point, 65) != 0 || point[0] != 0x04)
		return "no public key";
	if (deviceauth_request_nonce(nonce, point, bound) != 0 ||
	    json_find_string(body, len, "attestation", hex, sizeof(hex)) != 0 ||
	    hex_decode(hex, strlen(hex), att, sizeof(att)) != 0 || memcmp(att, ATTEST_MAGIC, 6) != 0 ||
	    memcmp(att + 6, bound, 32) != 0)
		return "the attestation is not over this nonce and key";
	return NULL;
}

/* Serves one connection as the service does; plan: what each certificate
 * request gets, 'I' issued, 'R' refused, 'G' garbage; *asked counts them. */
static void serve(int c, const char *plan, unsigned *asked, uint8_t nonce[32])
{
	static char req[8192], cert[TEST_PEM_MAX], chain[TEST_PEM_MAX], body[3 * TEST_PEM_MAX], reply[6 * TEST_PEM_MAX];
	size_t have = 0, want = 0;
	char *end = NULL, *cl, hex[65];
	uint8_t point[65];
	const char *bad;
	int64_t now = (int64_t)time(NULL);

	while (!end || have < want) {
		ssize_t n = read(c, req + have, sizeof(req) - 1 - have);

		if (n <= 0)
			return;
		have += (size_t)n;
		req[have] = '\0';
		if (!end && (end = strstr(req, "\r\n\r\n")) != NULL) {
			cl = strstr(req, "Content-Length: ");
			want = (size_t)(end + 4 - req) + (cl ? strtoul(cl + 16, NULL, 10) : 0);
		}
	}
	if (strncmp(req, "GET /v1/device/nonce?device_id=", 31) == 0) {
		nonce[0]++;
		hex_encode(nonce, 32, hex);
		snprintf(reply, sizeof(reply), "{\"nonce\":\"%s\",\"expires_s\":60}", hex);
		answer(c, 200, reply);
		return;
	}
	if (strncmp(req, "POST /v1/device/certificate ", 28) != 0) {
		answer(c, 404, "{\"error\":\"not found\"}");
		return;
	}
	bad = check_request(end + 4, have - (size_t)(end + 4 - req), nonce, point);
	nonce[0] += 100; /* single use */
	if (bad) {
		snprintf(reply, sizeof(reply), "{\"error\":\"%s\"}", bad);
		answer(c, 401, reply);
		return;
	}
	switch (plan[*asked < strlen(plan) ? *asked : strlen(plan) - 1]) {
	case 'R':
		answer(c, 403, "{\"error\":\"" REFUSAL "\"}");
		break;
	case 'G':
		answer(c, 200, "{\"certificate\":\"x\"}");
		break;
	default:
		hex_encode(device_id, 32, hex);
		if (test_cert_issue(point, hex, now - 300, now + 86400, cert, chain) != 0) {
			answer(c, 500, "{\"error\":\"OpenSSL\"}");
			break;
		}
		escape(cert, body);
		escape(chain, body + strlen(body) + 1);
		snprintf(reply, sizeof(reply),
			 "{\"certificate\":\"%s\",\"chain\":\"%s\",\"not_after\":%lld,\"tenant\":\"" TENANT "\"}", body,
			 body + strlen(body) + 1, (long long)(now + 86400));
		answer(c, 200, reply);
	}
	++*asked;
}

/** struct service - the fake service's plan and what it keeps between connections. */
struct service {
	const char *plan;
	unsigned asked;
	uint8_t nonce[32];
};

static void serve_one(int c, void *ctx)
{
	struct service *svc = ctx;

	serve(c, svc->plan, &svc->asked, svc->nonce);
}

static pid_t start_service(const char *plan, uint16_t *port)
{
	static struct service svc;

	svc = (struct service){ .plan = plan, .nonce = { 0x4e } };
	return loopback_server_start(port, serve_one, &svc);
}

/* The test's secmon: "ATTEST" and the nonce, as the service above checks. */
static int fake_attest(void *ctx, const uint8_t nonce[32], uint8_t *out, size_t *len, struct error_detail *why)
{
	++*(unsigned *)ctx;
	memcpy(out, ATTEST_MAGIC, 6);
	memcpy(out + 6, nonce, 32);
	*len = 6 + 32;
	return 0;
}

/* What updated hands appmgr (DEVICEAUTH_STORE's payload) passes appmgr's check. */
static int appmgr_keeps(const struct cert_issued *got, struct deviceauth *kept, struct error_detail *why)
{
	return deviceauth_check((const uint8_t *)got, cert_issued_size(got), kept, why);
}

static void test_request(void)
{
	static struct cert_issued got, again;
	static const uint8_t tenant[16] = { 0x6b, 0x9a, 0x3c, 0x0e, 0x1f, 0x2d, 0x4c, 0x8a,
					    0x9e, 0x7b, 0x0a, 0x1b, 0x2c, 0x3d, 0x4e, 0x5f };
	struct http_server srv = { "127.0.0.1", 0, 2000 };
	struct error_detail why = { "" };
	struct cert_schedule sched = { 0 };
	struct deviceauth kept;
	unsigned attested = 0;
	int64_t now = (int64_t)time(NULL), wait;
	pid_t pid = start_service("I", &srv.port);
	int err = cert_request(&srv, device_id, fake_attest, &attested, &got, &why);

	tap_ok(err == 0 && attested == 1 && got.head.not_after > now + 86000 && !memcmp(got.head.tenant, tenant, 16) &&
		       !strncmp(got.text, "-----BEGIN CERTIFICATE-----\n", 28) &&
		       !strncmp(got.text + got.head.cert_len + got.head.chain_len, "-----BEGIN EC PRIVATE KEY-----\n", 31),
	       "a certificate issued: the request checked by the service (nonce, key, attestation over both), the "
	       "answer read (%s)", why.msg);
	tap_ok(err == 0 && appmgr_keeps(&got, &kept, &why) == 0 && kept.not_after == got.head.not_after,
	       "what updated hands appmgr passes appmgr's check: the key is the certificate's (%s)", why.msg);
	err = cert_request(&srv, device_id, fake_attest, &attested, &again, &why);
	tap_ok(err == 0 && strcmp(again.text, got.text) != 0 &&
		       strcmp(again.text + again.head.cert_len + again.head.chain_len,
			      got.text + got.head.cert_len + got.head.chain_len) != 0,
	       "a renewal: a new key, a new certificate");
	loopback_server_stop(pid);

	pid = start_service("RI", &srv.port);
	err = cert_request(&srv, device_id, fake_attest, &attested, &got, &why);
	tap_ok(err == -EACCES && strcmp(why.msg, "HTTP 403: " REFUSAL) == 0,
	       "a refusal: EACCES with the service's status and reason (%s)", why.msg);
	wait = cert_schedule_failed(&sched, now);
	tap_ok(wait == CERT_RETRY_FIRST_S && cert_schedule_due(&sched, 50) == now + CERT_RETRY_FIRST_S,
	       "after the refusal, the next request in %lld s", (long long)wait);
	err = cert_request(&srv, device_id, fake_attest, &attested, &got, &why);
	if (err == 0)
		cert_schedule_issued(&sched, now - 300, got.head.not_after);
	tap_ok(err == 0 && appmgr_keeps(&got, &kept, &why) == 0 && sched.failures == 0 &&
		       cert_schedule_due(&sched, 50) == now - 300 + (got.head.not_after - now + 300) / 2,
	       "the retry: issued, the next request due at half its validity (%s)", why.msg);
	loopback_server_stop(pid);

	pid = start_service("G", &srv.port);
	err = cert_request(&srv, device_id, fake_attest, &attested, &got, &why);
	tap_ok(err == -EPROTO && strstr(why.msg, "lacks"), "an answer that is no certificate: EPROTO (%s)", why.msg);
	loopback_server_stop(pid);
	srv.timeout_ms = 300;
	err = cert_request(&srv, device_id, fake_attest, &attested, &got, &why);
	tap_ok(err != 0 && err != -EACCES, "no service: a failure, not a refusal (%s)", why.msg);
}

static void test_schedule(void)
{
	char dir[] = "/tmp/test_updated_cert.XXXXXX";
	struct cert_schedule c = { 0 }, loaded;
	int64_t waits[8];

	tap_ok(cert_schedule_due(&c, 50) == 0, "without a certificate: due at once");
	cert_schedule_issued(&c, 1000, 1000 + 86400);
	tap_ok(cert_schedule_due(&c, 50) == 1000 + 43200 && cert_schedule_due(&c, 25) == 1000 + 64800,
	       "a day-long certificate: renewed after 12 h (50%% left), after 18 h with 25%%");
	for (int i = 0; i < 8; i++)
		waits[i] = cert_schedule_failed(&c, 50000);
	tap_ok(waits[0] == 30 && waits[1] == 60 && waits[2] == 120 && waits[6] == 1920 && waits[7] == 3600 &&
		       cert_schedule_due(&c, 50) == 50000 + 3600,
	       "failures back off: 30 s doubling, at most an hour");
	cert_schedule_failed(&c, 1000);
	tap_ok(cert_schedule_due(&c, 50) == 1000 + 43200 && c.not_after == 1000 + 86400,
	       "a failure before the renewal point keeps the certificate and its renewal time");
	if (!mkdtemp(dir))
		return;
	cert_schedule_issued(&c, 5000, 5000 + 86400);
	cert_schedule_load(dir, &loaded);
	tap_ok(loaded.not_after == 0 && cert_schedule_save(dir, &c) == 0, "none kept yet; saved");
	cert_schedule_load(dir, &loaded);
	tap_ok(loaded.not_before == 5000 && loaded.not_after == 5000 + 86400 && loaded.failures == 0,
	       "read back at the next start: the same validity");
	tap_ok(updated_file_write(dir, CERT_SCHEDULE_FILE, "5000 x\n", 7) == 0, "a damaged file written");
	cert_schedule_load(dir, &loaded);
	tap_ok(loaded.not_after == 0 && cert_schedule_due(&loaded, 50) == 0, "a damaged file: none, due at once");
	unlink(strcat(strcat(strcpy((char[64]){ 0 }, dir), "/"), CERT_SCHEDULE_FILE));
	rmdir(dir);
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	test_request();
	test_schedule();
	return tap_done();
}
