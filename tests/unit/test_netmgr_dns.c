/*
 * test_netmgr_dns.c - netmgr's DNS codec (device/netmgr/dns_msg.h,
 * dns_name.h) on hand-made wire messages: an app's query and each reason
 * to refuse one, an upstream answer (addresses, CNAME chains, TTLs) and each
 * reason to refuse one (pointer loops and forward pointers, long labels and
 * names, truncated records, another id or question, long CNAME chains, TC),
 * the answers built for apps, the upstream query, and AllowedConnections
 * matching.
 */
#include <errno.h>
#include <string.h>

#include "dns_msg.h"
#include "tap.h"

/* A message under construction. */
struct wire {
	uint8_t b[1024];
	size_t n;
};

static void w_u8(struct wire *w, unsigned v)
{
	w->b[w->n++] = (uint8_t)v;
}

static void w_u16(struct wire *w, unsigned v)
{
	w_u8(w, v >> 8);
	w_u8(w, v & 0xff);
}

static void w_u32(struct wire *w, uint32_t v)
{
	w_u16(w, v >> 16);
	w_u16(w, v & 0xffff);
}

/* Dotted text as labels, unchecked (so tests can build bad ones). */
static void w_labels(struct wire *w, const char *text)
{
	while (*text) {
		size_t n = strcspn(text, ".");

		w_u8(w, (unsigned)n);
		memcpy(w->b + w->n, text, n);
		w->n += n;
		text += n + (text[n] == '.');
	}
}

static void w_name(struct wire *w, const char *text)
{
	w_labels(w, text);
	w_u8(w, 0);
}

static void w_pointer(struct wire *w, unsigned to)
{
	w_u16(w, 0xc000 | to);
}

static void w_header(struct wire *w, unsigned id, unsigned flags, unsigned qd, unsigned an)
{
	w->n = 0;
	w_u16(w, id);
	w_u16(w, flags);
	w_u16(w, qd);
	w_u16(w, an);
	w_u16(w, 0);
	w_u16(w, 0);
}

/* Type, class IN, TTL and RDLENGTH of a record whose owner was written. */
static void w_rr(struct wire *w, unsigned type, uint32_t ttl, unsigned rdlength)
{
	w_u16(w, type);
	w_u16(w, DNS_CLASS_IN);
	w_u32(w, ttl);
	w_u16(w, rdlength);
}

static void w_a(struct wire *w, uint32_t ttl, unsigned a, unsigned b, unsigned c, unsigned d)
{
	w_rr(w, DNS_TYPE_A, ttl, 4);
	w_u8(w, a);
	w_u8(w, b);
	w_u8(w, c);
	w_u8(w, d);
}

/* An app's query: id, flags, one question. */
static void w_query(struct wire *w, unsigned id, unsigned flags, const char *name, unsigned qtype)
{
	w_header(w, id, flags, 1, 0);
	w_name(w, name);
	w_u16(w, qtype);
	w_u16(w, DNS_CLASS_IN);
}

/* An upstream answer's header and echoed question for www.example.com A. */
#define ID 0xbeef
#define QR_RD_RA 0x8180
static void w_answer_head(struct wire *w, unsigned flags, unsigned an)
{
	w_header(w, ID, flags, 1, an);
	w_name(w, "www.example.com");
	w_u16(w, DNS_TYPE_A);
	w_u16(w, DNS_CLASS_IN);
}

static const struct dns_question asked = {
	.id = 0x1111, .rd = true, .qtype = DNS_TYPE_A, .qclass = DNS_CLASS_IN,
	.name = "www.example.com",
};

static int answer(const struct wire *w, struct dns_answer *out)
{
	return dns_answer_parse(w->b, w->n, ID, &asked, out);
}

static void long_name(char *out, unsigned labels, unsigned last)
{
	out[0] = '\0';
	for (unsigned i = 0; i < labels; i++) {
		size_t at = strlen(out);
		unsigned n = i + 1 == labels ? last : 63;

		memset(out + at, 'a' + (int)i, n);
		out[at + n] = i + 1 == labels ? '\0' : '.';
		out[at + n + 1] = '\0';
	}
}

