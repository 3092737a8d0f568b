/* i2c.c — I2C masters (applibs/i2c.h): Spherule's boards have no I2C bus.
 * Opening one fails with ENODEV; the others fail with EBADF, as no
 * descriptor of one can exist. */
#include <applibs/i2c.h>

#include "applibs_errno.h"

int I2CMaster_Open(I2C_InterfaceId id)
{
	return applibs_fail(ENODEV);
}

int I2CMaster_SetBusSpeed(int fd, uint32_t speedInHz)
{
	return applibs_fail(EBADF);
}

int I2CMaster_SetTimeout(int fd, uint32_t timeoutInMs)
{
	return applibs_fail(EBADF);
}

ssize_t I2CMaster_Read(int fd, I2C_DeviceAddress address, uint8_t *buffer, size_t maxLength)
{
	return applibs_fail(EBADF);
}

ssize_t I2CMaster_Write(int fd, I2C_DeviceAddress address, const uint8_t *data, size_t length)
{
	return applibs_fail(EBADF);
}

ssize_t I2CMaster_WriteThenRead(int fd, I2C_DeviceAddress address, const uint8_t *writeData,
				size_t lenWriteData, uint8_t *readData, size_t lenReadData)
{
	return applibs_fail(EBADF);
}

int I2CMaster_SetDefaultTargetAddress(int fd, I2C_DeviceAddress address)
{
	return applibs_fail(EBADF);
}
