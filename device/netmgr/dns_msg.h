/*
 * dns_msg.h - the DNS messages of netmgr's resolver: an app's query (from
 * musl's resolver on 127.0.0.1:53), the query netmgr sends upstream, the
 * upstream answer it reads addresses from, and the answer it builds for the
 * app. Nothing is relayed: answers are parsed into a struct and rebuilt.
 * No allocation; every length is checked against the message's end.
 */
#ifndef NETMGR_DNS_MSG_H
#define NETMGR_DNS_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns_name.h"

#define DNS_TYPE_A 1
#define DNS_TYPE_CNAME 5
#define DNS_TYPE_AAAA 28
#define DNS_CLASS_IN 1

#define DNS_RCODE_NOERROR 0
#define DNS_RCODE_SERVFAIL 2
#define DNS_RCODE_NXDOMAIN 3

/* musl 1.2.3 reads at most 512 bytes of an answer and has no TCP fallback. */
#define DNS_REPLY_MAX 512
/* Addresses an answer yields and a reply carries (fits DNS_REPLY_MAX). */
#define DNS_ADDRS_MAX 8
/* CNAME records followed from the asked name. */
#define DNS_CNAME_HOPS_MAX 8

/* One question, with the header fields an answer to it needs. */
struct dns_question {
	uint16_t id;
	bool rd;		/* recursion desired, echoed */
	uint16_t qtype;
	uint16_t qclass;
	char name[DNS_NAME_MAX + 1];	/* lower-case dotted, no trailing dot */
};

struct dns_addr {
	uint8_t ipv4[4];
	uint32_t ttl;		/* seconds; the least TTL along its CNAME chain */
};

/* What an upstream answer says about the asked name. */
struct dns_answer {
	int rcode;
	unsigned n_addrs;
	struct dns_addr addrs[DNS_ADDRS_MAX];	/* the first DNS_ADDRS_MAX found */
};

/*
 * Parses an app's query: a 12-byte header (QR clear, opcode QUERY, one
 * question, no answer or authority records; additional records such as an
 * EDNS OPT and anything after the question are ignored) and its question,
 * whose name must not be compressed. Returns 0 or:
 * -EBADMSG     header short or wrong, the question runs past the end, or its
 *              name is the root;
 * -EOPNOTSUPP  an opcode other than QUERY or a class other than IN;
 * the name errors of dns_name_read (-EPROTO for a pointer).
 */
int dns_query_parse(const uint8_t *msg, size_t len, struct dns_question *q);

/*
 * Builds the query netmgr sends upstream for q's name and type (class IN,
 * RD set) with the caller's fresh random id into buf[cap]. Returns its
 * length, -EINVAL for a name dns_name_write refuses or -ENOSPC.
 */
int dns_query_build(uint8_t *buf, size_t cap, uint16_t id, const struct dns_question *q);

/*
 * Parses an upstream answer to the query with id and question q (the one
 * dns_query_build sent). Follows the CNAME chain from q's name through the
 * answer section (at most DNS_CNAME_HOPS_MAX records) and collects the A
 * records of the names on it; the authority and additional sections are
 * never read. An rcode other than NOERROR is returned in out with no
 * addresses. Returns 0 or:
 * -ENOMSG    not an answer to this query: another id, or another question
 *            (the caller drops it and keeps waiting);
 * -EMSGSIZE  truncated (TC): ask again over TCP;
 * -EBADMSG   QR clear, an opcode other than QUERY, not one question, a
 *            record running past the end or past its RDLENGTH, fewer
 *            records than counted, an A record of other than 4 bytes, two
 *            CNAMEs for one name;
 * -EMLINK    a CNAME chain longer than DNS_CNAME_HOPS_MAX (or a loop);
 * the name errors of dns_name_read.
 */
int dns_answer_parse(const uint8_t *msg, size_t len, uint16_t id, const struct dns_question *q,
		     struct dns_answer *out);

/*
 * Builds the answer to an app's query q into buf[cap]: q's id and question,
 * QR and RA set, RD echoed, TC clear, the rcode, and the n addresses as A
 * records (TTL at most ttl_max). NOERROR with no addresses is the answer for
 * an allowed name without A records (AAAA and other types: musl throws away
 * the A answer when the AAAA one is NXDOMAIN); NXDOMAIN for a name the app
 * may not resolve; SERVFAIL when netmgr cannot answer now (musl asks
 * again). Returns the length (at most DNS_REPLY_MAX), -EINVAL for addresses
 * with an rcode other than NOERROR or a type other than A, more than
 * DNS_ADDRS_MAX, or a name dns_name_write refuses; -ENOSPC when cap is too
 * small.
 */
int dns_reply_build(uint8_t *buf, size_t cap, const struct dns_question *q, int rcode,
		    const struct dns_addr *addrs, unsigned n, uint32_t ttl_max);

#endif