static void test_query(void)
{
	struct wire w;
	struct dns_question q;
	char name[300];

	w_query(&w, 0x1234, 0x0100, "WWW.Example.COM", DNS_TYPE_AAAA);
	tap_ok(dns_query_parse(w.b, w.n, &q) == 0 && q.id == 0x1234 && q.rd &&
	       q.qtype == DNS_TYPE_AAAA && q.qclass == DNS_CLASS_IN, "query: id, RD, type, class");
	tap_ok_str(q.name, "www.example.com", "query: name in lower case");
	w.b[w.n++] = 0;	/* an EDNS OPT record or trailing bytes are ignored */
	w.b[11] = 1;
	tap_ok(dns_query_parse(w.b, w.n, &q) == 0, "query: additional records ignored");

	w_header(&w, 1, 0x0100, 1, 0);
	w_labels(&w, "a");
	w_pointer(&w, 12);
	w_u32(&w, 0x00010001);
	tap_ok(dns_query_parse(w.b, w.n, &q) == -EPROTO, "query: a compression pointer is refused");

	w_query(&w, 1, 0, "www.example.com", DNS_TYPE_A);
	w.b[12] = 64;
	tap_ok(dns_query_parse(w.b, w.n, &q) == -EILSEQ, "query: a label length over 63 is refused");
	w_query(&w, 1, 0, "we.b.test", DNS_TYPE_A);
	w.b[14] = '.';
	tap_ok(dns_query_parse(w.b, w.n, &q) == -EILSEQ, "query: a dot inside a label is refused");

	long_name(name, 4, 61);	/* 253 bytes */
	w_query(&w, 1, 0, name, DNS_TYPE_A);
	tap_ok(dns_query_parse(w.b, w.n, &q) == 0 && strlen(q.name) == 253, "query: a name of 253 bytes");
	long_name(name, 4, 62);
	w_query(&w, 1, 0, name, DNS_TYPE_A);
	tap_ok(dns_query_parse(w.b, w.n, &q) == -ENAMETOOLONG, "query: a name of 254 bytes is refused");

	w_query(&w, 1, 0, "www.example.com", DNS_TYPE_A);
	tap_ok(dns_query_parse(w.b, w.n - 1, &q) == -EBADMSG, "query: a truncated question is refused");
	tap_ok(dns_query_parse(w.b, 14, &q) == -EBADMSG, "query: a truncated name is refused");
	tap_ok(dns_query_parse(w.b, 11, &q) == -EBADMSG, "query: a truncated header is refused");
	w_query(&w, 1, 0x8000, "www.example.com", DNS_TYPE_A);
	tap_ok(dns_query_parse(w.b, w.n, &q) == -EBADMSG, "query: QR set is refused");
	w_query(&w, 1, 0x0800, "www.example.com", DNS_TYPE_A);
	tap_ok(dns_query_parse(w.b, w.n, &q) == -EOPNOTSUPP, "query: opcode IQUERY is refused");
	w.b[2] = 0;
	w.b[5] = 2;
	tap_ok(dns_query_parse(w.b, w.n, &q) == -EBADMSG, "query: two questions are refused");
	w.b[5] = 1;
	w.b[w.n - 1] = 3;
	tap_ok(dns_query_parse(w.b, w.n, &q) == -EOPNOTSUPP, "query: class CH is refused");
	w_query(&w, 1, 0, "", DNS_TYPE_A);
	tap_ok(dns_query_parse(w.b, w.n, &q) == -EBADMSG, "query: the root name is refused");
}

