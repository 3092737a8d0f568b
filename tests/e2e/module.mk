# tests/e2e: end-to-end tests on the booted board (the apps they use are
# built by device/appmgr/module.mk; the CLI by tools/module.mk).
VM_SUITES += tests/e2e/test_foundation.sh
VM_SUITES += tests/e2e/test_flash_cli.sh
VM_SUITES += tests/e2e/test_footprint.sh
VM_SUITES += tests/e2e/test_shutdown.sh
VM_SUITES += tests/e2e/test_os_slots.sh
VM_SUITES += tests/e2e/test_storage_counter.sh
# Debugging an app: gdbserver on the board, GDB (gdb-multiarch) on the host
# (the attack suite's host_peer, built by all, finds it a free port).
VM_SUITES += tests/e2e/test_gdbserver.sh
LONG_SUITES += tests/e2e/test_endurance.sh
# The device API (devctl, built by device/devctl/module.mk) and its power
# cuts: 20 in make test, 200 in make test-long (DEVCTL_CUTS).
VM_SUITES += tests/e2e/test_devctl.sh tests/e2e/test_devctl_powercut.sh
LONG_SUITES += tests/e2e/test_devctl_powercut.sh
# The SDK examples (examples/*/CMakeLists.txt), built with the SDK (make sdk)
# as a user builds them, deployed and driven through the simulated lines.
VM_SUITES += tests/e2e/test_sdk_examples.sh
VM_SUITE_NEEDS += sdk

# The secmon device suite: secmon_client, an app granted SecurityMonitor that
# uses the mailbox codec, and attest_check, the host's verifier of the
# attestation it prints.
VM_SUITES += tests/e2e/test_secmon_device.sh
SECMON_CLIENT_BIN := $(OUT)/device/apps/secmon_client/bin/secmon_client
ATTEST_CHECK := $(OUT)/tests/e2e/attest_check
VM_SUITE_NEEDS += $(SECMON_CLIENT_BIN) $(ATTEST_CHECK)

$(SECMON_CLIENT_BIN): tests/e2e/apps/secmon_client/secmon_client.c $(MBOX_DEV_LIB)
	@mkdir -p $(@D) $(OUT)/obj/apps
	$(DEV_CC) $(DEV_CFLAGS) $(MBOX_INC) -MMD -MP -MF $(OUT)/obj/apps/secmon_client.d -o $@ $< \
		$(MBOX_DEV_LIB) $(DEV_LDFLAGS)

$(ATTEST_CHECK): tests/e2e/attest_check.c $(ATTEST_HOST_LIB) $(MBOX_HOST_LIB) $(PKG_HOST_LIB)
	@mkdir -p $(@D)
	$(CC) $(PKG_HOST_CFLAGS) $(MBOX_INC) -o $@ $< $(ATTEST_HOST_LIB) $(MBOX_HOST_LIB) $(PKG_HOST_LDLIBS)

-include $(OUT)/obj/apps/secmon_client.d

# The board's simulated GPIO lines and its apps' UART (issue 15): gpio_echo,
# an app that copies a simulated button (GPIO 12, edge events) to a
# simulated LED (GPIO 9), driven and read from the host through devctl.
VM_SUITES += tests/e2e/test_board_gpio.sh
GPIO_ECHO_BIN := $(OUT)/device/apps/gpio_echo/bin/gpio_echo
VM_SUITE_NEEDS += $(GPIO_ECHO_BIN)

$(GPIO_ECHO_BIN): tests/e2e/apps/gpio_echo/gpio_echo.c | $(DEV_KERNEL_INC)/linux
	@mkdir -p $(@D) $(OUT)/obj/apps
	$(DEV_CC) $(DEV_CFLAGS) -I$(DEV_KERNEL_INC) -MMD -MP -MF $(OUT)/obj/apps/gpio_echo.d -o $@ $< $(DEV_LDFLAGS)

-include $(OUT)/obj/apps/gpio_echo.d

# netmgr on the board (issue 16): netprobe resolves names with getaddrinfo
# and connects; the network's DNS and SNTP servers and a greeter run on the
# host (tests/e2e/net_servers.py) behind guestfwd rules.
VM_SUITES += tests/e2e/test_netmgr.sh
NETPROBE_BIN := $(OUT)/device/apps/netprobe/bin/netprobe
# ipconf: an app's own IP configuration through applibs (NetworkConfig).
IPCONF_BIN := $(OUT)/device/apps/ipconf/bin/ipconf
VM_SUITE_NEEDS += $(NETPROBE_BIN) $(IPCONF_BIN)

$(IPCONF_BIN): tests/e2e/apps/ipconf/ipconf.c $(SDK_APPLIBS_LIB)
	@mkdir -p $(@D) $(OUT)/obj/apps
	$(DEV_CC) $(DEV_CFLAGS) -I$(SDK_APPLIBS_INCLUDE) -MMD -MP -MF $(OUT)/obj/apps/ipconf.d -o $@ $< \
		$(SDK_APPLIBS_LIB) $(DEV_LDFLAGS)

$(NETPROBE_BIN): tests/e2e/apps/netprobe/netprobe.c
	@mkdir -p $(@D) $(OUT)/obj/apps
	$(DEV_CC) $(DEV_CFLAGS) -MMD -MP -MF $(OUT)/obj/apps/netprobe.d -o $@ $< $(DEV_LDFLAGS)

-include $(OUT)/obj/apps/netprobe.d $(OUT)/obj/apps/ipconf.d

# Over the air (issue 17): updated on the board against a spherule-cloud of
# the test's own behind tests/e2e/ota_proxy.py (the attacker in the middle):
# metadata attacks, a corrupt and a cut download, an app and an OS update
# through secmon's A/B slots, and a new OS rolled back by the trial deadline.
VM_SUITES += tests/e2e/test_ota.sh
# The device certificate (issue 18): updated, appmgr and spherule-cloud.
VM_SUITES += tests/e2e/test_device_cert.sh
VM_SUITE_NEEDS += $(OUT)/bin/spherule-cloud

# Failure reports (issue 18): sdkcrash's crash (its applibs crash handler)
# and exit3's exit recorded by appmgr, uploaded by updated to a spherule-cloud
# of the test's own, shown by GET /v1/error-reports; nothing lost across a
# power-off with the service down.
VM_SUITES += tests/e2e/test_error_reports.sh
