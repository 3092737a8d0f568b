/*
 * power_on.h - the board's power-on in `spherule emulator start`: secmon,
 * its security processor, checks the OS in the flash file before QEMU may
 * start the application core (docs/secmon.md, *Secure boot*). A device
 * without a store is first manufactured with the development keys.
 */
#ifndef SPHERULE_POWER_ON_H
#define SPHERULE_POWER_ON_H

/* 0 when secmon verified the OS (its verdict printed, its log in
 * STATE/secmon.log); -1 after cli_fail(command, ...) otherwise, a refusal
 * in one line naming the partition and the reason. */
int power_on(const char *command, const char *flash, const char *state_dir);

#endif