static void test_answer(void)
{
	struct wire w;
	struct dns_answer a;

	w_answer_head(&w, QR_RD_RA, 3);
	w_pointer(&w, 12);
	w_a(&w, 300, 10, 0, 2, 7);
	w_name(&w, "other.test");	/* not asked: ignored */
	w_a(&w, 300, 6, 6, 6, 6);
	w_pointer(&w, 12);
	w_a(&w, 0x80000001, 10, 0, 2, 8);
	tap_ok(answer(&w, &a) == 0 && a.rcode == 0 && a.n_addrs == 2 &&
	       memcmp(a.addrs[0].ipv4, "\x0a\x00\x02\x07", 4) == 0 && a.addrs[0].ttl == 300 &&
	       memcmp(a.addrs[1].ipv4, "\x0a\x00\x02\x08", 4) == 0,
	       "answer: the A records of the asked name, none of another");
	tap_ok(a.addrs[1].ttl == 0, "answer: a TTL with the top bit set counts as 0");

	/* www.example.com CNAME cdn.example.net (60 s), cdn.example.net A (300 s) */
	w_answer_head(&w, QR_RD_RA, 2);
	size_t cname_at = w.n;
	w_pointer(&w, 12);
	w_rr(&w, DNS_TYPE_CNAME, 60, 17);
	w_name(&w, "cdn.example.net");
	w_pointer(&w, (unsigned)cname_at + 12);
	w_a(&w, 300, 192, 0, 2, 1);
	tap_ok(answer(&w, &a) == 0 && a.n_addrs == 1 && a.addrs[0].ipv4[0] == 192 &&
	       a.addrs[0].ttl == 60, "answer: through a CNAME, with the chain's least TTL");
	w.b[cname_at + 11] = 18;	/* RDLENGTH one past the target name */
	tap_ok(answer(&w, &a) == -EBADMSG, "answer: a CNAME target not filling its RDATA is refused");

	w_answer_head(&w, QR_RD_RA | 3, 0);
	tap_ok(answer(&w, &a) == 0 && a.rcode == DNS_RCODE_NXDOMAIN && a.n_addrs == 0,
	       "answer: NXDOMAIN is returned as the rcode");

	w_answer_head(&w, QR_RD_RA, 1);
	w_pointer(&w, 12);
	w_a(&w, 300, 10, 0, 2, 7);
	tap_ok(dns_answer_parse(w.b, w.n, ID + 1, &asked, &a) == -ENOMSG, "answer: another id is refused");
	struct dns_question other = asked;
	strcpy(other.name, "www.example.org");
	tap_ok(dns_answer_parse(w.b, w.n, ID, &other, &a) == -ENOMSG, "answer: another name is refused");
	other = asked;
	other.qtype = DNS_TYPE_AAAA;
	tap_ok(dns_answer_parse(w.b, w.n, ID, &other, &a) == -ENOMSG, "answer: another type is refused");
	tap_ok(answer(&w, &a) == 0, "answer: the same message with the right id and question");
	tap_ok(answer(&(struct wire){ 0 }, &a) == -EBADMSG, "answer: an empty message is refused");
	w.b[2] = 0x83;	/* TC */
	tap_ok(answer(&w, &a) == -EMSGSIZE, "answer: TC set asks for TCP (EMSGSIZE)");
	w.b[2] = 0x01;	/* QR clear */
	tap_ok(answer(&w, &a) == -EBADMSG, "answer: QR clear is refused");
	w.b[2] = 0x81;
	tap_ok(answer(&w, &a) == 0, "answer: fixed again");
	w.b[w.n - 5] = 5;	/* RDLENGTH 5 past the end */
	tap_ok(answer(&w, &a) == -EBADMSG, "answer: a record running past the end is refused");
	w.b[w.n - 5] = 4;
	tap_ok(dns_answer_parse(w.b, w.n - 1, ID, &asked, &a) == -EBADMSG,
	       "answer: a record cut short by a byte is refused");
	w.b[7] = 2;
	tap_ok(answer(&w, &a) == -EBADMSG, "answer: fewer records than counted is refused");
	w.b[7] = 1;
	w_answer_head(&w, QR_RD_RA, 1);
	w_pointer(&w, 12);
	w_rr(&w, DNS_TYPE_A, 1, 5);
	w_u32(&w, 0x0a000207);
	w_u8(&w, 0);
	tap_ok(answer(&w, &a) == -EBADMSG, "answer: an A record of 5 bytes is refused");

	/* Pointers: to itself, forward, into the header, too many hops. */
	w_answer_head(&w, QR_RD_RA, 1);
	w_pointer(&w, (unsigned)w.n);
	w_a(&w, 1, 1, 2, 3, 4);
	tap_ok(answer(&w, &a) == -ELOOP, "answer: a pointer to itself (a loop) is refused");
	w_answer_head(&w, QR_RD_RA, 1);
	size_t owner = w.n;
	w_labels(&w, "x");
	w_pointer(&w, (unsigned)owner);
	w_a(&w, 1, 1, 2, 3, 4);
	tap_ok(answer(&w, &a) == -ELOOP, "answer: a pointer back into its own name (a loop) is refused");
	w_answer_head(&w, QR_RD_RA, 1);
	w_pointer(&w, (unsigned)w.n + 16);
	w_a(&w, 1, 1, 2, 3, 4);
	w_name(&w, "www.example.com");
	tap_ok(answer(&w, &a) == -ELOOP, "answer: a forward pointer is refused");
	w_answer_head(&w, QR_RD_RA, 1);
	w_pointer(&w, 2);
	w_a(&w, 1, 1, 2, 3, 4);
	tap_ok(answer(&w, &a) == -EBADMSG, "answer: a pointer into the header is refused");
	/* A chain of pointers in an ignored TXT record, each to the one
	 * before, the first to the question's name; the A record's owner
	 * points at the last: 16 hops are followed, 17 refused. */
	for (unsigned hops = 16; hops <= 17; hops++) {
		w_answer_head(&w, QR_RD_RA, 2);
		w_pointer(&w, 12);
		w_rr(&w, 16, 1, 2 * (hops - 1));
		w_pointer(&w, 12);
		for (unsigned i = 2; i < hops; i++)
			w_pointer(&w, (unsigned)w.n - 2);
		w_pointer(&w, (unsigned)w.n - 2);
		w_a(&w, 1, 1, 2, 3, 4);
		int got = answer(&w, &a);

		tap_ok(hops == 16 ? got == 0 && a.n_addrs == 1 : got == -ELOOP,
		       "answer: an owner name through %u pointers is %s", hops,
		       hops == 16 ? "read" : "refused");
	}

	/* CNAME chains: 8 records followed, 9 refused, a loop refused. */
	for (unsigned n = 8; n <= 9; n++) {
		char from[16] = "www.example.com", to[16];

		w_answer_head(&w, QR_RD_RA, n + 1);
		for (unsigned i = 0; i < n; i++) {
			snprintf(to, sizeof(to), "c%u.test", i);
			w_name(&w, from);
			w_rr(&w, DNS_TYPE_CNAME, 60, (unsigned)strlen(to) + 2);
			w_name(&w, to);
			strcpy(from, to);
		}
		w_name(&w, from);
		w_a(&w, 300, 10, 0, 0, 1);
		int got = answer(&w, &a);

		tap_ok(n == 8 ? got == 0 && a.n_addrs == 1 : got == -EMLINK,
		       "answer: a chain of %u CNAMEs is %s", n, n == 8 ? "followed" : "refused");
	}
	w_answer_head(&w, QR_RD_RA, 2);
	w_pointer(&w, 12);
	w_rr(&w, DNS_TYPE_CNAME, 60, 8);
	w_name(&w, "b.test");
	w_name(&w, "b.test");
	w_rr(&w, DNS_TYPE_CNAME, 60, 2);
	w_pointer(&w, 12);
	tap_ok(answer(&w, &a) == -EMLINK, "answer: a CNAME loop is refused");
	w_answer_head(&w, QR_RD_RA, 2);
	for (int i = 0; i < 2; i++) {
		w_pointer(&w, 12);
		w_rr(&w, DNS_TYPE_CNAME, 60, 8);
		w_name(&w, "b.test");
	}
	tap_ok(answer(&w, &a) == -EBADMSG, "answer: two CNAMEs for one name are refused");
}

