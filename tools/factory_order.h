/*
 * factory_order.h - the device's factory order: FLASH.factory beside the
 * flash file, the keys `spherule flash build` built the flash for (the OS
 * vendor key that signed its OS description, the OEM keys of --trust-key),
 * with which `spherule emulator start` manufactures a device that has no
 * store (docs/secmon.md, *Factory order*). Text:
 *
 *   spherule-factory-order 1
 *   vendor-key
 *   -----BEGIN PUBLIC KEY-----
 *   ...
 *   -----END PUBLIC KEY-----
 *   oem-key
 *   -----BEGIN PUBLIC KEY-----
 *   ...
 *
 * a line naming the kind before each P-256 public key (SubjectPublicKeyInfo
 * PEM); at least one of each kind, at most FACTORY_KEYS_MAX.
 */
#ifndef SPHERULE_FACTORY_ORDER_H
#define SPHERULE_FACTORY_ORDER_H

#include <stddef.h>

#include "key_files.h"

#define FACTORY_ORDER_SUFFIX ".factory"
#define FACTORY_ORDER_FORMAT "spherule-factory-order 1\n"
#define FACTORY_KEYS_MAX 16 /* of each kind, as secmon's store holds */

struct factory_order {
	struct trust_key vendor[FACTORY_KEYS_MAX];
	unsigned nvendor;
	struct trust_key oem[FACTORY_KEYS_MAX];
	unsigned noem;
};

/* "<flash>.factory" into out (PATH_MAX + 16 bytes suffice). */
void factory_order_path(const char *flash, char *out, size_t len);

/* Writes flash's factory order (vendor and the noem keys of oem), replacing
 * an older one atomically: 0 or -1 after cli_fail(command, ...). */
int factory_order_write(const char *command, const char *flash, const struct trust_key *vendor,
			const struct trust_key *oem, unsigned noem);

/* Reads flash's factory order into fo: 0, -ENOENT when there is none, or
 * another -errno with the reason in err (a malformed file). */
int factory_order_read(const char *flash, struct factory_order *fo, struct error_detail *err);

#endif
