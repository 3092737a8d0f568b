# device/sdk: small device-side sources shared by appmgr, apps, bench
# programs and device tests, compiled for armhf musl into out/obj/sdk/dev/.
# Others link SDK_PROC_FIELD_OBJ (proc_field.h, add -Idevice/sdk) and
# SDK_FORTIFY_SHIM_OBJ (with a static library built against glibc, such as
# Debian's libmbedcrypto.a: pkg/module.mk puts it in PKG_DEV_LDLIBS).
# SDK_GLIBC_SHIM_LIB holds it and glibc_dir_shim.o (readdir and stat in
# glibc's layout): the SDK links apps' mbedTLS with it (layout.mk).
#
# And applibs, Azure Sphere's application library on Spherule (docs/sdk.md,
# "API"): the sources in device/sdk/applibs/, the headers apps include in
# device/sdk/include/applibs/, built into SDK_APPLIBS_LIB for armhf musl
# (position-independent, as the compiler makes every object: apps may link
# -static or -static-pie); the SDK ships it with SDK_APPLIBS_INCLUDE. The
# same sources are built for the host for test_applibs.
#
# And tlsutils (tlsutils/deviceauth.h: the device certificate's paths),
# built the same way from device/sdk/tlsutils/ into SDK_TLSUTILS_LIB.

SDK_PROC_FIELD_OBJ := $(OUT)/obj/sdk/dev/proc_field.o
SDK_FORTIFY_SHIM_OBJ := $(OUT)/obj/sdk/dev/glibc_fortify_shim.o
SDK_GLIBC_SHIM_OBJ := $(SDK_FORTIFY_SHIM_OBJ) $(OUT)/obj/sdk/dev/glibc_dir_shim.o
SDK_GLIBC_SHIM_LIB := $(OUT)/sdk-lib/libglibc-shim.a

$(OUT)/obj/sdk/dev/%.o: device/sdk/%.c
	@mkdir -p $(@D)
	$(DEV_CC) $(DEV_CFLAGS) -MMD -MP -c -o $@ $<

SDK_APPLIBS_INCLUDE := device/sdk/include
SDK_APPLIBS_LIB := $(OUT)/sdk-lib/libapplibs.a
SDK_APPLIBS_SRC := $(notdir $(wildcard device/sdk/applibs/*.c))
SDK_APPLIBS_DEV_OBJ := $(SDK_APPLIBS_SRC:%.c=$(OUT)/obj/sdk/applibs/dev/%.o)
SDK_APPLIBS_HOST_OBJ := $(SDK_APPLIBS_SRC:%.c=$(OUT)/obj/sdk/applibs/host/%.o)
# The library's own headers, then the app service protocol (device/include).
SDK_APPLIBS_CPPFLAGS := -I$(SDK_APPLIBS_INCLUDE) -Idevice/include

$(OUT)/obj/sdk/applibs/dev/%.o: device/sdk/applibs/%.c | $(DEV_KERNEL_INC)/linux
	@mkdir -p $(@D)
	$(DEV_CC) $(DEV_CFLAGS) $(SDK_APPLIBS_CPPFLAGS) -I$(DEV_KERNEL_INC) -MMD -MP -c -o $@ $<

$(SDK_APPLIBS_LIB): $(SDK_APPLIBS_DEV_OBJ)
	@mkdir -p $(@D)
	rm -f $@ && arm-linux-gnueabihf-ar rcs $@ $^

SDK_TLSUTILS_LIB := $(OUT)/sdk-lib/libtlsutils.a
SDK_TLSUTILS_DEV_OBJ := $(patsubst device/sdk/tlsutils/%.c,$(OUT)/obj/sdk/tlsutils/dev/%.o,$(wildcard device/sdk/tlsutils/*.c))

$(OUT)/obj/sdk/tlsutils/dev/%.o: device/sdk/tlsutils/%.c
	@mkdir -p $(@D)
	$(DEV_CC) $(DEV_CFLAGS) -I$(SDK_APPLIBS_INCLUDE) -Idevice/include -MMD -MP -c -o $@ $<

$(SDK_TLSUTILS_LIB): $(SDK_TLSUTILS_DEV_OBJ)
	@mkdir -p $(@D)
	rm -f $@ && arm-linux-gnueabihf-ar rcs $@ $^

$(OUT)/obj/sdk/applibs/host/%.o: device/sdk/applibs/%.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(SDK_APPLIBS_CPPFLAGS) -MMD -MP -c -o $@ $<

$(SDK_GLIBC_SHIM_LIB): $(SDK_GLIBC_SHIM_OBJ)
	@mkdir -p $(@D)
	rm -f $@ && arm-linux-gnueabihf-ar rcs $@ $^

ALL_EXTRA += $(SDK_APPLIBS_LIB) $(SDK_TLSUTILS_LIB) $(SDK_GLIBC_SHIM_LIB)

# Host unit tests: the library's sources against a fake appmgr
# (tests/unit/test_applibs_*.c), and every header compiled as apps compile
# them (test_applibs_headers.sh).
SDK_APPLIBS_UNIT_TESTS := $(patsubst tests/unit/%.c,$(OUT)/tests/unit/%,$(wildcard tests/unit/test_applibs_*.c))
SDK_APPLIBS_FAKE_OBJ := $(OUT)/obj/sdk/applibs/test/applibs_fake_appmgr.o

$(SDK_APPLIBS_FAKE_OBJ): tests/unit/applibs_fake_appmgr.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(SDK_APPLIBS_CPPFLAGS) -MMD -MP -c -o $@ $<

$(SDK_APPLIBS_UNIT_TESTS): $(OUT)/tests/unit/%: tests/unit/%.c $(SDK_APPLIBS_HOST_OBJ) $(SDK_APPLIBS_FAKE_OBJ)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(SDK_APPLIBS_CPPFLAGS) -Idevice/sdk/applibs -Itests/unit -MMD -MP -o $@ $< \
		$(SDK_APPLIBS_HOST_OBJ) $(SDK_APPLIBS_FAKE_OBJ) -pthread

UNIT_TESTS += $(SDK_APPLIBS_UNIT_TESTS)
UNIT_SCRIPTS += tests/unit/test_applibs_headers.sh

-include $(SDK_PROC_FIELD_OBJ:.o=.d) $(SDK_GLIBC_SHIM_OBJ:.o=.d) $(SDK_APPLIBS_DEV_OBJ:.o=.d) $(SDK_TLSUTILS_DEV_OBJ:.o=.d) \
	$(SDK_APPLIBS_HOST_OBJ:.o=.d) $(SDK_APPLIBS_FAKE_OBJ:.o=.d) $(SDK_APPLIBS_UNIT_TESTS:=.d)
