/*
 * factory_manufacture.h - what `spherule emulator start` does with a
 * device's keys before secure boot (docs/secmon.md, *Factory order* and
 * *Development keys*): a device without a store is manufactured from the
 * factory order `flash build` left beside its flash, or else with the build
 * tree's development keys; a manufactured device whose factory order names
 * OEM keys its store does not trust is warned about.
 */
#ifndef SPHERULE_FACTORY_MANUFACTURE_H
#define SPHERULE_FACTORY_MANUFACTURE_H

/* Manufactures the device of flash, which has no store, saying how on
 * stdout: 0, or -1 after cli_fail(command, ...) (a malformed factory order
 * makes nothing). */
int manufacture_new_device(const char *command, const char *flash);

/* One warning line on stderr when flash's factory order names OEM keys the
 * device's store does not trust (flash build was given other keys than the
 * device was manufactured with: the device refuses their apps). Nothing
 * else stops: the board powers on all the same. */
void factory_order_check(const char *command, const char *flash);

#endif
