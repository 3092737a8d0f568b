/* gpio.c — GPIO_OpenAsInput, GPIO_OpenAsOutput, GPIO_GetValue and
 * GPIO_SetValue (applibs/gpio.h) on the GPIO character device: each open
 * GPIO is a v2 line request of one line, its values physical levels (the
 * RDB's LEDs light at GPIO_Value_Low, as on the MT3620 board). */
#include <applibs/gpio.h>

#include <linux/gpio.h>   /* before sys/ioctl.h: musl's ioctl macros do not redefine the kernel's */
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>

#include "applibs_errno.h"
#include "gpio_line.h"

int GPIO_OpenAsInput(GPIO_Id gpioId)
{
	struct gpio_v2_line_config config;

	memset(&config, 0, sizeof(config));
	config.flags = GPIO_V2_LINE_FLAG_INPUT;
	return applibs_result(gpio_line_request(gpioId, &config));
}

int GPIO_OpenAsOutput(GPIO_Id gpioId, GPIO_OutputMode_Type outputMode,
		      GPIO_Value_Type initialValue)
{
	static const uint64_t drive[] = {
		[GPIO_OutputMode_PushPull] = 0,
		[GPIO_OutputMode_OpenDrain] = GPIO_V2_LINE_FLAG_OPEN_DRAIN,
		[GPIO_OutputMode_OpenSource] = GPIO_V2_LINE_FLAG_OPEN_SOURCE,
	};
	struct gpio_v2_line_config config;

	if (outputMode >= sizeof(drive) / sizeof(drive[0]) || initialValue > GPIO_Value_High)
		return applibs_fail(EINVAL);
	memset(&config, 0, sizeof(config));
	config.flags = GPIO_V2_LINE_FLAG_OUTPUT | drive[outputMode];
	config.num_attrs = 1;
	config.attrs[0].attr.id = GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES;
	config.attrs[0].attr.values = initialValue;
	config.attrs[0].mask = 1;
	return applibs_result(gpio_line_request(gpioId, &config));
}

int GPIO_GetValue(int gpioFd, GPIO_Value_Type *outValue)
{
	struct gpio_v2_line_values values = { .mask = 1 };

	if (!outValue)
		return applibs_fail(EFAULT);
	if (ioctl(gpioFd, GPIO_V2_LINE_GET_VALUES_IOCTL, &values) != 0)
		return applibs_fail(gpio_fd_error(errno));
	*outValue = values.bits & 1 ? GPIO_Value_High : GPIO_Value_Low;
	return 0;
}

int GPIO_SetValue(int gpioFd, GPIO_Value_Type value)
{
	struct gpio_v2_line_values values = { .bits = value, .mask = 1 };

	if (value > GPIO_Value_High)
		return applibs_fail(EINVAL);
	if (ioctl(gpioFd, GPIO_V2_LINE_SET_VALUES_IOCTL, &values) == 0)
		return 0;
	/* The kernel refuses to set an input (EPERM): documented to have no
	 * effect. */
	return errno == EPERM ? 0 : applibs_fail(gpio_fd_error(errno));
}
