/* net_modes.c — how each interface got its address (see net_modes.h). */
#include "net_modes.h"

#include <string.h>

void net_modes_set(struct net_modes *m, const char *name, uint8_t mode)
{
	size_t len = strlen(name);

	if (len == 0 || len >= NET_CONF_IFNAME_MAX)
		return;
	for (unsigned i = 0; i < APP_SVC_MAX_IFACES; i++)
		if (m->iface[i].name[0] == '\0' || strcmp(m->iface[i].name, name) == 0) {
			memcpy(m->iface[i].name, name, len + 1);
			m->iface[i].mode = mode;
			return;
		}
}

uint8_t net_modes_get(const struct net_modes *m, const char *name)
{
	for (unsigned i = 0; i < APP_SVC_MAX_IFACES && m->iface[i].name[0] != '\0'; i++)
		if (strncmp(m->iface[i].name, name, NET_CONF_IFNAME_MAX) == 0)
			return m->iface[i].mode;
	return APP_SVC_IP_MODE_NONE;
}
