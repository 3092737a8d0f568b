/* applibs/uart_internal.h — the inline UART functions of applibs/uart.h
 * over the library's versioned ones. Include applibs/uart.h, not this
 * file; the z__ names are not for apps. */
#pragma once

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The first member of every version of UART_Config. */
struct z__UART_Config_Base {
    uint32_t z__magicAndVersion;
};

void z__UART_InitConfigVersioned(struct z__UART_Config_Base *uartConfig, uint32_t structVersion);
int z__UART_OpenVersioned(UART_Id uartId, const struct z__UART_Config_Base *uartConfig);

static inline void UART_InitConfig(UART_Config *uartConfig)
{
    z__UART_InitConfigVersioned((struct z__UART_Config_Base *)uartConfig, UART_STRUCTS_VERSION);
}

static inline int UART_Open(UART_Id uartId, const UART_Config *uartConfig)
{
    return z__UART_OpenVersioned(uartId, (const struct z__UART_Config_Base *)uartConfig);
}

#ifdef __cplusplus
}
#endif
