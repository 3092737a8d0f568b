/* app_peripherals.h — the typed peripherals of the board that an app's
 * manifest asks for (its Uart, I2cMaster, I2cSlave, SpiMaster, Pwm, Adc and
 * ExternalInterrupt entries) and that a board offers (board.conf's
 * peripherals=, "Uart:ISU0"), in one form for both, so that admission
 * (app_admit.h) can refuse an app asking for one the board lacks. */
#ifndef APPMGR_APP_PERIPHERALS_H
#define APPMGR_APP_PERIPHERALS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spherule/error_detail.h"
#include "spherule/manifest.h"

/* Entries of one list: a board offers at most this many, so an app asking
 * for more could not be admitted on any board. */
#define PERIPHERALS_MAX 16u

struct peripheral {
	uint16_t tag;                           /* its capability: MANIFEST_TAG_UART, ... */
	char name[MANIFEST_MAX_TOKEN_LEN + 1];  /* "ISU0" */
};

struct peripherals {
	struct peripheral item[PERIPHERALS_MAX];
	unsigned count;
};

/* Parses "Kind:NAME" ([s, s + n), e.g. "Uart:ISU0"; Kind a capability
 * naming peripherals, NAME a peripheral name as in a manifest): 0 or -EINVAL. */
int peripheral_parse(const char *s, size_t n, struct peripheral *out);

/* Fills out with the typed peripherals m asks for, in capability order:
 * 0, or -E2BIG with why set when there are more than PERIPHERALS_MAX. */
int peripherals_from_manifest(struct peripherals *out, const struct manifest *m,
			      struct error_detail *why);

bool peripherals_has(const struct peripherals *list, const struct peripheral *p);

/* "Uart:ISU0, Adc:ADC-CONTROLLER-0" into out (cut to cap), "none" for an empty list. */
void peripherals_text(const struct peripherals *list, char *out, size_t cap);

#endif
