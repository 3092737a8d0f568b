# device/appmgr/module.mk — appmgr (PID 1, static musl armhf) into the root
# filesystem tree, the example and end-to-end test apps (each into its
# package directory out/device/apps/<name>/), and appmgr's host unit tests.

APPMGR_SRC := app_cgroup.c app_cmd.c app_echo.c app_identity.c app_launch.c app_limits.c app_policy.c \
	app_sandbox.c app_scan.c app_storage.c backoff.c board_conf.c caps.c clock_ms.c conf_lines.c console.c \
	gpio_chips.c gpio_map.c log.c log_ring.c main.c mem_report.c mounts.c proc_creds.c mtd_slots.c net_conf.c \
	net_up.c pid1_signals.c power_key.c shutdown.c signal_name.c slot_check.c slot_reader.c \
	small_file.c storage_budget.c supervisor.c supervisor_shutdown.c sysctl_conf.c text_filter.c \
	app_confirm.c app_debug.c secmon_mailbox.c secmon_port.c app_admit.c app_control.c app_install.c \
	app_peripherals.c \
	ctl_records.c ctl_server.c devctl_link.c slot_write.c slot_wear.c gpio_sim_ctl.c app_service.c app_svc_caps.c \
	app_svc_ops.c app_svc_system.c app_sysevent.c net_ifaces.c uart_conf.c update_gate.c app_svc_net.c \
	app_svc_time.c app_svc_resolve.c net_modes.c time_sync.c app_svc_update.c app_svc_update_sys.c \
	app_svc_deviceauth.c deviceauth.c deviceauth_publish.c der_cert.c pem.c \
	error_ring.c failure_report.c kmsg_watch.c app_svc_reports.c
APPMGR_BIN := $(ROOTFS_DIR)/sbin/appmgr
# The failure reports' CRC-32 is cramfs's (pkg/cramfs/cramfs_crc32.c), built here for both.
APPMGR_DEV_OBJ := $(APPMGR_SRC:%.c=$(OUT)/obj/appmgr/dev/%.o) $(OUT)/obj/appmgr/dev/cramfs_crc32.o

$(OUT)/obj/appmgr/dev/cramfs_crc32.o: pkg/cramfs/cramfs_crc32.c
	@mkdir -p $(@D)
	$(DEV_CC) $(DEV_CFLAGS) -Ipkg/include -MMD -MP -c -o $@ $<

$(OUT)/obj/appmgr/host/cramfs_crc32.o: pkg/cramfs/cramfs_crc32.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -Ipkg/include -MMD -MP -c -o $@ $<

$(OUT)/obj/appmgr/dev/%.o: device/appmgr/%.c | $(DEV_KERNEL_INC)/linux $(DEV_KERNEL_INC)/mtd
	@mkdir -p $(@D)
	$(DEV_CC) $(DEV_CFLAGS) -Ipkg/include -Ipkg/cramfs -Ipkg -Idevice/include -Isecmon/protocol -Idevice/sdk -I$(KERNEL_UAPI_INC) -I$(DEV_KERNEL_INC) \
		-MMD -MP -c -o $@ $<

$(APPMGR_BIN): $(APPMGR_DEV_OBJ) $(SDK_PROC_FIELD_OBJ) $(PKG_DEV_LDLIBS) $(MBOX_DEV_LIB)
	@mkdir -p $(@D)
	$(DEV_CC) $(DEV_CFLAGS) -o $@ $(APPMGR_DEV_OBJ) $(SDK_PROC_FIELD_OBJ) $(MBOX_DEV_LIB) $(PKG_DEV_LDLIBS) \
		$(DEV_LDFLAGS)

# Apps: one C file each, built into the package directory that
# `spherule image-package pack-application --package-directory` packs (their
# .d files go to out/obj/apps/, not into the package). execstack and rwxload
# are linked to ask for executable memory (an executable stack; one writable
# and executable PT_LOAD), which appmgr must refuse; stubborn ignores SIGTERM;
# churn starts and ends 1,000 processes (make test-long).
# The examples (examples/<name>/<name>.c) are the sample apps of `make run`.
APPMGR_EXAMPLE_APPS := hello counter
APPMGR_TEST_APPS := crasher forkbomb memhog spew probe execstack rwxload stubborn churn sdkcrash exit3
APPMGR_APP_BINS := $(foreach a,$(APPMGR_EXAMPLE_APPS) $(APPMGR_TEST_APPS),$(OUT)/device/apps/$(a)/bin/$(a))
APPMGR_APP_LDFLAGS_execstack := -Wl,-z,execstack -Wl,--no-warn-execstack
APPMGR_APP_LDFLAGS_rwxload := -Wl,-N -Wl,--no-warn-rwx-segments
# sdkcrash links applibs as SDK apps do, its crash handler pulled in as the
# SDK's link flags pull it (failure reports, tests/e2e/test_error_reports.sh).
APPMGR_APP_CFLAGS_sdkcrash := -I$(SDK_APPLIBS_INCLUDE)
APPMGR_APP_LIBS_sdkcrash := $(SDK_APPLIBS_LIB)
APPMGR_APP_LDFLAGS_sdkcrash := -Wl,-u,applibs_crash_handler_install

