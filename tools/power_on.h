/*
 * power_on.h - the board's power-on in `spherule emulator start`: secmon,
 * its security processor, checks the OS in the flash file before QEMU may
 * start the application core (docs/secmon.md, *Secure boot*). A device
 * without a store is first manufactured, from its factory order or with the
 * development keys (factory_manufacture.h).
 */
#ifndef SPHERULE_POWER_ON_H
#define SPHERULE_POWER_ON_H

#include <sys/types.h>

/* 0 when secmon verified the OS (its verdict printed, its log in
 * STATE/secmon.log), *secmon its pid when it serves mailbox (a socket path,
 * or NULL for none) for QEMU, else 0; -1 after cli_fail(command, ...)
 * otherwise, a refusal in one line naming the partition and the reason. */
int power_on(const char *command, const char *flash, const char *state_dir, const char *mailbox, pid_t *secmon);

#endif