static void test_reply(void)
{
	struct dns_question q = asked;
	struct dns_addr addrs[DNS_ADDRS_MAX + 1] = {
		{ { 10, 0, 2, 7 }, 30 }, { { 10, 0, 2, 8 }, 7200 },
	};
	struct dns_answer a;
	uint8_t buf[600];
	int len = dns_reply_build(buf, sizeof(buf), &q, DNS_RCODE_NOERROR, addrs, 2, 3600);

	tap_ok(len == 12 + 17 + 4 + 2 * 16 && memcmp(buf, "\x11\x11\x81\x80\x00\x01\x00\x02\x00\x00\x00\x00", 12) == 0,
	       "reply: two A records, the query's id, QR RD RA, counts");
	tap_ok(len > 0 && dns_answer_parse(buf, (size_t)len, 0x1111, &q, &a) == 0 && a.n_addrs == 2 &&
	       a.addrs[0].ttl == 30 && a.addrs[1].ttl == 3600 && a.addrs[1].ipv4[3] == 8,
	       "reply: reads back as an answer, TTL clamped to the bound");
	q.rd = false;
	len = dns_reply_build(buf, sizeof(buf), &q, DNS_RCODE_NXDOMAIN, NULL, 0, 0);
	tap_ok(len == 12 + 17 + 4 && buf[2] == 0x80 && buf[3] == 0x83 && buf[7] == 0,
	       "reply: NXDOMAIN, no records, RD echoed clear");
	len = dns_reply_build(buf, sizeof(buf), &q, DNS_RCODE_SERVFAIL, NULL, 0, 0);
	tap_ok(len == 33 && buf[3] == 0x82, "reply: SERVFAIL");
	q.qtype = DNS_TYPE_AAAA;
	len = dns_reply_build(buf, sizeof(buf), &q, DNS_RCODE_NOERROR, NULL, 0, 0);
	tap_ok(len == 33 && buf[3] == 0x80 && buf[7] == 0 && buf[31] == 0 && buf[32] == 1 && buf[30] == 28,
	       "reply: NOERROR without records for AAAA");
	tap_ok(dns_reply_build(buf, sizeof(buf), &q, DNS_RCODE_NOERROR, addrs, 1, 60) == -EINVAL,
	       "reply: A records for an AAAA question are refused");
	q.qtype = DNS_TYPE_A;
	tap_ok(dns_reply_build(buf, sizeof(buf), &q, DNS_RCODE_NXDOMAIN, addrs, 1, 60) == -EINVAL,
	       "reply: records with NXDOMAIN are refused");
	tap_ok(dns_reply_build(buf, sizeof(buf), &q, 0, addrs, DNS_ADDRS_MAX + 1, 60) == -EINVAL,
	       "reply: more than DNS_ADDRS_MAX records are refused");
	tap_ok(dns_reply_build(buf, 40, &q, 0, addrs, 2, 60) == -ENOSPC &&
	       dns_reply_build(buf, 20, &q, 0, addrs, 0, 60) == -ENOSPC, "reply: a small buffer is refused");
	long_name(q.name, 4, 61);
	tap_ok(dns_reply_build(buf, sizeof(buf), &q, 0, addrs, DNS_ADDRS_MAX, 60) <= DNS_REPLY_MAX,
	       "reply: the longest name with DNS_ADDRS_MAX records fits 512 bytes");
}

