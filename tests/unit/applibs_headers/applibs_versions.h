/* applibs_versions.h — as the older Azure Sphere samples have it: the
 * struct versions defined before any applibs header, which must accept
 * them (test_applibs_headers.sh includes this first). */
#pragma once

#define UART_STRUCTS_VERSION 1
#define WIFICONFIG_STRUCTS_VERSION 1
#define NETWORKING_STRUCTS_VERSION 1
#define SPI_STRUCTS_VERSION 1
#define I2C_STRUCTS_VERSION 1
#define PWM_STRUCTS_VERSION 1
