# tools/littlefs: host tools for littlefs images (mkfs.littlefs,
# fsck.littlefs, littlefs-fuse), their tests, and the littlefs benchmark
# driver (bench/lfs_bench.c), all on the core in lfs/ (LFS_HOST_LIB).

LFSTOOLS_DIR := tools/littlefs
LFSTOOLS_OBJ := $(OUT)/obj/littlefs-tools
LFSTOOLS_COMMON := $(addprefix $(LFSTOOLS_OBJ)/,flashdev.o lfsdev.o toolmsg.o)
LFSTOOLS_MKFS := $(LFSTOOLS_OBJ)/lfsmkfs.o
LFSTOOLS_FUSE_CFLAGS := $(shell pkg-config --cflags fuse3)
LFSTOOLS_FUSE_LIBS := $(shell pkg-config --libs fuse3)

LFSTOOLS_BINS := $(OUT)/bin/mkfs.littlefs $(OUT)/bin/fsck.littlefs $(OUT)/bin/littlefs-fuse

HOST_BINS += $(LFSTOOLS_BINS)
ALL_EXTRA += $(OUT)/bench/lfs_bench
UNIT_SCRIPTS += tests/unit/test_littlefs_tools.sh tests/unit/test_littlefs_fuse.sh
UNIT_SCRIPT_NEEDS += $(LFSTOOLS_BINS)
BENCH_SCRIPTS += bench/littlefs.sh

$(LFSTOOLS_OBJ)/littlefs_fuse.o: LFSTOOLS_EXTRA_CFLAGS := $(LFSTOOLS_FUSE_CFLAGS)
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

$(OUT)/bench/lfs_bench: bench/lfs_bench.c $(LFSTOOLS_COMMON) $(LFS_HOST_LIB)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -I$(LFSTOOLS_DIR) -MMD -MP -o $@ $< $(LFSTOOLS_COMMON) $(LFS_HOST_LIB)

-include $(wildcard $(LFSTOOLS_OBJ)/*.d) $(OUT)/bench/lfs_bench.d
