/*
 * dns_publish.h - publishing a resolved address to the Spherule LSM's hosts
 * file (/sys/kernel/security/spherule/hosts): one line
 * "<name> <a.b.c.d> <lifetime>" per write, so that the apps whose policy
 * names the host may reach that address for that long.
 */
#ifndef NETMGR_DNS_PUBLISH_H
#define NETMGR_DNS_PUBLISH_H

#include <stdint.h>

/* The publication's lifetime for a record's TTL: ttl clamped to
 * [min_s, max_s] (0 would withdraw the pair). */
uint32_t dns_publish_lifetime(uint32_t ttl, uint32_t min_s, uint32_t max_s);

/*
 * Writes the line for name, ipv4 and lifetime to fd (the hosts file, opened
 * for writing) in one write at offset 0, as the LSM requires. Returns 0 or
 * a negative errno: the LSM's (-ENOSPC: its table of live pairs is full;
 * -EINVAL: it refused the line), -EIO for a short write.
 */
int dns_publish(int fd, const char *name, const uint8_t ipv4[4], uint32_t lifetime);

#endif
