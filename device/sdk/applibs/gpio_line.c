/* gpio_line.c — the line of a board-wide GPIO number: appmgr says which
 * line of which chip /etc/spherule/gpio.conf gives the number
 * (APP_SVC_GPIO_LINE: apps may not read the root filesystem), the chip is
 * found by label and the line requested from it (GPIO_V2_GET_LINE_IOCTL),
 * where the kernel and the Spherule LSM decide: EACCES for a line not
 * granted to the app, EBUSY for one already requested. */
#include "gpio_line.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "app_service_client.h"
#include "gpio_chip.h"

#define GPIO_CONSUMER "applibs"

int gpio_line_request(GPIO_Id gpio_id, const struct gpio_v2_line_config *config)
{
	struct app_svc_gpio_line where;
	struct app_svc_call call = { .op = APP_SVC_GPIO_LINE, .arg = (uint32_t)gpio_id,
				     .record = &where, .record_len = sizeof(where) };
	struct gpio_v2_line_request req;
	int chip, result;

	if (gpio_id < 0)
		return -ENODEV;
	result = app_svc_call(&call);
	if (result < 0)
		return result;
	where.chip_label[sizeof(where.chip_label) - 1] = '\0';
	chip = gpio_chip_open(where.chip_label);
	if (chip < 0)
		return chip;
	memset(&req, 0, sizeof(req));
	req.offsets[0] = where.line;
	req.num_lines = 1;
	req.config = *config;
	snprintf(req.consumer, sizeof(req.consumer), "%s", GPIO_CONSUMER);
	result = ioctl(chip, GPIO_V2_GET_LINE_IOCTL, &req) == 0 ? req.fd : -errno;
	close(chip);
	return result;
}

int gpio_fd_error(int err)
{
	return err == ENOTTY || err == EINVAL ? EBADF : err;
}
