/*
 * cloud_checkin.c - the update service's check-in load generator for
 * bench/cloud.sh (loopback only, bounded in count and in time):
 *
 *   cloud_checkin [--parallel P] [--reports R] [--max-seconds S]
 *                 URL TOKEN_FILE DEVICE_GROUP DEVICES COUNT
 *
 * P processes (default 1), each with one kept-alive connection, share
 * DEVICES fresh devices (a P-256 key generated for each, claimed into
 * DEVICE_GROUP through the admin API; device i is process i mod P's). Once
 * all are claimed, they make COUNT check-ins between them, each process
 * round-robin over its devices: GET /v1/device/nonce, the attestation (made
 * here, as secmon would, not timed: on a device secmon makes it), POST
 * /v1/device/checkin carrying R failure reports (default 0; each device's
 * seqs growing from 0, cloud_report_sim.h). A process stops early after S
 * seconds (default: no limit). Prints
 *   devices=D claim_s=C checkins=N seconds=S per_s=R p50_ms=A p99_ms=B reports=M
 * where S is the wall time of the check-ins (all processes at once), R is
 * N / S, A and B are percentiles of one check-in's latency (its two
 * requests), M the reports sent. Exits 1 when an answer is not 200 (201 for a
 * claim).
 */
#include <curl/curl.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cloud_attest_sim.h"
#include "cloud_report_sim.h"
#include "crypto.h"
#include "hex.h"
#include "spherule/pkg_host.h"

#define PARALLEL_MAX 64
#define REPORTS_MAX 32 /* the service's most in one check-in */

struct buf {
	char *data;
	size_t len;
};

struct device {
	EVP_PKEY *key;
	uint8_t point[PKG_PUBKEY_SIZE];
	char id[65];
	uint64_t next_seq;
};

/* What the processes share (mmap()ed): each one's latencies, at its own
 * stride, and how many check-ins it made. */
struct shared {
	long done[PARALLEL_MAX];
	double latency[]; /* COUNT of them, process k's at k, k + P, ... */
};

struct load {
	const char *url, *group;
	struct curl_slist *admin, *json;
	long ndev, count, parallel, reports;
	double max_seconds;
	struct shared *shared;
};

static size_t collect(char *p, size_t size, size_t n, void *ctx)
{
	struct buf *b = ctx;
	char *grown = realloc(b->data, b->len + size * n + 1);

	if (!grown)
		return 0;
	b->data = grown;
	memcpy(b->data + b->len, p, size * n);
	b->len += size * n;
	b->data[b->len] = '\0';
	return size * n;
}

