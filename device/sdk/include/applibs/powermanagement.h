/* applibs/powermanagement.h — rebooting and powering the device down, and
 * its power profile (Azure Sphere applibs, same declarations), each asked
 * of appmgr, which checks the manifest's "PowerControls". */
#pragma once

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef uint32_t PowerManagement_System_PowerProfile;
enum {
    PowerManagement_PowerSaver = 0,
    PowerManagement_Balanced = 1,
    PowerManagement_HighPerformance = 2
};

/* Starts an orderly reboot: every app gets SIGTERM (possibly before this
 * returns), then the device reboots. 0, or -1 with errno EACCES (no
 * "ForceReboot" in PowerControls). */
int PowerManagement_ForceSystemReboot(void);

/* Starts an orderly power-down for at most maximum_residency_in_seconds.
 * The emulated board cannot wake itself: it stays off until started
 * again. 0, or -1 with errno EACCES (no "ForcePowerDown"), EINVAL. */
int PowerManagement_ForceSystemPowerDown(unsigned int maximum_residency_in_seconds);

/* Sets the power profile of the system. 0, or -1 with errno EACCES (no
 * "SetPowerProfile"), EINVAL (not a profile). */
int PowerManagement_SetSystemPowerProfile(PowerManagement_System_PowerProfile desired_profile);

#ifdef __cplusplus
}
#endif
