/* test_appmgr_policy.c — unit tests of the Spherule LSM policy appmgr
 * compiles from a manifest's GPIO lines (docs/security-model.md, format
 * version 1) and of the one-owner rule of GPIO lines. */
#include "app_policy.h"
#include "tap.h"

int main(void)
{
	static const uint8_t two_lines[] = {
		1, 0, 2, 0,                                       /* version 1, 2 entries */
		0xfe, 0x01, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0,         /* 510:3 line 0 */
		0xfe, 0x01, 0, 0, 3, 0, 0, 0, 7, 0, 0, 0,         /* 510:3 line 7 */
	};
	struct manifest_gpios none = { .count = 0 };
	struct manifest_gpios led = { .item = { 0, 7 }, .count = 2 };
	struct manifest_gpios button = { .item = { 1 }, .count = 1 };
	struct manifest_gpios rival = { .item = { 2, 7, 0 }, .count = 3 };
	struct manifest_gpios full = { .count = MANIFEST_MAX_GPIOS };
	uint8_t out[APP_POLICY_MAX_SIZE];
	uint32_t line = 99;
	size_t len;

	len = app_policy_compile(&led, 510, 3, out);
	tap_ok(len == sizeof(two_lines) && memcmp(out, two_lines, len) == 0,
	       "two lines: version 1, count 2, little-endian major, minor, line each");
	len = app_policy_compile(&none, 0, 0, out);
	tap_ok(len == APP_POLICY_HEADER_SIZE && out[0] == 1 && out[1] == 0 && out[2] == 0 &&
	       out[3] == 0, "no line: an empty version 1 policy (4 bytes)");
	for (unsigned i = 0; i < MANIFEST_MAX_GPIOS; i++)
		full.item[i] = i;
	len = app_policy_compile(&full, 254, 0, out);
	tap_ok(len == APP_POLICY_MAX_SIZE && out[2] == MANIFEST_MAX_GPIOS &&
	       out[APP_POLICY_MAX_SIZE - 4] == MANIFEST_MAX_GPIOS - 1,
	       "the manifest's maximum of %u lines fits APP_POLICY_MAX_SIZE", MANIFEST_MAX_GPIOS);

	tap_ok(!app_gpio_conflict(&button, &led, &line) && line == 99,
	       "disjoint lines: no conflict");
	tap_ok(app_gpio_conflict(&rival, &led, &line) && line == 7,
	       "the first line of the newcomer that is already granted is named (7)");
	tap_ok(!app_gpio_conflict(&none, &led, &line) && !app_gpio_conflict(&led, &none, &line),
	       "an app without lines conflicts with nobody");
	return tap_done();
}
