# tools/littlefs: host tools for littlefs images (mkfs.littlefs,
# fsck.littlefs, littlefs-fuse), their tests, and the littlefs benchmark
# (bench/lfs_bench.c, its workloads in bench/lfs_workloads.c) with the test
# of its bytes read, all on the core in lfs/ (LFS_HOST_LIB).

LFSTOOLS_DIR := tools/littlefs
LFSTOOLS_OBJ := $(OUT)/obj/littlefs-tools
LFSTOOLS_COMMON := $(addprefix $(LFSTOOLS_OBJ)/,flashdev.o lfsdev.o toolmsg.o)
LFSTOOLS_MKFS := $(LFSTOOLS_OBJ)/lfsmkfs.o
LFSTOOLS_FUSE_CFLAGS = $(shell pkg-config --cflags fuse3)
LFSTOOLS_FUSE_LIBS = $(shell pkg-config --libs fuse3)

LFSTOOLS_BINS := $(OUT)/bin/mkfs.littlefs $(OUT)/bin/fsck.littlefs $(OUT)/bin/littlefs-fuse

HOST_BINS += $(LFSTOOLS_BINS)
ALL_EXTRA += $(OUT)/bench/lfs_bench
UNIT_SCRIPTS += tests/unit/test_littlefs_tools.sh tests/unit/test_littlefs_fuse.sh
UNIT_SCRIPT_NEEDS += $(LFSTOOLS_BINS)
BENCH_SCRIPTS += bench/littlefs.sh

$(LFSTOOLS_OBJ)/littlefs_fuse.o: LFSTOOLS_EXTRA_CFLAGS = $(LFSTOOLS_FUSE_CFLAGS)
$(LFSTOOLS_OBJ)/%.o: $(LFSTOOLS_DIR)/%.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(LFSTOOLS_EXTRA_CFLAGS) -MMD -MP -c $< -o $@

$(OUT)/bin/mkfs.littlefs: $(LFSTOOLS_OBJ)/mkfs_littlefs.o $(LFSTOOLS_MKFS) $(LFSTOOLS_COMMON) $(LFS_HOST_LIB)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -o $@ $^

$(OUT)/bin/fsck.littlefs: $(LFSTOOLS_OBJ)/fsck_littlefs.o $(LFSTOOLS_COMMON) $(LFS_HOST_LIB)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -o $@ $^

$(OUT)/bin/littlefs-fuse: $(LFSTOOLS_OBJ)/littlefs_fuse.o $(LFSTOOLS_COMMON) $(LFS_HOST_LIB)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -o $@ $^ $(LFSTOOLS_FUSE_LIBS)

# The benchmark's workloads, shared by the benchmark and by
# test_littlefs_reads, which fails when the core reads more than the
# reference littlefs in any of them.
LFS_WORKLOADS := $(LFSTOOLS_OBJ)/lfs_workloads.o
LFS_READS_TEST := $(OUT)/tests/unit/test_littlefs_reads
UNIT_TESTS += $(LFS_READS_TEST)

$(LFS_WORKLOADS): bench/lfs_workloads.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -I$(LFSTOOLS_DIR) -MMD -MP -c $< -o $@

$(OUT)/bench/lfs_bench: bench/lfs_bench.c $(LFS_WORKLOADS) $(LFSTOOLS_COMMON) $(LFS_HOST_LIB)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -I$(LFSTOOLS_DIR) -MMD -MP -o $@ $< $(LFS_WORKLOADS) $(LFSTOOLS_COMMON) \
		$(LFS_HOST_LIB)

$(LFS_READS_TEST): tests/unit/test_littlefs_reads.c $(LFS_WORKLOADS) $(LFSTOOLS_COMMON) $(LFS_HOST_LIB)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -I$(LFSTOOLS_DIR) -Ibench -MMD -MP -o $@ $< $(LFS_WORKLOADS) \
		$(LFSTOOLS_COMMON) $(LFS_HOST_LIB)

-include $(wildcard $(LFSTOOLS_OBJ)/*.d) $(OUT)/bench/lfs_bench.d $(LFS_READS_TEST).d
