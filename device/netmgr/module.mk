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
