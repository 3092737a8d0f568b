# pkg/module.mk - the image package library, built twice: for the host
# (OpenSSL, plus key handling, footer writing and the manifest compiler) and
# for the device (armhf musl, mbedTLS), and its fuzz target.

PKG_COMMON_SRC := pkg/pkg_open.c pkg/pkg_verify.c pkg/pkg_error.c pkg/pkg_text.c \
	pkg/elf_check.c pkg/cramfs_walk.c pkg/pkg_check_elf.c \
	pkg/manifest_parse.c pkg/manifest_rules.c
PKG_HOST_SRC := $(PKG_COMMON_SRC) pkg/crypto_openssl.c pkg/pkg_key.c pkg/pkg_build.c \
	pkg/manifest_compile.c pkg/hwdef.c pkg/json_path.c
PKG_DEV_SRC := $(PKG_COMMON_SRC) pkg/crypto_mbedtls.c

PKG_HOST_LIB := $(OUT)/lib/libpkg-host.a
PKG_DEV_LIB := $(OUT)/lib/libpkg-dev.a
PKG_HOST_OBJ := $(PKG_HOST_SRC:pkg/%.c=$(OUT)/obj/pkg/host/%.o)
PKG_DEV_OBJ := $(PKG_DEV_SRC:pkg/%.c=$(OUT)/obj/pkg/dev/%.o)

# What programs using the library compile and link with.
PKG_HOST_CFLAGS := $(HOST_CFLAGS) -Ipkg/include
PKG_HOST_LDLIBS := $(PKG_HOST_LIB) -ljansson -lcrypto
# mbedTLS headers without the rest of /usr/include (musl must not see glibc's).
PKG_MBEDTLS_INC := $(OUT)/pkg/mbedtls-include
PKG_DEV_CFLAGS := $(DEV_CFLAGS) -Ipkg/include -I$(PKG_MBEDTLS_INC)
PKG_DEV_LDLIBS := $(PKG_DEV_LIB) /usr/lib/arm-linux-gnueabihf/libmbedcrypto.a

ALL_EXTRA += $(PKG_HOST_LIB) $(PKG_DEV_LIB)

$(PKG_MBEDTLS_INC)/.stamp:
	@mkdir -p $(@D)
	ln -sfn /usr/include/mbedtls $(@D)/mbedtls
	ln -sfn /usr/include/psa $(@D)/psa
	@touch $@

$(OUT)/obj/pkg/host/%.o: pkg/%.c
	@mkdir -p $(@D)
	$(CC) $(PKG_HOST_CFLAGS) -MMD -MP -c -o $@ $<

$(OUT)/obj/pkg/dev/%.o: pkg/%.c | $(PKG_MBEDTLS_INC)/.stamp
	@mkdir -p $(@D)
	$(DEV_CC) $(PKG_DEV_CFLAGS) -MMD -MP -c -o $@ $<

$(PKG_HOST_LIB): $(PKG_HOST_OBJ)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

$(PKG_DEV_LIB): $(PKG_DEV_OBJ)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

-include $(PKG_HOST_OBJ:.o=.d) $(PKG_DEV_OBJ:.o=.d)

# Unit tests (tests/unit/test_pkg*, test_manifest*).
PKG_TEST_SUPPORT := tests/unit/test_pkg_support.c
PKG_TEST_CFLAGS := $(PKG_HOST_CFLAGS) -Ipkg -Itests/unit
UNIT_TESTS += $(OUT)/tests/unit/test_pkg $(OUT)/tests/unit/test_manifest

$(OUT)/tests/unit/test_pkg $(OUT)/tests/unit/test_manifest: $(OUT)/tests/unit/%: tests/unit/%.c \
		$(PKG_TEST_SUPPORT) tests/unit/test_pkg_support.h $(PKG_HOST_LIB)
	@mkdir -p $(@D)
	$(CC) $(PKG_TEST_CFLAGS) -o $@ $< $(PKG_TEST_SUPPORT) $(PKG_HOST_LDLIBS)

