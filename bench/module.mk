# bench/: `make bench` — boot and RAM figures of the board (bench/boot.sh),
# where the RAM goes (bench/footprint.sh), littlefs beside jffs2 in the
# kernel (bench/littlefs_vs_jffs2.sh), what secure boot and the secmon
# mailbox cost (bench/secmon.sh), with the device programs they need: the
# trivial baseline init, installed as the init (sbin/appmgr) of a baseline
# root filesystem, the diagnostic kernel's init, and the filesystem and
# secmon benches' inits, each the init of a root filesystem of its own.

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

# What the bench inits share: the board left to settle, the kernel's memory
# figures, powering off (bench/init-common/).
BENCH_INIT_COMMON_SRC := $(addprefix bench/init-common/,power_off.c ram_snapshot.c settle.c)

# The filesystem bench's init (bench/littlefs_vs_jffs2.sh copies its root
# filesystem and names the filesystem of each boot in etc/fsbench). Its .d
# file stays out of the root filesystem tree; it names the last source's
# headers only, so the rule names all of them.
FSBENCH_ROOTFS := $(OUT)/bench/fsbench-rootfs
FSBENCH_INIT_SRC := $(addprefix bench/fsbench-init/,fsbench_init.c workload.c) $(BENCH_INIT_COMMON_SRC) \
	tests/vm/lfs_mtd.c

