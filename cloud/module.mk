# cloud/module.mk - spherule-cloud, the update service (docs/cloud-api.md):
# libmicrohttpd, jansson, SQLite and libpq, pkg/ (image readers, metadata
# builder) and secmon/protocol's attestation verifier. The schema
# (cloud/schema.sql) is compiled in as a C string.

CLOUD_SRC := $(addprefix cloud/,main.c http.c routes.c api_util.c api_products.c api_groups.c api_devices.c \
	api_images.c api_deployments.c api_device.c device_auth.c metadata.c image_parse.c state_dir.c hex.c \
	db.c db_sqlite.c db_pg.c)
# Failure reports (issue 18, docs/cloud.md).
CLOUD_SRC += cloud/error_reports.c
# The dashboard (docs/cloud.md): its page compiled in, accounts and sessions.
CLOUD_DASHBOARD_FILES := index.html app.js style.css
CLOUD_SRC += cloud/dashboard.c cloud/account.c cloud/session.c
# Device certificates (docs/cloud.md).
CLOUD_SRC += $(addprefix cloud/,tenant_ca.c api_certificates.c os_measure.c)
# secmon's measurement chain (secmon/measure.c): the service extends each
# published OS image's boot chain with the code secure boot extends it with.
CLOUD_OBJ := $(CLOUD_SRC:cloud/%.c=$(OUT)/obj/cloud/%.o) $(OUT)/obj/cloud/schema.o \
	$(CLOUD_DASHBOARD_FILES:%=$(OUT)/obj/cloud/dashboard/%.o) $(OUT)/obj/secmon/measure.o
CLOUD_BIN := $(OUT)/bin/spherule-cloud
CLOUD_PG_INC := $(shell pg_config --includedir 2>/dev/null)
CLOUD_CFLAGS := $(PKG_HOST_CFLAGS) -Ipkg -Isecmon $(MBOX_INC) -I$(CLOUD_PG_INC)
CLOUD_LDLIBS := $(ATTEST_HOST_LIB) $(MBOX_HOST_LIB) $(PKG_HOST_LDLIBS) -lmicrohttpd -lsqlite3 -lpq

HOST_BINS += $(CLOUD_BIN)

$(OUT)/obj/cloud/%.o: cloud/%.c
	@mkdir -p $(@D)
	$(CC) $(CLOUD_CFLAGS) -MMD -MP -c -o $@ $<

# A text file as the lines of a C string literal ('?' escaped: no trigraphs).
CLOUD_C_STRING = sed 's/\\/\\\\/g; s/"/\\"/g; s/?/\\?/g; s/^/\t"/; s/$$/\\n"/' $<

# schema.sql as the string cloud_schema_sql (db.h).
$(OUT)/obj/cloud/schema.c: cloud/schema.sql
	@mkdir -p $(@D)
	{ echo '/* Generated from cloud/schema.sql by cloud/module.mk. */'; \
	  echo 'const char cloud_schema_sql[] ='; \
	  $(CLOUD_C_STRING); echo ';'; } > $@

# The dashboard's files as dashboard_NAME[] and dashboard_NAME_len
# (dashboard.h; NAME: the file name with _ for .).
$(OUT)/obj/cloud/dashboard/%.c: cloud/dashboard/%
	@mkdir -p $(@D)
	{ echo '/* Generated from $< by cloud/module.mk. */'; echo '#include <stddef.h>'; \
	  echo 'const char dashboard_$(subst .,_,$*)[] ='; $(CLOUD_C_STRING); echo ';'; \
	  echo 'const size_t dashboard_$(subst .,_,$*)_len = sizeof(dashboard_$(subst .,_,$*)) - 1;'; } > $@

$(OUT)/obj/cloud/dashboard/%.o: $(OUT)/obj/cloud/dashboard/%.c
	$(CC) $(HOST_CFLAGS) -c -o $@ $<

$(OUT)/obj/cloud/schema.o: $(OUT)/obj/cloud/schema.c
	$(CC) $(HOST_CFLAGS) -c -o $@ $<

$(CLOUD_BIN): $(CLOUD_OBJ) $(ATTEST_HOST_LIB) $(MBOX_HOST_LIB) $(PKG_HOST_LIB)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -o $@ $(CLOUD_OBJ) $(CLOUD_LDLIBS)

-include $(CLOUD_OBJ:.o=.d)

