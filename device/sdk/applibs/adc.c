/* adc.c — ADCs (applibs/adc.h): Spherule's boards have none. Opening one
 * fails with ENODEV; the others fail with EBADF, as no descriptor of an
 * ADC can exist. */
#include <applibs/adc.h>

#include "applibs_errno.h"

int ADC_Open(ADC_ControllerId id)
{
	return applibs_fail(ENODEV);
}

int ADC_GetSampleBitCount(int fd, ADC_ChannelId channel)
{
	return applibs_fail(EBADF);
}

int ADC_SetReferenceVoltage(int fd, ADC_ChannelId channel, float referenceVoltage)
{
	return applibs_fail(EBADF);
}

int ADC_Poll(int fd, ADC_ChannelId channel, uint32_t *outSampleValue)
{
	return applibs_fail(EBADF);
}
