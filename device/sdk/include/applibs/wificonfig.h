/* applibs/wificonfig.h — Wi-Fi networks (Azure Sphere applibs, same
 * declarations, WIFICONFIG_STRUCTS_VERSION 1 by default). Spherule boards
 * have no Wi-Fi: every function that would need it fails with ENETDOWN,
 * Azure Sphere's errno for "the Wi-Fi interface is not available". */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include <applibs/certstore_structs.h>
#include <applibs/wificonfig_structs_v1.h>

#ifndef WIFICONFIG_STRUCTS_VERSION
#define WIFICONFIG_STRUCTS_VERSION 1
#endif

#define WIFICONFIG_CONFIG_NAME_MAX_LENGTH 16
#define WIFICONFIG_EAP_IDENTITY_MAX_LENGTH 254

#if WIFICONFIG_STRUCTS_VERSION == 1
typedef struct z__WifiConfig_StoredNetwork_v1 WifiConfig_StoredNetwork;
typedef struct z__WifiConfig_ConnectedNetwork_v1 WifiConfig_ConnectedNetwork;
typedef struct z__WifiConfig_ScannedNetwork_v1 WifiConfig_ScannedNetwork;
#else
#error WIFICONFIG_STRUCTS_VERSION: only version 1 is supported
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef struct WifiConfig_ClientIdentity {
    char identity[WIFICONFIG_EAP_IDENTITY_MAX_LENGTH + 1]; /* NUL-terminated */
} WifiConfig_ClientIdentity;

typedef struct WifiConfig_NetworkDiagnostics32 {
    uint8_t isEnabled;
    uint8_t isConnected;
    int32_t error;     /* the last reason a connection failed, 1..10 */
    int32_t timestamp; /* when, 32-bit time_t */
    int32_t certError; /* with AuthenticationFailed (5): 100..103 */
    int32_t certDepth;
    CertStore_SubjectName certSubject;
} WifiConfig_NetworkDiagnostics32;

typedef struct WifiConfig_NetworkDiagnostics64 {
    uint8_t isEnabled;
    uint8_t isConnected;
    int32_t error;
    time_t timestamp;
    int32_t certError;
    int32_t certDepth;
    CertStore_SubjectName certSubject;
} WifiConfig_NetworkDiagnostics64;

typedef struct WifiConfig_NetworkDiagnostics64 WifiConfig_NetworkDiagnostics;

int WifiConfig_StoreOpenNetwork(const uint8_t *ssid, size_t ssidLength);
int WifiConfig_StoreWpa2Network(const uint8_t *ssid, size_t ssidLength, const char *psk,
                                size_t pskLength);
int WifiConfig_ForgetNetwork(const WifiConfig_StoredNetwork *storedNetwork);
int WifiConfig_ForgetNetworkById(int networkId);
int WifiConfig_ForgetAllNetworks(void);
ssize_t WifiConfig_GetStoredNetworkCount(void);
ssize_t WifiConfig_GetStoredNetworks(WifiConfig_StoredNetwork *storedNetworkArray,
                                     size_t storedNetworkArrayCount);
int WifiConfig_GetCurrentNetwork(WifiConfig_ConnectedNetwork *connectedNetwork);
int WifiConfig_GetConnectedNetworkId(void);
ssize_t WifiConfig_TriggerScanAndGetScannedNetworkCount(void);
ssize_t WifiConfig_GetScannedNetworks(WifiConfig_ScannedNetwork *scannedNetworkArray,
                                      size_t scannedNetworkArrayCount);
int WifiConfig_AddNetwork(void);
int WifiConfig_AddDuplicateNetwork(int networkId, const char *configName);
int WifiConfig_SetSSID(int networkId, const uint8_t *ssid, size_t ssidLength);
int WifiConfig_SetSecurityType(int networkId, WifiConfig_Security_Type securityType);
int WifiConfig_SetNetworkEnabled(int networkId, bool enabled);
int WifiConfig_PersistConfig(void);
int WifiConfig_ReloadConfig(void);
int WifiConfig_SetPSK(int networkId, const char *psk, size_t pskLength);
int WifiConfig_SetTargetedScanEnabled(int networkId, bool enabled);
int WifiConfig_GetClientIdentity(int networkId, WifiConfig_ClientIdentity *outIdentity);
int WifiConfig_SetClientIdentity(int networkId, const char *identity);
int WifiConfig_GetClientCertStoreIdentifier(int networkId, CertStore_Identifier *outIdentifier);
int WifiConfig_SetClientCertStoreIdentifier(int networkId, const char *certStoreIdentifier);
int WifiConfig_GetRootCACertStoreIdentifier(int networkId, CertStore_Identifier *outIdentifier);
int WifiConfig_SetRootCACertStoreIdentifier(int networkId, const char *certStoreIdentifier);
int WifiConfig_SetConfigName(int networkId, const char *configName);
int WifiConfig_GetNetworkIdByConfigName(const char *configName);
int WifiConfig_GetNetworkDiagnostics(int networkId,
                                     WifiConfig_NetworkDiagnostics *networkDiagnostics);

#ifdef __cplusplus
}
#endif
