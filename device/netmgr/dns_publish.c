/*
 * dns_publish.c - publishing resolved addresses to the LSM's hosts file
 * (dns_publish.h).
 */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "dns_name.h"
#include "dns_publish.h"

uint32_t dns_publish_lifetime(uint32_t ttl, uint32_t min_s, uint32_t max_s)
{
	return ttl < min_s ? min_s : ttl > max_s ? max_s : ttl;
}

int dns_publish(int fd, const char *name, const uint8_t ipv4[4], uint32_t lifetime)
{
	char line[DNS_NAME_MAX + sizeof(" 255.255.255.255 4294967295\n")];
	int len = snprintf(line, sizeof(line), "%s %u.%u.%u.%u %u\n", name, ipv4[0], ipv4[1],
			   ipv4[2], ipv4[3], (unsigned)lifetime);

	if (len < 0 || (size_t)len >= sizeof(line))
		return -EINVAL;
	ssize_t n = pwrite(fd, line, (size_t)len, 0);

	if (n < 0)
		return -errno;
	return n == len ? 0 : -EIO;
}
