/* applibs/i2c.h — I2C master interfaces (Azure Sphere applibs, same
 * declarations). Spherule's boards have no I2C bus: I2CMaster_Open fails
 * with ENODEV, the others with EBADF (no descriptor of one can exist). */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define I2C_BUS_SPEED_STANDARD 100000   /* 100 kHz */
#define I2C_BUS_SPEED_FAST 400000       /* 400 kHz */
#define I2C_BUS_SPEED_FAST_PLUS 1000000 /* 1 MHz */
#define I2C_BUS_SPEED_HIGH 3400000      /* 3.4 MHz */

typedef int I2C_InterfaceId;
typedef uint32_t I2C_DeviceAddress; /* 7 or 10 bits, no read/write bit */

int I2CMaster_Open(I2C_InterfaceId id);
int I2CMaster_SetBusSpeed(int fd, uint32_t speedInHz);
int I2CMaster_SetTimeout(int fd, uint32_t timeoutInMs);
ssize_t I2CMaster_Read(int fd, I2C_DeviceAddress address, uint8_t *buffer, size_t maxLength);
ssize_t I2CMaster_Write(int fd, I2C_DeviceAddress address, const uint8_t *data, size_t length);
ssize_t I2CMaster_WriteThenRead(int fd, I2C_DeviceAddress address, const uint8_t *writeData,
                                size_t lenWriteData, uint8_t *readData, size_t lenReadData);
int I2CMaster_SetDefaultTargetAddress(int fd, I2C_DeviceAddress address);

#ifdef __cplusplus
}
#endif
