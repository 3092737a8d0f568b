/* app_peripherals.c — typed peripherals asked for and offered (see app_peripherals.h). */
#include "app_peripherals.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int peripheral_parse(const char *s, size_t n, struct peripheral *out)
{
	const char *colon = memchr(s, ':', n);
	size_t kind_len = colon ? (size_t)(colon - s) : 0, name_len = colon ? n - kind_len - 1 : 0;

	if (!colon || name_len == 0 || name_len > MANIFEST_MAX_TOKEN_LEN)
		return -EINVAL;
	memcpy(out->name, colon + 1, name_len);
	out->name[name_len] = '\0';
	if (!manifest_valid_token(out->name))
		return -EINVAL;
	for (uint16_t tag = 0; tag < MANIFEST_TAG_COUNT; tag++) {
		const char *kind = manifest_tag_name(tag);

		if (manifest_tag_is_peripheral(tag) && strlen(kind) == kind_len &&
		    memcmp(kind, s, kind_len) == 0) {
			out->tag = tag;
			return 0;
		}
	}
	return -EINVAL;
}

/* The list of m that tag names (one of the peripheral tags). */
static const struct manifest_strings *list_of(const struct manifest *m, uint16_t tag)
{
	switch (tag) {
	case MANIFEST_TAG_UART: return &m->uart;
	case MANIFEST_TAG_I2C_MASTER: return &m->i2c_master;
	case MANIFEST_TAG_I2C_SLAVE: return &m->i2c_slave;
	case MANIFEST_TAG_SPI_MASTER: return &m->spi_master;
	case MANIFEST_TAG_PWM: return &m->pwm;
	case MANIFEST_TAG_ADC: return &m->adc;
	default: return &m->external_interrupt;
	}
}

int peripherals_from_manifest(struct peripherals *out, const struct manifest *m,
			      struct error_detail *why)
{
	out->count = 0;
	for (uint16_t tag = 0; tag < MANIFEST_TAG_COUNT; tag++) {
		const struct manifest_strings *list;

		if (!manifest_tag_is_peripheral(tag))
			continue;
		list = list_of(m, tag);
		for (unsigned i = 0; i < list->count; i++) {
			if (out->count == PERIPHERALS_MAX)
				return error_detail_set(why, -E2BIG,
							"asks for more than %u peripherals (Uart, I2cMaster, ...); "
							"a board offers at most %u",
							PERIPHERALS_MAX, PERIPHERALS_MAX);
			out->item[out->count].tag = tag;
			snprintf(out->item[out->count].name, sizeof(out->item[0].name), "%s", list->item[i]);
			out->count++;
		}
	}
	return 0;
}

bool peripherals_has(const struct peripherals *list, const struct peripheral *p)
{
	for (unsigned i = 0; i < list->count; i++)
		if (list->item[i].tag == p->tag && strcmp(list->item[i].name, p->name) == 0)
			return true;
	return false;
}

void peripherals_text(const struct peripherals *list, char *out, size_t cap)
{
	size_t used = 0;

	snprintf(out, cap, "none");
	for (unsigned i = 0; i < list->count && used < cap; i++)
		used += (size_t)snprintf(out + used, cap - used, "%s%s:%s", i ? ", " : "",
					 manifest_tag_name(list->item[i].tag), list->item[i].name);
}
