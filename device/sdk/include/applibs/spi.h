/* applibs/spi.h — SPI master interfaces (Azure Sphere applibs, same
 * declarations, SPI_STRUCTS_VERSION 1 by default). Spherule's boards have
 * no SPI bus: SPIMaster_Open fails with ENODEV, the transfers and settings
 * with EBADF (no descriptor of one can exist); SPIMaster_InitConfig and
 * SPIMaster_InitTransfers fill the caller's structs. */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifndef SPI_STRUCTS_VERSION
#define SPI_STRUCTS_VERSION 1
#endif

#define SPI_MASTER_MAX_TRANSFERS 256

#ifdef __cplusplus
extern "C" {
#endif

typedef int SPI_InterfaceId;
typedef int SPI_ChipSelectId;

typedef enum SPI_Mode {
    SPI_Mode_Invalid = 0x0,
    SPI_Mode_0 = 0x1, /* CPOL 0, CPHA 0 */
    SPI_Mode_1 = 0x2, /* CPOL 0, CPHA 1 */
    SPI_Mode_2 = 0x3, /* CPOL 1, CPHA 0 */
    SPI_Mode_3 = 0x4  /* CPOL 1, CPHA 1 */
} SPI_Mode;

typedef enum SPI_BitOrder {
    SPI_BitOrder_Invalid = 0x0,
    SPI_BitOrder_LsbFirst = 0x1,
    SPI_BitOrder_MsbFirst = 0x2
} SPI_BitOrder;

typedef enum SPI_ChipSelectPolarity {
    SPI_ChipSelectPolarity_Invalid = 0x0,
    SPI_ChipSelectPolarity_ActiveLow = 0x1,
    SPI_ChipSelectPolarity_ActiveHigh = 0x2
} SPI_ChipSelectPolarity;

typedef enum SPI_TransferFlags {
    SPI_TransferFlags_None = 0x0,
    SPI_TransferFlags_Read = 0x1,
    SPI_TransferFlags_Write = 0x2
} SPI_TransferFlags;

#include <applibs/spi_structs_v1.h>

#if SPI_STRUCTS_VERSION == 1
typedef struct z__SPIMaster_Config_v1 SPIMaster_Config;
typedef struct z__SPIMaster_Transfer_v1 SPIMaster_Transfer;
#else
#error SPI_STRUCTS_VERSION: only version 1 is supported
#endif

/* Not for apps: the library side of the inline functions below. */
int z__SPIMaster_InitConfigVersioned(void *config, uint32_t structVersion);
int z__SPIMaster_OpenVersioned(SPI_InterfaceId interfaceId, SPI_ChipSelectId chipSelectId,
                               const void *config, uint32_t structVersion);
int z__SPIMaster_InitTransfersVersioned(void *transfers, size_t transferCount,
                                        uint32_t structVersion);
ssize_t z__SPIMaster_TransferSequentialVersioned(int fd, const void *transfers,
                                                 size_t transferCount, uint32_t structVersion);

int SPIMaster_SetBusSpeed(int fd, uint32_t speedInHz);
int SPIMaster_SetMode(int fd, SPI_Mode mode);
int SPIMaster_SetBitOrder(int fd, SPI_BitOrder order);

static inline int SPIMaster_InitConfig(SPIMaster_Config *config)
{
    return z__SPIMaster_InitConfigVersioned(config, SPI_STRUCTS_VERSION);
}

static inline int SPIMaster_Open(SPI_InterfaceId interfaceId, SPI_ChipSelectId chipSelectId,
                                 const SPIMaster_Config *config)
{
    return z__SPIMaster_OpenVersioned(interfaceId, chipSelectId, config, SPI_STRUCTS_VERSION);
}

static inline int SPIMaster_InitTransfers(SPIMaster_Transfer *transfers, size_t transferCount)
{
    return z__SPIMaster_InitTransfersVersioned(transfers, transferCount, SPI_STRUCTS_VERSION);
}

static inline ssize_t SPIMaster_TransferSequential(int fd, const SPIMaster_Transfer *transfers,
                                                   size_t transferCount)
{
    return z__SPIMaster_TransferSequentialVersioned(fd, transfers, transferCount,
                                                    SPI_STRUCTS_VERSION);
}

static inline ssize_t SPIMaster_WriteThenRead(int fd, const uint8_t *writeData, size_t lenWriteData,
                                              uint8_t *readData, size_t lenReadData)
{
    SPIMaster_Transfer transfers[2];

    if (SPIMaster_InitTransfers(transfers, 2) != 0)
        return -1;
    transfers[0].flags = SPI_TransferFlags_Write;
    transfers[0].writeData = writeData;
    transfers[0].length = lenWriteData;
    transfers[1].flags = SPI_TransferFlags_Read;
    transfers[1].readData = readData;
    transfers[1].length = lenReadData;
    return SPIMaster_TransferSequential(fd, transfers, 2);
}

#ifdef __cplusplus
}
#endif
