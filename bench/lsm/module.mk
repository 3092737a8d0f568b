# bench/lsm/: `make bench` — the cost of the Spherule LSM (bench/lsm/lsm_cost.sh)
# and its device program, the lsmbench app.

LSMBENCH_BIN := $(OUT)/device/apps/lsmbench/bin/lsmbench

$(LSMBENCH_BIN): bench/lsm/lsmbench.c | $(DEV_KERNEL_INC)/linux
	@mkdir -p $(@D)
	$(DEV_CC) $(DEV_CFLAGS) -I$(DEV_KERNEL_INC) -o $@ $< $(DEV_LDFLAGS)

DEV_BINS += $(LSMBENCH_BIN)
BENCH_SCRIPTS += bench/lsm/lsm_cost.sh
