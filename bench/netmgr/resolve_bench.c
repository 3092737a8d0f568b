/* resolve_bench.c — the app of make bench's name-resolution figure
 * (bench/netmgr.sh): how long an app waits for an address through netmgr
 * (getaddrinfo, musl asking 127.0.0.1:53) against asking the same DNS
 * server itself (one DNS-over-TCP query on a fresh connection to the
 * server's guestfwd address, the transport netmgr uses upstream on this
 * board; the query and the check of its answer are netmgr's own codec).
 * Rounds alternate the two so that drift hits both alike.
 *
 *   resolve_bench NAME SERVER_ADDR ROUNDS
 *
 * prints "resolve_bench: netmgr_us=A direct_us=B rounds=N" (medians), or
 * the step that failed. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "dns_msg.h"

#define MAX_ROUNDS 200

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static int via_netmgr(const char *name)
{
	struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM };
	struct addrinfo *res;
	int rc = getaddrinfo(name, NULL, &hints, &res);

	if (rc != 0) {
		printf("resolve_bench: getaddrinfo %s: %s\n", name, gai_strerror(rc));
		return -1;
	}
	freeaddrinfo(res);
	return 0;
}

static int write_all(int fd, const uint8_t *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* One A query for name over TCP (a 2-byte length, the message), built and
 * its answer checked with netmgr's own codec (dns_msg.h), so that both
 * sides of the ratio parse alike: 0 for a NOERROR answer with addresses. */
static int direct(const char *name, struct in_addr server, uint16_t id)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(53), .sin_addr = server };
	struct dns_question q = { .id = id, .rd = true, .qtype = DNS_TYPE_A, .qclass = DNS_CLASS_IN };
	struct dns_answer a;
	uint8_t msg[2 + DNS_REPLY_MAX], r[2 + DNS_REPLY_MAX];
	size_t total = 0, want = 0;
	ssize_t got;
	int len, fd, rc = -1;

	snprintf(q.name, sizeof(q.name), "%s", name);
	len = dns_query_build(msg + 2, sizeof(msg) - 2, id, &q);
	if (len < 0)
		return -1;
	msg[0] = (uint8_t)(len >> 8);
	msg[1] = (uint8_t)len;
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sin, sizeof(sin)) != 0 ||
	    write_all(fd, msg, 2 + (size_t)len) != 0) {
		printf("resolve_bench: direct query: %s\n", strerror(errno));
		goto out;
	}
	while (total < 2 || total < 2 + want) {
		got = read(fd, r + total, sizeof(r) - total);
		if (got <= 0)
			goto out;
		total += (size_t)got;
		if (total >= 2 && (want = (size_t)(r[0] << 8 | r[1])) > DNS_REPLY_MAX)
			goto out;
	}
	rc = dns_answer_parse(r + 2, want, id, &q, &a) == 0 && a.rcode == DNS_RCODE_NOERROR && a.n_addrs ? 0 : -1;
out:
	if (fd >= 0)
		close(fd);
	return rc;
}

static int by_value(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	static uint64_t via[MAX_ROUNDS], dir[MAX_ROUNDS];
	struct in_addr server;
	int rounds = argc == 4 ? atoi(argv[3]) : 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (rounds < 1 || rounds > MAX_ROUNDS || inet_aton(argv[2], &server) == 0) {
		fprintf(stderr, "usage: resolve_bench NAME SERVER_ADDR ROUNDS (1..%d)\n", MAX_ROUNDS);
		return 2;
	}
	/* netmgr may still be starting: wait for a first answer. */
	for (int tries = 0; via_netmgr(argv[1]) != 0; tries++) {
		if (tries == 60)
			return 1;
		sleep(2);
	}
	for (int i = 0; i < rounds; i++) {
		uint64_t t0 = now_us();

		if (via_netmgr(argv[1]) != 0)
			return 1;
		uint64_t t1 = now_us();

		if (direct(argv[1], server, (uint16_t)(i + 1)) != 0)
			return 1;
		via[i] = t1 - t0;
		dir[i] = now_us() - t1;
	}
	qsort(via, (size_t)rounds, sizeof(via[0]), by_value);
	qsort(dir, (size_t)rounds, sizeof(dir[0]), by_value);
	printf("resolve_bench: netmgr_us=%llu direct_us=%llu rounds=%d\n",
	       (unsigned long long)via[rounds / 2], (unsigned long long)dir[rounds / 2], rounds);
	for (;;)
		pause();
}