$(FSBENCH_ROOTFS)/sbin/appmgr: $(FSBENCH_INIT_SRC) $(wildcard bench/fsbench-init/*.h bench/init-common/*.h) \
		tests/vm/lfs_mtd.h $(SDK_PROC_FIELD_OBJ) | $(DEV_KERNEL_INC)/mtd
	@mkdir -p $(@D) $(addprefix $(FSBENCH_ROOTFS)/,dev proc etc mnt/data)
	$(DEV_CC) $(DEV_CFLAGS) -Idevice/sdk -Ibench/init-common -Ilfs -Itests/vm -I$(DEV_KERNEL_INC) \
		-MMD -MP -MF $(OUT)/bench/fsbench_init.d \
		-o $@ $(FSBENCH_INIT_SRC) $(SDK_PROC_FIELD_OBJ) $(DEV_LDFLAGS)

-include $(OUT)/bench/fsbench_init.d

# The secmon bench's init (bench/secmon.sh), the init of a root filesystem
# of its own: appmgr's slot, port and mailbox code, the package library
# (mbedTLS) and the mailbox codec; `flash build` adds the trusted keys.
SECMON_BENCH_ROOTFS := $(OUT)/bench/secmon-rootfs
SECMON_BENCH_INIT_SRC := $(addprefix bench/secmon-init/,secmon_init.c slot_timing.c) $(BENCH_INIT_COMMON_SRC)
SECMON_BENCH_APPMGR_OBJ := $(addprefix $(OUT)/obj/appmgr/dev/,mtd_slots.o slot_reader.o small_file.o \
	secmon_mailbox.o secmon_port.o clock_ms.o)

$(SECMON_BENCH_ROOTFS)/sbin/appmgr: $(SECMON_BENCH_INIT_SRC) $(wildcard bench/secmon-init/*.h bench/init-common/*.h) \
		$(SECMON_BENCH_APPMGR_OBJ) $(SDK_PROC_FIELD_OBJ) $(MBOX_DEV_LIB) $(PKG_DEV_LDLIBS)
	@mkdir -p $(@D) $(addprefix $(SECMON_BENCH_ROOTFS)/,dev proc)
	$(DEV_CC) $(DEV_CFLAGS) -Ibench/init-common -Idevice/appmgr -Idevice/sdk -Ipkg/include -Isecmon/protocol \
		-MMD -MP -MF $(OUT)/bench/secmon_init.d -o $@ $(SECMON_BENCH_INIT_SRC) $(SECMON_BENCH_APPMGR_OBJ) \
		$(SDK_PROC_FIELD_OBJ) $(MBOX_DEV_LIB) $(PKG_DEV_LDLIBS) $(DEV_LDFLAGS)

-include $(OUT)/bench/secmon_init.d

# The SDK bench's baseline: the example blink written with raw system calls
# (bench/sdk.sh builds the SDK's blink itself, with CMake, as a user does).
BLINK_RAW_BIN := $(OUT)/bench/apps/blink_raw/bin/app
$(BLINK_RAW_BIN): bench/sdk/blink_raw.c | $(DEV_KERNEL_INC)/linux
	@mkdir -p $(@D) $(OUT)/obj/bench
	$(DEV_CC) $(DEV_CFLAGS) -I$(DEV_KERNEL_INC) -MMD -MP -MF $(OUT)/obj/bench/blink_raw.d -o $@ $< $(DEV_LDFLAGS)

-include $(OUT)/obj/bench/blink_raw.d

# The netmgr bench's app: getaddrinfo through netmgr against the same query
# sent straight to the DNS server (bench/netmgr.sh).
RESOLVE_BENCH_BIN := $(OUT)/bench/apps/resolve_bench/bin/resolve_bench
# It builds its direct query with netmgr's DNS codec.
RESOLVE_BENCH_CODEC := $(OUT)/obj/netmgr/dev/dns_msg.o $(OUT)/obj/netmgr/dev/dns_name.o
$(RESOLVE_BENCH_BIN): bench/netmgr/resolve_bench.c $(RESOLVE_BENCH_CODEC)
	@mkdir -p $(@D) $(OUT)/obj/bench
	$(DEV_CC) $(DEV_CFLAGS) -Idevice/netmgr -MMD -MP -MF $(OUT)/obj/bench/resolve_bench.d -o $@ $< \
		$(RESOLVE_BENCH_CODEC) $(DEV_LDFLAGS)

-include $(OUT)/obj/bench/resolve_bench.d

DEV_BINS += $(BENCH_DEV_BINS) $(OUT)/bench/diag-init $(FSBENCH_ROOTFS)/sbin/appmgr $(SECMON_BENCH_ROOTFS)/sbin/appmgr \
	$(BLINK_RAW_BIN) $(RESOLVE_BENCH_BIN)
BENCH_SCRIPTS += bench/boot.sh bench/footprint.sh bench/littlefs_vs_jffs2.sh bench/secmon.sh bench/devctl.sh \
	bench/sdk.sh bench/netmgr.sh

# bench/flash_trace.awk on a made trace, bench/bench_lib.sh with stand-ins
# (no QEMU boot).
UNIT_SCRIPTS += tests/unit/test_flash_trace.sh tests/unit/test_bench_lib.sh

# The update service's check-in throughput, SQLite beside PostgreSQL
# (bench/cloud.sh): its load generator, on the host, and the fake device
# that makes its test app package.
CLOUD_CHECKIN_BENCH := $(OUT)/bench/cloud_checkin
ALL_EXTRA += $(CLOUD_CHECKIN_BENCH) $(CLOUD_FAKE_DEVICE)
BENCH_SCRIPTS += bench/cloud.sh

# The fleet figure (bench/fleet.sh): a kernel change committed and built,
# published on a service of its own, rolled out to emulated devices.
BENCH_SCRIPTS += bench/fleet.sh

$(CLOUD_CHECKIN_BENCH): bench/cloud/cloud_checkin.c $(CLOUD_ATTEST_SIM_OBJ) $(MBOX_HOST_LIB) $(PKG_HOST_LIB)
	@mkdir -p $(@D)
	$(CC) $(CLOUD_TEST_CFLAGS) -MMD -MP -o $@ $< $(CLOUD_ATTEST_SIM_OBJ) $(MBOX_HOST_LIB) $(PKG_HOST_LDLIBS) \
		$(shell pkg-config --libs libcurl)

-include $(CLOUD_CHECKIN_BENCH).d
