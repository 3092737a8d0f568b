/* applibs/networking.h — network state and configuration (Azure Sphere
 * applibs, same declarations, NETWORKING_STRUCTS_VERSION 1 by default).
 * The state functions report what is true of the interfaces (loopback
 * excluded) as appmgr and the network manager (netmgr: DHCP, DNS, SNTP)
 * configured them; the time-sync functions read and change the network
 * manager's time sync; Networking_IpConfig configures an interface
 * statically or by DHCP (NetworkConfig); the other configuration functions
 * fail with ENOSYS.
 * Not thread safe. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include <applibs/networking_structs_v1.h>

#ifndef NETWORKING_STRUCTS_VERSION
#define NETWORKING_STRUCTS_VERSION 1
#endif

#if NETWORKING_STRUCTS_VERSION == 1
typedef struct z__Networking_NetworkInterface_v1 Networking_NetworkInterface;
#else
#error NETWORKING_STRUCTS_VERSION: only version 1 is supported
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef uint32_t Networking_InterfaceConnectionStatus;
enum {
    Networking_InterfaceConnectionStatus_InterfaceUp = 1 << 0,
    Networking_InterfaceConnectionStatus_ConnectedToNetwork = 1 << 1,
    Networking_InterfaceConnectionStatus_IpAvailable = 1 << 2,
    Networking_InterfaceConnectionStatus_ConnectedToInternet = 1 << 3
};

typedef uint32_t Networking_NtpOption;
enum {
    Networking_NtpOption_FallbackServerDisabled = 0,
    Networking_NtpOption_FallbackServerEnabled = 1,
};

typedef uint32_t Networking_ProxyStatus;
enum {
    Networking_ProxyStatus_Enabled = 1 << 0,
    Networking_ProxyStatus_ResolvingProxyName = 1 << 1,
    Networking_ProxyStatus_Ready = 1 << 2,
};

/* *outIsNetworkingReady: an interface is up, has a link and an IPv4
 * address, and the time is synced. 0, or -1 with errno EFAULT. */
int Networking_IsNetworkingReady(bool *outIsNetworkingReady);

/* The number of network interfaces, or -1 with errno (EAGAIN). */
ssize_t Networking_GetInterfaceCount(void);

/* Not for apps: the library side of Networking_GetInterfaces. */
ssize_t z__Networking_GetInterfacesVersioned(void *outArray, size_t count, uint32_t structVersion);

/* Fills at most networkInterfacesArrayCount interfaces: how many, or -1
 * with errno: EFAULT (array NULL), ERANGE (count 0), EAGAIN. */
static inline ssize_t Networking_GetInterfaces(Networking_NetworkInterface *outNetworkInterfacesArray,
                                               size_t networkInterfacesArrayCount)
{
    return z__Networking_GetInterfacesVersioned(outNetworkInterfacesArray,
                                                networkInterfacesArrayCount,
                                                NETWORKING_STRUCTS_VERSION);
}

/* The state of one interface (InterfaceUp, ConnectedToNetwork: it has a
 * link, IpAvailable; ConnectedToInternet is not known on Spherule and
 * never set). 0, or -1 with errno: EFAULT, ENOENT (no such interface),
 * EAGAIN. */
int Networking_GetInterfaceConnectionStatus(const char *networkInterfaceName,
                                            Networking_InterfaceConnectionStatus *outStatus);

/* The time-sync service (the network manager's SNTP client). SetEnabled
 * needs TimeSyncConfig (EACCES) and is kept across reboots; GetEnabled:
 * every app. GetLastNtpSyncInfo: ENOENT until a network time source set
 * the clock; then *outNtpTime is that time (UTC), the server "" and
 * *outTimeBeforeSync zeroed (Spherule records neither); ENOBUFS (with the
 * length needed) when the server buffer has no room for its NUL. */
int Networking_TimeSync_SetEnabled(bool enabled);
int Networking_TimeSync_GetEnabled(bool *outIsEnabled);
int Networking_TimeSync_GetLastNtpSyncInfo(char *outNtpServer, size_t *inOutNtpServerLength,
                                           struct tm *outTimeBeforeSync, struct tm *outNtpTime);

/* IP configuration (capability NetworkConfig). Init: dynamic IP and
 * automatic DNS. Apply: a static address holds the interface (netmgr's
 * DHCP leases are refused) until a dynamic configuration gives it back to
 * DHCP; not kept across a reboot. EACCES: no NetworkConfig; ENOENT: no
 * such interface; EFAULT: a NULL argument; EINVAL: a subnet mask that is
 * not contiguous (or 0), an address 0.0.0.0. Custom DNS servers (1..3,
 * else EINVAL) are recorded but not used: netmgr forwards to its own
 * upstream. */
void Networking_IpConfig_Init(Networking_IpConfig *ipConfig);
void Networking_IpConfig_Destroy(Networking_IpConfig *ipConfig);
void Networking_IpConfig_EnableDynamicIp(Networking_IpConfig *ipConfig);
void Networking_IpConfig_EnableStaticIp(Networking_IpConfig *ipConfig, struct in_addr ipAddress,
                                        struct in_addr subnetMask, struct in_addr gatewayAddress);
void Networking_IpConfig_EnableAutomaticDns(Networking_IpConfig *ipConfig);
int Networking_IpConfig_EnableCustomDns(Networking_IpConfig *ipConfig,
                                        const struct in_addr *dnsServerAddresses,
                                        size_t serverCount);
int Networking_IpConfig_Apply(const char *networkInterfaceName,
                              const Networking_IpConfig *ipConfig);

