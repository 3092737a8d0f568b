/* pwm.c — PWMs (applibs/pwm.h): Spherule's boards have none. Opening one
 * fails with ENODEV; PWM_Apply fails with EBADF, as no descriptor of a
 * PWM can exist. */
#include <applibs/pwm.h>

#include "applibs_errno.h"

int PWM_Open(PWM_ControllerId pwm)
{
	return applibs_fail(ENODEV);
}

int PWM_Apply(int pwmFd, PWM_ChannelId pwmChannel, const PwmState *newState)
{
	return applibs_fail(EBADF);
}
