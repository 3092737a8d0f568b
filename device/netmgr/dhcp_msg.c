/* dhcp_msg.c — building DISCOVER and REQUEST, parsing OFFER, ACK and NAK
 * (see dhcp_msg.h). The fixed BOOTP header is 236 bytes, the magic cookie 4,
 * then options: code, length, value; 0 pads, 255 ends. Option overload
 * (52) is not followed: sname and file are never read. */
#include "dhcp_msg.h"

#include <errno.h>
#include <string.h>

#define BOOTREQUEST 1
#define BOOTREPLY 2
#define HTYPE_ETHER 1
#define OFF_OP 0
#define OFF_HTYPE 1
#define OFF_HLEN 2
#define OFF_XID 4
#define OFF_FLAGS 10
#define OFF_CIADDR 12
#define OFF_YIADDR 16
#define OFF_CHADDR 28
#define OFF_MAGIC 236
#define OFF_OPTIONS 240
#define FLAG_BROADCAST 0x80

#define OPT_PAD 0
#define OPT_NETMASK 1
#define OPT_ROUTER 3
#define OPT_REQUESTED_IP 50
#define OPT_LEASE 51
#define OPT_TYPE 53
#define OPT_SERVER_ID 54
#define OPT_PARAM_LIST 55
#define OPT_T1 58
#define OPT_T2 59
#define OPT_END 255

static const uint8_t magic[4] = { 99, 130, 83, 99 };

static void put_u32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t get_u32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The header of a BOOTREQUEST with the type option: the options' end. */
static size_t start_request(uint8_t *buf, uint32_t xid, const uint8_t mac[6], int broadcast,
			    uint8_t type)
{
	memset(buf, 0, DHCP_MSG_MIN);
	buf[OFF_OP] = BOOTREQUEST;
	buf[OFF_HTYPE] = HTYPE_ETHER;
	buf[OFF_HLEN] = 6;
	put_u32(buf + OFF_XID, xid);
	if (broadcast)
		buf[OFF_FLAGS] = FLAG_BROADCAST;
	memcpy(buf + OFF_CHADDR, mac, 6);
	memcpy(buf + OFF_MAGIC, magic, sizeof(magic));
	buf[OFF_OPTIONS] = OPT_TYPE;
	buf[OFF_OPTIONS + 1] = 1;
	buf[OFF_OPTIONS + 2] = type;
	return OFF_OPTIONS + 3;
}

static size_t put_addr_option(uint8_t *buf, size_t at, uint8_t code, struct in_addr a)
{
	buf[at] = code;
	buf[at + 1] = 4;
	memcpy(buf + at + 2, &a.s_addr, 4);
	return at + 6;
}

/* The parameter request list and the end: the message's length (padded to
 * DHCP_MSG_MIN, which holds every option a client sends). */
static int finish_request(uint8_t *buf, size_t at)
{
	static const uint8_t params[] = { OPT_NETMASK, OPT_ROUTER, OPT_LEASE, OPT_SERVER_ID, OPT_T1, OPT_T2 };

	buf[at++] = OPT_PARAM_LIST;
	buf[at++] = sizeof(params);
	memcpy(buf + at, params, sizeof(params));
	at += sizeof(params);
	buf[at] = OPT_END;
	return DHCP_MSG_MIN;
}

int dhcp_build_discover(uint8_t *buf, size_t cap, uint32_t xid, const uint8_t mac[6])
{
	if (cap < DHCP_MSG_MIN)
		return -ENOBUFS;
	return finish_request(buf, start_request(buf, xid, mac, 1, DHCP_DISCOVER));
}

int dhcp_build_request(uint8_t *buf, size_t cap, const struct dhcp_request *r, const uint8_t mac[6])
{
	size_t at;

	if (cap < DHCP_MSG_MIN)
		return -ENOBUFS;
	at = start_request(buf, r->xid, mac, r->broadcast, DHCP_REQUEST);
	memcpy(buf + OFF_CIADDR, &r->ciaddr.s_addr, 4);
	if (r->requested.s_addr)
		at = put_addr_option(buf, at, OPT_REQUESTED_IP, r->requested);
	if (r->server_id.s_addr)
		at = put_addr_option(buf, at, OPT_SERVER_ID, r->server_id);
	return finish_request(buf, at);
}

/* The prefix length of a netmask (host order): 0..32, or -1 when its ones
 * are not contiguous from the top. */
