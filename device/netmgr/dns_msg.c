/*
 * dns_msg.c - the DNS messages of netmgr's resolver (dns_msg.h): header
 * and question handling shared by the parsers and builders, the answer
 * section's records read one way only, and the CNAME chain walk that picks
 * the A records belonging to the asked name.
 */
#include <errno.h>
#include <string.h>

#include "dns_msg.h"

#define FLAG_QR 0x8000u
#define FLAG_TC 0x0200u
#define FLAG_RD 0x0100u
#define FLAG_RA 0x0080u
#define OPCODE(flags) (((flags) >> 11) & 0xfu)
#define RCODE(flags) ((flags) & 0xfu)
/* An answer record's owner: a pointer to the question's name at offset 12. */
#define POINTER_TO_QUESTION 0xc00cu
#define A_RECORD_SIZE 16

struct header {
	uint16_t id, flags, qdcount, ancount, nscount, arcount;
};

/* One resource record of the answer section; rdata is an offset in msg. */
struct record {
	char owner[DNS_NAME_MAX + 1];
	uint16_t type, class;
	uint32_t ttl;
	size_t rdata, rdlength;
};

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) << 16 | get16(p + 2);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

static uint32_t min32(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

/* Reads the header of msg, which holds at least DNS_HEADER_SIZE bytes. */
static void read_header(const uint8_t *msg, struct header *h)
{
	h->id = get16(msg);
	h->flags = get16(msg + 2);
	h->qdcount = get16(msg + 4);
	h->ancount = get16(msg + 6);
	h->nscount = get16(msg + 8);
	h->arcount = get16(msg + 10);
}

/* Reads the question at *pos (name, type, class) into q's name and types. */
static int read_question(const uint8_t *msg, size_t len, size_t *pos, bool pointers,
			 struct dns_question *q)
{
	int err = dns_name_read(msg, len, pos, pointers, q->name);

	if (err)
		return err;
	if (len - *pos < 4)
		return -EBADMSG;
	q->qtype = get16(msg + *pos);
	q->qclass = get16(msg + *pos + 2);
	*pos += 4;
	return 0;
}

/* Writes header h and q's question into buf[cap]; returns the length. */
static int write_header_and_question(uint8_t *buf, size_t cap, const struct header *h,
				     const struct dns_question *q)
{
	size_t pos = DNS_HEADER_SIZE;

	if (cap < DNS_HEADER_SIZE)
		return -ENOSPC;
	put16(buf, h->id);
	put16(buf + 2, h->flags);
	put16(buf + 4, h->qdcount);
	put16(buf + 6, h->ancount);
	put16(buf + 8, h->nscount);
	put16(buf + 10, h->arcount);
	int err = dns_name_write(buf, cap, &pos, q->name);

	if (err)
		return err;
	if (cap - pos < 4)
		return -ENOSPC;
	put16(buf + pos, q->qtype);
	put16(buf + pos + 2, q->qclass);
	return (int)(pos + 4);
}

int dns_query_parse(const uint8_t *msg, size_t len, struct dns_question *q)
{
	struct header h;
	size_t pos = DNS_HEADER_SIZE;

	if (len < DNS_HEADER_SIZE)
		return -EBADMSG;
	read_header(msg, &h);
	if ((h.flags & FLAG_QR) || h.qdcount != 1 || h.ancount || h.nscount)
		return -EBADMSG;
	if (OPCODE(h.flags) != 0)
		return -EOPNOTSUPP;
	int err = read_question(msg, len, &pos, false, q);

	if (err)
		return err;
	if (q->name[0] == '\0')
		return -EBADMSG;
	if (q->qclass != DNS_CLASS_IN)
		return -EOPNOTSUPP;
	q->id = h.id;
	q->rd = h.flags & FLAG_RD;
	return 0;
}

int dns_query_build(uint8_t *buf, size_t cap, uint16_t id, const struct dns_question *q)
{
	struct header h = { .id = id, .flags = FLAG_RD, .qdcount = 1 };

	return write_header_and_question(buf, cap, &h, q);
}

/* Reads the record at *pos, checking that its data fits in the message;
 * a TTL with the top bit set counts as 0 (RFC 2181 8). */
static int read_record(const uint8_t *msg, size_t len, size_t *pos, struct record *r)
{
	int err = dns_name_read(msg, len, pos, true, r->owner);

	if (err)
		return err;
	if (len - *pos < 10)
		return -EBADMSG;
	r->type = get16(msg + *pos);
	r->class = get16(msg + *pos + 2);
	r->ttl = get32(msg + *pos + 4);
	if (r->ttl & 0x80000000u)
		r->ttl = 0;
	r->rdlength = get16(msg + *pos + 8);
	*pos += 10;
	if (len - *pos < r->rdlength)
		return -EBADMSG;
	r->rdata = *pos;
	*pos += r->rdlength;
	return 0;
}

/* Where one pass over the answer section leads: the CNAME target of the
 * name looked for, if it has one, and that record's TTL. */
struct chain_step {
	bool has_next;
	uint32_t ttl;
	char next[DNS_NAME_MAX + 1];
};

/*
 * One pass over the count records of the answer section at pos: adds the A
 * records of name to out (TTL at most ttl_cap, the least along the chain so
 * far) and finds name's CNAME, whose target must fill its RDATA exactly.
 */
static int answer_pass(const uint8_t *msg, size_t len, size_t pos, unsigned count, const char *name,
		       uint32_t ttl_cap, struct dns_answer *out, struct chain_step *step)
{
	struct record r;

	step->has_next = false;
	for (unsigned i = 0; i < count; i++) {
		int err = read_record(msg, len, &pos, &r);

		if (err)
			return err;
		if (r.class != DNS_CLASS_IN || strcmp(r.owner, name) != 0)
			continue;
		if (r.type == DNS_TYPE_A) {
			if (r.rdlength != 4)
				return -EBADMSG;
			if (out->n_addrs < DNS_ADDRS_MAX) {
				struct dns_addr *a = &out->addrs[out->n_addrs++];

				memcpy(a->ipv4, msg + r.rdata, 4);
				a->ttl = min32(r.ttl, ttl_cap);
			}
		} else if (r.type == DNS_TYPE_CNAME) {
			size_t end = r.rdata + r.rdlength, at = r.rdata;

			if (step->has_next)
				return -EBADMSG;
			err = dns_name_read(msg, end, &at, true, step->next);
			if (err)
				return err;
			if (at != end)
				return -EBADMSG;
			step->has_next = true;
			step->ttl = r.ttl;
		}
	}
	return 0;
}

int dns_answer_parse(const uint8_t *msg, size_t len, uint16_t id, const struct dns_question *q,
		     struct dns_answer *out)
{
	struct header h;
	struct dns_question echo;
	struct chain_step step;
	char name[DNS_NAME_MAX + 1];
	size_t pos = DNS_HEADER_SIZE;
	uint32_t ttl_cap = UINT32_MAX;

	if (len < DNS_HEADER_SIZE)
		return -EBADMSG;
	read_header(msg, &h);
	if (h.id != id)
		return -ENOMSG;
	if (!(h.flags & FLAG_QR) || OPCODE(h.flags) != 0 || h.qdcount != 1)
		return -EBADMSG;
	int err = read_question(msg, len, &pos, true, &echo);

	if (err)
		return err;
	if (strcmp(echo.name, q->name) != 0 || echo.qtype != q->qtype || echo.qclass != q->qclass)
		return -ENOMSG;
	if (h.flags & FLAG_TC)
		return -EMSGSIZE;
	memset(out, 0, sizeof(*out));
	out->rcode = (int)RCODE(h.flags);
	if (out->rcode != DNS_RCODE_NOERROR)
		return 0;
	memcpy(name, q->name, sizeof(name));
	for (unsigned hops = 0;; hops++) {
		err = answer_pass(msg, len, pos, h.ancount, name, ttl_cap, out, &step);
		if (err || !step.has_next)
			break;
		if (hops == DNS_CNAME_HOPS_MAX) {
			err = -EMLINK;
			break;
		}
		ttl_cap = min32(ttl_cap, step.ttl);
		memcpy(name, step.next, sizeof(name));
	}
	if (err)
		out->n_addrs = 0;
	return err;
}

int dns_reply_build(uint8_t *buf, size_t cap, const struct dns_question *q, int rcode,
		    const struct dns_addr *addrs, unsigned n, uint32_t ttl_max)
{
	struct header h = {
		.id = q->id,
		.flags = (uint16_t)(FLAG_QR | FLAG_RA | (q->rd ? FLAG_RD : 0) | (unsigned)rcode),
		.qdcount = 1,
		.ancount = (uint16_t)n,
	};

	if (rcode < 0 || rcode > 15 || n > DNS_ADDRS_MAX)
		return -EINVAL;
	if (n && (rcode != DNS_RCODE_NOERROR || q->qtype != DNS_TYPE_A || q->qclass != DNS_CLASS_IN))
		return -EINVAL;
	if (cap > DNS_REPLY_MAX)
		cap = DNS_REPLY_MAX;
	int len = write_header_and_question(buf, cap, &h, q);

	if (len < 0)
		return len;
	size_t pos = (size_t)len;

	if (cap - pos < (size_t)n * A_RECORD_SIZE)
		return -ENOSPC;
	for (unsigned i = 0; i < n; i++, pos += A_RECORD_SIZE) {
		put16(buf + pos, POINTER_TO_QUESTION);
		put16(buf + pos + 2, DNS_TYPE_A);
		put16(buf + pos + 4, DNS_CLASS_IN);
		put32(buf + pos + 6, min32(addrs[i].ttl, ttl_max));
		put16(buf + pos + 10, 4);
		memcpy(buf + pos + 12, addrs[i].ipv4, 4);
	}
	return (int)pos;
}
