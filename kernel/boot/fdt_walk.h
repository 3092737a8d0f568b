/*
 * Minimal flattened-device-tree walker for the boot stub: finds a property
 * by node-name prefix and property name. Freestanding (no libc), byte-wise
 * accesses only, because the stub runs with the MMU off where unaligned
 * word accesses fault.
 */
#ifndef SPHERULE_FDT_WALK_H
#define SPHERULE_FDT_WALK_H

#include <stdint.h>

uint32_t fdt_be32(const volatile uint8_t *p);
void fdt_put_be32(volatile uint8_t *p, uint32_t v);

/*
 * Returns a pointer to the value of property @prop of the first node whose
 * name starts with @node_prefix, and its length in *@len; 0 when absent or
 * when @fdt is not a device tree.
 */
volatile uint8_t *fdt_find_prop(volatile uint8_t *fdt, const char *node_prefix,
				const char *prop, uint32_t *len);

#endif
