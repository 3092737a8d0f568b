/* applibs/uart.h — UARTs (Azure Sphere applibs, same declarations,
 * UART_STRUCTS_VERSION 1 by default). appmgr opens the UART named by the
 * hardware definition (ISU<n> is UART id n + 4) for apps whose manifest's
 * "Uart" list names it, and hands the app the descriptor. */
#pragma once

#include <applibs/uart_config_v1.h>

#ifndef UART_STRUCTS_VERSION
#define UART_STRUCTS_VERSION 1
#endif

#if UART_STRUCTS_VERSION == 1
typedef struct z__UART_Config_v1 UART_Config;
#else
#error UART_STRUCTS_VERSION: only version 1 is supported
#endif

typedef int UART_Id;

#include <applibs/uart_internal.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Fills *uartConfig with the defaults: 9600 baud, 8 data bits, no parity,
 * 1 stop bit, no flow control, non-blocking. */
static inline void UART_InitConfig(UART_Config *uartConfig);

/* Opens and configures uartId for this app alone: a non-blocking
 * descriptor for read(2), write(2) and EventLoop_RegisterIo, or -1 with
 * errno: EACCES (not in the manifest's Uart list), ENODEV (no such UART),
 * EINVAL (uartConfig not set up by UART_InitConfig, or a value out of
 * range), EBUSY (already open), EFAULT (uartConfig NULL). */
static inline int UART_Open(UART_Id uartId, const UART_Config *uartConfig);

#ifdef __cplusplus
}
#endif
