/* applibs/uart_config_v1.h — version 1 of UART_Config and its value types
 * (Azure Sphere applibs, same layout). Include applibs/uart.h, not this
 * file. */
#pragma once

#include <stdint.h>
#include <stdlib.h>

typedef uint32_t UART_BaudRate_Type;
typedef uint8_t UART_BlockingMode_Type;
typedef uint8_t UART_DataBits_Type;
typedef uint8_t UART_Parity_Type;
typedef uint8_t UART_StopBits_Type;
typedef uint8_t UART_FlowControl_Type;

/* Set it up with UART_InitConfig, then change the fields. */
struct z__UART_Config_v1 {
    uint32_t z__magicAndVersion; /* set by UART_InitConfig: do not edit */
    UART_BaudRate_Type baudRate;
    UART_BlockingMode_Type blockingMode;
    UART_DataBits_Type dataBits;
    UART_Parity_Type parity;
    UART_StopBits_Type stopBits;
    UART_FlowControl_Type flowControl;
};

typedef enum {
    UART_BlockingMode_NonBlocking = 0 /* the only mode: read and write never wait */
} UART_BlockingMode;

typedef enum {
    UART_DataBits_Five = 5,
    UART_DataBits_Six = 6,
    UART_DataBits_Seven = 7,
    UART_DataBits_Eight = 8
} UART_DataBits;

typedef enum {
    UART_Parity_None = 0,
    UART_Parity_Even = 1,
    UART_Parity_Odd = 2
} UART_Parity;

typedef enum {
    UART_StopBits_One = 1,
    UART_StopBits_Two = 2
} UART_StopBits;

typedef enum {
    UART_FlowControl_None = 0,
    UART_FlowControl_RTSCTS = 1,
    UART_FlowControl_XONXOFF = 2
} UART_FlowControl;
