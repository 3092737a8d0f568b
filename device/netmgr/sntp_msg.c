/* sntp_msg.c — SNTP packet building, checking and time arithmetic (see
 * sntp_msg.h). Layout (RFC 5905 figure 8): byte 0 LI(2) VN(3) mode(3),
 * 1 stratum, 2 poll, 3 precision, 4 root delay, 8 root dispersion,
 * 12 reference id, 16 reference, 24 originate, 32 receive, 40 transmit
 * timestamps (64 bits each, big-endian). */
#include "sntp_msg.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define OFF_STRATUM 1
#define OFF_ROOT_DELAY 4
#define OFF_ROOT_DISP 8
#define OFF_REF_ID 12
#define OFF_ORIGINATE 24
#define OFF_RECEIVE 32
#define OFF_TRANSMIT 40
#define MODE_CLIENT 3
#define MODE_SERVER 4
#define LI_UNSYNCHRONISED 3
#define STRATUM_MAX 15
#define NTP_UNIX_DELTA_S 2208988800LL     /* 1900-01-01 to 1970-01-01 */
#define NTP_ERA_S 4294967296LL

static uint64_t get_u64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

static uint32_t get_u32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

void sntp_build_request(uint8_t out[SNTP_MSG_LEN], uint64_t nonce)
{
	memset(out, 0, SNTP_MSG_LEN);
	out[0] = 4 << 3 | MODE_CLIENT;
	for (int i = 0; i < 8; i++)
		out[OFF_TRANSMIT + i] = (uint8_t)(nonce >> (56 - 8 * i));
}

int64_t sntp_ntp_to_unix_ns(uint64_t ts)
{
	int64_t sec = (int64_t)(ts >> 32);
	int64_t frac_ns = (int64_t)(((ts & 0xffffffffu) * (uint64_t)SNTP_NS_PER_S) >> 32);

	if (sec < (1LL << 31))
		sec += NTP_ERA_S;
	return (sec - NTP_UNIX_DELTA_S) * SNTP_NS_PER_S + frac_ns;
}

int sntp_parse_reply(const uint8_t *buf, size_t len, uint64_t nonce, struct sntp_reply *out)
{
	unsigned vn, mode, li;
	uint64_t transmit;

	memset(out, 0, sizeof(*out));
	if (len != SNTP_MSG_LEN)
		return -ENOMSG;
	li = buf[0] >> 6;
	vn = (buf[0] >> 3) & 7;
	mode = buf[0] & 7;
	if (mode != MODE_SERVER || (vn != 3 && vn != 4) || get_u64(buf + OFF_ORIGINATE) != nonce)
		return -ENOMSG;
	out->stratum = buf[OFF_STRATUM];
	if (out->stratum == 0) {
		for (int i = 0; i < 4; i++)
			out->kiss[i] = buf[OFF_REF_ID + i] >= 0x20 && buf[OFF_REF_ID + i] < 0x7f ?
				       (char)buf[OFF_REF_ID + i] : '?';
		return -ECONNREFUSED;
	}
	transmit = get_u64(buf + OFF_TRANSMIT);
	if (li == LI_UNSYNCHRONISED || out->stratum > STRATUM_MAX || transmit == 0)
		return -EBADMSG;
	if (get_u32(buf + OFF_ROOT_DELAY) >= (uint32_t)SNTP_MAX_ROOT_S << 16 ||
	    get_u32(buf + OFF_ROOT_DISP) >= (uint32_t)SNTP_MAX_ROOT_S << 16)
		return -EBADMSG;
	out->receive_ns = sntp_ntp_to_unix_ns(get_u64(buf + OFF_RECEIVE));
	out->transmit_ns = sntp_ntp_to_unix_ns(transmit);
	return 0;
}

void sntp_offset(int64_t t1, int64_t t2, int64_t t3, int64_t t4, int64_t *offset_ns, int64_t *delay_ns)
{
	*offset_ns = ((t2 - t1) + (t3 - t4)) / 2;
	*delay_ns = (t4 - t1) - (t3 - t2);
}

void sntp_format_offset(char *out, size_t size, int64_t offset_ns)
{
	int64_t ms = (offset_ns < 0 ? -offset_ns + 500000 : offset_ns + 500000) / 1000000;

	snprintf(out, size, "%c%lld.%03lld", offset_ns < 0 ? '-' : '+', (long long)(ms / 1000),
		 (long long)(ms % 1000));
}
