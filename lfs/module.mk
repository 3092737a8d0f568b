# lfs/module.mk - the portable littlefs core (lfs/), built as a host library
# (liblfs-host.a, used by the host tools and tests) and with the device
# compiler (liblfs-dev.a: proves the core needs nothing from libc but the
# memory/string helpers listed in LFS_DEV_ALLOWED_SYMS), plus its unit,
# power-loss and wear tests. `make test-long` runs the long power-loss sweep.

LFS_SRC := $(wildcard lfs/lfs_*.c)
LFS_HOST_LIB := $(OUT)/lib/liblfs-host.a
LFS_DEV_LIB := $(OUT)/lib/liblfs-dev.a
LFS_HOST_OBJ := $(LFS_SRC:lfs/%.c=$(OUT)/obj/lfs/host/%.o)
LFS_DEV_OBJ := $(LFS_SRC:lfs/%.c=$(OUT)/obj/lfs/dev/%.o)
LFS_DEV_ALLOWED_SYMS := memcpy memset memcmp strlen strncmp

ALL_EXTRA += $(LFS_HOST_LIB) $(LFS_DEV_LIB)

$(OUT)/obj/lfs/host/%.o: lfs/%.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -MMD -MP -c $< -o $@

$(OUT)/obj/lfs/dev/%.o: lfs/%.c
	@mkdir -p $(@D)
	$(DEV_CC) $(DEV_CFLAGS) -fno-common -MMD -MP -c $< -o $@

$(LFS_HOST_LIB): $(LFS_HOST_OBJ)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

# The device library fails to build if the core calls anything outside
# itself but these helpers (32-bit division only: the kernel has no 64-bit
# division helper).
LFS_DEV_ALLOWED_SYMS += __aeabi_uidiv __aeabi_uidivmod __aeabi_idiv __aeabi_idivmod
$(LFS_DEV_LIB): $(LFS_DEV_OBJ)
	@mkdir -p $(@D)
	@arm-linux-gnueabihf-nm --defined-only $^ | awk 'NF==3 {print $$3}' | sort -u > $@.defined
	@bad=$$(arm-linux-gnueabihf-nm -u $^ | awk 'NF==2 {print $$2}' | sort -u | \
		comm -23 - $@.defined | grep -vxF $(addprefix -e ,$(LFS_DEV_ALLOWED_SYMS)) || true); \
	rm -f $@.defined; \
	if [ -n "$$bad" ]; then echo "liblfs-dev: unexpected symbols: $$bad" >&2; exit 1; fi
	rm -f $@ && arm-linux-gnueabihf-ar rcs $@ $^

# Tests: TAP programs on the emulated flash of tests/powerloss/lfs_emubd.c.
LFS_TEST_OBJ := $(OUT)/obj/lfs/tests
LFS_EMUBD := $(LFS_TEST_OBJ)/lfs_emubd.o
LFS_UNIT_TESTS := $(patsubst tests/unit/%.c,$(OUT)/tests/unit/%,$(wildcard tests/unit/test_lfs_*.c))
LFS_POWERLOSS_TEST := $(OUT)/tests/powerloss/test_lfs_powerloss
UNIT_TESTS += $(LFS_UNIT_TESTS) $(LFS_POWERLOSS_TEST)

$(LFS_EMUBD): tests/powerloss/lfs_emubd.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -MMD -MP -c $< -o $@

$(OUT)/tests/unit/test_lfs_%: tests/unit/test_lfs_%.c $(LFS_EMUBD) $(LFS_HOST_LIB)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -MMD -MP -o $@ $< $(LFS_EMUBD) $(LFS_HOST_LIB)

$(LFS_POWERLOSS_TEST): tests/powerloss/test_lfs_powerloss.c $(LFS_EMUBD) $(LFS_HOST_LIB)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -MMD -MP -o $@ $< $(LFS_EMUBD) $(LFS_HOST_LIB)

-include $(LFS_HOST_OBJ:.o=.d) $(LFS_DEV_OBJ:.o=.d) $(LFS_EMUBD:.o=.d) \
	$(LFS_UNIT_TESTS:=.d) $(LFS_POWERLOSS_TEST).d

# The long power-loss sweep: ten times the seeds, three geometries.
.PHONY: test-long
test-long: $(LFS_POWERLOSS_TEST)
	@LFS_POWERLOSS_LONG=1 bash tests/run-all.sh $(LFS_POWERLOSS_TEST)
