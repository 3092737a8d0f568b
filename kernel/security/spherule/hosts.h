/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Spherule LSM - addresses the network manager resolved for host names,
 * published through /sys/kernel/security/spherule/hosts, each valid for a
 * lifetime (the DNS TTL).
 */

#ifndef _SECURITY_SPHERULE_HOSTS_H
#define _SECURITY_SPHERULE_HOSTS_H

#include <linux/dcache.h>
#include <linux/init.h>
#include <linux/types.h>

#include "policy.h"

/* At most this many (name, address) pairs are published at a time. */
#define SPHERULE_HOSTS_MAX 64
/* The longest lifetime a published address may have, in seconds. */
#define SPHERULE_HOST_MAX_LIFETIME (24 * 60 * 60)

/*
 * True when addr (network byte order) is, right now, a published address
 * of a host name that policy names.
 */
bool spherule_hosts_allow(const struct spherule_policy *policy, __be32 addr);

/* True when dentry is the hosts file (which app tasks may open: a write
 * is refused unless the app is the host resolver). */
bool spherule_is_hosts_file(const struct dentry *dentry);

/* Creates the hosts file in the Spherule securityfs directory. */
int __init spherule_hosts_create_file(struct dentry *dir);

#endif /* _SECURITY_SPHERULE_HOSTS_H */
