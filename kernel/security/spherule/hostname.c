// SPDX-License-Identifier: GPL-2.0-only
/*
 * Spherule LSM - host names of the network allowlist (hostname.h).
 */

#include <linux/string.h>

#include "hostname.h"
#include "policy.h"

static bool label_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

bool spherule_host_name_valid(const char *name, size_t len, bool wildcard)
{
	size_t label = 0, i;

	if (wildcard && len > 2 && name[0] == '*' && name[1] == '.') {
		name += 2;
		len -= 2;
	}
	if (len == 0 || len > SPHERULE_POLICY_MAX_HOST_LEN)
		return false;
	for (i = 0; i < len; i++) {
		if (name[i] == '.') {
			if (label == 0 || name[i - 1] == '-')
				return false;
			label = 0;
			continue;
		}
		if (!label_char(name[i]) || (label == 0 && name[i] == '-') || ++label > 63)
			return false;
	}
	return label != 0 && name[len - 1] != '-';
}

bool spherule_host_matches(const char *pattern, const char *host)
{
	size_t plen, hlen;

	if (pattern[0] != '*')
		return strcmp(pattern, host) == 0;
	/* "*.example.com": host must end with ".example.com" after one label or more. */
	plen = strlen(pattern + 1);
	hlen = strlen(host);
	return hlen > plen && strcmp(host + hlen - plen, pattern + 1) == 0;
}
