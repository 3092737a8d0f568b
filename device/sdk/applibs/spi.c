/* spi.c — SPI masters (applibs/spi.h): Spherule's boards have no SPI bus.
 * SPIMaster_InitConfig and SPIMaster_InitTransfers fill the caller's
 * structs (nothing there needs the bus); opening an interface fails with
 * ENODEV; transfers and settings fail with EBADF, as no descriptor of one
 * can exist. */
#include <applibs/spi.h>

#include <string.h>

#include "applibs_errno.h"

#define SPI_CONFIG_MAGIC 0x53430000u     /* "SC", then the struct version */
#define SPI_TRANSFER_MAGIC 0x53540000u   /* "ST", then the struct version */

int z__SPIMaster_InitConfigVersioned(void *config, uint32_t structVersion)
{
	struct z__SPIMaster_Config_v1 *c = config;

	if (!config)
		return applibs_fail(EFAULT);
	if (structVersion != 1)
		return applibs_fail(EINVAL);
	memset(c, 0, sizeof(*c));
	c->z__magicAndVersion = SPI_CONFIG_MAGIC | structVersion;
	c->csPolarity = SPI_ChipSelectPolarity_ActiveLow;
	return 0;
}

int z__SPIMaster_InitTransfersVersioned(void *transfers, size_t transferCount,
					uint32_t structVersion)
{
	struct z__SPIMaster_Transfer_v1 *t = transfers;

	if (!transfers)
		return applibs_fail(EFAULT);
	if (structVersion != 1)
		return applibs_fail(EINVAL);
	for (size_t i = 0; i < transferCount; i++) {
		memset(&t[i], 0, sizeof(t[i]));
		t[i].z__magicAndVersion = SPI_TRANSFER_MAGIC | structVersion;
		t[i].flags = SPI_TransferFlags_None;
	}
	return 0;
}

int z__SPIMaster_OpenVersioned(SPI_InterfaceId interfaceId, SPI_ChipSelectId chipSelectId,
			       const void *config, uint32_t structVersion)
{
	return applibs_fail(ENODEV);
}

ssize_t z__SPIMaster_TransferSequentialVersioned(int fd, const void *transfers,
						 size_t transferCount, uint32_t structVersion)
{
	return applibs_fail(EBADF);
}

int SPIMaster_SetBusSpeed(int fd, uint32_t speedInHz)
{
	return applibs_fail(EBADF);
}

int SPIMaster_SetMode(int fd, SPI_Mode mode)
{
	return applibs_fail(EBADF);
}

int SPIMaster_SetBitOrder(int fd, SPI_BitOrder order)
{
	return applibs_fail(EBADF);
}
