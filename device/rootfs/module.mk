# device/rootfs: the OS root filesystem tree (read-only cramfs in flash bank
# 0). appmgr adds sbin/appmgr; `spherule flash build` adds the trusted keys
# and packs the tree. No shell, no user database: only these files.

ROOTFS_DIR := $(OUT)/device/rootfs
ROOTFS_MOUNTPOINTS := dev proc sys run tmp mnt mnt/apps etc/spherule/trusted-keys

$(OUT)/device/.rootfs-skeleton: device/rootfs/etc/spherule/board.conf device/rootfs/module.mk
	@mkdir -p $(addprefix $(ROOTFS_DIR)/,$(ROOTFS_MOUNTPOINTS))
	install -m 0644 device/rootfs/etc/spherule/board.conf $(ROOTFS_DIR)/etc/spherule/board.conf
	@touch $@

ALL_EXTRA += $(OUT)/device/.rootfs-skeleton
