# lfs/module.mk - the portable littlefs core (lfs/), built as a host library
# (liblfs-host.a, used by the host tools and tests) and with the device
# compiler (liblfs-dev.a: proves the core needs nothing from libc but the
# memory/string helpers listed in LFS_DEV_ALLOWED_SYMS), plus its unit,
# power-loss and wear tests. `make test-long` runs the long power-loss sweep.

LFS_SRC := $(wildcard lfs/lfs_*.c)
LFS_PORT_HEADER := lfs/lfs_port.h
LFS_HOST_LIB := $(OUT)/lib/liblfs-host.a
LFS_DEV_LIB := $(OUT)/lib/liblfs-dev.a
LFS_HOST_OBJ := $(LFS_SRC:lfs/%.c=$(OUT)/obj/lfs/host/%.o)
LFS_DEV_OBJ := $(LFS_SRC:lfs/%.c=$(OUT)/obj/lfs/dev/%.o)
LFS_DEV_ALLOWED_SYMS := memcpy memset memcmp strlen strncmp

ALL_EXTRA += $(LFS_HOST_LIB) $(LFS_DEV_LIB)

$(OUT)/obj/lfs/host/%.o: lfs/%.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -MMD -MP -c $< -o $@

# Device objects also get their frame sizes (-fstack-usage: a .su file per
# object, one line per function) and their call graph with the frames
# (-fcallgraph-info=su: a .ci file), which the stack check below reads.
$(OUT)/obj/lfs/dev/%.o: lfs/%.c lfs/module.mk
	@mkdir -p $(@D)
	$(DEV_CC) $(DEV_CFLAGS) -fno-common -fstack-usage -fcallgraph-info=su -MMD -MP -c $< -o $@

# The core is also built into the Linux kernel, which has no C library:
# only the port header may include system headers, every other file of the
# core reaches them through it.
LFS_PORT_CHECKED := $(OUT)/obj/lfs/port.checked
$(LFS_PORT_CHECKED): $(wildcard lfs/*.c lfs/*.h)
	@mkdir -p $(@D)
	@bad=$$(grep -lE '^[[:space:]]*#[[:space:]]*include[[:space:]]*<' \
		$(filter-out $(LFS_PORT_HEADER),$^) || true); \
	if [ -n "$$bad" ]; then \
		echo "lfs: only $(LFS_PORT_HEADER) may include system headers, not:" $$bad >&2; \
		exit 1; \
	fi
	@touch $@

$(LFS_HOST_LIB): $(LFS_HOST_OBJ) | $(LFS_PORT_CHECKED)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

# The device library fails to build if the core calls anything outside
# itself but these helpers (32-bit division only: the kernel has no 64-bit
# division helper).
LFS_DEV_ALLOWED_SYMS += __aeabi_uidiv __aeabi_uidivmod __aeabi_idiv __aeabi_idivmod

# It also fails when the core's stack grows past what the kernel can give it
# (lfs/stack_check.awk; the core must not recurse, which the check refuses
# too). An ARM kernel thread has 8 KiB of stack, shared by the system call
# and VFS layers above the littlefs module, the module's own glue, the MTD
# flash driver under the block-device callbacks and interrupt handling. The
# core gets at most 3 KiB of it: its deepest call chain (orphan repair ->
# reference repair -> commit -> allocation scan -> fetch -> read, 18
# functions) measured 2872 bytes on the device build, so 1 KiB would need
# the core restructured, not tuned. A single frame over 512 bytes means a
# buffer that belongs in lfs_t or the caller (the largest, lfs_rename's, is
# 384; the kernel warns above 1024). Functions outside the core (memcpy,
# memset, memcmp, strlen, strncmp, the division helpers) are charged 64
# bytes each; the callbacks of struct lfs_config are the caller's share.
LFS_STACK_CHAIN_MAX := 3072
LFS_STACK_FRAME_MAX := 512
LFS_STACK_EXTERN_FRAME := 64

$(LFS_DEV_LIB): $(LFS_DEV_OBJ) lfs/stack_check.awk lfs/module.mk | $(LFS_PORT_CHECKED)
	@mkdir -p $(@D) && rm -f $@
	@arm-linux-gnueabihf-nm --defined-only $(LFS_DEV_OBJ) | awk 'NF==3 {print $$3}' | \
		sort -u > $@.defined
	@bad=$$(arm-linux-gnueabihf-nm -u $(LFS_DEV_OBJ) | awk 'NF==2 {print $$2}' | sort -u | \
		comm -23 - $@.defined | grep -vxF $(addprefix -e ,$(LFS_DEV_ALLOWED_SYMS)) || true); \
	rm -f $@.defined; \
	if [ -n "$$bad" ]; then echo "liblfs-dev: unexpected symbols: $$bad" >&2; exit 1; fi
	@awk -v chain_max=$(LFS_STACK_CHAIN_MAX) -v frame_max=$(LFS_STACK_FRAME_MAX) \
		-v extern_frame=$(LFS_STACK_EXTERN_FRAME) -f lfs/stack_check.awk \
		$(LFS_DEV_OBJ:.o=.ci)
	rm -f $@ && arm-linux-gnueabihf-ar rcs $@ $(LFS_DEV_OBJ)

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

# make test-long also runs the long power-loss sweep: ten times the seeds,
# three geometries (LFS_POWERLOSS_LONG=1).
LONG_TESTS += $(LFS_POWERLOSS_TEST)
