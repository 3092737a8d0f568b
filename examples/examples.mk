# examples/examples.mk - the SDK examples (examples/<name>/CMakeLists.txt)
# built with the SDK as a user builds them (CMake, Ninja, the SDK's toolchain
# file; docs/sdk.md), each into $(OUT)/examples/<name>/ and its package
# copied to $(OUT)/examples/<name>.imagepackage, signed with the tree's
# development key. `make examples` builds them; `make run` boots blink.
# Included by the top Makefile after device/sdk/layout.mk (it needs
# SDK_PARTS); the older examples with a Makefile rule (hello, counter) are
# device/appmgr/module.mk's. SDK_EXAMPLE_ARGS_<name> and SDK_EXAMPLE_NEEDS_<name>
# are an example's own configure arguments and what they need.

SDK_EXAMPLES := $(patsubst examples/%/CMakeLists.txt,%,$(wildcard examples/*/CMakeLists.txt))
SDK_EXAMPLE_PKGS := $(SDK_EXAMPLES:%=$(OUT)/examples/%.imagepackage)

.PHONY: examples
examples: $(SDK_EXAMPLE_PKGS)

# https_get trusts the tree's example CA, made once (its key stays beside it,
# for a server of one's own; the tests make their own CA): examples/https_get/
# CMakeLists.txt copies it to its certs/ca.pem.
HTTPS_GET_CA := $(OUT)/examples/https_get-ca/ca.pem
SDK_EXAMPLE_ARGS_https_get := -DHTTPS_GET_CA_CERT=$(abspath $(HTTPS_GET_CA))
SDK_EXAMPLE_NEEDS_https_get := $(HTTPS_GET_CA)
# mutual_tls trusts it too, as its server's CA (MUTUAL_TLS_SERVER_CA).
SDK_EXAMPLE_ARGS_mutual_tls := -DMUTUAL_TLS_SERVER_CA=$(abspath $(HTTPS_GET_CA))
SDK_EXAMPLE_NEEDS_mutual_tls := $(HTTPS_GET_CA)

$(HTTPS_GET_CA):
	@mkdir -p $(@D)
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
		-subj "/CN=Spherule example CA" -keyout $(@D)/ca.key -out $@ 2>/dev/null

define SDK_EXAMPLE_RULE
$(OUT)/examples/$(1).imagepackage: $(wildcard examples/$(1)/*.* examples/common/*) $(SDK_PARTS) \
		$(SDK_EXAMPLE_NEEDS_$(1))
	rm -rf $(OUT)/examples/$(1)
	cmake -S examples/$(1) -B $(OUT)/examples/$(1) -G Ninja -DCMAKE_BUILD_TYPE=Release \
		-DCMAKE_TOOLCHAIN_FILE=$(abspath $(SDK_DIR))/CMakeFiles/AzureSphereToolchain.cmake \
		-DAZURE_SPHERE_TARGET_API_SET=latest-lts $(SDK_EXAMPLE_ARGS_$(1)) >/dev/null
	cmake --build $(OUT)/examples/$(1)
	cp $(OUT)/examples/$(1)/*.imagepackage $$@
endef
$(foreach e,$(SDK_EXAMPLES),$(eval $(call SDK_EXAMPLE_RULE,$(e))))
