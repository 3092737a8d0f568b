/* power_off.c — a bench init powers the board off (see power_off.h). */
#include "power_off.h"

#include <stdio.h>
#include <sys/reboot.h>
#include <unistd.h>

_Noreturn void power_off(void)
{
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}
