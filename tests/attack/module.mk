# tests/attack/module.mk — the attack suite: the hostile app (every attempt
# in tests/attack/hostile/cases_*.c), the victim app and the gpio app (the
# GPIO line cases), each built into its package directory
# out/device/apps/<name>/, and the host script that boots them on the board.

ATTACK_HOSTILE_SRC := hostile.c errno_name.c cases_identity.c cases_files.c cases_proc.c \
	cases_exec.c cases_tasks.c cases_net.c cases_system.c cases_limits.c
ATTACK_HOSTILE_BIN := $(OUT)/device/apps/hostile/bin/hostile
ATTACK_VICTIM_BIN := $(OUT)/device/apps/victim/bin/victim
ATTACK_GPIO_BIN := $(OUT)/device/apps/gpio/bin/gpio

$(ATTACK_HOSTILE_BIN): $(ATTACK_HOSTILE_SRC:%=tests/attack/hostile/%) tests/attack/attempts.c \
		tests/attack/attempts.h tests/attack/hostile/attack.h tests/attack/victim_names.h
	@mkdir -p $(@D)
	$(DEV_CC) $(DEV_CFLAGS) -o $@ $(filter %.c,$^) $(DEV_LDFLAGS)

$(ATTACK_VICTIM_BIN): tests/attack/victim/victim.c tests/attack/victim_names.h
	@mkdir -p $(@D)
	$(DEV_CC) $(DEV_CFLAGS) -Itests/attack -o $@ $< $(DEV_LDFLAGS)

$(ATTACK_GPIO_BIN): tests/attack/gpio/gpio.c tests/attack/hostile/errno_name.c \
		tests/attack/attempts.c tests/attack/attempts.h tests/attack/hostile/attack.h \
		pkg/include/spherule/le.h | $(DEV_KERNEL_INC)/linux
	@mkdir -p $(@D)
	$(DEV_CC) $(DEV_CFLAGS) -Itests/attack -Itests/attack/hostile -Ipkg/include -I$(DEV_KERNEL_INC) -o $@ \
		$(filter %.c,$^) $(DEV_LDFLAGS)

DEV_BINS += $(ATTACK_HOSTILE_BIN) $(ATTACK_VICTIM_BIN) $(ATTACK_GPIO_BIN)
TEST_SCRIPTS += tests/attack/test_attack.sh

# The network cases: the net app (allowlist, server ports), the resolver app
# (publishes host addresses), and the host peer they reach through the
# emulator's forwards.
ATTACK_NET_BIN := $(OUT)/device/apps/net/bin/net
ATTACK_RESOLVER_BIN := $(OUT)/device/apps/resolver/bin/resolver
ATTACK_HOST_PEER := $(OUT)/tests/attack/host_peer
ATTACK_CASE_SRC := tests/attack/case_report.c tests/attack/hostile/errno_name.c \
	tests/attack/attempts.c

$(ATTACK_NET_BIN): tests/attack/net/net.c $(ATTACK_CASE_SRC) tests/attack/case_report.h \
		tests/attack/attempts.h tests/attack/net_names.h
	@mkdir -p $(@D)
	$(DEV_CC) $(DEV_CFLAGS) -Itests/attack -o $@ $(filter %.c,$^) $(DEV_LDFLAGS)

$(ATTACK_RESOLVER_BIN): tests/attack/resolver/resolver.c $(ATTACK_CASE_SRC) \
		tests/attack/case_report.h tests/attack/attempts.h tests/attack/net_names.h
	@mkdir -p $(@D)
	$(DEV_CC) $(DEV_CFLAGS) -Itests/attack -o $@ $(filter %.c,$^) $(DEV_LDFLAGS)

$(ATTACK_HOST_PEER): tests/attack/host_peer.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -o $@ $<

DEV_BINS += $(ATTACK_NET_BIN) $(ATTACK_RESOLVER_BIN)
ALL_EXTRA += $(ATTACK_HOST_PEER)
