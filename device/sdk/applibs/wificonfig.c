/* wificonfig.c — Wi-Fi networks (applibs/wificonfig.h): Spherule's boards
 * have no Wi-Fi interface. Every function fails with ENETDOWN, which Azure
 * Sphere documents for "the Wi-Fi network interface is not available", so
 * apps already handle it. */
#include <applibs/wificonfig.h>

#include "applibs_errno.h"

#define NO_WIFI applibs_fail(ENETDOWN)

int WifiConfig_StoreOpenNetwork(const uint8_t *ssid, size_t ssidLength)
{
	return NO_WIFI;
}

int WifiConfig_StoreWpa2Network(const uint8_t *ssid, size_t ssidLength, const char *psk,
				size_t pskLength)
{
	return NO_WIFI;
}

int WifiConfig_ForgetNetwork(const WifiConfig_StoredNetwork *storedNetwork)
{
	return NO_WIFI;
}

int WifiConfig_ForgetNetworkById(int networkId)
{
	return NO_WIFI;
}

int WifiConfig_ForgetAllNetworks(void)
{
	return NO_WIFI;
}

ssize_t WifiConfig_GetStoredNetworkCount(void)
{
	return NO_WIFI;
}

ssize_t WifiConfig_GetStoredNetworks(WifiConfig_StoredNetwork *storedNetworkArray,
				     size_t storedNetworkArrayCount)
{
	return NO_WIFI;
}

int WifiConfig_GetCurrentNetwork(WifiConfig_ConnectedNetwork *connectedNetwork)
{
	return NO_WIFI;
}

int WifiConfig_GetConnectedNetworkId(void)
{
	return NO_WIFI;
}

ssize_t WifiConfig_TriggerScanAndGetScannedNetworkCount(void)
{
	return NO_WIFI;
}

ssize_t WifiConfig_GetScannedNetworks(WifiConfig_ScannedNetwork *scannedNetworkArray,
				      size_t scannedNetworkArrayCount)
{
	return NO_WIFI;
}

int WifiConfig_AddNetwork(void)
{
	return NO_WIFI;
}

int WifiConfig_AddDuplicateNetwork(int networkId, const char *configName)
{
	return NO_WIFI;
}

int WifiConfig_SetSSID(int networkId, const uint8_t *ssid, size_t ssidLength)
{
	return NO_WIFI;
}

int WifiConfig_SetSecurityType(int networkId, WifiConfig_Security_Type securityType)
{
	return NO_WIFI;
}

int WifiConfig_SetNetworkEnabled(int networkId, bool enabled)
{
	return NO_WIFI;
}

int WifiConfig_PersistConfig(void)
{
	return NO_WIFI;
}

int WifiConfig_ReloadConfig(void)
{
	return NO_WIFI;
}

int WifiConfig_SetPSK(int networkId, const char *psk, size_t pskLength)
{
	return NO_WIFI;
}

int WifiConfig_SetTargetedScanEnabled(int networkId, bool enabled)
{
	return NO_WIFI;
}

int WifiConfig_GetClientIdentity(int networkId, WifiConfig_ClientIdentity *outIdentity)
{
	return NO_WIFI;
}

int WifiConfig_SetClientIdentity(int networkId, const char *identity)
{
	return NO_WIFI;
}

int WifiConfig_GetClientCertStoreIdentifier(int networkId, CertStore_Identifier *outIdentifier)
{
	return NO_WIFI;
}

int WifiConfig_SetClientCertStoreIdentifier(int networkId, const char *certStoreIdentifier)
{
	return NO_WIFI;
}

int WifiConfig_GetRootCACertStoreIdentifier(int networkId, CertStore_Identifier *outIdentifier)
{
	return NO_WIFI;
}

int WifiConfig_SetRootCACertStoreIdentifier(int networkId, const char *certStoreIdentifier)
{
	return NO_WIFI;
}

int WifiConfig_SetConfigName(int networkId, const char *configName)
{
	return NO_WIFI;
}

int WifiConfig_GetNetworkIdByConfigName(const char *configName)
{
	return NO_WIFI;
}

int WifiConfig_GetNetworkDiagnostics(int networkId,
				     WifiConfig_NetworkDiagnostics *networkDiagnostics)
{
	return NO_WIFI;
}
