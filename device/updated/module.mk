# device/updated/module.mk - updated, the update agent system app (issue 17,
# docs/ota.md), static musl armhf into its package directory
# out/device/apps/updated/ (packed with device/updated/app_manifest.json, its
# configuration etc/updated.conf beside it), and its pure parts built for the
# host for their unit tests.

# Headers: the app service protocol, the package library (update metadata),
# the mailbox codec (attestation), appmgr's config line reader, applibs'
# app service exchange.
UPDATED_CFLAGS := -Idevice/include -Ipkg/include -Ipkg -Isecmon/protocol -Idevice/appmgr -Idevice/sdk/applibs \
	-Idevice/netmgr -Idevice/gdbserver
UPDATED_PURE_SRC := http_client.c checkin_json.c update_plan.c updated_state.c os_layout.c updated_conf.c \
	cert_request.c cert_schedule.c
UPDATED_SRC := main.c agent.c agent_os.c agent_cert.c appmgr_ops.c attest.c service_api.c reports_upload.c $(UPDATED_PURE_SRC)
UPDATED_BIN := $(OUT)/device/apps/updated/bin/updated
UPDATED_CONF := $(OUT)/device/apps/updated/etc/updated.conf
UPDATED_DEV_OBJ := $(UPDATED_SRC:%.c=$(OUT)/obj/updated/dev/%.o)
# Shared: appmgr's line reader, small files and mailbox client, its PEM and
# DER of device certificates, gdbserver's
# hex, netmgr's app service client, applibs' exchange, the mailbox codec, the
# package library (update metadata, OS descriptions).
UPDATED_DEV_LINK := $(UPDATED_DEV_OBJ) $(OUT)/obj/appmgr/dev/conf_lines.o $(OUT)/obj/appmgr/dev/small_file.o \
	$(OUT)/obj/appmgr/dev/secmon_mailbox.o $(OUT)/obj/appmgr/dev/secmon_port.o $(OUT)/obj/appmgr/dev/clock_ms.o \
	$(OUT)/obj/appmgr/dev/pem.o $(OUT)/obj/appmgr/dev/der_cert.o $(OUT)/obj/appmgr/dev/deviceauth.o $(OUT)/obj/appmgr/dev/deviceauth_publish.o \
	$(OUT)/obj/gdbserver/dev/rsp_hex.o \
	$(OUT)/obj/netmgr/dev/svc_client.o $(OUT)/obj/sdk/applibs/dev/app_svc_transport.o \
	$(OUT)/obj/sdk/applibs/dev/storage_image.o $(OUT)/obj/pkg/dev/os_desc.o $(MBOX_DEV_LIB)

$(OUT)/obj/updated/dev/%.o: device/updated/%.c | $(PKG_MBEDTLS_INC)/.stamp
	@mkdir -p $(@D)
	$(DEV_CC) $(DEV_CFLAGS) $(UPDATED_CFLAGS) -I$(SDK_APPLIBS_INCLUDE) -MMD -MP -c -o $@ $<

$(UPDATED_BIN): $(UPDATED_DEV_LINK) $(PKG_DEV_LDLIBS)
	@mkdir -p $(@D)
	$(DEV_CC) $(DEV_CFLAGS) -o $@ $(UPDATED_DEV_LINK) $(PKG_DEV_LDLIBS) $(DEV_LDFLAGS)

# The service's metadata key (a PEM file, `spherule-cloud metadata-key`)
# becomes a metadata-key line when UPDATED_METADATA_KEY names it.
$(UPDATED_CONF): device/updated/updated.conf $(UPDATED_METADATA_KEY)
	@mkdir -p $(@D)
	install -m 0644 $< $@
	$(if $(UPDATED_METADATA_KEY),printf 'metadata-key %s\n' "$$(openssl ec -pubin -in $(UPDATED_METADATA_KEY) \
		-outform DER 2>/dev/null | tail -c 65 | od -An -v -tx1 | tr -d ' \n')" >> $@)

DEV_BINS += $(UPDATED_BIN) $(UPDATED_CONF)

$(OUT)/obj/updated/host/%.o: device/updated/%.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(UPDATED_CFLAGS) -MMD -MP -c -o $@ $<

# Host unit tests of the pure parts: the HTTP client against a loopback
# server of the test's own; the check-in JSON, the plan, the window, the
# state files, the OS image's layout in osstage, the configuration; the
# device certificate's request against a fake service of the test's own
# (OpenSSL issuing, appmgr's check of what it hands over) and its schedule.
UPDATED_UNIT_TESTS := http checkin cert
UPDATED_TEST_OBJ_http := http_client
UPDATED_TEST_LINK_http := $(OUT)/obj/tests/loopback_server.o
UPDATED_TEST_OBJ_checkin := checkin_json update_plan updated_state os_layout updated_conf
UPDATED_TEST_LINK_checkin := $(OUT)/obj/appmgr/host/conf_lines.o $(OUT)/obj/appmgr/host/small_file.o \
	$(OUT)/obj/gdbserver/host/rsp_hex.o
UPDATED_TEST_OBJ_cert := cert_request cert_schedule service_api http_client checkin_json updated_state
UPDATED_TEST_LINK_cert := $(OUT)/obj/appmgr/host/small_file.o $(OUT)/obj/appmgr/host/pem.o \
	$(OUT)/obj/appmgr/host/der_cert.o $(OUT)/obj/appmgr/host/deviceauth.o $(OUT)/obj/appmgr/host/deviceauth_publish.o \
	$(OUT)/obj/gdbserver/host/rsp_hex.o \
	$(OUT)/obj/tests/loopback_server.o $(DEVICEAUTH_TEST_LIB)

$(OUT)/obj/tests/loopback_server.o: tests/unit/loopback_server.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -MMD -MP -c -o $@ $<
-include $(OUT)/obj/tests/loopback_server.d

define UPDATED_UNIT_TEST_RULE
$(OUT)/tests/unit/test_updated_$(1): tests/unit/test_updated_$(1).c \
		$(UPDATED_TEST_OBJ_$(1):%=$(OUT)/obj/updated/host/%.o) $(UPDATED_TEST_LINK_$(1)) \
		$(PKG_ERROR_DETAIL_HOST_OBJ) $(PKG_HOST_LIB)
	@mkdir -p $$(@D)
	$$(CC) $$(HOST_CFLAGS) $$(UPDATED_CFLAGS) -Idevice/updated -Itests/unit -MMD -MP -o $$@ $$< \
		$$(filter %.o,$$^) $$(filter %.a,$$(UPDATED_TEST_LINK_$(1))) $$(PKG_HOST_LDLIBS)
endef
$(foreach t,$(UPDATED_UNIT_TESTS),$(eval $(call UPDATED_UNIT_TEST_RULE,$(t))))
UNIT_TESTS += $(UPDATED_UNIT_TESTS:%=$(OUT)/tests/unit/test_updated_%)

-include $(wildcard $(OUT)/obj/updated/host/*.d $(OUT)/obj/updated/dev/*.d) \
	$(UPDATED_UNIT_TESTS:%=$(OUT)/tests/unit/test_updated_%.d)
