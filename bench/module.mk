# bench/: `make bench` — boot and RAM figures of the board (bench/boot.sh),
# with the device program it needs: the trivial baseline init, installed
# as the init (sbin/appmgr) of a baseline root filesystem.

BENCH_DEV_BINS := $(OUT)/bench/baseline-rootfs/sbin/appmgr

# Its .d file stays out of the root filesystem tree.
$(OUT)/bench/baseline-rootfs/sbin/appmgr: bench/baseline-init/baseline_init.c $(SDK_PROC_FIELD_OBJ)
	@mkdir -p $(@D) $(addprefix $(OUT)/bench/baseline-rootfs/,dev proc sys)
	$(DEV_CC) $(DEV_CFLAGS) -Idevice/sdk -MMD -MP -MF $(OUT)/bench/baseline_init.d -o $@ $^ $(DEV_LDFLAGS)

-include $(OUT)/bench/baseline_init.d

DEV_BINS += $(BENCH_DEV_BINS)
BENCH_SCRIPTS += bench/boot.sh
