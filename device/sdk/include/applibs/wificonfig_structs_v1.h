/* applibs/wificonfig_structs_v1.h — version 1 of the Wi-Fi structs (Azure
 * Sphere applibs, same layout). Include applibs/wificonfig.h, not this
 * file. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WIFICONFIG_SSID_MAX_LENGTH 32
#define WIFICONFIG_WPA2_KEY_MAX_BUFFER_SIZE 64
#define WIFICONFIG_BSSID_BUFFER_SIZE 6

typedef enum {
    WifiConfig_Security_Unknown = 0,
    WifiConfig_Security_Open = 1,
    WifiConfig_Security_Wpa2_Psk = 2,
    WifiConfig_Security_Wpa2_EAP_TLS = 3,
} WifiConfig_Security;
typedef uint8_t WifiConfig_Security_Type;

struct z__WifiConfig_ScannedNetwork_v1 {
    uint32_t z__magicAndVersion;
    uint8_t ssid[WIFICONFIG_SSID_MAX_LENGTH];
    uint8_t bssid[WIFICONFIG_BSSID_BUFFER_SIZE];
    uint8_t ssidLength;
    WifiConfig_Security_Type security;
    uint32_t frequencyMHz;
    int8_t signalRssi;
};

struct z__WifiConfig_StoredNetwork_v1 {
    uint32_t z__magicAndVersion;
    uint8_t ssid[WIFICONFIG_SSID_MAX_LENGTH];
    uint8_t ssidLength;
    bool isEnabled;
    bool isConnected;
    WifiConfig_Security_Type security;
};

struct z__WifiConfig_ConnectedNetwork_v1 {
    uint32_t z__magicAndVersion;
    uint8_t ssid[WIFICONFIG_SSID_MAX_LENGTH];
    uint8_t bssid[WIFICONFIG_BSSID_BUFFER_SIZE];
    uint8_t ssidLength;
    WifiConfig_Security_Type security;
    uint32_t frequencyMHz;
    int8_t signalRssi;
};

#ifdef __cplusplus
}
#endif
