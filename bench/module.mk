# bench/: `make bench` — boot and RAM figures of the board (bench/boot.sh),
# with the device programs it needs: the trivial baseline init and the
# memreport app.

BENCH_DEV_BINS := $(OUT)/bench/baseline-rootfs/sbin/appmgr $(OUT)/device/apps/memreport/bin/memreport

$(OUT)/bench/baseline-rootfs/sbin/appmgr: bench/baseline-init/baseline_init.c
	@mkdir -p $(@D) $(addprefix $(OUT)/bench/baseline-rootfs/,dev proc sys)
	$(DEV_CC) $(DEV_CFLAGS) -o $@ $< $(DEV_LDFLAGS)

$(OUT)/device/apps/memreport/bin/memreport: bench/apps/memreport/memreport.c
	@mkdir -p $(@D)
	$(DEV_CC) $(DEV_CFLAGS) -o $@ $< $(DEV_LDFLAGS)

DEV_BINS += $(BENCH_DEV_BINS)
BENCH_SCRIPTS += bench/boot.sh
