/* networking.c — the network state of applibs/networking.h, as appmgr
 * reports it (APP_SVC_NET_STATUS: the interfaces, their link, IPv4
 * address and how they got it, whether a network time source set the
 * clock), and the time-sync service's setting and last sync
 * (APP_SVC_TIMESYNC: the network manager syncs the clock while it is
 * enabled). The loopback interface is left out, as Azure Sphere lists
 * none. Nothing here can tell whether the internet is reachable:
 * ConnectedToInternet is never reported. */
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
		o->ipConfigurationType = net.iface[i].ip_mode == APP_SVC_IP_MODE_DHCP ? Networking_IpType_DhcpClient
											 : Networking_IpType_DhcpNone;
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

/* TIMESYNC with arg (APP_SVC_TIMESYNC_*): the setting and the last sync. */
static int timesync(uint32_t arg, struct app_svc_timesync *t)
{
	struct app_svc_call call = { .op = APP_SVC_TIMESYNC, .arg = arg, .record = t, .record_len = sizeof(*t) };

	return app_svc_call(&call);
}

int Networking_TimeSync_SetEnabled(bool enabled)
{
	struct app_svc_timesync t;

	return applibs_result(timesync(enabled ? APP_SVC_TIMESYNC_ENABLE : APP_SVC_TIMESYNC_DISABLE, &t));
}

int Networking_TimeSync_GetEnabled(bool *outIsEnabled)
{
	struct app_svc_timesync t;
	int result;

	if (!outIsEnabled)
		return applibs_fail(EFAULT);
	result = timesync(APP_SVC_TIMESYNC_GET, &t);
	if (result < 0)
		return applibs_fail(-result);
	*outIsEnabled = t.enabled != 0;
	return 0;
}

/* appmgr records when the network time was set, not which server gave it
 * nor what the clock said before: the server is "" and the time before the
 * sync is left zeroed (docs/sdk.md). */
int Networking_TimeSync_GetLastNtpSyncInfo(char *outNtpServer, size_t *inOutNtpServerLength,
					   struct tm *outTimeBeforeSync, struct tm *outNtpTime)
{
	struct app_svc_timesync t;
	time_t when;
	int result;

	if (outNtpServer && !inOutNtpServerLength)
		return applibs_fail(EFAULT);
	result = timesync(APP_SVC_TIMESYNC_GET, &t);
	if (result < 0)
		return applibs_fail(-result);
	if (!t.synced)
		return applibs_fail(ENOENT);
	if (outNtpServer && *inOutNtpServerLength < 1) {
		*inOutNtpServerLength = 1;
		return applibs_fail(ENOBUFS);
	}
	when = (time_t)t.last_sync_sec;
	if (outNtpTime && !gmtime_r(&when, outNtpTime))
		return applibs_fail(EOVERFLOW);
	if (outTimeBeforeSync)
		memset(outTimeBeforeSync, 0, sizeof(*outTimeBeforeSync));
	if (outNtpServer)
		outNtpServer[0] = '\0';
	if (inOutNtpServerLength)
		*inOutNtpServerLength = 1;
	return 0;
}