# $(1) = app name, $(2) = its source file
define APPMGR_APP_RULE
$(OUT)/device/apps/$(1)/bin/$(1): $(2) $$(APPMGR_APP_LIBS_$(1))
	@mkdir -p $$(@D) $(OUT)/obj/apps
	$$(DEV_CC) $$(DEV_CFLAGS) $$(APPMGR_APP_CFLAGS_$(1)) -MMD -MP -MF $(OUT)/obj/apps/$(1).d -o $$@ $$< \
		$$(APPMGR_APP_LIBS_$(1)) $$(DEV_LDFLAGS) $$(APPMGR_APP_LDFLAGS_$(1))
endef
$(foreach a,$(APPMGR_EXAMPLE_APPS),$(eval $(call APPMGR_APP_RULE,$(a),examples/$(a)/$(a).c)))
$(foreach a,$(APPMGR_TEST_APPS),$(eval $(call APPMGR_APP_RULE,$(a),tests/e2e/apps/$(a)/$(a).c)))

DEV_BINS += $(APPMGR_BIN) $(APPMGR_APP_BINS)

# Host unit tests of the pure parts: each test links the appmgr files it covers.
APPMGR_UNIT_TESTS := log_ring backoff slots budgets argv echo policy gpio_map net_conf shutdown \
	storage_budget storage admit update_gate uart_conf app_service slot_wear error_ring kmsg_watch
APPMGR_TEST_OBJ_log_ring := log_ring
APPMGR_TEST_OBJ_error_ring := error_ring small_file cramfs_crc32
APPMGR_TEST_OBJ_kmsg_watch := kmsg_watch failure_report error_ring small_file cramfs_crc32 log log_ring console
APPMGR_TEST_OBJ_slot_wear := slot_wear conf_lines small_file
APPMGR_TEST_OBJ_backoff := backoff
APPMGR_TEST_OBJ_slots := mtd_slots slot_reader small_file
APPMGR_TEST_OBJ_budgets := board_conf app_peripherals conf_lines app_limits small_file
APPMGR_TEST_OBJ_argv := app_cmd
APPMGR_TEST_OBJ_echo := app_echo console log_ring text_filter
APPMGR_TEST_OBJ_policy := app_policy
APPMGR_TEST_OBJ_gpio_map := gpio_map conf_lines small_file
APPMGR_TEST_OBJ_net_conf := net_conf conf_lines small_file
APPMGR_TEST_OBJ_shutdown := shutdown pid1_signals signal_name board_conf app_peripherals conf_lines small_file
APPMGR_TEST_OBJ_storage_budget := storage_budget board_conf app_peripherals conf_lines small_file
APPMGR_TEST_OBJ_storage := app_storage log log_ring console
APPMGR_TEST_OBJ_admit := app_admit app_peripherals app_policy gpio_map storage_budget board_conf conf_lines \
	small_file
APPMGR_TEST_OBJ_update_gate := update_gate
APPMGR_TEST_OBJ_uart_conf := uart_conf app_svc_caps conf_lines small_file
# The app service against a fake app end; the test itself fakes app_svc_system.h.
APPMGR_TEST_OBJ_app_service := app_service app_svc_ops app_sysevent app_svc_caps uart_conf update_gate \
	gpio_map conf_lines small_file log log_ring console app_svc_net app_svc_time app_svc_resolve net_modes \
	time_sync net_conf app_policy app_svc_update app_svc_deviceauth deviceauth deviceauth_publish der_cert pem \
	app_svc_reports error_ring cramfs_crc32
# The mailbox codec, for the OS requests the update ops forward; the test
# certificates (OpenSSL) for the device certificate's ops.
APPMGR_TEST_LIBS_app_service = $(MBOX_HOST_LIB) $(DEVICEAUTH_TEST_LIB)

