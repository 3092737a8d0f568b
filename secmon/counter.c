/*
 * counter.c - reading and advancing the security-version counters of
 * secmon's store (counter.h).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "counter.h"
#include "durable_file.h"

#define COUNTER_TEXT_MAX 11u /* "4294967295\n" */

static bool valid_component(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > SECMON_COMPONENT_MAX || name[0] == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') || name[i] == '-'))
			return false;
	return true;
}

/* Decimal digits without a leading zero (but "0"), at most UINT32_MAX, then a newline. */
static int parse(const uint8_t *text, size_t len, uint32_t *value)
{
	uint64_t v = 0;

	if (len < 2 || len > COUNTER_TEXT_MAX || text[len - 1] != '\n' || (text[0] == '0' && len > 2))
		return -EINVAL;
	for (size_t i = 0; i + 1 < len; i++) {
		if (text[i] < '0' || text[i] > '9')
			return -EINVAL;
		v = v * 10 + (uint64_t)(text[i] - '0');
	}
	if (v > UINT32_MAX)
		return -EINVAL;
	*value = (uint32_t)v;
	return 0;
}

int secmon_counter_read(const struct secmon_store *s, const char *component, uint32_t *value,
			struct error_detail *err)
{
	uint8_t text[COUNTER_TEXT_MAX];
	ssize_t n;

	if (!valid_component(component))
		return error_detail_set(err, -EINVAL, "counter '%s': not a component name", component);
	n = durable_read(s->counters_fd, component, text, sizeof(text));
	if (n == -ENOENT) {
		*value = 0;
		return 0;
	}
	if (n == -EFBIG || (n >= 0 && parse(text, (size_t)n, value) < 0))
		return error_detail_set(err, -EINVAL, "counter %s: malformed (%s/%s/%s)", component, s->path,
					SECMON_COUNTERS_DIR, component);
	if (n < 0)
		return error_detail_set(err, (int)n, "counter %s: %s", component, strerror((int)-n));
	return 0;
}

int secmon_counter_advance(const struct secmon_store *s, const char *component, uint32_t value,
			   struct error_detail *err)
{
	char text[COUNTER_TEXT_MAX + 1];
	uint32_t now;
	int rc = secmon_counter_read(s, component, &now, err);

	if (rc < 0)
		return rc;
	if (value < now)
		return error_detail_set(err, -ERANGE, "counter %s is %u: it cannot go back to %u", component,
					now, value);
	if (value == now)
		return 0;
	snprintf(text, sizeof(text), "%u\n", value);
	rc = durable_replace(s->counters_fd, component, text, strlen(text), 0644);
	return rc < 0 ? error_detail_set(err, rc, "counter %s: %s", component, strerror(-rc)) : 0;
}
