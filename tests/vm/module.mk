# tests/vm: suites that boot the board with a test program as PID 1 instead
# of appmgr, to reach what appmgr keeps out of reach (docs/security-model.md):
# the executable-memory test (wx_init.c as the init of its own root
# filesystem, its programs in an app image), the XIP write test
# (xip_write_init.c writing littlefs on flash bank 1 while heartbeat.c
# executes from it), the littlefs filesystem test (littlefs_vfs_init.c on
# `mount -t littlefs mtd:data`), and the KUnit tests of the Spherule LSM on
# the test kernel (kernel/config/test.config).

VM_WX_ROOTFS := $(OUT)/tests/vm/wx-rootfs
VM_WX_IMAGE := $(OUT)/tests/vm/wx-image
VM_WX_INIT := $(VM_WX_ROOTFS)/sbin/appmgr
VM_WX_PROGRAMS := $(VM_WX_IMAGE)/bin/brkprobe $(addprefix $(VM_WX_IMAGE)/bin/,execstack rwxload hello)

# The init's .d file stays out of the root filesystem tree.
$(VM_WX_INIT): tests/vm/wx_init.c | $(DEV_KERNEL_INC)/linux
	@mkdir -p $(@D) $(addprefix $(VM_WX_ROOTFS)/,dev proc sys/kernel/security mnt/apps) $(OUT)/obj/vm
	$(DEV_CC) $(DEV_CFLAGS) -I$(KERNEL_UAPI_INC) -I$(DEV_KERNEL_INC) -MMD -MP -MF $(OUT)/obj/vm/wx_init.d \
		-o $@ $< $(DEV_LDFLAGS)

$(VM_WX_IMAGE)/bin/brkprobe: tests/vm/brkprobe.S
	@mkdir -p $(@D)
	arm-linux-gnueabihf-gcc -nostdlib -static -Wl,-z,noexecstack -Wl,--build-id=none -o $@ $<

# The other programs are the end-to-end test apps and the example, as built.
define VM_WX_COPY_RULE
$(VM_WX_IMAGE)/bin/$(1): $(OUT)/device/apps/$(1)/bin/$(1)
	@mkdir -p $$(@D)
	cp $$< $$@
endef
$(foreach p,execstack rwxload hello,$(eval $(call VM_WX_COPY_RULE,$(p))))

-include $(OUT)/obj/vm/wx_init.d

VM_XIPW_ROOTFS := $(OUT)/tests/vm/xipw-rootfs
VM_XIPW_INIT := $(VM_XIPW_ROOTFS)/sbin/appmgr
VM_XIPW_HEARTBEAT := $(OUT)/tests/vm/xipw-image/bin/heartbeat
VM_XIPW_INIT_SRC := tests/vm/xip_write_init.c tests/vm/lfs_mtd.c

$(VM_XIPW_INIT): $(VM_XIPW_INIT_SRC) $(LFS_DEV_LIB) | $(DEV_KERNEL_INC)/linux $(DEV_KERNEL_INC)/mtd
	@mkdir -p $(@D) $(addprefix $(VM_XIPW_ROOTFS)/,dev proc mnt/apps) $(OUT)/obj/vm
	$(DEV_CC) $(DEV_CFLAGS) -Ilfs -Itests/vm -I$(DEV_KERNEL_INC) -MMD -MP -MF $(OUT)/obj/vm/xip_write_init.d \
		-o $@ $(VM_XIPW_INIT_SRC) $(LFS_DEV_LIB) $(DEV_LDFLAGS)

$(VM_XIPW_HEARTBEAT): tests/vm/heartbeat.c
	@mkdir -p $(@D)
	$(DEV_CC) $(DEV_CFLAGS) -o $@ $< $(DEV_LDFLAGS)

-include $(OUT)/obj/vm/xip_write_init.d

ALL_EXTRA += $(VM_WX_INIT) $(VM_WX_PROGRAMS) $(VM_XIPW_INIT) $(VM_XIPW_HEARTBEAT)
VM_SUITES += tests/vm/test_wx.sh tests/vm/test_xip_write.sh

VM_LFSVFS_ROOTFS := $(OUT)/tests/vm/lfsvfs-rootfs
VM_LFSVFS_INIT := $(VM_LFSVFS_ROOTFS)/sbin/appmgr
VM_LFSVFS_INIT_SRC := tests/vm/littlefs_vfs_init.c tests/vm/littlefs_vfs_quota.c tests/vm/lfs_mtd.c

$(VM_LFSVFS_INIT): $(VM_LFSVFS_INIT_SRC) $(LFS_DEV_LIB) | $(DEV_KERNEL_INC)/linux $(DEV_KERNEL_INC)/mtd
	@mkdir -p $(@D) $(addprefix $(VM_LFSVFS_ROOTFS)/,dev proc mnt/data) $(OUT)/obj/vm
	$(DEV_CC) $(DEV_CFLAGS) -Ilfs -Itests/vm -I$(DEV_KERNEL_INC) -MMD -MP -MF $(OUT)/obj/vm/littlefs_vfs_init.d \
		-o $@ $(VM_LFSVFS_INIT_SRC) $(LFS_DEV_LIB) $(DEV_LDFLAGS)

-include $(OUT)/obj/vm/littlefs_vfs_init.d

ALL_EXTRA += $(VM_LFSVFS_INIT)
VM_SUITES += tests/vm/test_littlefs_vfs.sh

# The power-cut test: powercut_init.c as PID 1, booted and killed again and
# again by test_littlefs_powercut.sh (PCUT_CUTS cuts; make test-long: 500).
VM_PCUT_ROOTFS := $(OUT)/tests/vm/pcut-rootfs
VM_PCUT_INIT := $(VM_PCUT_ROOTFS)/sbin/appmgr

$(VM_PCUT_INIT): tests/vm/powercut_init.c
	@mkdir -p $(@D) $(addprefix $(VM_PCUT_ROOTFS)/,dev mnt/data) $(OUT)/obj/vm
	$(DEV_CC) $(DEV_CFLAGS) -MMD -MP -MF $(OUT)/obj/vm/powercut_init.d -o $@ $< $(DEV_LDFLAGS)

-include $(OUT)/obj/vm/powercut_init.d

ALL_EXTRA += $(VM_PCUT_INIT)
VM_SUITES += tests/vm/test_littlefs_powercut.sh
LONG_SUITES += tests/vm/test_littlefs_powercut.sh
