# examples/examples.mk - the SDK examples (examples/<name>/CMakeLists.txt)
# built with the SDK as a user builds them (CMake, Ninja, the SDK's toolchain
# file; docs/sdk.md), each into $(OUT)/examples/<name>/ and its package
# copied to $(OUT)/examples/<name>.imagepackage, signed with the tree's
# development key. `make examples` builds them; `make run` boots blink.
# Included by the top Makefile after device/sdk/layout.mk (it needs
# SDK_PARTS); the older examples with a Makefile rule (hello, counter) are
# device/appmgr/module.mk's.

SDK_EXAMPLES := $(patsubst examples/%/CMakeLists.txt,%,$(wildcard examples/*/CMakeLists.txt))
SDK_EXAMPLE_PKGS := $(SDK_EXAMPLES:%=$(OUT)/examples/%.imagepackage)

.PHONY: examples
examples: $(SDK_EXAMPLE_PKGS)

define SDK_EXAMPLE_RULE
$(OUT)/examples/$(1).imagepackage: $(wildcard examples/$(1)/* examples/common/*) $(SDK_PARTS)
	rm -rf $(OUT)/examples/$(1)
	cmake -S examples/$(1) -B $(OUT)/examples/$(1) -G Ninja -DCMAKE_BUILD_TYPE=Release \
		-DCMAKE_TOOLCHAIN_FILE=$(abspath $(SDK_DIR))/CMakeFiles/AzureSphereToolchain.cmake \
		-DAZURE_SPHERE_TARGET_API_SET=latest-lts >/dev/null
	cmake --build $(OUT)/examples/$(1)
	cp $(OUT)/examples/$(1)/*.imagepackage $$@
endef
$(foreach e,$(SDK_EXAMPLES),$(eval $(call SDK_EXAMPLE_RULE,$(e))))
