/* app_policy.c — compiling an app's LSM policy and the one-owner rule of
 * GPIO lines (see app_policy.h). */
#include "app_policy.h"

static void put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

size_t app_policy_compile(const struct manifest_gpios *gpio, uint32_t chip_major,
			  uint32_t chip_minor, uint8_t out[APP_POLICY_MAX_SIZE])
{
	unsigned count = gpio->count <= MANIFEST_MAX_GPIOS ? gpio->count : MANIFEST_MAX_GPIOS;
	uint8_t *entry = out + APP_POLICY_HEADER_SIZE;

	put_le16(out, APP_POLICY_VERSION);
	put_le16(out + 2, (uint16_t)count);
	for (unsigned i = 0; i < count; i++, entry += APP_POLICY_GPIO_ENTRY_SIZE) {
		put_le32(entry, chip_major);
		put_le32(entry + 4, chip_minor);
		put_le32(entry + 8, gpio->item[i]);
	}
	return (size_t)(entry - out);
}

bool app_gpio_conflict(const struct manifest_gpios *mine, const struct manifest_gpios *other,
		       uint32_t *line)
{
	for (unsigned i = 0; i < mine->count; i++)
		for (unsigned j = 0; j < other->count; j++)
			if (mine->item[i] == other->item[j]) {
				*line = mine->item[i];
				return true;
			}
	return false;
}
