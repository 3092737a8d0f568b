/* app_policy.h — the Spherule LSM policy of an app, compiled from the GPIO
 * records of its manifest (format: docs/security-model.md), and the rule
 * that a GPIO line is granted to at most one installed app. */
#ifndef APPMGR_APP_POLICY_H
#define APPMGR_APP_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spherule/manifest.h"

#define APP_POLICY_FILE "/sys/kernel/security/spherule/policy"
#define APP_POLICY_VERSION 1u
#define APP_POLICY_HEADER_SIZE 4u
#define APP_POLICY_GPIO_ENTRY_SIZE 12u
#define APP_POLICY_MAX_SIZE (APP_POLICY_HEADER_SIZE + MANIFEST_MAX_GPIOS * APP_POLICY_GPIO_ENTRY_SIZE)

/* Manifest GPIO numbers are lines of the board's one GPIO chip
 * (pkg/hwdef/qemu-armv7.json). */
#define APP_GPIO_CHIP_NAME "gpiochip0"
#define APP_GPIO_CHIP_NODE "/dev/" APP_GPIO_CHIP_NAME

/* Writes the version 1 policy granting the lines of gpio on the chip whose
 * character device is chip_major:chip_minor into out; returns its size. */
size_t app_policy_compile(const struct manifest_gpios *gpio, uint32_t chip_major,
			  uint32_t chip_minor, uint8_t out[APP_POLICY_MAX_SIZE]);

/* True when mine asks for a line that other also asks for; *line is the
 * first such line of mine. */
bool app_gpio_conflict(const struct manifest_gpios *mine, const struct manifest_gpios *other,
		       uint32_t *line);

#endif
