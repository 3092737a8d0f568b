/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Spherule LSM - the per-app policy: what the app's manifest grants beyond
 * default deny (today: single GPIO lines), loaded by the app manager
 * through /sys/kernel/security/spherule/policy before the identity.
 */

#ifndef _SECURITY_SPHERULE_POLICY_H
#define _SECURITY_SPHERULE_POLICY_H

#include <linux/refcount.h>
#include <linux/types.h>

/* Version 1 of the binary format (docs/security-model.md). */
#define SPHERULE_POLICY_VERSION 1
/* At most this many GPIO lines per app (the manifest's limit). */
#define SPHERULE_POLICY_MAX_GPIO 32

/**
 * struct spherule_gpio_grant - one GPIO line an app may use
 * @chip: device number of the GPIO chip's character device (gpiochipN)
 * @line: offset of the line on that chip
 */
struct spherule_gpio_grant {
	dev_t chip;
	u32 line;
};

/**
 * struct spherule_policy - the grants of one app, immutable once loaded
 * @usage: one reference per credential that points to it
 * @gpio_count: number of entries of @gpio
 * @gpio: the granted GPIO lines
 *
 * Shared by every credential of the app (fork and exec copy the pointer).
 */
struct spherule_policy {
	refcount_t usage;
	u32 gpio_count;
	struct spherule_gpio_grant gpio[];
};

/* Takes a reference to policy (which may be NULL). */
void spherule_policy_get(struct spherule_policy *policy);
/* Drops a reference to policy (which may be NULL); frees it with the last. */
void spherule_policy_put(struct spherule_policy *policy);

/* True when policy (NULL grants nothing) grants line of chip. */
bool spherule_policy_grants_gpio_line(const struct spherule_policy *policy, dev_t chip,
				      unsigned int line);
/* True when policy grants any line of chip (so its node may be opened). */
bool spherule_policy_grants_gpio_chip(const struct spherule_policy *policy, dev_t chip);

#endif /* _SECURITY_SPHERULE_POLICY_H */