static void test_upstream_query(void)
{
	struct dns_question q = asked, back;
	uint8_t buf[600];
	int len = dns_query_build(buf, sizeof(buf), 0x4242, &q);

	tap_ok(len == 33 && buf[0] == 0x42 && buf[1] == 0x42 && buf[2] == 0x01 && buf[3] == 0,
	       "upstream query: the caller's id, RD set");
	tap_ok(len > 0 && dns_query_parse(buf, (size_t)len, &back) == 0 && back.id == 0x4242 &&
	       strcmp(back.name, q.name) == 0 && back.qtype == DNS_TYPE_A, "upstream query: reads back");
	tap_ok(dns_query_build(buf, 32, 1, &q) == -ENOSPC, "upstream query: a small buffer is refused");
	strcpy(q.name, "a..b");
	tap_ok(dns_query_build(buf, sizeof(buf), 1, &q) == -EINVAL, "upstream query: an empty label is refused");
}

static void test_match(void)
{
	tap_ok(dns_name_matches("Example.Test", "example.test"), "match: exact, any case");
	tap_ok(!dns_name_matches("example.test", "www.example.test"), "match: exact is not a wildcard");
	tap_ok(dns_name_matches("*.example.com", "a.example.com") &&
	       dns_name_matches("*.Example.com", "a.b.example.com"), "match: *.domain, any depth below");
	tap_ok(!dns_name_matches("*.example.com", "example.com"), "match: *.domain not the domain itself");
	tap_ok(!dns_name_matches("*.example.com", "badexample.com") &&
	       !dns_name_matches("*.example.com", "a.example.com.evil.test"),
	       "match: *.domain only on a label boundary, only as a suffix");
}

int main(void)
{
	test_query();
	test_answer();
	test_reply();
	test_upstream_query();
	test_match();
	return tap_done();
}
