/* ctl_client.h — devctl's end of appmgr's control socket
 * (spherule/appmgr_ctl.h): one request, then its one response, in two
 * fixed buffers (a request with up to APPMGR_CTL_MAX_DATA bytes of image,
 * a response of up to APPMGR_CTL_MAX_MSG bytes). */
#ifndef DEVCTL_CTL_CLIENT_H
#define DEVCTL_CTL_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <spherule/appmgr_ctl.h>

struct ctl {
	int fd;
	bool broken;            /* the socket failed: nothing more can be asked */
	union {
		struct appmgr_ctl_req req;
		unsigned char bytes[sizeof(struct appmgr_ctl_req) + APPMGR_CTL_MAX_DATA];
	} out;
	union {
		struct appmgr_ctl_resp resp;
		unsigned char bytes[APPMGR_CTL_MAX_MSG];
	} in;
	size_t in_len;
};

void ctl_init(struct ctl *c, int fd);

/* Where a STAGE_DATA request's bytes go before ctl_call(). */
static inline unsigned char *ctl_data(struct ctl *c)
{
	return c->out.bytes + sizeof(struct appmgr_ctl_req);
}

/* Sends op with its fields (id may be NULL) and data_len bytes at
 * ctl_data(), and waits for the response: appmgr answers every request,
 * however long the op takes. Returns 0 when a well-formed response for op
 * came (its status may still be a failure: ctl_resp()), or a negative
 * errno when the socket failed (then c->broken). */
int ctl_call(struct ctl *c, uint16_t op, uint16_t flags, uint64_t arg, const uint8_t *id, size_t data_len);

/* The last response (reason NUL-terminated). */
static inline const struct appmgr_ctl_resp *ctl_resp(const struct ctl *c)
{
	return &c->in.resp;
}

/* The last response's payload: its bytes after the header. */
const void *ctl_payload(const struct ctl *c, size_t *len);

/* The last response's records of rec_size bytes each: NULL (and *count 0)
 * when its count does not match its length. */
const void *ctl_records(const struct ctl *c, size_t rec_size, unsigned *count);

#endif
