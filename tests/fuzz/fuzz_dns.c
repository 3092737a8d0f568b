/*
 * fuzz_dns.c - libFuzzer target for netmgr's DNS codec (device/netmgr/
 * dns_msg.h, dns_name.h), the parsers that read what apps and the network
 * send: the input as an app's query, as an upstream answer (to the question
 * www.example.com A and to the question the input itself holds, with the
 * input's id, so that the answer section is reached), and each name in it.
 * Whatever parses must hold: a query's name written back reads the same, the
 * answer built for it parses as that answer; an upstream answer's addresses
 * are at most DNS_ADDRS_MAX, none with an rcode other than NOERROR, and the
 * app's answer built from them parses back to the same addresses. Traps on
 * any difference; the sanitizers catch the rest.
 * Run: tests/fuzz/test_dns_fuzz.sh, or out/fuzz/fuzz_dns CORPUS_DIR.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "dns_msg.h"

static void check(int cond)
{
	if (!cond)
		__builtin_trap();
}

/* The answer built for q parses as an answer to q with the same rcode and
 * addresses. */
static void reply_round_trip(const struct dns_question *q, int rcode,
			     const struct dns_addr *addrs, unsigned n)
{
	uint8_t buf[DNS_REPLY_MAX];
	struct dns_answer back;
	int len = dns_reply_build(buf, sizeof(buf), q, rcode, addrs, n, UINT32_MAX);

	if (n && (q->qtype != DNS_TYPE_A || q->qclass != DNS_CLASS_IN)) {
		check(len == -EINVAL);
		return;
	}
	check(len > 0 && len <= DNS_REPLY_MAX);
	check(dns_answer_parse(buf, (size_t)len, q->id, q, &back) == 0);
	check(back.rcode == rcode && back.n_addrs == n);
	for (unsigned i = 0; i < n; i++)
		check(memcmp(back.addrs[i].ipv4, addrs[i].ipv4, 4) == 0 &&
		      back.addrs[i].ttl == addrs[i].ttl);
}

/* data as an app's query. */
static void app_query(const uint8_t *data, size_t size)
{
	struct dns_question q, again;
	uint8_t buf[DNS_REPLY_MAX];

	if (dns_query_parse(data, size, &q) != 0)
		return;
	check(q.name[0] != '\0' && strlen(q.name) <= DNS_NAME_MAX);
	int len = dns_query_build(buf, sizeof(buf), q.id, &q);

	check(len > 0);
	check(dns_query_parse(buf, (size_t)len, &again) == 0);
	check(strcmp(again.name, q.name) == 0 && again.qtype == q.qtype && again.id == q.id);
	reply_round_trip(&q, DNS_RCODE_NXDOMAIN, NULL, 0);
	reply_round_trip(&q, DNS_RCODE_NOERROR, NULL, 0);
}

/* data as the upstream answer to q (with data's own id). */
static void upstream_answer(const uint8_t *data, size_t size, struct dns_question *q)
{
	struct dns_answer a;

	if (size < DNS_HEADER_SIZE)
		return;
	q->id = (uint16_t)(data[0] << 8 | data[1]);
	if (dns_answer_parse(data, size, q->id, q, &a) != 0)
		return;
	check(a.rcode >= 0 && a.rcode <= 15 && a.n_addrs <= DNS_ADDRS_MAX);
	check(a.rcode == DNS_RCODE_NOERROR || a.n_addrs == 0);
	for (unsigned i = 0; i < a.n_addrs; i++)
		check(a.addrs[i].ttl < 0x80000000u);
	reply_round_trip(q, a.rcode, a.addrs, a.n_addrs);
}

/* Each name data holds, read from every offset: one read back from its
 * own labels reads the same. */
static void names(const uint8_t *data, size_t size)
{
	char name[DNS_NAME_MAX + 1], again[DNS_NAME_MAX + 1];
	uint8_t buf[DNS_NAME_MAX + 2];

	for (size_t at = DNS_HEADER_SIZE; at < size && at < DNS_HEADER_SIZE + 64; at++) {
		size_t pos = at, wpos = 0, rpos = 0;

		if (dns_name_read(data, size, &pos, true, name) != 0)
			continue;
		check(pos > at && pos <= size && strlen(name) <= DNS_NAME_MAX);
		if (name[0] == '\0')
			continue;
		check(dns_name_write(buf, sizeof(buf), &wpos, name) == 0);
		check(dns_name_read(buf, wpos, &rpos, false, again) == 0);
		check(rpos == wpos && strcmp(again, name) == 0);
		check(dns_name_matches(name, name));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dns_question fixed = {
		.rd = true, .qtype = DNS_TYPE_A, .qclass = DNS_CLASS_IN, .name = "www.example.com",
	};
	struct dns_question own = fixed;
	size_t pos = DNS_HEADER_SIZE;

	app_query(data, size);
	upstream_answer(data, size, &fixed);
	/* The question the input holds, so that any name gets past the
	 * question check. */
	if (size > pos && dns_name_read(data, size, &pos, true, own.name) == 0 && own.name[0] &&
	    size - pos >= 4) {
		own.qtype = (uint16_t)(data[pos] << 8 | data[pos + 1]);
		own.qclass = (uint16_t)(data[pos + 2] << 8 | data[pos + 3]);
		upstream_answer(data, size, &own);
	}
	names(data, size);
	return 0;
}
