/*
 * flash_layout.h - where things live in the flash of board qemu-armv7.
 *
 * Must match the partitions of kernel/dts/qemu-armv7.dts and the boot stub
 * (kernel/boot/); docs/board-qemu-armv7.md describes the layout. The flash
 * file the CLI builds holds bank 0 then bank 1, 64 MiB each.
 */
#ifndef SPHERULE_FLASH_LAYOUT_H
#define SPHERULE_FLASH_LAYOUT_H

#define FLASH_BANK_SIZE (64u << 20)
#define FLASH_FILE_SIZE (2ull * FLASH_BANK_SIZE)
#define FLASH_ERASED_BYTE 0xff

/* Bank 0: offsets from the start of the flash file. */
#define FLASH_BOOT_OFFSET 0x0u
#define FLASH_BOOT_MAX 0x40000u
#define FLASH_DTB_OFFSET 0x40000u
#define FLASH_DTB_MAX 0x40000u
#define FLASH_KERNEL_OFFSET 0x80000u
#define FLASH_KERNEL_MAX 0x780000u
#define FLASH_ROOTFS_OFFSET 0x800000u
#define FLASH_ROOTFS_MAX 0x800000u

/* Bank 1: app slots "app0".."app15" of 1 MiB each, then "data". */
#define FLASH_APP_SLOT_OFFSET(i) (FLASH_BANK_SIZE + (unsigned)(i) * FLASH_APP_SLOT_SIZE)
#define FLASH_APP_SLOT_SIZE 0x100000u
#define FLASH_APP_SLOTS 16u

#endif