/* The rest of network configuration: not implemented on Spherule yet,
 * each fails with ENOSYS (the void functions only fill the caller's
 * buffer). */
int Networking_SetInterfaceState(const char *networkInterfaceName, bool isEnabled);
int Networking_TimeSync_EnableDefaultNtp(void);
int Networking_TimeSync_EnableAutomaticNtp(Networking_NtpOption option);
int Networking_TimeSync_EnableCustomNtp(const char *primaryNtpServer,
                                        const char *secondaryNtpServer,
                                        Networking_NtpOption option);
void Networking_SntpServerConfig_Init(Networking_SntpServerConfig *sntpServerConfig);
void Networking_SntpServerConfig_Destroy(Networking_SntpServerConfig *sntpServerConfig);
int Networking_SntpServer_Start(const char *networkInterfaceName,
                                const Networking_SntpServerConfig *sntpServerConfig);
void Networking_DhcpServerConfig_Init(Networking_DhcpServerConfig *dhcpServerConfig);
void Networking_DhcpServerConfig_Destroy(Networking_DhcpServerConfig *dhcpServerConfig);
int Networking_DhcpServerConfig_SetLease(Networking_DhcpServerConfig *dhcpServerConfig,
                                         struct in_addr startIpAddress, uint8_t ipAddressCount,
                                         struct in_addr subnetMask, struct in_addr gatewayAddress,
                                         uint32_t leaseTimeInHours);
int Networking_DhcpServerConfig_SetNtpServerAddresses(Networking_DhcpServerConfig *dhcpServerConfig,
                                                      const struct in_addr *ntpServerAddresses,
                                                      size_t serverCount);
int Networking_DhcpServer_Start(const char *networkInterfaceName,
                                const Networking_DhcpServerConfig *dhcpServerConfig);
int Networking_SetHardwareAddress(const char *networkInterfaceName, const uint8_t *hardwareAddress,
                                  size_t hardwareAddressLength);
int Networking_GetHardwareAddress(const char *networkInterfaceName,
                                  Networking_Interface_HardwareAddress *outAddress);

/* Proxy: Spherule has none. Networking_Proxy_Get (NetworkConfig or
 * ReadNetworkProxyConfig, else EACCES) fails with ENOENT (no proxy is
 * configured), Networking_Proxy_Apply (NetworkConfig, else EACCES) with
 * ENOSYS; Networking_Proxy_GetProxyStatus reports 0 (not enabled),
 * Networking_Proxy_Create returns NULL with ENOSYS, and the others fail
 * with ENOSYS. */
#define PROXY_ADDRESS_MAX_LENGTH 255
#define PROXY_NO_PROXY_ADDRESSES_MAX_LENGTH 255
#define PROXY_USERNAME_MAX_LENGTH 63
#define PROXY_PASSWORD_MAX_LENGTH 63

typedef uint32_t Networking_ProxyOptions;
enum {
    Networking_ProxyOptions_None = 1 << 0,
    Networking_ProxyOptions_Enabled = 1 << 1,
};

typedef int8_t Networking_ProxyType;
enum {
    Networking_ProxyType_Invalid = -1,
    Networking_ProxyType_HTTP = 0
};

typedef int8_t Networking_ProxyAuthType;
enum {
    Networking_ProxyAuthType_Invalid = -1,
    Networking_ProxyAuthType_Anonymous = 0,
    Networking_ProxyAuthType_Basic = 1
};

Networking_ProxyConfig *Networking_Proxy_Create(void);
void Networking_Proxy_Destroy(Networking_ProxyConfig *proxyConfig);
int Networking_Proxy_Apply(const Networking_ProxyConfig *proxyConfig);
int Networking_Proxy_Get(Networking_ProxyConfig *proxyConfig);
int Networking_Proxy_SetProxyOptions(Networking_ProxyConfig *proxyConfig,
                                     Networking_ProxyOptions proxyOptions);
int Networking_Proxy_SetProxyAddress(Networking_ProxyConfig *proxyConfig, const char *proxyAddress,
                                     uint16_t proxyPort);
int Networking_Proxy_SetAnonymousAuthentication(Networking_ProxyConfig *proxyConfig);
int Networking_Proxy_SetBasicAuthentication(Networking_ProxyConfig *proxyConfig,
                                            const char *username, const char *password);
int Networking_Proxy_SetProxyNoProxyAddresses(Networking_ProxyConfig *proxyConfig,
                                              const char *noProxyAddresses);
int Networking_Proxy_GetProxyOptions(const Networking_ProxyConfig *proxyConfig,
                                     Networking_ProxyOptions *proxyOptions);
const char *Networking_Proxy_GetProxyAddress(const Networking_ProxyConfig *proxyConfig);
int Networking_Proxy_GetProxyPort(const Networking_ProxyConfig *proxyConfig, uint16_t *proxyPort);
Networking_ProxyType Networking_Proxy_GetProxyType(const Networking_ProxyConfig *proxyConfig);
const char *Networking_Proxy_GetProxyUsername(const Networking_ProxyConfig *proxyConfig);
const char *Networking_Proxy_GetProxyPassword(const Networking_ProxyConfig *proxyConfig);
Networking_ProxyAuthType Networking_Proxy_GetAuthType(const Networking_ProxyConfig *proxyConfig);
const char *Networking_Proxy_GetNoProxyAddresses(const Networking_ProxyConfig *proxyConfig);
int Networking_Proxy_GetProxyStatus(Networking_ProxyStatus *proxyStatus);

#ifdef __cplusplus
}
#endif
