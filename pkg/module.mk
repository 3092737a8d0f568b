# pkg/module.mk - the image package library, built twice: for the host
# (OpenSSL, plus key handling, footer writing and the manifest compiler) and
# for the device (armhf musl, mbedTLS), and its fuzz target.

PKG_COMMON_SRC := pkg/pkg_open.c pkg/pkg_verify.c pkg/pkg_names.c pkg/pkg_text.c pkg/error_detail.c \
	pkg/elf_check.c pkg/cramfs_walk.c pkg/pkg_check_elf.c \
	pkg/manifest_parse.c pkg/manifest_rules.c pkg/update_meta.c pkg/update_meta_state.c \
	pkg/deviceauth_nonce.c
PKG_HOST_SRC := $(PKG_COMMON_SRC) pkg/crypto_openssl.c pkg/pkg_key.c pkg/pkg_build.c \
	pkg/manifest_compile.c pkg/hwdef.c pkg/hwdef_load.c pkg/json_path.c pkg/os_desc.c pkg/os_desc_build.c \
	pkg/update_meta_build.c
PKG_DEV_SRC := $(PKG_COMMON_SRC) pkg/crypto_mbedtls.c

PKG_HOST_LIB := $(OUT)/lib/libpkg-host.a
PKG_DEV_LIB := $(OUT)/lib/libpkg-dev.a
PKG_HOST_OBJ := $(PKG_HOST_SRC:pkg/%.c=$(OUT)/obj/pkg/host/%.o)
# The error-detail carrier alone (spherule/error_detail.h), for host programs
# that use it without the rest of the library (cramfs, appmgr's unit tests).
PKG_ERROR_DETAIL_HOST_OBJ := $(OUT)/obj/pkg/host/error_detail.o
PKG_DEV_OBJ := $(PKG_DEV_SRC:pkg/%.c=$(OUT)/obj/pkg/dev/%.o)

# What programs using the library compile and link with.
PKG_HOST_CFLAGS := $(HOST_CFLAGS) -Ipkg/include
PKG_HOST_LDLIBS := $(PKG_HOST_LIB) -ljansson -lcrypto
# mbedTLS headers without the rest of /usr/include (musl must not see glibc's).
PKG_MBEDTLS_INC := $(OUT)/pkg/mbedtls-include
PKG_DEV_CFLAGS := $(DEV_CFLAGS) -Ipkg/include -I$(PKG_MBEDTLS_INC)
# Debian's libmbedcrypto.a is built against glibc: musl programs link it with
# the SDK's fortify shim. Every item is a file: use them as prerequisites too.
PKG_MBEDCRYPTO := /usr/lib/arm-linux-gnueabihf/libmbedcrypto.a
PKG_DEV_LDLIBS := $(PKG_DEV_LIB) $(SDK_FORTIFY_SHIM_OBJ) $(PKG_MBEDCRYPTO)

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
PKG_TEST_SUPPORT := $(OUT)/obj/pkg/tests/test_pkg_support.o
PKG_TEST_CFLAGS := $(PKG_HOST_CFLAGS) -Ipkg -Itests/unit
PKG_UNIT_TESTS := $(addprefix $(OUT)/tests/unit/,test_pkg test_manifest test_pkg_mbedtls test_os_desc \
	test_update_meta)
UNIT_TESTS += $(PKG_UNIT_TESTS)

$(PKG_TEST_SUPPORT): tests/unit/test_pkg_support.c
	@mkdir -p $(@D)
	$(CC) $(PKG_TEST_CFLAGS) -MMD -MP -c -o $@ $<

$(OUT)/tests/unit/test_pkg $(OUT)/tests/unit/test_manifest: $(OUT)/tests/unit/%: tests/unit/%.c \
		$(PKG_TEST_SUPPORT) $(PKG_HOST_LIB)
	@mkdir -p $(@D)
	$(CC) $(PKG_TEST_CFLAGS) -MMD -MP -o $@ $< $(PKG_TEST_SUPPORT) $(PKG_HOST_LDLIBS)

$(OUT)/tests/unit/test_os_desc: tests/unit/test_os_desc.c $(PKG_HOST_LIB)
	@mkdir -p $(@D)
	$(CC) $(PKG_TEST_CFLAGS) -MMD -MP -o $@ $< $(PKG_HOST_LDLIBS)

