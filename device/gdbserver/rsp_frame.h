/* rsp_frame.h — the framing of the GDB Remote Serial Protocol on a byte
 * stream: a packet is '$' data '#' and two hex digits, the sum of the data
 * bytes modulo 256; the receiver answers '+' (ack) or '-' (please send it
 * again); a 0x03 byte outside a packet asks to interrupt the running
 * program. The receiver is a state machine fed one byte at a time: it keeps
 * at most RSP_PACKET_MAX data bytes, so a longer packet is counted but never
 * stored, and it is answered '-' like a bad checksum. No byte of input can
 * make it read or write outside its buffer. */
#ifndef GDBSERVER_RSP_FRAME_H
#define GDBSERVER_RSP_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest packet data either side sends (qSupported's PacketSize). */
#define RSP_PACKET_MAX 2048u
#define RSP_INTERRUPT 0x03

enum rsp_rx_state { RX_IDLE, RX_DATA, RX_SUM_HI, RX_SUM_LO };

enum rsp_rx_event {
	RSP_RX_NONE,      /* the byte was taken; nothing complete yet */
	RSP_RX_PACKET,    /* a packet arrived whole and checked: data in rx->buf, rx->len */
	RSP_RX_BAD,       /* a packet arrived damaged or too long: answer '-' */
	RSP_RX_ACK,       /* '+' */
	RSP_RX_NAK,       /* '-': send the last packet again */
	RSP_RX_INTERRUPT, /* 0x03 */
};

struct rsp_rx {
	enum rsp_rx_state state;
	uint8_t sum;        /* of the data bytes so far */
	uint8_t sent_sum;   /* the high digit while in RX_SUM_LO */
	bool bad;           /* more than RSP_PACKET_MAX data bytes, or a checksum digit no hex */
	size_t len;         /* data bytes stored */
	char buf[RSP_PACKET_MAX + 1]; /* the data, NUL-terminated when complete */
};

void rsp_rx_init(struct rsp_rx *rx);

/* Feeds one byte received. A '$' inside a packet starts a new one (the
 * sender gave the old one up); bytes outside packets other than '+', '-'
 * and 0x03 are ignored. */
enum rsp_rx_event rsp_rx_byte(struct rsp_rx *rx, uint8_t c);

/* Frames len bytes of data as a packet into out (cap bytes): '$', the data
 * with '#', '$', '}' and '*' escaped ('}' then the byte XOR 0x20), '#', the
 * checksum. The framed length, or 0 when it does not fit. */
size_t rsp_frame(const char *data, size_t len, char *out, size_t cap);

#endif
