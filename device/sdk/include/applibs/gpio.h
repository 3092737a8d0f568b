/* applibs/gpio.h — GPIO lines (Azure Sphere applibs, same declarations
 * and errno). A GPIO_Id is the board-wide GPIO number the hardware
 * definition gives (e.g. SAMPLE_LED); the app may open the lines its
 * manifest's "Gpio" list names. Thread safe across different lines. Edge
 * events on input lines, beyond Azure Sphere: applibs/gpio_edge.h. */
#pragma once

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef int GPIO_Id;

typedef uint8_t GPIO_Value_Type;
typedef enum {
    GPIO_Value_Low = 0,
    GPIO_Value_High = 1
} GPIO_Value;

typedef uint8_t GPIO_OutputMode_Type;
typedef enum {
    GPIO_OutputMode_PushPull = 0,
    GPIO_OutputMode_OpenDrain = 1,
    GPIO_OutputMode_OpenSource = 2
} GPIO_OutputMode;

/* Opens gpioId as an input: a descriptor for GPIO_GetValue (GPIO_SetValue
 * on it has no effect), or -1 with errno: EACCES (not in the manifest's
 * Gpio list), ENODEV (no such GPIO on the board), EBUSY (already open). */
int GPIO_OpenAsInput(GPIO_Id gpioId);

/* Opens gpioId as an output driven push-pull, open drain or open source,
 * set to initialValue: a descriptor for GPIO_SetValue and GPIO_GetValue,
 * or -1 with errno: EACCES, ENODEV, EBUSY as above, EINVAL (outputMode or
 * initialValue invalid). */
int GPIO_OpenAsOutput(GPIO_Id gpioId, GPIO_OutputMode_Type outputMode,
                      GPIO_Value_Type initialValue);

/* Reads the line of gpioFd. 0, or -1 with errno: EFAULT (outValue NULL),
 * EBADF (gpioFd is not an open GPIO). */
int GPIO_GetValue(int gpioFd, GPIO_Value_Type *outValue);

/* Drives the output line of gpioFd to value. 0, or -1 with errno: EINVAL
 * (value is not a GPIO_Value), EBADF (gpioFd is not an open GPIO). */
int GPIO_SetValue(int gpioFd, GPIO_Value_Type value);

#ifdef __cplusplus
}
#endif