static int mask_prefix(uint32_t m)
{
	int n = 0;

	while (n < 32 && (m & (0x80000000u >> n)))
		n++;
	return (n < 32 && (m << n) != 0) ? -1 : n;
}

/* The classful prefix of an address, for a reply without a netmask. */
static uint8_t class_prefix(struct in_addr a)
{
	uint32_t h = ntohl(a.s_addr);

	return h < 0x80000000u ? 8 : h < 0xc0000000u ? 16 : 24;
}

/* An address a host may take: not 0, broadcast, loopback, multicast or
 * class E. */
static int usable_host(struct in_addr a)
{
	uint32_t h = ntohl(a.s_addr);

	return h != 0 && (h >> 24) != 0 && (h >> 24) != 127 && (h >> 28) < 14;
}

/* Applies one option of length n at v to out: 0 or -EBADMSG. */
static int take_option(uint8_t code, const uint8_t *v, uint8_t n, struct dhcp_reply *out, int *have_mask)
{
	int prefix;

	switch (code) {
	case OPT_TYPE:
		if (n != 1)
			return -EBADMSG;
		out->type = v[0];
		return 0;
	case OPT_NETMASK:
		if (n != 4)
			return -EBADMSG;
		prefix = mask_prefix(get_u32(v));
		if (prefix < 1)
			return -EBADMSG;
		out->prefix_len = (uint8_t)prefix;
		*have_mask = 1;
		return 0;
	case OPT_ROUTER:
		if (n < 4 || n % 4)
			return -EBADMSG;
		memcpy(&out->router.s_addr, v, 4);
		return 0;
	case OPT_SERVER_ID:
		if (n != 4)
			return -EBADMSG;
		memcpy(&out->server_id.s_addr, v, 4);
		return 0;
	case OPT_LEASE:
	case OPT_T1:
	case OPT_T2:
		if (n != 4)
			return -EBADMSG;
		*(code == OPT_LEASE ? &out->lease_s : code == OPT_T1 ? &out->t1_s : &out->t2_s) = get_u32(v);
		return 0;
	default:
		return 0;
	}
}

/* Walks the options of buf[OFF_OPTIONS .. len): 0 or -EBADMSG. */
static int parse_options(const uint8_t *buf, size_t len, struct dhcp_reply *out, int *have_mask)
{
	size_t at = OFF_OPTIONS;

	while (at < len) {
		uint8_t code = buf[at++], n;
		int err;

		if (code == OPT_PAD)
			continue;
		if (code == OPT_END)
			return 0;
		if (at >= len)
			return -EBADMSG;
		n = buf[at++];
		if (n > len - at)
			return -EBADMSG;
		err = take_option(code, buf + at, n, out, have_mask);
		if (err)
			return err;
		at += n;
	}
	return -EBADMSG;        /* no end option */
}

static int check_lease(const struct dhcp_reply *r)
{
	if (!usable_host(r->yiaddr) || r->server_id.s_addr == 0)
		return -EBADMSG;
	if (r->type == DHCP_ACK && r->lease_s == 0)
		return -EBADMSG;
	if (r->router.s_addr && !usable_host(r->router))
		return -EBADMSG;
	return 0;
}

int dhcp_parse_reply(const uint8_t *buf, size_t len, uint32_t xid, const uint8_t mac[6], struct dhcp_reply *out)
{
	int have_mask = 0, err;

	memset(out, 0, sizeof(*out));
	if (len < OFF_XID + 4)
		return -EBADMSG;
	if (buf[OFF_OP] != BOOTREPLY || get_u32(buf + OFF_XID) != xid)
		return -ENOMSG;
	if (len < OFF_OPTIONS || memcmp(buf + OFF_MAGIC, magic, sizeof(magic)) != 0)
		return -EBADMSG;
	if (buf[OFF_HTYPE] != HTYPE_ETHER || buf[OFF_HLEN] != 6 || memcmp(buf + OFF_CHADDR, mac, 6) != 0)
		return -ENOMSG;
	err = parse_options(buf, len, out, &have_mask);
	if (err)
		return err;
	if (out->type == 0)
		return -EBADMSG;
	if (out->type != DHCP_OFFER && out->type != DHCP_ACK && out->type != DHCP_NAK)
		return -ENOMSG;
	if (out->type == DHCP_NAK)
		return 0;
	memcpy(&out->yiaddr.s_addr, buf + OFF_YIADDR, 4);
	if (!have_mask)
		out->prefix_len = class_prefix(out->yiaddr);
	return check_lease(out);
}
