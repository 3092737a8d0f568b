/* networking_config.c — the configuration half of applibs/networking.h
 * that Spherule does not have: interface state, NTP, SNTP and DHCP
 * servers, hardware addresses, proxy (IP configuration is
 * networking_ipconfig.c). Spherule's network manager (netmgr: DHCP, DNS,
 * SNTP) has no such API: from an app each of these fails with ENOSYS,
 * never pretending to apply anything (the void functions touch nothing
 * but the caller's opaque buffer). The device has no proxy:
 * Networking_Proxy_Apply and _Get ask appmgr (PROXY), which checks their
 * capability first (EACCES), then says ENOSYS and ENOENT (no proxy is
 * configured); Networking_Proxy_GetProxyStatus reports 0. */
#include <applibs/networking.h>

#include <string.h>

#include "app_service_client.h"
#include "applibs_errno.h"

#define NOT_YET applibs_fail(ENOSYS)

int Networking_SetInterfaceState(const char *networkInterfaceName, bool isEnabled)
{
	return NOT_YET;
}

int Networking_TimeSync_EnableDefaultNtp(void)
{
	return NOT_YET;
}

int Networking_TimeSync_EnableAutomaticNtp(Networking_NtpOption option)
{
	return NOT_YET;
}

int Networking_TimeSync_EnableCustomNtp(const char *primaryNtpServer,
					const char *secondaryNtpServer, Networking_NtpOption option)
{
	return NOT_YET;
}

void Networking_SntpServerConfig_Init(Networking_SntpServerConfig *sntpServerConfig)
{
	memset(sntpServerConfig, 0, sizeof(*sntpServerConfig));
}

void Networking_SntpServerConfig_Destroy(Networking_SntpServerConfig *sntpServerConfig)
{
}

int Networking_SntpServer_Start(const char *networkInterfaceName,
				const Networking_SntpServerConfig *sntpServerConfig)
{
	return NOT_YET;
}

void Networking_DhcpServerConfig_Init(Networking_DhcpServerConfig *dhcpServerConfig)
{
	memset(dhcpServerConfig, 0, sizeof(*dhcpServerConfig));
}

void Networking_DhcpServerConfig_Destroy(Networking_DhcpServerConfig *dhcpServerConfig)
{
}

int Networking_DhcpServerConfig_SetLease(Networking_DhcpServerConfig *dhcpServerConfig,
					 struct in_addr startIpAddress, uint8_t ipAddressCount,
					 struct in_addr subnetMask, struct in_addr gatewayAddress,
					 uint32_t leaseTimeInHours)
{
	return NOT_YET;
}

int Networking_DhcpServerConfig_SetNtpServerAddresses(Networking_DhcpServerConfig *dhcpServerConfig,
						      const struct in_addr *ntpServerAddresses,
						      size_t serverCount)
{
	return NOT_YET;
}

int Networking_DhcpServer_Start(const char *networkInterfaceName,
				const Networking_DhcpServerConfig *dhcpServerConfig)
{
	return NOT_YET;
}

int Networking_SetHardwareAddress(const char *networkInterfaceName, const uint8_t *hardwareAddress,
				  size_t hardwareAddressLength)
{
	return NOT_YET;
}

int Networking_GetHardwareAddress(const char *networkInterfaceName,
				  Networking_Interface_HardwareAddress *outAddress)
{
	return NOT_YET;
}

Networking_ProxyConfig *Networking_Proxy_Create(void)
{
	errno = ENOSYS;
	return NULL;
}

void Networking_Proxy_Destroy(Networking_ProxyConfig *proxyConfig)
{
}

int Networking_Proxy_Apply(const Networking_ProxyConfig *proxyConfig)
{
	if (!proxyConfig)
		return applibs_fail(EFAULT);
	return applibs_result(app_svc_simple(APP_SVC_PROXY, APP_SVC_PROXY_APPLY, 0));
}

int Networking_Proxy_Get(Networking_ProxyConfig *proxyConfig)
{
	if (!proxyConfig)
		return applibs_fail(EFAULT);
	return applibs_result(app_svc_simple(APP_SVC_PROXY, APP_SVC_PROXY_GET, 0));
}

int Networking_Proxy_SetProxyOptions(Networking_ProxyConfig *proxyConfig,
				     Networking_ProxyOptions proxyOptions)
{
	return NOT_YET;
}

int Networking_Proxy_SetProxyAddress(Networking_ProxyConfig *proxyConfig, const char *proxyAddress,
				     uint16_t proxyPort)
{
	return NOT_YET;
}

int Networking_Proxy_SetAnonymousAuthentication(Networking_ProxyConfig *proxyConfig)
{
	return NOT_YET;
}

int Networking_Proxy_SetBasicAuthentication(Networking_ProxyConfig *proxyConfig,
					    const char *username, const char *password)
{
	return NOT_YET;
}

int Networking_Proxy_SetProxyNoProxyAddresses(Networking_ProxyConfig *proxyConfig,
					      const char *noProxyAddresses)
{
	return NOT_YET;
}

int Networking_Proxy_GetProxyOptions(const Networking_ProxyConfig *proxyConfig,
				     Networking_ProxyOptions *proxyOptions)
{
	return NOT_YET;
}

const char *Networking_Proxy_GetProxyAddress(const Networking_ProxyConfig *proxyConfig)
{
	errno = ENOSYS;
	return NULL;
}

int Networking_Proxy_GetProxyPort(const Networking_ProxyConfig *proxyConfig, uint16_t *proxyPort)
{
	return NOT_YET;
}

Networking_ProxyType Networking_Proxy_GetProxyType(const Networking_ProxyConfig *proxyConfig)
{
	errno = ENOSYS;
	return Networking_ProxyType_Invalid;
}

const char *Networking_Proxy_GetProxyUsername(const Networking_ProxyConfig *proxyConfig)
{
	errno = ENOSYS;
	return NULL;
}

const char *Networking_Proxy_GetProxyPassword(const Networking_ProxyConfig *proxyConfig)
{
	errno = ENOSYS;
	return NULL;
}

Networking_ProxyAuthType Networking_Proxy_GetAuthType(const Networking_ProxyConfig *proxyConfig)
{
	errno = ENOSYS;
	return Networking_ProxyAuthType_Invalid;
}

const char *Networking_Proxy_GetNoProxyAddresses(const Networking_ProxyConfig *proxyConfig)
{
	errno = ENOSYS;
	return NULL;
}

int Networking_Proxy_GetProxyStatus(Networking_ProxyStatus *proxyStatus)
{
	if (!proxyStatus)
		return applibs_fail(EFAULT);
	*proxyStatus = 0;
	return 0;
}