# The device backend test: an armhf program (mbedTLS) run under qemu-arm by a
# host test that signs its packages with OpenSSL.
PKG_DEVICE_TEST := $(OUT)/tests/unit/device/test_pkg_device

$(PKG_DEVICE_TEST): tests/unit/test_pkg_device.c $(PKG_DEV_LDLIBS)
	@mkdir -p $(@D)
	$(DEV_CC) $(PKG_DEV_CFLAGS) -MMD -MP -o $@ $< $(PKG_DEV_LDLIBS) $(DEV_LDFLAGS)

$(OUT)/tests/unit/test_pkg_mbedtls: tests/unit/test_pkg_mbedtls.c $(PKG_TEST_SUPPORT) \
		$(PKG_HOST_LIB) $(PKG_DEVICE_TEST)
	@mkdir -p $(@D)
	$(CC) $(PKG_TEST_CFLAGS) -DTEST_PKG_DEVICE='"$(PKG_DEVICE_TEST)"' -MMD -MP -o $@ $< \
		$(PKG_TEST_SUPPORT) $(PKG_HOST_LDLIBS)

# test_update_meta runs the device library's verifier (mbedTLS) under
# qemu-arm on bundles the host library signed.
UPDATE_META_DEVICE_TEST := $(OUT)/tests/unit/device/test_update_meta_device

$(UPDATE_META_DEVICE_TEST): tests/unit/test_update_meta_device.c $(PKG_DEV_LDLIBS)
	@mkdir -p $(@D)
	$(DEV_CC) $(PKG_DEV_CFLAGS) -MMD -MP -o $@ $< $(PKG_DEV_LDLIBS) $(DEV_LDFLAGS)

$(OUT)/tests/unit/test_update_meta: tests/unit/test_update_meta.c $(PKG_HOST_LIB) \
		$(UPDATE_META_DEVICE_TEST)
	@mkdir -p $(@D)
	$(CC) $(PKG_TEST_CFLAGS) -DTEST_UPDATE_META_DEVICE='"$(UPDATE_META_DEVICE_TEST)"' -MMD -MP \
		-o $@ $< $(PKG_HOST_LDLIBS)

-include $(PKG_TEST_SUPPORT:.o=.d) $(PKG_UNIT_TESTS:=.d) $(PKG_DEVICE_TEST).d $(UPDATE_META_DEVICE_TEST).d

# Fuzz target (not part of make test): make fuzz-pkg, then run out/fuzz/fuzz_pkg.
.PHONY: fuzz-pkg
fuzz-pkg:
	@if ! command -v clang >/dev/null; then echo "fuzz-pkg: clang is not installed"; exit 1; fi
	@mkdir -p $(OUT)/fuzz
	clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -Ipkg/include \
		-o $(OUT)/fuzz/fuzz_pkg tests/fuzz/fuzz_pkg.c $(PKG_COMMON_SRC) pkg/crypto_openssl.c -lcrypto

# The update metadata fuzz target (libFuzzer: clang, from scripts/deps.sh),
# compiled whole with the sanitizers and with the writer, to sign what it
# mutates; the script runs it over tests/fuzz/corpus/update_meta for
# UPDATE_META_FUZZ_SECONDS (20; make test-long: 600).
UPDATE_META_FUZZ := $(OUT)/fuzz/fuzz_update_meta
UPDATE_META_FUZZ_SRC := tests/fuzz/fuzz_update_meta.c $(PKG_COMMON_SRC) pkg/crypto_openssl.c \
	pkg/pkg_key.c pkg/pkg_build.c pkg/update_meta_build.c
UNIT_SCRIPTS += tests/fuzz/test_update_meta_fuzz.sh
UNIT_SCRIPT_NEEDS += $(UPDATE_META_FUZZ)
LONG_TESTS += tests/fuzz/test_update_meta_fuzz.sh
LONG_TEST_NEEDS += $(UPDATE_META_FUZZ)

$(UPDATE_META_FUZZ): $(UPDATE_META_FUZZ_SRC) $(wildcard pkg/*.h pkg/include/spherule/*.h)
	@mkdir -p $(@D)
	clang -std=c11 -D_GNU_SOURCE -g -O1 -Wall -Wextra -Werror -Wno-unused-parameter \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Ipkg -Ipkg/include \
		-o $@ $(UPDATE_META_FUZZ_SRC) -lcrypto
