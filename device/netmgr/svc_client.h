/*
 * svc_client.h - netmgr's client of appmgr's app service (the signature the
 * netmgr contract fixes; its implementation, svc_client.c, comes with the
 * daemon). One request at a time, blocking; appmgr answers promptly.
 */
#ifndef NETMGR_SVC_CLIENT_H
#define NETMGR_SVC_CLIENT_H

#include <stddef.h>
#include <stdint.h>

struct svc_client;

/*
 * Sends op with arg, arg2 and payload[len] and reads the answer: its record
 * into record[record_len], and with a failure its reason into
 * reason[reason_len]. Returns 0 or a negative errno (appmgr's status, or
 * the transport's error).
 */
int svc_call(struct svc_client *c, uint16_t op, uint32_t arg, uint32_t arg2, const void *payload,
	     size_t len, void *record, size_t record_len, char *reason, size_t reason_len);

#endif