/* One request on the kept-alive handle: the status, the body in b. */
static long request(CURL *c, const char *url, const char *body, struct curl_slist *headers, struct buf *b)
{
	long status = 0;

	b->len = 0;
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	if (body)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	if (curl_easy_perform(c) != CURLE_OK)
		return -1;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	return status;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int claim(CURL *c, const struct load *l, struct device *d, struct buf *b)
{
	char url[512], *pem, *body;
	json_t *request_json;
	uint8_t id[32];
	size_t len;
	long status;

	d->key = pkg_key_generate(NULL);
	if (!d->key || pkg_key_point(d->key, d->point, NULL) < 0 || pkg_key_pem(d->key, false, &pem, &len, NULL) < 0)
		return -1;
	crypto_sha256(d->point, sizeof(d->point), id);
	hex_encode(id, sizeof(id), d->id);
	request_json = json_pack("{s:s,s:s%,s:s}", "device_id", d->id, "public_key", pem, len, "device_group", l->group);
	body = json_dumps(request_json, JSON_COMPACT);
	json_decref(request_json);
	free(pem);
	snprintf(url, sizeof(url), "%s/v1/devices", l->url);
	status = body ? request(c, url, body, l->admin, b) : -1;
	free(body);
	if (status != 201)
		fprintf(stderr, "cloud_checkin: claim: %ld %s\n", status, b->data ? b->data : "");
	return status == 201 ? 0 : -1;
}

/* One check-in of d: its latency (the two requests) into *latency; 0 or -1. */
static int checkin(CURL *c, const struct load *l, struct device *d, struct buf *b, double *latency)
{
	static char attestation[2 * MBOX_MSG_MAX + 1], reports[64 * 1024], body[80 * 1024];
	char url[512], nonce_hex[65];
	uint8_t nonce[32];
	json_t *answer;
	const char *text;
	double t0, spent;
	long status;

	snprintf(url, sizeof(url), "%s/v1/device/nonce?device_id=%s", l->url, d->id);
	t0 = now_s();
	status = request(c, url, NULL, NULL, b);
	spent = now_s() - t0;
	answer = status == 200 ? json_loads(b->data, 0, NULL) : NULL;
	text = json_string_value(json_object_get(answer, "nonce"));
	if (!text || strlen(text) != 64) {
		fprintf(stderr, "cloud_checkin: nonce: %ld %s\n", status, b->data ? b->data : "");
		json_decref(answer);
		return -1;
	}
	memcpy(nonce_hex, text, sizeof(nonce_hex));
	json_decref(answer);
	if (hex_decode(nonce_hex, nonce, sizeof(nonce)) < 0 || cloud_attest_sim(d->key, d->point, nonce, attestation) < 0)
		return -1;
	if (cloud_report_sim(reports, sizeof(reports), d->next_seq, (unsigned)l->reports, time(NULL)) < 0)
		return -1;
	d->next_seq += (uint64_t)l->reports;
	snprintf(body, sizeof(body),
		 "{\"device_id\":\"%s\",\"nonce\":\"%s\",\"attestation\":\"%s\",\"os\":{\"version\":1,"
		 "\"security_version\":1,\"slot\":\"A\"},\"apps\":[],\"state\":\"idle\",\"detail\":\"\"%s%s}",
		 d->id, nonce_hex, attestation, l->reports ? ",\"error_reports\":" : "", l->reports ? reports : "");
	snprintf(url, sizeof(url), "%s/v1/device/checkin", l->url);
	t0 = now_s();
	status = request(c, url, body, l->json, b);
	*latency = spent + now_s() - t0;
	if (status != 200) {
		fprintf(stderr, "cloud_checkin: check-in: %ld %s\n", status, b->data ? b->data : "");
		return -1;
	}
	return 0;
}

/* Process k: claims its devices, says so on ready ('r', or 'f' when a claim
 * failed), waits for go (closed without a byte: give up), makes its share of
 * the check-ins. Its exit status. */
static int worker(const struct load *l, long k, int ready, int go)
{
	long mine = (l->ndev - k + l->parallel - 1) / l->parallel, i, n;
	struct device *devs = calloc((size_t)mine, sizeof(*devs));
	struct buf b = { NULL, 0 };
	CURL *c = curl_easy_init();
	double start;
	char byte = 'r';

	if (!devs || !c)
		return 2;
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	for (i = 0; i < mine && byte == 'r'; i++)
		if (claim(c, l, &devs[i], &b) < 0)
			byte = 'f';
	if (write(ready, &byte, 1) != 1 || byte == 'f' || read(go, &byte, 1) != 1)
		return 1;
	start = now_s();
	for (n = 0, i = k; i < l->count; i += l->parallel, n++) {
		if (l->max_seconds > 0 && now_s() - start > l->max_seconds)
			break;
		if (checkin(c, l, &devs[n % mine], &b, &l->shared->latency[i]) < 0)
			return 1;
		l->shared->done[k] = n + 1;
	}
	curl_easy_cleanup(c);
	return 0;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The made check-ins' latencies, sorted, into out: how many. */
static long gather(const struct load *l, double *out)
{
	long n = 0;

	for (long k = 0; k < l->parallel; k++)
		for (long j = 0; j < l->shared->done[k]; j++)
			out[n++] = l->shared->latency[k + j * l->parallel];
	qsort(out, (size_t)n, sizeof(*out), by_value);
	return n;
}

/* Starts the workers, times the check-ins, prints the line. */
static int run(struct load *l)
{
	int ready[2], go[2], status, failed = 0;
	double claim_start = now_s(), claimed, start, seconds, *sorted;
	char byte;
	long n;

	if (pipe(ready) < 0 || pipe(go) < 0)
		return 2;
	for (long k = 0; k < l->parallel; k++) {
		pid_t pid = fork();
		if (pid < 0)
			return 2;
		if (pid == 0)
			_exit(worker(l, k, ready[1], go[0]));
	}
	close(ready[1]);
	close(go[0]);
	for (long k = 0; k < l->parallel; k++)
		if (read(ready[0], &byte, 1) != 1 || byte != 'r')
			failed = 1;
	claimed = now_s() - claim_start;
	start = now_s();
	for (long k = 0; k < l->parallel && !failed; k++)
		if (write(go[1], "g", 1) != 1)
			failed = 1;
	close(go[1]);
	while (wait(&status) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			failed = 1;
	seconds = now_s() - start;
	sorted = calloc((size_t)l->count, sizeof(*sorted));
	if (failed || !sorted)
		return 1;
	n = gather(l, sorted);
	if (n == 0)
		return 1;
	printf("devices=%ld claim_s=%.3f checkins=%ld seconds=%.3f per_s=%.1f p50_ms=%.2f p99_ms=%.2f reports=%ld\n",
	       l->ndev, claimed, n, seconds, (double)n / seconds, 1e3 * sorted[(n - 1) / 2],
	       1e3 * sorted[(n * 99 + 99) / 100 - 1], n * l->reports);
	free(sorted);
	return 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: cloud_checkin [--parallel P] [--reports R] [--max-seconds S] URL TOKEN_FILE DEVICE_GROUP "
			"DEVICES COUNT\n");
	return 2;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = { { "parallel", required_argument, NULL, 'p' },
					      { "reports", required_argument, NULL, 'r' },
					      { "max-seconds", required_argument, NULL, 's' },
					      { 0 } };
	struct load l = { .parallel = 1 };
	char token[128] = "", auth[160];
	FILE *f;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'p')
			l.parallel = atol(optarg);
		else if (c == 'r')
			l.reports = atol(optarg);
		else if (c == 's')
			l.max_seconds = atof(optarg);
		else
			return usage();
	}
	if (argc - optind != 5 || (l.ndev = atol(argv[optind + 3])) < 1 || (l.count = atol(argv[optind + 4])) < 1 ||
	    l.parallel < 1 || l.parallel > PARALLEL_MAX || l.parallel > l.ndev || l.reports < 0 ||
	    l.reports > REPORTS_MAX)
		return usage();
	l.url = argv[optind];
	l.group = argv[optind + 2];
	f = fopen(argv[optind + 1], "r");
	if (!f || !fgets(token, sizeof(token), f))
		return fprintf(stderr, "cloud_checkin: %s: unreadable\n", argv[optind + 1]), 2;
	fclose(f);
	token[strcspn(token, "\n")] = '\0';
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
	l.admin = curl_slist_append(curl_slist_append(NULL, auth), "Content-Type: application/json");
	l.json = curl_slist_append(NULL, "Content-Type: application/json");
	l.shared = mmap(NULL, sizeof(struct shared) + (size_t)l.count * sizeof(double), PROT_READ | PROT_WRITE,
			MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (!l.admin || !l.json || l.shared == MAP_FAILED)
		return 2;
	fflush(stdout);
	return run(&l);
}
