/* rsp_frame.c — RSP packet framing (see rsp_frame.h). */
#include "rsp_frame.h"

#include "rsp_hex.h"

void rsp_rx_init(struct rsp_rx *rx)
{
	rx->state = RX_IDLE;
	rx->len = 0;
	rx->sum = 0;
	rx->bad = false;
	rx->buf[0] = '\0';
}

static void start_packet(struct rsp_rx *rx)
{
	rsp_rx_init(rx);
	rx->state = RX_DATA;
}

static enum rsp_rx_event idle_byte(struct rsp_rx *rx, uint8_t c)
{
	switch (c) {
	case '$': start_packet(rx); return RSP_RX_NONE;
	case '+': return RSP_RX_ACK;
	case '-': return RSP_RX_NAK;
	case RSP_INTERRUPT: return RSP_RX_INTERRUPT;
	default: return RSP_RX_NONE;
	}
}

enum rsp_rx_event rsp_rx_byte(struct rsp_rx *rx, uint8_t c)
{
	int d;

	switch (rx->state) {
	case RX_IDLE:
		return idle_byte(rx, c);
	case RX_DATA:
		if (c == '$') {
			start_packet(rx);
		} else if (c == '#') {
			rx->state = RX_SUM_HI;
		} else {
			rx->sum = (uint8_t)(rx->sum + c);
			if (rx->len < RSP_PACKET_MAX)
				rx->buf[rx->len++] = (char)c;
			else
				rx->bad = true;
		}
		return RSP_RX_NONE;
	case RX_SUM_HI:
		d = rsp_hex_digit((char)c);
		rx->sent_sum = (uint8_t)(d < 0 ? 0 : d << 4);
		rx->bad |= d < 0;
		rx->state = RX_SUM_LO;
		return RSP_RX_NONE;
	case RX_SUM_LO:
		d = rsp_hex_digit((char)c);
		rx->state = RX_IDLE;
		if (d < 0 || rx->bad || (uint8_t)(rx->sent_sum | d) != rx->sum)
			return RSP_RX_BAD;
		rx->buf[rx->len] = '\0';
		return RSP_RX_PACKET;
	}
	return RSP_RX_NONE;
}

static bool needs_escape(char c)
{
	return c == '#' || c == '$' || c == '}' || c == '*';
}

size_t rsp_frame(const char *data, size_t len, char *out, size_t cap)
{
	uint8_t sum = 0, b[1];
	size_t n = 0;

	if (cap < 4)
		return 0;
	out[n++] = '$';
	for (size_t i = 0; i < len; i++) {
		char c = data[i];

		if (n + (needs_escape(c) ? 2 : 1) + 3 > cap)
			return 0;
		if (needs_escape(c)) {
			out[n++] = '}';
			sum = (uint8_t)(sum + '}');
			c = (char)(c ^ 0x20);
		}
		out[n++] = c;
		sum = (uint8_t)(sum + (uint8_t)c);
	}
	out[n++] = '#';
	b[0] = sum;
	rsp_hex_encode(b, 1, out + n);
	return n + 2;
}
