/* gpio_map.c — parses /etc/spherule/gpio.conf and turns manifest GPIO
 * numbers into chip lines (see gpio_map.h). */
#include "gpio_map.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "conf_lines.h"

#define GPIO_MAP_MAX_BYTES 4096

/* Splits the next blank-separated word off the front of [*s, *s + *n). */
static void next_word(const char **s, size_t *n, const char **word, size_t *word_len)
{
	size_t i = 0;

	while (i < *n && (*s)[i] != ' ' && (*s)[i] != '\t')
		i++;
	*word = *s;
	*word_len = i;
	*s += i;
	*n -= i;
	conf_trim(s, n);
}

/* Why chip c cannot be added to m: NULL when it can. */
static const char *clash(const struct gpio_map *m, const struct gpio_map_chip *c)
{
	if (m->count == GPIO_MAP_MAX_CHIPS)
		return "too many chips";
	for (unsigned i = 0; i < m->count; i++) {
		const struct gpio_map_chip *o = &m->chip[i];

		if (strcmp(o->label, c->label) == 0)
			return "chip already mapped";
		if (c->first < o->first + o->count && o->first < c->first + c->count)
			return "numbers already mapped";
	}
	return NULL;
}

static int apply_line(const char *s, size_t n, unsigned lineno, void *ctx, struct error_detail *why)
{
	struct gpio_map *m = ctx;
	struct gpio_map_chip c;
	const char *first, *count, *problem;
	size_t first_len, count_len;

	memset(&c, 0, sizeof(c));
	next_word(&s, &n, &first, &first_len);
	next_word(&s, &n, &count, &count_len);
	if (first_len == 0 || count_len == 0 || n == 0)
		return error_detail_set(why, -EINVAL,
					"line %u: expected <first> <count> <chip label>", lineno);
	if (conf_parse_u32(first, first_len, &c.first) != 0 ||
	    conf_parse_u32(count, count_len, &c.count) != 0 || c.first >= GPIO_MAP_NUMBERS ||
	    c.count == 0 || c.count > GPIO_MAP_NUMBERS - c.first)
		return error_detail_set(why, -EINVAL, "line %u: numbers must lie in 0..%u", lineno,
					GPIO_MAP_NUMBERS - 1);
	if (n >= GPIO_MAP_LABEL_MAX)
		return error_detail_set(why, -EINVAL, "line %u: chip label longer than %u bytes",
					lineno, GPIO_MAP_LABEL_MAX - 1);
	memcpy(c.label, s, n);
	problem = clash(m, &c);
	if (problem)
		return error_detail_set(why, -EINVAL, "line %u: %s", lineno, problem);
	m->chip[m->count++] = c;
	return 0;
}

int gpio_map_parse(const char *text, size_t len, struct gpio_map *m, struct error_detail *why)
{
	return conf_lines_apply(text, len, apply_line, m, why);
}

int gpio_map_load(const char *path, struct gpio_map *m, struct error_detail *why)
{
	char text[GPIO_MAP_MAX_BYTES];

	memset(m, 0, sizeof(*m));
	return conf_lines_load(path, text, sizeof(text), apply_line, m, why);
}

const struct gpio_map_chip *gpio_map_find(const struct gpio_map *m, uint32_t number,
					  uint32_t *line)
{
	for (unsigned i = 0; i < m->count; i++) {
		const struct gpio_map_chip *c = &m->chip[i];

		if (number >= c->first && number - c->first < c->count) {
			*line = number - c->first;
			return c;
		}
	}
	return NULL;
}

bool gpio_map_chip_asked(const struct gpio_map_chip *c, const struct manifest_gpios *gpio)
{
	for (unsigned i = 0; i < gpio->count; i++)
		if (gpio->item[i] >= c->first && gpio->item[i] - c->first < c->count)
			return true;
	return false;
}

int gpio_map_grants(const struct gpio_map *m, const struct manifest_gpios *gpio,
		    struct app_gpio_grant out[MANIFEST_MAX_GPIOS], uint32_t *number)
{
	for (unsigned i = 0; i < gpio->count && i < MANIFEST_MAX_GPIOS; i++) {
		uint32_t line;
		const struct gpio_map_chip *c = gpio_map_find(m, gpio->item[i], &line);

		*number = gpio->item[i];
		if (!c)
			return -ENOENT;
		if (!c->present)
			return -ENODEV;
		out[i].chip_major = c->major;
		out[i].chip_minor = c->minor;
		out[i].line = line;
	}
	return 0;
}
