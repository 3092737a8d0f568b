# bench/: `make bench` — boot and RAM figures of the board (bench/boot.sh),
# where the RAM goes (bench/footprint.sh), with the device programs they
# need: the trivial baseline init, installed as the init (sbin/appmgr) of a
# baseline root filesystem, and the diagnostic kernel's init.

BENCH_DEV_BINS := $(OUT)/bench/baseline-rootfs/sbin/appmgr

# Its .d file stays out of the root filesystem tree.
$(OUT)/bench/baseline-rootfs/sbin/appmgr: bench/baseline-init/baseline_init.c $(SDK_PROC_FIELD_OBJ)
	@mkdir -p $(@D) $(addprefix $(OUT)/bench/baseline-rootfs/,dev proc sys)
	$(DEV_CC) $(DEV_CFLAGS) -Idevice/sdk -MMD -MP -MF $(OUT)/bench/baseline_init.d -o $@ $^ $(DEV_LDFLAGS)

-include $(OUT)/bench/baseline_init.d

# The diagnostic kernel's init (bench/footprint.sh puts it in a copy of the
# root filesystem).
$(OUT)/bench/diag-init: bench/diag-init/diag_init.c
	@mkdir -p $(@D)
	$(DEV_CC) $(DEV_CFLAGS) -MMD -MP -o $@ $< $(DEV_LDFLAGS)

-include $(OUT)/bench/diag-init.d

DEV_BINS += $(BENCH_DEV_BINS) $(OUT)/bench/diag-init
BENCH_SCRIPTS += bench/boot.sh bench/footprint.sh

# bench/flash_trace.awk on a made trace (no QEMU boot).
UNIT_SCRIPTS += tests/unit/test_flash_trace.sh
