/*
 * power_on.h - the board's power-on in `spherule emulator start`, at its
 * first start and at each power cycle (power_loop.h): secmon, its security
 * processor, selects the OS slot and checks its OS before QEMU may start
 * the application core (docs/secmon.md, *Secure boot*, *OS slots*). A
 * device without a store is first manufactured, from its factory order or
 * with the development keys (factory_manufacture.h).
 */
#ifndef SPHERULE_POWER_ON_H
#define SPHERULE_POWER_ON_H

#include "secmon_client.h"

/* 0 when secmon verified an OS (its verdict printed, its log in
 * STATE/secmon.log): v->slot the slot to map as bank 0, v->pid secmon's
 * pid when it serves mailbox (a socket path, or NULL for none) for QEMU,
 * else 0; a trial boot gets trial_timeout seconds (0: secmon's default) to
 * confirm. -1 after cli_fail(command, ...) otherwise, a refusal in one
 * line naming the partition and the reason. */
int power_on(const char *command, const char *flash, const char *state_dir, const char *mailbox,
	     unsigned trial_timeout, struct secmon_verdict *v);

#endif
