# kernel/: the OS image parts of board qemu-armv7 — flash layout, boot stub,
# device tree, XIP kernel (built and cached by scripts/build-kernel.sh) — and
# the Spherule LSM's user-space interface header, which appmgr and the test
# apps include as <linux/spherule.h> from $(KERNEL_UAPI_INC).

KERNEL_UAPI_INC := kernel/include/uapi

BOARD ?= qemu-armv7
OS_DIR := $(OUT)/os/$(BOARD)

# The flash layout, written once in kernel/board/$(BOARD)/flash.layout; the
# generator writes what needs its numbers into $(FLASH_LAYOUT_GEN): the device
# tree's flash nodes, the C header of the CLI and the make variables below
# (FLASH_<NAME>_ADDR, _SIZE). Make rebuilds the fragment, then rereads it.
FLASH_LAYOUT := kernel/board/$(BOARD)/flash.layout
FLASH_LAYOUT_GEN := $(OUT)/gen
FLASH_LAYOUT_H := $(FLASH_LAYOUT_GEN)/flash_layout.h
FLASH_LAYOUT_MK := $(FLASH_LAYOUT_GEN)/flash_layout.mk
FLASH_LAYOUT_DTSI := $(FLASH_LAYOUT_GEN)/flash_layout.dtsi

$(FLASH_LAYOUT_H) $(FLASH_LAYOUT_MK) $(FLASH_LAYOUT_DTSI) &: $(FLASH_LAYOUT) scripts/gen-flash-layout.sh
	sh scripts/gen-flash-layout.sh $(FLASH_LAYOUT) $(FLASH_LAYOUT_GEN)

include $(FLASH_LAYOUT_MK)

# The boot stub jumps to the kernel partition and copies the device tree
# from the dtb partition. Their addresses are on the compiler's command line:
# a new layout recompiles it.
BOOT_OBJ_DIR := $(OUT)/obj/boot/$(BOARD)
BOOT_OBJ := $(addprefix $(BOOT_OBJ_DIR)/,entry.o stub.o fdt_walk.o)
BOOT_CC = arm-linux-gnueabihf-gcc -std=gnu11 -O2 -Wall -Wextra -Werror -ffreestanding -nostdlib -static -no-pie \
	-marm -mno-unaligned-access -fno-pic -DKERNEL_ENTRY=$(FLASH_KERNEL_ADDR) -DBOARD_FDT_FLASH=$(FLASH_DTB_ADDR)u

$(BOOT_OBJ_DIR)/%.o: kernel/boot/%.S $(FLASH_LAYOUT_MK)
	@mkdir -p $(@D)
	$(BOOT_CC) -MMD -MP -c $< -o $@

$(BOOT_OBJ_DIR)/%.o: kernel/boot/%.c $(FLASH_LAYOUT_MK)
	@mkdir -p $(@D)
	$(BOOT_CC) -MMD -MP -c $< -o $@

$(OS_DIR)/boot.bin: $(BOOT_OBJ) kernel/boot/stub.lds
	@mkdir -p $(@D)
	$(BOOT_CC) -T kernel/boot/stub.lds -Wl,--build-id=none -Wl,--no-warn-rwx-segments $(BOOT_OBJ) -o $(OS_DIR)/boot.elf
	arm-linux-gnueabihf-objcopy -O binary $(OS_DIR)/boot.elf $@

-include $(BOOT_OBJ:.o=.d)

$(OS_DIR)/board.dtb: kernel/dts/$(BOARD).dts $(FLASH_LAYOUT_DTSI)
	@mkdir -p $(@D)
	dtc -q -i $(FLASH_LAYOUT_GEN) -I dts -O dtb -o $@ $<

# CONFIG_XIP_PHYS_ADDR stays in the kernel config, whose content names the
# cached kernel: it is checked against the kernel partition, not generated.
$(OS_DIR)/xip-address.checked: kernel/config/board-$(BOARD).config $(FLASH_LAYOUT_MK)
	@mkdir -p $(@D)
	@xip=$$(sed -n 's/^CONFIG_XIP_PHYS_ADDR=//p' $<); \
	if [[ -z $$xip ]] || (( xip != $(FLASH_KERNEL_ADDR) )); then \
		echo "$<: CONFIG_XIP_PHYS_ADDR=$$xip, but $(FLASH_LAYOUT) puts the kernel at $(FLASH_KERNEL_ADDR)" >&2; \
		exit 1; \
	fi
	@touch $@

# The script decides by content hash whether anything needs building, and
# rewrites kernel.hash beside its copy of the kernel. Make runs it when one of
# the inputs it hashes (its own comment lists them) is newer than that file.
KERNEL_INPUTS := scripts/build-kernel.sh scripts/check-lsm-facilities.sh $(shell find kernel/config \
	kernel/patches kernel/security kernel/fs kernel/include -type f 2>/dev/null) \
	$(wildcard /usr/src/linux-source-6.1.tar.xz $(shell command -v arm-linux-gnueabihf-gcc))
$(OS_DIR)/kernel.hash: $(KERNEL_INPUTS) $(OS_DIR)/xip-address.checked
	@bash scripts/build-kernel.sh $(BOARD) $(OS_DIR)

.PHONY: kernel
kernel: $(OS_DIR)/kernel.hash
$(OS_DIR)/xipImage: $(OS_DIR)/kernel.hash

# The test kernel (docs/kernel-configs.md): the production kernel with the
# LSM's KUnit tests, in an OS directory of its own with the same boot stub
# and device tree. Only the KUnit suite boots it.
TEST_OS_DIR := $(OUT)/os-test/$(BOARD)
$(TEST_OS_DIR)/kernel.hash: $(KERNEL_INPUTS) $(OS_DIR)/xip-address.checked
	@bash scripts/build-kernel.sh --variant test $(BOARD) $(TEST_OS_DIR)
$(TEST_OS_DIR)/boot.bin $(TEST_OS_DIR)/board.dtb: $(TEST_OS_DIR)/%: $(OS_DIR)/%
	@mkdir -p $(@D)
	cp $< $@
VM_SUITE_NEEDS += $(TEST_OS_DIR)/kernel.hash $(TEST_OS_DIR)/boot.bin $(TEST_OS_DIR)/board.dtb
VM_SUITES += tests/vm/test_kunit.sh

ALL_EXTRA += $(OS_DIR)/boot.bin $(OS_DIR)/board.dtb $(OS_DIR)/kernel.hash
UNIT_SCRIPTS += tests/unit/test_flash_layout.sh
