/* dhcp_msg.h — the BOOTP/DHCP messages of netmgr's DHCP client (RFC 2131,
 * RFC 2132): builds DISCOVER and REQUEST, parses OFFER, ACK and NAK with
 * every option's length checked against the message's end. IPv4 addresses
 * in network byte order. No allocation. */
#ifndef NETMGR_DHCP_MSG_H
#define NETMGR_DHCP_MSG_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

#define DHCP_SERVER_PORT 67
#define DHCP_CLIENT_PORT 68
#define DHCP_MSG_MIN 300u        /* BOOTP's size: what messages are padded to */
#define DHCP_MSG_MAX 576u        /* what a client must accept (RFC 2131) */

enum dhcp_type {
	DHCP_DISCOVER = 1,
	DHCP_OFFER = 2,
	DHCP_REQUEST = 3,
	DHCP_ACK = 5,
	DHCP_NAK = 6,
};

/* What a REQUEST carries besides the client's hardware address. */
struct dhcp_request {
	uint32_t xid;
	struct in_addr ciaddr;       /* renewing, rebinding: the leased address; else 0 */
	struct in_addr requested;    /* selecting: the offered address (option 50); else 0 */
	struct in_addr server_id;    /* selecting: the offer's server (option 54); else 0 */
	int broadcast;               /* set the BOOTP broadcast flag */
};

/** struct dhcp_reply - a server's message, parsed. Absent options: 0. */
struct dhcp_reply {
	uint8_t type;                /* DHCP_OFFER, DHCP_ACK or DHCP_NAK */
	struct in_addr yiaddr;
	struct in_addr server_id;    /* option 54 */
	struct in_addr router;       /* option 3's first router */
	uint8_t prefix_len;          /* option 1 (else the address's class) */
	uint32_t lease_s;            /* option 51 */
	uint32_t t1_s, t2_s;         /* options 58, 59 */
};

/* Build into buf (at least DHCP_MSG_MIN bytes): the length, or -ENOBUFS. */
int dhcp_build_discover(uint8_t *buf, size_t cap, uint32_t xid, const uint8_t mac[6]);
int dhcp_build_request(uint8_t *buf, size_t cap, const struct dhcp_request *r, const uint8_t mac[6]);

/* Parses a server's message buf[0 .. len) answering xid for mac: 0,
 * -ENOMSG (not an answer to us: not a BOOTREPLY, another xid or hardware
 * address, or a DHCP type a client does not take), -EBADMSG (malformed:
 * truncated, no magic cookie, an option running past the end or of the
 * wrong length, no type, an OFFER or ACK without a usable address, server
 * id or, for an ACK, lease time, a netmask that is not a prefix). */
int dhcp_parse_reply(const uint8_t *buf, size_t len, uint32_t xid, const uint8_t mac[6], struct dhcp_reply *out);

#endif
