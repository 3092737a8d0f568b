/* gpio_sim_ctl.c — GPIO_GET and GPIO_SET on simulated lines through
 * /dev/gpio-sim (see gpio_sim_ctl.h). */
#include "gpio_sim_ctl.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/gpio_sim_ctl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "log.h"
#include "secmon_mailbox.h"

_Static_assert(sizeof(((struct appmgr_ctl_gpio *)0)->chip) == GPIO_SIM_CTL_LABEL_SIZE &&
		       GPIO_SIM_CTL_LABEL_SIZE == GPIO_MAP_LABEL_MAX,
	       "chip labels as long as the kernel's");

/* The app whose manifest grants number, or NULL. */
static const struct app *holder(const struct supervisor *s, uint32_t number)
{
	for (size_t i = 0; i < s->count; i++)
		for (unsigned j = 0; j < s->apps[i].gpio.count; j++)
			if (s->apps[i].gpio.item[j] == number)
				return &s->apps[i];
	return NULL;
}

/* The kernel's request cmd on line of chip c: 0, -EOPNOTSUPP when c is no
 * simulated bank, or -errno, with why. */
static int control(const struct gpio_map_chip *c, uint32_t number, unsigned long cmd,
		   struct gpio_sim_ctl_line *line, struct error_detail *why)
{
	int fd = open(GPIO_SIM_CTL_DEVICE, O_RDWR | O_CLOEXEC);
	int err = 0;

	if (fd < 0 && errno == ENOENT)
		return error_detail_set(why, -EOPNOTSUPP, "this board has no simulated GPIO lines (no %s)",
					GPIO_SIM_CTL_DEVICE);
	if (fd < 0)
		return error_detail_set(why, -errno, "%s: %s", GPIO_SIM_CTL_DEVICE, strerror(errno));
	if (ioctl(fd, cmd, line) != 0)
		err = -errno;
	close(fd);
	if (err == -ENODEV)
		return error_detail_set(why, -EOPNOTSUPP, "GPIO %u is line %u of %s, not a simulated line: the host "
					"drives and reads only simulated (gpio-sim) lines", number, line->offset, c->label);
	if (err != 0)
		return error_detail_set(why, err, "GPIO %u (line %u of %s): %s", number, line->offset, c->label,
					strerror(-err));
	return 0;
}

int gpio_sim_ctl_line(const struct supervisor *s, uint64_t number, bool set, bool value,
		      struct appmgr_ctl_gpio *out, struct error_detail *why)
{
	struct gpio_sim_ctl_line line = { .offset = 0 };
	const struct gpio_map_chip *c = NULL;
	const struct app *a;
	uint32_t offset = 0;
	int err = secmon_require_development("the host drives and reads simulated GPIO lines", why);

	if (err != 0)
		return err;
	if (number <= UINT32_MAX)
		c = gpio_map_find(s->gpio, (uint32_t)number, &offset);
	if (!c)
		return error_detail_set(why, -ENODEV, "this board has no GPIO %llu", (unsigned long long)number);
	if (!c->present)
		return error_detail_set(why, -ENODEV, "GPIO %llu: its chip %s was not found", (unsigned long long)number,
					c->label);
	memcpy(line.label, c->label, sizeof(line.label));
	line.offset = offset;
	err = control(c, (uint32_t)number, GPIO_SIM_CTL_GET_LINE, &line, why);
	if (err == 0 && set && (line.flags & GPIO_SIM_CTL_LINE_REQUESTED) && (line.flags & GPIO_SIM_CTL_LINE_OUTPUT)) {
		a = holder(s, (uint32_t)number);
		return error_detail_set(why, -EBUSY, "GPIO %llu is an output%s%s: its level is the app's",
					(unsigned long long)number, a ? " of " : "", a ? a->name : "");
	}
	if (err == 0 && set) {
		line.pull = value;
		err = control(c, (uint32_t)number, GPIO_SIM_CTL_SET_PULL, &line, why);
		if (err == 0)
			log_line("GPIO %llu (line %u of %s) pulled %s by the host", (unsigned long long)number, offset,
				 c->label, value ? "up" : "down");
	}
	if (err != 0)
		return err;
	memset(out, 0, sizeof(*out));
	out->number = (uint32_t)number;
	out->value = (uint8_t)line.value;
	out->requested = (line.flags & GPIO_SIM_CTL_LINE_REQUESTED) != 0;
	out->output = out->requested && (line.flags & GPIO_SIM_CTL_LINE_OUTPUT);
	out->pull = (uint8_t)line.pull;
	memcpy(out->chip, c->label, sizeof(out->chip));
	out->offset = offset;
	return 0;
}

void gpio_sim_ctl_idle_high(const struct gpio_map *map, const struct board_idle_high *lines)
{
	char done[BOARD_IDLE_HIGH_MAX * 12] = "";
	size_t used = 0;

	for (unsigned i = 0; i < lines->count; i++) {
		uint32_t number = lines->gpio[i], offset = 0;
		const struct gpio_map_chip *c = gpio_map_find(map, number, &offset);
		struct gpio_sim_ctl_line line = { .offset = offset, .pull = 1 };
		struct error_detail why = { "" };

		if (!c || !c->present) {
			log_line("gpio_idle_high: the board has no GPIO %u", number);
			continue;
		}
		memcpy(line.label, c->label, sizeof(line.label));
		if (control(c, number, GPIO_SIM_CTL_SET_PULL, &line, &why) != 0) {
			log_line("gpio_idle_high: %s", why.msg);
			continue;
		}
		used += (size_t)snprintf(done + used, sizeof(done) - used, "%s%u", used ? ", " : "", number);
	}
	if (used > 0)
		log_line("GPIO %s idle high (simulated pull-ups)", done);
}
