# device/sdk/layout.mk - `make sdk` lays out the app SDK in out/sdk, where
# `export AzureSphereDefaultSDKDir=out/sdk` lets an Azure Sphere app's own
# CMakePresets.json build it (docs/sdk.md); `make install-sdk PREFIX=DIR`
# copies it to DIR. Included by the top Makefile after the modules
# (device/sdk/module.mk builds SDK_APPLIBS_LIB and SDK_TLSUTILS_LIB,
# tools/module.mk the CLI):
#
#   VERSION                       the Azure Sphere SDK release it stands for
#   CMakeFiles/*.cmake            the toolchain file and the azsphere_* functions
#   Sysroots/16/usr/include       musl's headers, applibs/ (and tlsutils/),
#                                 mbedtls/ and psa/ (mbedTLS, below)
#   Sysroots/16/usr/lib           musl's static libraries and start files,
#                                 libapplibs.a, libtlsutils.a, libgcc_s.a
#                                 (a linker script naming libgcc),
#                                 musl-gcc.specs (Debian's musl-gcc specs
#                                 with %R, the sysroot, for
#                                 /usr/lib/arm-linux-musleabihf), and
#                                 libmbedtls.a, libmbedx509.a, libmbedcrypto.a
#   HardwareDefinitions/          the board definitions and their inc/hw/*.h
#   Tools/bin/spherule            the CLI, which packs the image packages
#   Keys/development.key          a link to this tree's development key
#                                 (out/keys/development.key, made if missing)

