/*
 * Boot stub of the qemu-armv7 board: the "boot ROM" of the device.
 *
 * The board device tree lives in flash (bank 0, partition "dtb") and cannot
 * know how much RAM the machine was started with. QEMU describes the machine
 * in a device tree it leaves at the start of RAM when booting firmware; the
 * stub reads the memory size from it, copies the board device tree to the
 * top of RAM, writes that size into its memory node and returns the copy's
 * address for the kernel (entry.S).
 */
#include <stdint.h>
#include "fdt_walk.h"

#define RAM_BASE 0x40000000u
#define QEMU_FDT ((volatile uint8_t *)RAM_BASE)
#define BOARD_FDT ((volatile uint8_t *)BOARD_FDT_FLASH)
#define FDT_RESERVE 0x10000u /* top of RAM kept for the device tree copy */
#define FALLBACK_RAM_SIZE 0x400000u

uint32_t stub_main(void);

static uint32_t qemu_ram_size(void)
{
	uint32_t len = 0;
	volatile uint8_t *reg = fdt_find_prop(QEMU_FDT, "memory", "reg", &len);

	/* QEMU's tree uses two address and two size cells. */
	if (!reg || len != 16)
		return FALLBACK_RAM_SIZE;
	return fdt_be32(reg + 12);
}

uint32_t stub_main(void)
{
	uint32_t ram = qemu_ram_size();
	uint32_t total = fdt_be32(BOARD_FDT + 4);
	volatile uint8_t *copy = (volatile uint8_t *)(RAM_BASE + ram - FDT_RESERVE);
	uint32_t len = 0;

	if (total > FDT_RESERVE)
		return BOARD_FDT_FLASH; /* malformed build: boot the flash copy as is */
	for (uint32_t i = 0; i < total; i++)
		copy[i] = BOARD_FDT[i];
	volatile uint8_t *reg = fdt_find_prop(copy, "memory", "reg", &len);
	/* The board tree uses one address and one size cell. */
	if (reg && len == 8)
		fdt_put_be32(reg + 4, ram);
	return (uint32_t)(uintptr_t)copy;
}