# Device certificates made with OpenSSL for the host tests of appmgr's
# DEVICEAUTH ops and updated's certificate requests.
DEVICEAUTH_TEST_LIB := $(OUT)/lib/libdeviceauth-test.a
$(OUT)/obj/tests/deviceauth_test_cert.o: tests/unit/deviceauth_test_cert.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -Ipkg -Idevice/appmgr -MMD -MP -c -o $@ $<
$(DEVICEAUTH_TEST_LIB): $(OUT)/obj/tests/deviceauth_test_cert.o
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^
-include $(OUT)/obj/tests/deviceauth_test_cert.d

# The device certificate's device code (mbedTLS) under qemu-arm: a key pair
# as updated makes it, appmgr's check of what it hands over.
DEVICEAUTH_DEVICE_TEST := $(OUT)/tests/unit/device/deviceauth_device
DEVICEAUTH_DEVICE_OBJ := $(addprefix $(OUT)/obj/appmgr/dev/,deviceauth.o deviceauth_publish.o der_cert.o pem.o small_file.o)
$(DEVICEAUTH_DEVICE_TEST): tests/unit/deviceauth_device.c $(DEVICEAUTH_DEVICE_OBJ) $(PKG_DEV_LDLIBS)
	@mkdir -p $(@D)
	$(DEV_CC) $(DEV_CFLAGS) -Ipkg -Ipkg/include -Idevice/include -Idevice/appmgr -MMD -MP -o $@ $< \
		$(DEVICEAUTH_DEVICE_OBJ) $(PKG_DEV_LDLIBS) $(DEV_LDFLAGS)
-include $(DEVICEAUTH_DEVICE_TEST).d

$(OUT)/obj/appmgr/host/%.o: device/appmgr/%.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -Ipkg/include -Ipkg/cramfs -Ipkg -Idevice/include -Isecmon/protocol -I$(KERNEL_UAPI_INC) -MMD -MP -c -o $@ $<

$(OUT)/obj/appmgr/host/test_appmgr_%.o: tests/unit/test_appmgr_%.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -Ipkg/include -Idevice/include -Isecmon/protocol -I$(KERNEL_UAPI_INC) -Idevice/appmgr \
		-MMD -MP -c -o $@ $<

# $(1) = test name; the package library for the manifest's rules: the argv
# test (EntryPoint), the policy test (DNS-SD names), those linking
# board_conf (peripheral kinds and names) and the uart_conf and app_service
# tests (peripheral names).
# Every test links the error-detail carrier, pkg's host object (the parsers
# and app_cmd give their reasons in a struct error_detail).
APPMGR_TEST_NEEDS_PKG := argv policy budgets shutdown storage_budget admit uart_conf app_service
define APPMGR_UNIT_TEST_RULE
$(OUT)/tests/unit/test_appmgr_$(1): $(OUT)/obj/appmgr/host/test_appmgr_$(1).o \
		$(APPMGR_TEST_OBJ_$(1):%=$(OUT)/obj/appmgr/host/%.o) $(PKG_ERROR_DETAIL_HOST_OBJ) \
		$(if $(filter $(1),$(APPMGR_TEST_NEEDS_PKG)),$(PKG_HOST_LIB)) $$(APPMGR_TEST_LIBS_$(1))
	@mkdir -p $$(@D)
	$$(CC) $$(HOST_CFLAGS) -o $$@ $$(filter %.o,$$^) $$(APPMGR_TEST_LIBS_$(1)) \
		$(if $(filter $(1),$(APPMGR_TEST_NEEDS_PKG)),$$(PKG_HOST_LDLIBS))
endef
$(foreach t,$(APPMGR_UNIT_TESTS),$(eval $(call APPMGR_UNIT_TEST_RULE,$(t))))

UNIT_TESTS += $(APPMGR_UNIT_TESTS:%=$(OUT)/tests/unit/test_appmgr_%)
# appmgr --check under qemu-arm (user mode, no kernel) against a secmon
# serving a flash whose app slots hold apps packed by the CLI.
UNIT_SCRIPTS += tests/unit/test_appmgr_check.sh
# examples/counter under qemu-arm against a temporary storage directory.
UNIT_SCRIPTS += tests/unit/test_example_counter.sh
UNIT_SCRIPTS += tests/unit/test_deviceauth_mbedtls.sh
UNIT_SCRIPT_NEEDS += $(DEVICEAUTH_DEVICE_TEST)
UNIT_SCRIPT_NEEDS += $(APPMGR_BIN) $(APPMGR_APP_BINS) $(OUT)/bin/spherule $(SECMON)

-include $(APPMGR_DEV_OBJ:.o=.d) $(wildcard $(OUT)/obj/appmgr/host/*.d) \
	$(patsubst %,$(OUT)/obj/apps/%.d,$(APPMGR_EXAMPLE_APPS) $(APPMGR_TEST_APPS))