SDK_DIR := $(OUT)/sdk
SDK_API_SET := 16
SDK_VERSION := 23.05
SDK_SYSROOT := $(SDK_DIR)/Sysroots/$(SDK_API_SET)
SDK_STAMPS := $(OUT)/obj/sdk-layout
SDK_MUSL_INCLUDE := /usr/include/arm-linux-musleabihf
SDK_MUSL_LIB := /usr/lib/arm-linux-musleabihf
SDK_CMAKE_FILES := $(patsubst device/sdk/cmake/%,$(SDK_DIR)/CMakeFiles/%,$(wildcard device/sdk/cmake/*.cmake))
SDK_HWDEF_JSON := $(wildcard device/sdk/HardwareDefinitions/*.json device/sdk/HardwareDefinitions/*/*.json)
SDK_APPLIBS_HEADERS := $(wildcard device/sdk/include/applibs/*.h device/sdk/include/tlsutils/*.h)
SDK_DEV_KEY := $(OUT)/keys/development.key
SDK_PARTS := $(SDK_DIR)/VERSION $(SDK_CMAKE_FILES) $(SDK_STAMPS)/musl $(SDK_STAMPS)/applibs-headers \
	$(SDK_SYSROOT)/usr/lib/libapplibs.a $(SDK_SYSROOT)/usr/lib/libtlsutils.a $(SDK_STAMPS)/mbedtls $(SDK_STAMPS)/hardware-definitions $(SDK_DIR)/Tools/bin/spherule \
	$(SDK_DIR)/Keys/development.key

.PHONY: sdk install-sdk
sdk: $(SDK_PARTS)

# Apps in the forms of Azure Sphere's samples (tests/sdk/) built with it.
UNIT_SCRIPTS += tests/unit/test_sdk_cmake.sh
# Its mbedTLS, and the example https_get under qemu-arm against openssl s_server.
UNIT_SCRIPTS += tests/unit/test_sdk_mbedtls.sh
# tlsutils and the example mutual_tls under qemu-arm against the board test's
# mutual TLS server (tests/e2e/mtls_server.py), which it tests first.
UNIT_SCRIPTS += tests/unit/test_mutual_tls.sh
UNIT_SCRIPT_NEEDS += sdk

$(SDK_DIR)/VERSION: device/sdk/layout.mk
	@mkdir -p $(@D)
	echo $(SDK_VERSION) >$@

$(SDK_DIR)/CMakeFiles/%.cmake: device/sdk/cmake/%.cmake
	@mkdir -p $(@D)
	cp $< $@

# musl (Debian's musl-dev:armhf) with the specs that find it in the sysroot;
# a new sysroot, which the applibs rules below then fill.
$(SDK_STAMPS)/musl: $(SDK_MUSL_LIB)/libc.a device/sdk/sysroot/musl-gcc.specs device/sdk/sysroot/libgcc_s.ld
	rm -rf $(SDK_SYSROOT)
	mkdir -p $(SDK_SYSROOT)/usr/include $(SDK_SYSROOT)/usr/lib $(@D)
	cp -r $(SDK_MUSL_INCLUDE)/. $(SDK_SYSROOT)/usr/include/
	cp $(SDK_MUSL_LIB)/*.a $(SDK_MUSL_LIB)/*.o $(SDK_SYSROOT)/usr/lib/
	cp device/sdk/sysroot/musl-gcc.specs $(SDK_SYSROOT)/usr/lib/musl-gcc.specs
	cp device/sdk/sysroot/libgcc_s.ld $(SDK_SYSROOT)/usr/lib/libgcc_s.a
	touch $@

# applibs' headers, replaced as a whole so that a header removed goes too.
$(SDK_STAMPS)/applibs-headers: $(SDK_APPLIBS_HEADERS) $(SDK_STAMPS)/musl
	rm -rf $(SDK_SYSROOT)/usr/include/applibs $(SDK_SYSROOT)/usr/include/tlsutils
	cp -r $(wildcard device/sdk/include/applibs device/sdk/include/tlsutils) $(SDK_SYSROOT)/usr/include/
	touch $@

$(SDK_SYSROOT)/usr/lib/libapplibs.a: $(SDK_APPLIBS_LIB) $(SDK_STAMPS)/musl
	$(if $(SDK_APPLIBS_LIB),,$(error make sdk: SDK_APPLIBS_LIB is not defined (device/sdk/module.mk builds libapplibs.a)))
	cp $(SDK_APPLIBS_LIB) $@

$(SDK_SYSROOT)/usr/lib/libtlsutils.a: $(SDK_TLSUTILS_LIB) $(SDK_STAMPS)/musl
	$(if $(SDK_TLSUTILS_LIB),,$(error make sdk: SDK_TLSUTILS_LIB is not defined (device/sdk/module.mk builds libtlsutils.a)))
	cp $(SDK_TLSUTILS_LIB) $@

# mbedTLS for apps (a Spherule extension: Azure Sphere's SDK ships wolfSSL
# and curl; docs/sdk.md, "mbedTLS"): Debian's armhf headers and archives
# (libmbedtls-dev:armhf), which are built against glibc. Each of
# libmbedtls.a, libmbedx509.a and libmbedcrypto.a in the sysroot is a linker
# script naming Debian's archive (lib<name>-glibc.a) and libglibc-shim.a
# (SDK_GLIBC_SHIM_LIB: glibc's fortify entry points), so that an app links
# `mbedtls mbedx509 mbedcrypto` as it would elsewhere. Where glibc's ABI
# differs from musl's, the SDK makes the library and the app agree:
# x509's readdir and stat calls go to the shim's glibc-layout versions
# (objcopy --redefine-sym), and config.h sets mbedtls_time_t to the
# library's 32-bit time_t (`long`), since musl's time_t is 64-bit and
# mbedtls_ssl_session holds one. The library's own time, gmtime_r and
# select calls bind to musl's 32-bit time compatibility symbols.
SDK_MBEDTLS_DEB := /usr/lib/arm-linux-gnueabihf
SDK_MBEDTLS_NAMES := mbedtls mbedx509 mbedcrypto
SDK_MBEDTLS_TIME_TYPE := \#define MBEDTLS_PLATFORM_TIME_TYPE_MACRO long /* Spherule SDK: time_t of the glibc-built library */

$(SDK_STAMPS)/mbedtls: $(SDK_MBEDTLS_NAMES:%=$(SDK_MBEDTLS_DEB)/lib%.a) /usr/include/mbedtls/config.h \
		$(SDK_GLIBC_SHIM_LIB) $(SDK_STAMPS)/musl
	rm -rf $(SDK_SYSROOT)/usr/include/mbedtls $(SDK_SYSROOT)/usr/include/psa
	cp -r /usr/include/mbedtls /usr/include/psa $(SDK_SYSROOT)/usr/include/
	sed -i 's|^//#define MBEDTLS_PLATFORM_TIME_TYPE_MACRO .*|$(SDK_MBEDTLS_TIME_TYPE)|' \
		$(SDK_SYSROOT)/usr/include/mbedtls/config.h
	grep -qF '$(SDK_MBEDTLS_TIME_TYPE)' $(SDK_SYSROOT)/usr/include/mbedtls/config.h
	cp $(SDK_MBEDTLS_DEB)/libmbedtls.a $(SDK_SYSROOT)/usr/lib/libmbedtls-glibc.a
	cp $(SDK_MBEDTLS_DEB)/libmbedcrypto.a $(SDK_SYSROOT)/usr/lib/libmbedcrypto-glibc.a
	arm-linux-gnueabihf-objcopy --redefine-sym readdir=__spherule_glibc_readdir \
		--redefine-sym stat=__spherule_glibc_stat \
		$(SDK_MBEDTLS_DEB)/libmbedx509.a $(SDK_SYSROOT)/usr/lib/libmbedx509-glibc.a
	cp $(SDK_GLIBC_SHIM_LIB) $(SDK_SYSROOT)/usr/lib/libglibc-shim.a
	for l in $(SDK_MBEDTLS_NAMES); do \
		printf '/* lib%s.a of the Spherule SDK: the glibc-built Debian archive and the glibc shim (docs/sdk.md) */\nINPUT ( -l%s-glibc -lglibc-shim )\n' \
			$$l $$l >$(SDK_SYSROOT)/usr/lib/lib$$l.a || exit 1; \
	done
	touch $@

# The definitions and the headers generate-header makes of them.
$(SDK_STAMPS)/hardware-definitions: $(SDK_HWDEF_JSON) $(OUT)/bin/spherule
	rm -rf $(SDK_DIR)/HardwareDefinitions
	mkdir -p $(SDK_DIR) $(@D)
	cp -r device/sdk/HardwareDefinitions $(SDK_DIR)/HardwareDefinitions
	for f in $(patsubst device/sdk/%,$(SDK_DIR)/%,$(SDK_HWDEF_JSON)); do \
		$(OUT)/bin/spherule hardware-definition generate-header --hardware-definition-file $$f >/dev/null || exit 1; \
	done
	touch $@

$(SDK_DIR)/Tools/bin/spherule: $(OUT)/bin/spherule
	@mkdir -p $(@D)
	cp $< $@

$(SDK_DEV_KEY): | $(OUT)/bin/spherule
	@mkdir -p $(@D)
	$(OUT)/bin/spherule keygen --output $@ >/dev/null

# A link, absolute so that an installed SDK signs with this tree's key too.
$(SDK_DIR)/Keys/development.key: | $(SDK_DEV_KEY)
	@mkdir -p $(@D)
	ln -sfn $(abspath $(SDK_DEV_KEY)) $@

# Copies out/sdk into PREFIX (the SDK's directory: AzureSphereDefaultSDKDir),
# replacing what an earlier install put there.
ifneq ($(filter install-sdk,$(MAKECMDGOALS)),)
$(if $(PREFIX),,$(error make install-sdk: PREFIX=DIR is required (the directory to install the SDK in)))
endif
install-sdk: sdk
	mkdir -p $(PREFIX)
	rm -rf $(addprefix $(PREFIX)/,VERSION CMakeFiles Sysroots HardwareDefinitions Tools Keys)
	cp -a $(SDK_DIR)/. $(PREFIX)/
