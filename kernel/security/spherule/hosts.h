/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Spherule LSM - addresses the network manager resolved for host names,
 * published through /sys/kernel/security/spherule/hosts, each valid for a
 * lifetime (the DNS TTL).
 */

#ifndef _SECURITY_SPHERULE_HOSTS_H
#define _SECURITY_SPHERULE_HOSTS_H

#include <linux/types.h>

#include "policy.h"

/* At most this many (name, address) pairs are published at a time. */
#define SPHERULE_HOSTS_MAX 64

/*
 * True when addr (network byte order) is, right now, a published address
 * of a host name that policy names.
 */
bool spherule_hosts_allow(const struct spherule_policy *policy, __be32 addr);

#endif /* _SECURITY_SPHERULE_HOSTS_H */
