# bench/: `make bench` — boot and RAM figures of the board (bench/boot.sh),
# with the device program it needs: the trivial baseline init, installed
# as the init (sbin/appmgr) of a baseline root filesystem.

BENCH_DEV_BINS := $(OUT)/bench/baseline-rootfs/sbin/appmgr

$(OUT)/bench/baseline-rootfs/sbin/appmgr: bench/baseline-init/baseline_init.c $(SDK_PROC_FIELD_OBJ)
	@mkdir -p $(@D) $(addprefix $(OUT)/bench/baseline-rootfs/,dev proc sys)
	$(DEV_CC) $(DEV_CFLAGS) -Idevice/sdk -o $@ $^ $(DEV_LDFLAGS)

DEV_BINS += $(BENCH_DEV_BINS)
BENCH_SCRIPTS += bench/boot.sh
