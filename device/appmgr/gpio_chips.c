/* gpio_chips.c — finds the board's GPIO chips among the /dev/gpiochipN
 * nodes through the GPIO character device's chip info (see gpio_chips.h). */
#include "gpio_chips.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/gpio.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "log.h"

#define NODE_PREFIX "gpiochip"
#define PATH_MAX_LEN 256

_Static_assert(GPIO_MAP_LABEL_MAX == GPIO_MAX_NAME_SIZE, "labels as long as the kernel's");

/* Chip info and device number of the node dev_dir/name: 0 or -errno. */
static int chip_info(const char *dev_dir, const char *name, struct gpiochip_info *info,
		     struct stat *st)
{
	char path[PATH_MAX_LEN];
	int fd, err = 0;

	if (snprintf(path, sizeof(path), "%s/%s", dev_dir, name) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	memset(info, 0, sizeof(*info));
	if (fstat(fd, st) != 0 || ioctl(fd, GPIO_GET_CHIPINFO_IOCTL, info) != 0)
		err = -errno;
	else if (!S_ISCHR(st->st_mode))
		err = -ENODEV;
	close(fd);
	return err;
}

/* The chip of m labelled label, or NULL. */
static struct gpio_map_chip *chip_labelled(struct gpio_map *m, const char *label)
{
	for (unsigned i = 0; i < m->count; i++)
		if (strncmp(m->chip[i].label, label, GPIO_MAP_LABEL_MAX) == 0)
			return &m->chip[i];
	return NULL;
}

int gpio_chips_find(const char *dev_dir, struct gpio_map *m)
{
	unsigned seen[GPIO_MAP_MAX_CHIPS] = { 0 };
	unsigned lines[GPIO_MAP_MAX_CHIPS] = { 0 };
	struct dirent *e;
	int missing = 0;
	DIR *d = opendir(dev_dir);

	if (!d)
		return -errno;
	while ((e = readdir(d)) != NULL) {
		struct gpiochip_info info;
		struct gpio_map_chip *c;
		struct stat st;
		size_t name_len = strlen(e->d_name);
		int err;

		if (strncmp(e->d_name, NODE_PREFIX, strlen(NODE_PREFIX)) != 0 ||
		    name_len >= GPIO_MAP_NODE_MAX)
			continue;
		err = chip_info(dev_dir, e->d_name, &info, &st);
		if (err != 0) {
			log_line("%s/%s: no chip info: %s", dev_dir, e->d_name, strerror(-err));
			continue;
		}
		info.label[GPIO_MAX_NAME_SIZE - 1] = '\0';
		c = chip_labelled(m, info.label);
		if (!c)
			continue;
		seen[c - m->chip]++;
		lines[c - m->chip] = info.lines;
		memcpy(c->node, e->d_name, name_len + 1);
		c->major = major(st.st_rdev);
		c->minor = minor(st.st_rdev);
	}
	closedir(d);
	for (unsigned i = 0; i < m->count; i++) {
		struct gpio_map_chip *c = &m->chip[i];
		uint32_t last = c->first + c->count - 1;

		c->present = seen[i] == 1 && lines[i] >= c->count;
		if (c->present)
			log_line("GPIO %u..%u: lines 0..%u of %s (%s/%s, %u:%u)", c->first, last,
				 c->count - 1, c->label, dev_dir, c->node, c->major, c->minor);
		else if (seen[i] == 0)
			log_line("GPIO %u..%u: no GPIO chip labelled %s", c->first, last, c->label);
		else if (seen[i] > 1)
			log_line("GPIO %u..%u: %u GPIO chips labelled %s: none used", c->first,
				 last, seen[i], c->label);
		else
			log_line("GPIO %u..%u: %s has only %u lines: not used", c->first, last,
				 c->label, lines[i]);
		missing += !c->present;
	}
	return missing;
}

/* dev_dir/<node of c> into path: 0 or -ENAMETOOLONG. */
static int node_path(const char *dev_dir, const struct gpio_map_chip *c, char path[PATH_MAX_LEN])
{
	return snprintf(path, PATH_MAX_LEN, "%s/%s", dev_dir, c->node) >= PATH_MAX_LEN ?
		       -ENAMETOOLONG : 0;
}

int gpio_chips_open_up(const char *dev_dir, const struct gpio_map_chip *c)
{
	char path[PATH_MAX_LEN];
	int err = node_path(dev_dir, c, path);

	if (err != 0)
		return err;
	return chmod(path, 0666) == 0 ? 0 : -errno;
}

int gpio_chips_open(const char *dev_dir, const struct gpio_map_chip *c)
{
	char path[PATH_MAX_LEN];
	int err = node_path(dev_dir, c, path);
	int fd;

	if (err != 0)
		return err;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}