# The device backend test: an armhf program (mbedTLS) run under qemu-arm by a
# host test that signs its packages with OpenSSL.
PKG_DEVICE_TEST := $(OUT)/tests/unit/device/test_pkg_device
PKG_FORTIFY_SHIM := $(OUT)/obj/pkg/devtest/glibc_fortify_shim.o
UNIT_TESTS += $(OUT)/tests/unit/test_pkg_mbedtls

$(PKG_FORTIFY_SHIM): device/sdk/glibc_fortify_shim.c
	@mkdir -p $(@D)
	$(DEV_CC) $(DEV_CFLAGS) -c -o $@ $<

$(PKG_DEVICE_TEST): tests/unit/test_pkg_device.c $(PKG_DEV_LIB) $(PKG_FORTIFY_SHIM)
	@mkdir -p $(@D)
	$(DEV_CC) $(PKG_DEV_CFLAGS) -o $@ $< $(PKG_DEV_LDLIBS) $(PKG_FORTIFY_SHIM) $(DEV_LDFLAGS)

$(OUT)/tests/unit/test_pkg_mbedtls: tests/unit/test_pkg_mbedtls.c $(PKG_TEST_SUPPORT) \
		tests/unit/test_pkg_support.h $(PKG_HOST_LIB) $(PKG_DEVICE_TEST)
	@mkdir -p $(@D)
	$(CC) $(PKG_TEST_CFLAGS) -DTEST_PKG_DEVICE='"$(PKG_DEVICE_TEST)"' -o $@ $< \
		$(PKG_TEST_SUPPORT) $(PKG_HOST_LDLIBS)

# Fuzz target (not part of make test): make fuzz-pkg, then run out/fuzz/fuzz_pkg.
.PHONY: fuzz-pkg
fuzz-pkg:
	@if ! command -v clang >/dev/null; then echo "fuzz-pkg: clang is not installed"; exit 1; fi
	@mkdir -p $(OUT)/fuzz
	clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -Ipkg/include \
		-o $(OUT)/fuzz/fuzz_pkg tests/fuzz/fuzz_pkg.c $(PKG_COMMON_SRC) pkg/crypto_openssl.c -lcrypto

# Unit tests of the executable-memory check (ELF headers; an image's files).
ELF_TEST_SUPPORT := tests/unit/test_elf_craft.c
ELF_TEST_HELLO := $(OUT)/device/apps/hello/bin/hello
ELF_TEST_CFLAGS := $(PKG_TEST_CFLAGS) -I$(CRAMFS_INCLUDE) -DTEST_HELLO_BIN='"$(ELF_TEST_HELLO)"'
UNIT_TESTS += $(OUT)/tests/unit/test_elf_check $(OUT)/tests/unit/test_pkg_check_elf

$(OUT)/tests/unit/test_elf_check: tests/unit/test_elf_check.c $(ELF_TEST_SUPPORT) \
		tests/unit/test_elf_craft.h $(PKG_HOST_LIB) $(ELF_TEST_HELLO)
	@mkdir -p $(@D)
	$(CC) $(ELF_TEST_CFLAGS) -o $@ $< $(ELF_TEST_SUPPORT) $(PKG_HOST_LDLIBS)

$(OUT)/tests/unit/test_pkg_check_elf: tests/unit/test_pkg_check_elf.c $(ELF_TEST_SUPPORT) \
		tests/unit/test_elf_craft.h tests/unit/test_cramfs_util.c $(PKG_HOST_LIB) \
		$(CRAMFS_LIB) $(ELF_TEST_HELLO)
	@mkdir -p $(@D)
	$(CC) $(ELF_TEST_CFLAGS) -o $@ $< $(ELF_TEST_SUPPORT) tests/unit/test_cramfs_util.c \
		$(PKG_HOST_LDLIBS) $(CRAMFS_LIB)
