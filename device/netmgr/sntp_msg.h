/* sntp_msg.h — the SNTP packet of netmgr's clock sync (RFC 4330, RFC 5905):
 * a 48-byte client request whose transmit timestamp is a random nonce, the
 * server's reply checked, NTP timestamps to Unix time (eras pivoted), and
 * the offset and delay of one exchange. Times are nanoseconds since the
 * Unix epoch (int64_t: up to 2262). */
#ifndef NETMGR_SNTP_MSG_H
#define NETMGR_SNTP_MSG_H

#include <stddef.h>
#include <stdint.h>

#define SNTP_MSG_LEN 48u
#define SNTP_NS_PER_S 1000000000LL
#define SNTP_MAX_ROOT_S 1        /* root delay and dispersion below 1 s */
#define SNTP_MAX_DELAY_NS SNTP_NS_PER_S

/** struct sntp_reply - a server's reply, checked. */
struct sntp_reply {
	int64_t receive_ns;          /* T2: the request reached the server */
	int64_t transmit_ns;         /* T3: the reply left it */
	uint8_t stratum;
	char kiss[5];                /* stratum 0: the kiss code (RATE, DENY, RSTR ...) */
};

/* Builds a request (LI 0, VN 4, mode 3) with transmit timestamp nonce. */
void sntp_build_request(uint8_t out[SNTP_MSG_LEN], uint64_t nonce);

/* Checks the reply buf[0 .. len) to the request with nonce: 0; -ENOMSG
 * (not a reply to it: another length, mode or version, or its originate
 * timestamp is not the nonce); -ECONNREFUSED (a kiss-o'-death, stratum 0:
 * out->kiss says which); -EBADMSG (unsynchronised LI 3, stratum above 15,
 * transmit 0, root delay or dispersion of 1 s or more). */
int sntp_parse_reply(const uint8_t *buf, size_t len, uint64_t nonce, struct sntp_reply *out);

/* An NTP timestamp (seconds since 1900 in the high 32 bits) as Unix
 * nanoseconds; seconds below 2^31 belong to era 1 (from 2036-02-07). */
int64_t sntp_ntp_to_unix_ns(uint64_t ts);

/* Offset of the server's clock from ours and round-trip delay, from T1
 * (request sent, our clock), T2, T3 (the server's) and T4 (reply
 * received, our clock): offset = ((T2 - T1) + (T3 - T4)) / 2, delay =
 * (T4 - T1) - (T3 - T2). */
void sntp_offset(int64_t t1, int64_t t2, int64_t t3, int64_t t4, int64_t *offset_ns, int64_t *delay_ns);

/* Writes an offset as the log shows it, signed seconds with milliseconds
 * (rounded): "+86400.120". */
void sntp_format_offset(char *out, size_t size, int64_t offset_ns);

#endif
