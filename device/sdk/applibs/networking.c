/* networking.c — the network state of applibs/networking.h, as appmgr
 * reports it (APP_SVC_NET_STATUS: the interfaces it brought up, their
 * link and IPv4 address, whether a network time source set the clock).
 * The loopback interface is left out, as Azure Sphere lists none. Nothing
 * here can tell whether the internet is reachable: ConnectedToInternet is
 * never reported. Time sync: Spherule has no time-sync service yet. */
#include <applibs/networking.h>

#include <string.h>

#include "app_service_client.h"
#include "applibs_errno.h"

#define NETWORK_INTERFACE_MAGIC 0x4e490000u   /* "NI", then the struct version */
#define LOOPBACK_NAME "lo"

static int net_status(struct app_svc_net *net)
{
	struct app_svc_call call = { .op = APP_SVC_NET_STATUS, .record = net,
				     .record_len = sizeof(*net) };
	int result = app_svc_call(&call);

	if (result == 0 && net->count > APP_SVC_MAX_IFACES)
		return -EPROTO;
	return result;
}

/* The interface's name, NUL-terminated, into name. */
static void iface_name(const struct app_svc_iface *iface, char name[IF_NAMESIZE])
{
	size_t len = strnlen(iface->name, sizeof(iface->name));

	if (len >= IF_NAMESIZE)
		len = IF_NAMESIZE - 1;
	memcpy(name, iface->name, len);
	name[len] = '\0';
}

static bool listed(const struct app_svc_iface *iface)
{
	char name[IF_NAMESIZE];

	iface_name(iface, name);
	return strcmp(name, LOOPBACK_NAME) != 0;
}

static Networking_InterfaceConnectionStatus status_of(const struct app_svc_iface *iface)
{
	static const uint8_t no_address[4];
	Networking_InterfaceConnectionStatus status = 0;

	if (iface->up)
		status |= Networking_InterfaceConnectionStatus_InterfaceUp;
	if (iface->up && iface->carrier)
		status |= Networking_InterfaceConnectionStatus_ConnectedToNetwork;
	if (iface->up && memcmp(iface->ipv4, no_address, sizeof(no_address)) != 0)
		status |= Networking_InterfaceConnectionStatus_IpAvailable;
	return status;
}

static Networking_InterfaceMedium_Type medium_of(const char *name)
{
	if (strncmp(name, "eth", 3) == 0)
		return Networking_InterfaceMedium_Ethernet;
	if (strncmp(name, "wlan", 4) == 0)
		return Networking_InterfaceMedium_Wifi;
	return Networking_InterfaceMedium_Unspecified;
}

int Networking_IsNetworkingReady(bool *outIsNetworkingReady)
{
	const Networking_InterfaceConnectionStatus ready =
		Networking_InterfaceConnectionStatus_InterfaceUp |
		Networking_InterfaceConnectionStatus_ConnectedToNetwork |
		Networking_InterfaceConnectionStatus_IpAvailable;
	struct app_svc_net net;
	int result;

	if (!outIsNetworkingReady)
		return applibs_fail(EFAULT);
	result = net_status(&net);
	if (result < 0)
		return applibs_fail(-result);
	*outIsNetworkingReady = false;
	for (unsigned i = 0; i < net.count && net.time_synced; i++)
		if (listed(&net.iface[i]) && (status_of(&net.iface[i]) & ready) == ready)
			*outIsNetworkingReady = true;
	return 0;
}

ssize_t Networking_GetInterfaceCount(void)
{
	struct app_svc_net net;
	int result = net_status(&net);
	ssize_t count = 0;

	if (result < 0)
		return applibs_fail(-result);
	for (unsigned i = 0; i < net.count; i++)
		count += listed(&net.iface[i]);
	return count;
}

ssize_t z__Networking_GetInterfacesVersioned(void *outArray, size_t count, uint32_t structVersion)
{
	struct z__Networking_NetworkInterface_v1 *out = outArray;
	struct app_svc_net net;
	size_t filled = 0;
	int result;

	if (!outArray)
		return applibs_fail(EFAULT);
	if (count == 0)
		return applibs_fail(ERANGE);
	if (structVersion != 1)
		return applibs_fail(EINVAL);
	result = net_status(&net);
	if (result < 0)
		return applibs_fail(-result);
	for (unsigned i = 0; i < net.count && filled < count; i++) {
		struct z__Networking_NetworkInterface_v1 *o = &out[filled];

		if (!listed(&net.iface[i]))
			continue;
		memset(o, 0, sizeof(*o));
		o->z__magicAndVersion = NETWORK_INTERFACE_MAGIC | structVersion;
		o->isEnabled = net.iface[i].up != 0;
		iface_name(&net.iface[i], o->interfaceName);
		o->ipConfigurationType = Networking_IpType_DhcpNone;
		o->interfaceMediumType = medium_of(o->interfaceName);
		filled++;
	}
	return (ssize_t)filled;
}

int Networking_GetInterfaceConnectionStatus(const char *networkInterfaceName,
					    Networking_InterfaceConnectionStatus *outStatus)
{
	struct app_svc_net net;
	int result;

	if (!networkInterfaceName || !outStatus)
		return applibs_fail(EFAULT);
	result = net_status(&net);
	if (result < 0)
		return applibs_fail(-result);
	for (unsigned i = 0; i < net.count; i++) {
		char name[IF_NAMESIZE];

		iface_name(&net.iface[i], name);
		if (listed(&net.iface[i]) && strcmp(name, networkInterfaceName) == 0) {
			*outStatus = status_of(&net.iface[i]);
			return 0;
		}
	}
	return applibs_fail(ENOENT);
}

int Networking_TimeSync_SetEnabled(bool enabled)
{
	/* There is no time-sync service: disabled is what it already is. */
	return enabled ? applibs_fail(ENOSYS) : 0;
}

int Networking_TimeSync_GetEnabled(bool *outIsEnabled)
{
	if (!outIsEnabled)
		return applibs_fail(EFAULT);
	*outIsEnabled = false;
	return 0;
}

int Networking_TimeSync_GetLastNtpSyncInfo(char *outNtpServer, size_t *inOutNtpServerLength,
					   struct tm *outTimeBeforeSync, struct tm *outNtpTime)
{
	struct app_svc_net net;
	int result;

	if (outNtpServer && !inOutNtpServerLength)
		return applibs_fail(EFAULT);
	result = net_status(&net);
	if (result < 0)
		return applibs_fail(-result);
	/* Which server set the clock, and when, is not recorded yet. */
	return applibs_fail(net.time_synced ? ENOSYS : ENOENT);
}