# Its tests: the device's side without a board (tests/unit/cloud_fake_device.c:
# attestations, bundle verification, test images), and the suite, run once
# against SQLite and once against a private PostgreSQL cluster.
CLOUD_FAKE_DEVICE := $(OUT)/tests/unit/cloud_fake_device
UNIT_SCRIPTS += tests/unit/test_cloud.sh
UNIT_SCRIPT_NEEDS += $(CLOUD_BIN) $(CLOUD_FAKE_DEVICE)
# The dashboard in headless Chromium over WebDriver (tests/unit/dashboard_webdriver.py).
UNIT_SCRIPTS += tests/unit/test_dashboard.sh

# The attestation maker (shared with bench/cloud/cloud_checkin.c) and the
# service's hex codec, linked in with it ($(CLOUD_ATTEST_SIM_OBJ)).
CLOUD_ATTEST_SIM := $(OUT)/obj/cloud/tests/cloud_attest_sim.o
CLOUD_ATTEST_SIM_OBJ := $(CLOUD_ATTEST_SIM) $(OUT)/obj/cloud/hex.o
CLOUD_TEST_CFLAGS := $(PKG_TEST_CFLAGS) $(MBOX_INC) -Icloud

# Simulated failure reports (tests/unit/cloud_report_sim.c), in the fake
# device and the load generator as the attestation maker is.
CLOUD_REPORT_SIM := $(OUT)/obj/cloud/tests/cloud_report_sim.o
CLOUD_ATTEST_SIM_OBJ += $(CLOUD_REPORT_SIM)

$(CLOUD_REPORT_SIM): tests/unit/cloud_report_sim.c
	@mkdir -p $(@D)
	$(CC) $(CLOUD_TEST_CFLAGS) -MMD -MP -c -o $@ $<

-include $(CLOUD_REPORT_SIM:.o=.d)

$(CLOUD_ATTEST_SIM): tests/unit/cloud_attest_sim.c
	@mkdir -p $(@D)
	$(CC) $(CLOUD_TEST_CFLAGS) -MMD -MP -c -o $@ $<

# Its certificate requests attest with secmon's own code (libsecmon's
# mbox_attest() and measure.c) over pkg's deviceauth_request_nonce().
CLOUD_FAKE_DEVICE_OBJ := $(CLOUD_ATTEST_SIM_OBJ)

$(CLOUD_FAKE_DEVICE): tests/unit/cloud_fake_device.c $(CLOUD_FAKE_DEVICE_OBJ) $(PKG_TEST_SUPPORT) $(SECMON_LIB) \
		$(MBOX_HOST_LIB) $(PKG_HOST_LIB) | $(FLASH_LAYOUT_H)
	@mkdir -p $(@D)
	$(CC) $(CLOUD_TEST_CFLAGS) -Isecmon -I$(FLASH_LAYOUT_GEN) -MMD -MP -o $@ $< $(CLOUD_FAKE_DEVICE_OBJ) \
		$(PKG_TEST_SUPPORT) $(SECMON_LIB) $(MBOX_HOST_LIB) $(PKG_HOST_LDLIBS)

-include $(CLOUD_FAKE_DEVICE).d $(CLOUD_ATTEST_SIM:.o=.d)

# The service's OS measurements against secmon's own secure boot and
# attestation (tests/unit/test_cloud_os_measure.c, on secmon's OS rig).
CLOUD_OS_MEASURE_TEST := $(OUT)/tests/unit/test_cloud_os_measure
CLOUD_OS_MEASURE_OBJ := $(addprefix $(OUT)/obj/cloud/,os_measure.o hex.o db.o db_sqlite.o db_pg.o schema.o)
UNIT_TESTS += $(CLOUD_OS_MEASURE_TEST)

$(CLOUD_OS_MEASURE_TEST): tests/unit/test_cloud_os_measure.c $(CLOUD_OS_MEASURE_OBJ) $(SECMON_OS_RIG_OBJ) $(SECMON_LIB) \
		$(MBOX_HOST_LIB) $(PKG_HOST_LIB) | $(FLASH_LAYOUT_H)
	@mkdir -p $(@D)
	$(CC) $(CLOUD_CFLAGS) -Icloud -Isecmon -I$(FLASH_LAYOUT_GEN) -Itests/unit -MMD -MP -o $@ $< $(CLOUD_OS_MEASURE_OBJ) \
		$(SECMON_OS_RIG_OBJ) $(SECMON_LIB) $(MBOX_HOST_LIB) $(PKG_HOST_LDLIBS) -lsqlite3 -lpq

-include $(CLOUD_OS_MEASURE_TEST).d
