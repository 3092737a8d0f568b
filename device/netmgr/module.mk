# device/netmgr/module.mk - netmgr, the network manager system app. So far
# its DNS message codec (dns_name.c, dns_msg.c) and its resolver for apps
# (dns_proxy.c and its pieces), built for the host for their unit tests and
# the codec's fuzz target. The daemon comes next.

NETMGR_DNS_SRC := $(addprefix device/netmgr/,dns_name.c dns_msg.c)
NETMGR_PROXY_SRC := $(addprefix device/netmgr/,dns_rate.c dns_pending.c dns_upstream.c \
	dns_publish.c dns_proxy.c)
NETMGR_INC := -Idevice/include -Idevice/netmgr
NETMGR_DNS_OBJ := $(NETMGR_DNS_SRC:device/netmgr/%.c=$(OUT)/obj/netmgr/host/%.o)
NETMGR_PROXY_OBJ := $(NETMGR_PROXY_SRC:device/netmgr/%.c=$(OUT)/obj/netmgr/host/%.o)
NETMGR_UNIT_TEST := $(OUT)/tests/unit/test_netmgr_dns
NETMGR_PROXY_TEST := $(OUT)/tests/unit/test_netmgr_dns_proxy
UNIT_TESTS += $(NETMGR_UNIT_TEST) $(NETMGR_PROXY_TEST)

$(OUT)/obj/netmgr/host/%.o: device/netmgr/%.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(NETMGR_INC) -MMD -MP -c -o $@ $<

$(NETMGR_UNIT_TEST): tests/unit/test_netmgr_dns.c $(NETMGR_DNS_OBJ)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(NETMGR_INC) -Itests/unit -MMD -MP -o $@ $< $(NETMGR_DNS_OBJ)

# The proxy over loopback sockets, with a fake upstream server and a fake
# svc_call (appmgr's RESOLVE_CHECK) of its own.
$(NETMGR_PROXY_TEST): tests/unit/test_netmgr_dns_proxy.c $(NETMGR_PROXY_OBJ) $(NETMGR_DNS_OBJ)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(NETMGR_INC) -Itests/unit -MMD -MP -o $@ $< $(NETMGR_PROXY_OBJ) \
		$(NETMGR_DNS_OBJ)

-include $(NETMGR_DNS_OBJ:.o=.d) $(NETMGR_PROXY_OBJ:.o=.d) $(NETMGR_UNIT_TEST).d \
	$(NETMGR_PROXY_TEST).d

# The codec's fuzz target (libFuzzer: clang, from scripts/deps.sh), compiled
# whole with the sanitizers, and the script that runs it over the seed
# corpus tests/fuzz/corpus/dns for DNS_FUZZ_SECONDS (20; make test-long: 600).
NETMGR_FUZZ := $(OUT)/fuzz/fuzz_dns
NETMGR_FUZZ_SRC := tests/fuzz/fuzz_dns.c $(NETMGR_DNS_SRC)
UNIT_SCRIPTS += tests/fuzz/test_dns_fuzz.sh
UNIT_SCRIPT_NEEDS += $(NETMGR_FUZZ)
LONG_TESTS += tests/fuzz/test_dns_fuzz.sh
LONG_TEST_NEEDS += $(NETMGR_FUZZ)

$(NETMGR_FUZZ): $(NETMGR_FUZZ_SRC) device/netmgr/dns_msg.h device/netmgr/dns_name.h
	@mkdir -p $(@D)
	clang -std=c11 -D_GNU_SOURCE -g -O1 -Wall -Wextra -Werror -Wno-unused-parameter \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Idevice/netmgr \
		-o $@ $(NETMGR_FUZZ_SRC)
