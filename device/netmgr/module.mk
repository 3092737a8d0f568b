# device/netmgr/module.mk - netmgr, the network manager system app (issue 16,
# docs/netmgr.md), static musl armhf into its package directory
# out/device/apps/netmgr/ (packed with device/netmgr/app_manifest.json),
# and its pure parts built for the host for their unit tests.

# Headers: the app service protocol, error details, appmgr's config line
# reader (conf_lines.c, shared), applibs' app service exchange (shared).
NETMGR_CFLAGS := -Idevice/include -Ipkg/include -Idevice/appmgr -Idevice/sdk/applibs -I$(SDK_APPLIBS_INCLUDE)

# The DNS proxy: the codec (dns_name, dns_msg) and the resolver for apps.
NETMGR_PROXY_SRC := dns_msg.c dns_name.c dns_pending.c dns_proxy.c dns_publish.c dns_rate.c dns_upstream.c
NETMGR_SRC := main.c appmgr_calls.c dhcp_client.c dhcp_msg.c netmgr_conf.c netmgr_sockets.c sntp_client.c \
	sntp_msg.c svc_client.c $(NETMGR_PROXY_SRC)
NETMGR_BIN := $(OUT)/device/apps/netmgr/bin/netmgr
# Its configuration, in its image package (apps read nothing of the rootfs).
NETMGR_CONF := $(OUT)/device/apps/netmgr/etc/netmgr.conf
NETMGR_DEV_OBJ := $(NETMGR_SRC:%.c=$(OUT)/obj/netmgr/dev/%.o)
# Shared: appmgr's line reader, the error-detail carrier, applibs' exchange.
NETMGR_DEV_LINK := $(NETMGR_DEV_OBJ) $(OUT)/obj/appmgr/dev/conf_lines.o $(OUT)/obj/appmgr/dev/small_file.o \
	$(OUT)/obj/pkg/dev/error_detail.o $(OUT)/obj/sdk/applibs/dev/app_svc_transport.o \
	$(OUT)/obj/sdk/applibs/dev/storage_image.o

$(OUT)/obj/netmgr/dev/%.o: device/netmgr/%.c
	@mkdir -p $(@D)
	$(DEV_CC) $(DEV_CFLAGS) $(NETMGR_CFLAGS) -MMD -MP -c -o $@ $<

$(NETMGR_BIN): $(NETMGR_DEV_LINK)
	@mkdir -p $(@D)
	$(DEV_CC) $(DEV_CFLAGS) -o $@ $(NETMGR_DEV_LINK) $(DEV_LDFLAGS)

$(NETMGR_CONF): device/netmgr/netmgr.conf
	@mkdir -p $(@D)
	install -m 0644 $< $@

DEV_BINS += $(NETMGR_BIN) $(NETMGR_CONF)

$(OUT)/obj/netmgr/host/%.o: device/netmgr/%.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(NETMGR_CFLAGS) -MMD -MP -c -o $@ $<

# Host unit tests: each links the netmgr files it covers (NETMGR_TEST_OBJ_x)
# and the shared objects it needs (NETMGR_TEST_LINK_x).
NETMGR_UNIT_TESTS := dns dns_proxy conf svc dhcp sntp
NETMGR_TEST_OBJ_dns := dns_name dns_msg
# The proxy over loopback sockets, with a fake upstream server and a fake
# svc_call (appmgr's RESOLVE_CHECK) of its own.
NETMGR_TEST_OBJ_dns_proxy := $(NETMGR_PROXY_SRC:.c=)
NETMGR_TEST_OBJ_conf := netmgr_conf
NETMGR_TEST_LINK_conf := $(OUT)/obj/appmgr/host/conf_lines.o $(OUT)/obj/appmgr/host/small_file.o \
	$(PKG_ERROR_DETAIL_HOST_OBJ)
NETMGR_TEST_OBJ_svc := svc_client
NETMGR_TEST_LINK_svc := $(OUT)/obj/sdk/applibs/host/app_svc_transport.o
NETMGR_TEST_OBJ_dhcp := dhcp_msg dhcp_client
NETMGR_TEST_OBJ_sntp := sntp_msg sntp_client

define NETMGR_UNIT_TEST_RULE
$(OUT)/tests/unit/test_netmgr_$(1): tests/unit/test_netmgr_$(1).c \
		$(NETMGR_TEST_OBJ_$(1):%=$(OUT)/obj/netmgr/host/%.o) $(NETMGR_TEST_LINK_$(1))
	@mkdir -p $$(@D)
	$$(CC) $$(HOST_CFLAGS) $$(NETMGR_CFLAGS) -Idevice/netmgr -Itests/unit -MMD -MP -o $$@ $$< \
		$$(filter %.o,$$^)
endef
$(foreach t,$(NETMGR_UNIT_TESTS),$(eval $(call NETMGR_UNIT_TEST_RULE,$(t))))
UNIT_TESTS += $(NETMGR_UNIT_TESTS:%=$(OUT)/tests/unit/test_netmgr_%)

# The daemon built for the host with a stand-in DNS proxy, run by
# test_netmgr_daemon.sh in a network namespace against a fake appmgr.
NETMGR_HOST_DAEMON := $(OUT)/tests/unit/netmgr_host
NETMGR_HOST_DAEMON_OBJ := $(filter-out $(NETMGR_PROXY_SRC),$(NETMGR_SRC))
$(NETMGR_HOST_DAEMON): $(NETMGR_HOST_DAEMON_OBJ:%.c=$(OUT)/obj/netmgr/host/%.o) tests/unit/netmgr_dns_proxy_stub.c \
		$(NETMGR_TEST_LINK_conf) $(NETMGR_TEST_LINK_svc) $(OUT)/obj/sdk/applibs/host/storage_image.o
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(NETMGR_CFLAGS) -Idevice/netmgr -MMD -MP -o $@ $(filter %.c %.o,$^)

UNIT_SCRIPTS += tests/unit/test_netmgr_daemon.sh
UNIT_SCRIPT_NEEDS += $(NETMGR_HOST_DAEMON)

-include $(NETMGR_HOST_DAEMON).d $(wildcard $(OUT)/obj/netmgr/host/*.d $(OUT)/obj/netmgr/dev/*.d) $(NETMGR_UNIT_TESTS:%=$(OUT)/tests/unit/test_netmgr_%.d)

# The codec's fuzz target (libFuzzer: clang, from scripts/deps.sh), compiled
# whole with the sanitizers, and the script that runs it over the seed
# corpus tests/fuzz/corpus/dns for DNS_FUZZ_SECONDS (20; make test-long: 600).
NETMGR_FUZZ := $(OUT)/fuzz/fuzz_dns
NETMGR_FUZZ_SRC := tests/fuzz/fuzz_dns.c device/netmgr/dns_name.c device/netmgr/dns_msg.c
UNIT_SCRIPTS += tests/fuzz/test_dns_fuzz.sh
UNIT_SCRIPT_NEEDS += $(NETMGR_FUZZ)
LONG_TESTS += tests/fuzz/test_dns_fuzz.sh
LONG_TEST_NEEDS += $(NETMGR_FUZZ)

$(NETMGR_FUZZ): $(NETMGR_FUZZ_SRC) device/netmgr/dns_msg.h device/netmgr/dns_name.h
	@mkdir -p $(@D)
	clang -std=c11 -D_GNU_SOURCE -g -O1 -Wall -Wextra -Werror -Wno-unused-parameter \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Idevice/netmgr \
		-o $@ $(NETMGR_FUZZ_SRC)
