# pkg/cramfs: XIP-ready cramfs images — library (builder + reader/checker),
# the host tool mkcramfs-xip and their unit tests. Other components link
# $(CRAMFS_LIB) and add -I$(CRAMFS_INCLUDE) and -Ipkg/include (spherule/le.h,
# spherule/error_detail.h) to use cramfs_build.h.

CRAMFS_INCLUDE := pkg/cramfs
CRAMFS_CFLAGS := $(HOST_CFLAGS) -Ipkg/include
CRAMFS_OBJDIR := $(OUT)/obj/pkg/cramfs
CRAMFS_LIB := $(OUT)/lib/libcramfs_xip.a
CRAMFS_LIB_SRCS := $(addprefix pkg/cramfs/,cramfs_build.c cramfs_tree.c cramfs_read.c \
	cramfs_crc32.c)
# The error-detail carrier is the package library's (pkg/error_detail.c, its
# host object): in this library too, so that mkcramfs-xip needs no other.
CRAMFS_LIB_OBJS := $(patsubst pkg/cramfs/%.c,$(CRAMFS_OBJDIR)/%.o,$(CRAMFS_LIB_SRCS)) \
	$(PKG_ERROR_DETAIL_HOST_OBJ)
CRAMFS_TESTS := $(addprefix $(OUT)/tests/unit/,test_cramfs_build test_cramfs_refuse test_cramfs_tool)

$(CRAMFS_OBJDIR)/%.o: pkg/cramfs/%.c
	@mkdir -p $(@D)
	$(CC) $(CRAMFS_CFLAGS) -MMD -MP -c $< -o $@

$(CRAMFS_LIB): $(CRAMFS_LIB_OBJS)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

$(OUT)/bin/mkcramfs-xip: $(CRAMFS_OBJDIR)/mkcramfs_xip.o $(CRAMFS_LIB)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -o $@ $^

$(CRAMFS_OBJDIR)/test_%.o: tests/unit/test_%.c
	@mkdir -p $(@D)
	$(CC) $(CRAMFS_CFLAGS) -I$(CRAMFS_INCLUDE) -DCRAMFS_TOOL='"$(OUT)/bin/mkcramfs-xip"' \
		-MMD -MP -c $< -o $@

$(OUT)/tests/unit/test_cramfs_%: $(CRAMFS_OBJDIR)/test_cramfs_%.o \
		$(CRAMFS_OBJDIR)/test_cramfs_util.o $(CRAMFS_LIB)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -o $@ $^

# The tool test runs the tool.
$(OUT)/tests/unit/test_cramfs_tool: | $(OUT)/bin/mkcramfs-xip

HOST_BINS += $(OUT)/bin/mkcramfs-xip
UNIT_TESTS += $(CRAMFS_TESTS)

-include $(CRAMFS_OBJDIR)/*.d

# Unit tests of the package library's executable-memory check (ELF headers;
# the files of an image), here because they build images with this library.
ELF_TEST_OBJDIR := $(OUT)/obj/pkg/elf-tests
ELF_TEST_HELLO := $(OUT)/device/apps/hello/bin/hello
ELF_TEST_CFLAGS := $(PKG_TEST_CFLAGS) -I$(CRAMFS_INCLUDE) -DTEST_HELLO_BIN='"$(ELF_TEST_HELLO)"'
ELF_TEST_CRAFT := $(ELF_TEST_OBJDIR)/test_elf_craft.o
ELF_TESTS := $(OUT)/tests/unit/test_elf_check $(OUT)/tests/unit/test_pkg_check_elf
UNIT_TESTS += $(ELF_TESTS)

$(ELF_TEST_OBJDIR)/%.o: tests/unit/%.c
	@mkdir -p $(@D)
	$(CC) $(ELF_TEST_CFLAGS) -MMD -MP -c -o $@ $<

$(OUT)/tests/unit/test_elf_check: $(ELF_TEST_OBJDIR)/test_elf_check.o $(ELF_TEST_CRAFT) \
		$(PKG_HOST_LIB) | $(ELF_TEST_HELLO)
	@mkdir -p $(@D)
	$(CC) -o $@ $(filter %.o,$^) $(PKG_HOST_LDLIBS)

$(OUT)/tests/unit/test_pkg_check_elf: $(ELF_TEST_OBJDIR)/test_pkg_check_elf.o $(ELF_TEST_CRAFT) \
		$(CRAMFS_OBJDIR)/test_cramfs_util.o $(PKG_HOST_LIB) $(CRAMFS_LIB) | $(ELF_TEST_HELLO)
	@mkdir -p $(@D)
	$(CC) -o $@ $(filter %.o,$^) $(PKG_HOST_LDLIBS) $(CRAMFS_LIB)

-include $(wildcard $(ELF_TEST_OBJDIR)/*.d)
