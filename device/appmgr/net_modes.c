/* net_modes.c — how each interface got its address, and which app holds
 * it (see net_modes.h). */
#include "net_modes.h"

#include <stdio.h>
#include <string.h>

/* The index of interface name's entry, or -1: none. */
static int find(const struct net_modes *m, const char *name)
{
	for (unsigned i = 0; i < APP_SVC_MAX_IFACES && m->iface[i].name[0] != '\0'; i++)
		if (strncmp(m->iface[i].name, name, NET_CONF_IFNAME_MAX) == 0)
			return (int)i;
	return -1;
}

/* Interface name's entry, a free one taken for it if it has none; NULL:
 * the name is empty or too long, or the table is full. */
static struct net_mode *find_or_add(struct net_modes *m, const char *name)
{
	size_t len = strlen(name);
	int i = find(m, name);

	if (i >= 0)
		return &m->iface[i];
	if (len == 0 || len >= NET_CONF_IFNAME_MAX)
		return NULL;
	for (unsigned j = 0; j < APP_SVC_MAX_IFACES; j++)
		if (m->iface[j].name[0] == '\0') {
			memcpy(m->iface[j].name, name, len + 1);
			return &m->iface[j];
		}
	return NULL;
}

void net_modes_set(struct net_modes *m, const char *name, uint8_t mode)
{
	struct net_mode *e = find_or_add(m, name);

	if (e)
		e->mode = mode;
}

uint8_t net_modes_get(const struct net_modes *m, const char *name)
{
	int i = find(m, name);

	return i >= 0 ? m->iface[i].mode : APP_SVC_IP_MODE_NONE;
}

void net_modes_hold(struct net_modes *m, const char *name, const char *app)
{
	struct net_mode *e;
	int i;

	if (app) {
		e = find_or_add(m, name);
		if (e)
			snprintf(e->held_by, sizeof(e->held_by), "%s", app);
		return;
	}
	i = find(m, name);
	if (i >= 0)
		m->iface[i].held_by[0] = '\0';
}

const char *net_modes_holder(const struct net_modes *m, const char *name)
{
	int i = find(m, name);

	return i >= 0 && m->iface[i].held_by[0] != '\0' ? m->iface[i].held_by : NULL;
}
