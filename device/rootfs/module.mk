# device/rootfs: the OS root filesystem tree (read-only cramfs in flash bank
# 0). appmgr adds sbin/appmgr; `spherule flash build` adds the trusted keys
# and packs the tree. No shell, no user database: only these files.

ROOTFS_DIR := $(OUT)/device/rootfs
ROOTFS_MOUNTPOINTS := dev proc sys run tmp mnt mnt/apps etc/spherule/trusted-keys

ROOTFS_ETC := board.conf gpio.conf net.conf

$(OUT)/device/.rootfs-skeleton: $(ROOTFS_ETC:%=device/rootfs/etc/spherule/%) device/rootfs/module.mk
	@mkdir -p $(addprefix $(ROOTFS_DIR)/,$(ROOTFS_MOUNTPOINTS))
	install -m 0644 $(ROOTFS_ETC:%=device/rootfs/etc/spherule/%) $(ROOTFS_DIR)/etc/spherule/
	@touch $@

ALL_EXTRA += $(OUT)/device/.rootfs-skeleton
