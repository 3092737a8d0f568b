/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Spherule LSM - the secmon mailbox: which character device it is, and the
 * rule that only apps granted "SecurityMonitor" may open it (mailbox.c).
 */

#ifndef _SECURITY_SPHERULE_MAILBOX_H
#define _SECURITY_SPHERULE_MAILBOX_H

#include <linux/types.h>

#include "cred.h"

/*
 * True when dev is the mailbox's character device and app's policy has
 * %SPHERULE_POLICY_SECMON. False before the app manager named the device.
 */
bool spherule_mailbox_allows(const struct spherule_cred *app, dev_t dev);

#endif /* _SECURITY_SPHERULE_MAILBOX_H */
