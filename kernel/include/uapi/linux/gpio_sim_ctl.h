/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * gpio-sim's control device, /dev/gpio-sim (CONFIG_GPIO_SIM_CTL,
 * kernel/patches/0024): what a test harness does through gpio-sim's sysfs
 * attributes (sim_gpioN/pull and value), for a kernel without sysfs. It
 * sets the pull of a simulated line, which drives the line's value while no
 * consumer drives it as an output and raises its edge interrupt, and reads
 * a line's value, pull, direction and whether a consumer holds it. A line
 * is named by its bank's label (the device tree's "gpio-sim,label") and its
 * offset in the bank. Root only: the node is mode 0600 and opening it needs
 * CAP_SYS_ADMIN. The one definition shared by the kernel and appmgr.
 */

#ifndef _UAPI_LINUX_GPIO_SIM_CTL_H
#define _UAPI_LINUX_GPIO_SIM_CTL_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define GPIO_SIM_CTL_DEVICE "/dev/gpio-sim"

/* A bank's label with its NUL, as long as GPIO chip labels (GPIO_MAX_NAME_SIZE). */
#define GPIO_SIM_CTL_LABEL_SIZE 32

/* Flags of struct gpio_sim_ctl_line. */
#define GPIO_SIM_CTL_LINE_OUTPUT (1U << 0)    /* its direction is output */
#define GPIO_SIM_CTL_LINE_REQUESTED (1U << 1) /* a consumer holds it */

/**
 * struct gpio_sim_ctl_line - one simulated line and its state
 * @label: the bank's label, NUL-terminated
 * @offset: the line's offset in the bank
 * @pull: SET_PULL: 0 pull-down, 1 pull-up; on return: the line's pull
 * @value: on return: the line's value (what a consumer reads, or drives)
 * @flags: on return: GPIO_SIM_CTL_LINE_* bits
 */
struct gpio_sim_ctl_line {
	char label[GPIO_SIM_CTL_LABEL_SIZE];
	__u32 offset;
	__u32 pull;
	__u32 value;
	__u32 flags;
};

/*
 * GET_LINE reads the line's state. SET_PULL sets its pull, then reads its
 * state. Both fail with ENODEV for a label no bank has, EINVAL for an
 * offset past the bank's lines or a pull other than 0 and 1.
 */
#define GPIO_SIM_CTL_GET_LINE _IOWR(0xB4, 0x20, struct gpio_sim_ctl_line)
#define GPIO_SIM_CTL_SET_PULL _IOWR(0xB4, 0x21, struct gpio_sim_ctl_line)

#endif
