# device/netmgr/module.mk - netmgr, the network manager system app. So far
# its DNS message codec (dns_name.c, dns_msg.c), built for the host for its
# unit test. The daemon comes next.

NETMGR_DNS_SRC := $(addprefix device/netmgr/,dns_name.c dns_msg.c)
NETMGR_HOST_OBJ := $(NETMGR_DNS_SRC:device/netmgr/%.c=$(OUT)/obj/netmgr/host/%.o)
NETMGR_UNIT_TEST := $(OUT)/tests/unit/test_netmgr_dns
UNIT_TESTS += $(NETMGR_UNIT_TEST)

$(OUT)/obj/netmgr/host/%.o: device/netmgr/%.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -MMD -MP -c -o $@ $<

$(NETMGR_UNIT_TEST): tests/unit/test_netmgr_dns.c $(NETMGR_HOST_OBJ)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -Idevice/netmgr -Itests/unit -MMD -MP -o $@ $< $(NETMGR_HOST_OBJ)

-include $(NETMGR_HOST_OBJ:.o=.d) $(NETMGR_UNIT_TEST).d

