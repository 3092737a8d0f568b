/* applibs/spi_structs_v1.h — version 1 of the SPI structs (Azure Sphere
 * applibs, same layout). Include applibs/spi.h, not this file. */
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

struct z__SPIMaster_Config_v1 {
    uint32_t z__magicAndVersion; /* set by SPIMaster_InitConfig: do not edit */
    SPI_ChipSelectPolarity csPolarity;
};

struct z__SPIMaster_Transfer_v1 {
    uint32_t z__magicAndVersion; /* set by SPIMaster_InitTransfers: do not edit */
    SPI_TransferFlags flags;
    const uint8_t *writeData;
    uint8_t *readData;
    size_t length;
};

#ifdef __cplusplus
}
#endif
