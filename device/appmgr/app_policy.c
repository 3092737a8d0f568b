/* app_policy.c — compiling an app's LSM policy and the one-owner rule of
 * GPIO lines (see app_policy.h). */
#include "app_policy.h"

#include <arpa/inet.h>
#include <endian.h>
#include <string.h>

#include "spherule/le.h"

static uint8_t *put_ports(uint8_t *p, const struct manifest_ports *ports, uint16_t *count)
{
	*count = (uint16_t)ports->count;
	for (unsigned i = 0; i < ports->count; i++, p += 2)
		put_le16(p, ports->item[i]);
	return p;
}

void app_net_policy_compile(const struct manifest *m, struct app_net_policy *net)
{
	const struct manifest_strings *hosts = &m->allowed_connections;
	uint8_t *p = net->body;

	/* Only the bytes used are written: the body is large and mostly idle. */
	net->ipv4_count = net->tcp_count = net->udp_count = net->host_count = 0;
	net->flags = (m->host_resolver ? SPHERULE_POLICY_HOST_RESOLVER : 0) |
		     (m->mutable_storage_kb > 0 ? SPHERULE_POLICY_STORAGE : 0) |
		     (m->security_monitor ? SPHERULE_POLICY_SECMON : 0) |
		     (m->device_auth_tenant ? SPHERULE_POLICY_DEVICE_AUTH : 0);
	/* The parser checked every entry: an IPv4 literal, a host name or a
	 * DNS-SD service name, which the LSM's allowlist does not hold (it
	 * matches hosts; docs/manifest.md). */
	for (unsigned i = 0; i < hosts->count; i++) {
		struct in_addr addr;

		if (inet_pton(AF_INET, hosts->item[i], &addr) == 1) {
			memcpy(p, &addr, 4);
			p += 4;
			net->ipv4_count++;
		}
	}
	p = put_ports(p, &m->tcp_server_ports, &net->tcp_count);
	p = put_ports(p, &m->udp_server_ports, &net->udp_count);
	for (unsigned i = 0; i < hosts->count; i++) {
		struct in_addr addr;
		size_t len = strlen(hosts->item[i]);

		if (inet_pton(AF_INET, hosts->item[i], &addr) == 1 ||
		    manifest_host_is_service(hosts->item[i]))
			continue;
		*p++ = (uint8_t)len;
		for (size_t j = 0; j < len; j++) {
			char c = hosts->item[i][j];

			*p++ = (uint8_t)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
		}
		net->host_count++;
	}
	net->len = (uint16_t)(p - net->body);
}

bool app_net_policy_allows_host(const struct app_net_policy *net, const char *name)
{
	size_t name_len = strlen(name);
	const uint8_t *p = net->body + net->ipv4_count * SPHERULE_POLICY_IPV4_SIZE +
			   (net->tcp_count + net->udp_count) * SPHERULE_POLICY_PORT_SIZE;

	for (unsigned i = 0; i < net->host_count; p += 1u + p[0], i++) {
		const char *host = (const char *)p + 1;
		size_t len = p[0];

		if (len == name_len && memcmp(host, name, len) == 0)
			return true;
		/* "*.d" matches what ends in ".d" and has a label before it. */
		if (len > 2 && host[0] == '*' && name_len > len - 1 &&
		    memcmp(name + name_len - (len - 1), host + 1, len - 1) == 0)
			return true;
	}
	return false;
}

size_t app_policy_compile(const struct app_gpio_grant *gpio, unsigned gpio_count,
			  const struct app_net_policy *net, uint8_t out[SPHERULE_POLICY_MAX_SIZE])
{
	uint8_t *p = out;

	if (gpio_count > MANIFEST_MAX_GPIOS)
		gpio_count = MANIFEST_MAX_GPIOS;
	const struct spherule_policy_header header = {
		.version = htole16(SPHERULE_POLICY_VERSION),
		.flags = htole16(net->flags),
		.gpio_count = htole16((uint16_t)gpio_count),
		.ipv4_count = htole16(net->ipv4_count),
		.tcp_port_count = htole16(net->tcp_count),
		.udp_port_count = htole16(net->udp_count),
		.host_count = htole16(net->host_count),
	};
	memcpy(p, &header, sizeof(header));
	p += sizeof(header);
	for (unsigned i = 0; i < gpio_count; i++) {
		const struct spherule_policy_gpio entry = {
			.chip_major = htole32(gpio[i].chip_major),
			.chip_minor = htole32(gpio[i].chip_minor),
			.line = htole32(gpio[i].line),
		};

		memcpy(p, &entry, sizeof(entry));
		p += sizeof(entry);
	}
	memcpy(p, net->body, net->len);
	return (size_t)(p + net->len - out);
}

bool app_gpio_conflict(const struct manifest_gpios *mine, const struct manifest_gpios *other,
		       uint32_t *number)
{
	for (unsigned i = 0; i < mine->count; i++)
		for (unsigned j = 0; j < other->count; j++)
			if (mine->item[i] == other->item[j]) {
				*number = mine->item[i];
				return true;
			}
	return false;
}
