# bench/lsm/: `make bench` — the cost of the Spherule LSM (bench/lsm/lsm_cost.sh)
# and its device program, the lsmbench app.

LSMBENCH_BIN := $(OUT)/device/apps/lsmbench/bin/lsmbench

# Its .d file stays out of the package directory.
$(LSMBENCH_BIN): bench/lsm/lsmbench.c | $(DEV_KERNEL_INC)/linux
	@mkdir -p $(@D) $(OUT)/obj/apps
	$(DEV_CC) $(DEV_CFLAGS) -I$(DEV_KERNEL_INC) -MMD -MP -MF $(OUT)/obj/apps/lsmbench.d -o $@ $< $(DEV_LDFLAGS)

-include $(OUT)/obj/apps/lsmbench.d

DEV_BINS += $(LSMBENCH_BIN)
BENCH_SCRIPTS += bench/lsm/lsm_cost.sh
