/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Spherule LSM - host names of the network allowlist: which names are
 * valid and which manifest entry names which host.
 */

#ifndef _SECURITY_SPHERULE_HOSTNAME_H
#define _SECURITY_SPHERULE_HOSTNAME_H

#include <linux/types.h>

/*
 * True when the len bytes at name are a lower-case DNS name: 1..253
 * bytes, labels of 1..63 of a-z, 0-9 and inner '-', separated by dots;
 * with wildcard, "*." followed by such a name is accepted too.
 */
bool spherule_host_name_valid(const char *name, size_t len, bool wildcard);

/*
 * True when pattern (a valid name, or "*.domain") names host (a valid
 * name): equal, or host ends with ".domain" below a wildcard.
 */
bool spherule_host_matches(const char *pattern, const char *host);

#endif /* _SECURITY_SPHERULE_HOSTNAME_H */
