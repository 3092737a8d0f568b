# kernel/: the OS image parts of board qemu-armv7 — boot stub, device tree,
# XIP kernel (built and cached by scripts/build-kernel.sh).

BOARD ?= qemu-armv7
OS_DIR := $(OUT)/os/$(BOARD)
KERNEL_ENTRY := 0x80000
BOARD_FDT_FLASH := 0x40000

$(OS_DIR)/boot.bin: kernel/boot/entry.S kernel/boot/stub.c kernel/boot/fdt_walk.c kernel/boot/fdt_walk.h kernel/boot/stub.lds
	@mkdir -p $(@D)
	arm-linux-gnueabihf-gcc -std=gnu11 -O2 -Wall -Wextra -Werror -ffreestanding -nostdlib -static -no-pie \
		-marm -mno-unaligned-access -fno-pic -DKERNEL_ENTRY=$(KERNEL_ENTRY) -DBOARD_FDT_FLASH=$(BOARD_FDT_FLASH)u \
		-T kernel/boot/stub.lds -Wl,--build-id=none -Wl,--no-warn-rwx-segments \
		kernel/boot/entry.S kernel/boot/stub.c kernel/boot/fdt_walk.c -o $(OS_DIR)/boot.elf
	arm-linux-gnueabihf-objcopy -O binary $(OS_DIR)/boot.elf $@

$(OS_DIR)/board.dtb: kernel/dts/$(BOARD).dts
	@mkdir -p $(@D)
	dtc -q -I dts -O dtb -o $@ $<

# The script decides by content hash whether anything needs building.
.PHONY: kernel
kernel:
	@bash scripts/build-kernel.sh $(BOARD) $(OS_DIR)

$(OS_DIR)/xipImage: kernel

ALL_EXTRA += $(OS_DIR)/boot.bin $(OS_DIR)/board.dtb kernel
