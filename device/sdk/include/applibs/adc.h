/* applibs/adc.h — analog-to-digital converters (Azure Sphere applibs,
 * same declarations). Spherule's boards have no ADC: ADC_Open fails with
 * ENODEV, the others with EBADF (no descriptor of an ADC can exist). */
#pragma once

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef uint32_t ADC_ControllerId;
typedef uint32_t ADC_ChannelId;

int ADC_Open(ADC_ControllerId id);
int ADC_GetSampleBitCount(int fd, ADC_ChannelId channel);
int ADC_SetReferenceVoltage(int fd, ADC_ChannelId channel, float referenceVoltage);
int ADC_Poll(int fd, ADC_ChannelId channel, uint32_t *outSampleValue);

#ifdef __cplusplus
}
#endif
