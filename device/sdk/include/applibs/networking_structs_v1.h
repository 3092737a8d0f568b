/* applibs/networking_structs_v1.h — version 1 of the networking structs
 * (Azure Sphere applibs, same layout). Include applibs/networking.h, not
 * this file. */
#pragma once

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HARDWARE_ADDRESS_LENGTH 6

typedef enum {
    Networking_IpType_DhcpNone = 0,  /* a static address */
    Networking_IpType_DhcpClient = 1 /* an address from DHCP */
} Networking_IpType;
typedef uint8_t Networking_IpType_Type;

typedef enum {
    Networking_InterfaceMedium_Unspecified = 0,
    Networking_InterfaceMedium_Wifi = 1,
    Networking_InterfaceMedium_Ethernet = 2
} Networking_InterfaceMedium;
typedef uint8_t Networking_InterfaceMedium_Type;

/* One network interface, as Networking_GetInterfaces reports it. */
struct z__Networking_NetworkInterface_v1 {
    uint32_t z__magicAndVersion;     /* set by the library: do not edit */
    bool isEnabled;                  /* administratively up */
    char interfaceName[IF_NAMESIZE]; /* NUL-terminated */
    uint32_t reserved;
    Networking_IpType_Type ipConfigurationType;
    Networking_InterfaceMedium_Type interfaceMediumType;
};

/* Opaque configuration buffers. */
typedef struct Networking_IpConfig {
    uint64_t reserved[5];
} Networking_IpConfig;

typedef struct Networking_ProxyConfig Networking_ProxyConfig;

typedef struct Networking_SntpServerConfig {
    uint64_t reserved[3];
} Networking_SntpServerConfig;

typedef struct Networking_DhcpServerConfig {
    uint64_t reserved[8];
} Networking_DhcpServerConfig;

typedef struct Networking_Interface_HardwareAddress {
    uint8_t address[HARDWARE_ADDRESS_LENGTH];
} Networking_Interface_HardwareAddress;

#ifdef __cplusplus
}
#endif
