# device/rootfs: the OS root filesystem tree (read-only cramfs in flash bank
# 0). appmgr adds sbin/appmgr, device/gdbserver sbin/gdbserver; `spherule
# flash build` packs the tree. No shell, no user database, no app keys
# (secmon holds them): only these files, the mount points and sbin/init, a
# link to appmgr where the kernel looks for an init when none is named.

ROOTFS_DIR := $(OUT)/device/rootfs
ROOTFS_MOUNTPOINTS := dev proc sys/kernel/security sys/fs/cgroup run tmp mnt mnt/apps mnt/data

ROOTFS_ETC := board.conf gpio.conf net.conf sysctl.conf uart.conf

# A tree made before the app keys left the root filesystem loses their
# directory, etc/spherule/trusted-keys.
$(OUT)/device/.rootfs-skeleton: $(ROOTFS_ETC:%=device/rootfs/etc/spherule/%) device/rootfs/module.mk
	@mkdir -p $(addprefix $(ROOTFS_DIR)/,$(ROOTFS_MOUNTPOINTS) sbin etc/spherule)
	@rm -rf $(ROOTFS_DIR)/etc/spherule/trusted-keys
	install -m 0644 $(ROOTFS_ETC:%=device/rootfs/etc/spherule/%) $(ROOTFS_DIR)/etc/spherule/
	ln -sfn appmgr $(ROOTFS_DIR)/sbin/init
	@touch $@

ALL_EXTRA += $(OUT)/device/.rootfs-skeleton
