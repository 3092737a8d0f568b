# tests/attack/module.mk — the attack suite: the hostile app (every attempt
# in tests/attack/hostile/cases_*.c), the victim app, the gpio app (the
# GPIO line cases), the network apps and the storage apps, each built into
# its package directory out/device/apps/<name>/, and the host script that
# boots them on the board.

# Every source compiles once into out/obj/attack/ (errno_name.c and
# attempts.c serve several apps), with the include paths of all of them.
ATTACK_OBJ := $(OUT)/obj/attack
ATTACK_CFLAGS := $(DEV_CFLAGS) -Itests/attack -Itests/attack/hostile -Ipkg/include -Idevice/include \
	-I$(KERNEL_UAPI_INC) -I$(DEV_KERNEL_INC)
ATTACK_HOSTILE_SRC := hostile.c errno_name.c cases_identity.c cases_files.c cases_proc.c \
	cases_exec.c cases_leaks.c cases_tasks.c cases_net.c cases_system.c cases_limits.c cases_audit.c \
	cases_storage.c cases_mailbox.c cases_appsvc.c
ATTACK_HOSTILE_BIN := $(OUT)/device/apps/hostile/bin/hostile
ATTACK_VICTIM_BIN := $(OUT)/device/apps/victim/bin/victim
ATTACK_GPIO_BIN := $(OUT)/device/apps/gpio/bin/gpio
ATTACK_HOG_BIN := $(OUT)/device/apps/hog/bin/hog

$(ATTACK_OBJ)/%.o: tests/attack/%.c | $(DEV_KERNEL_INC)/linux
	@mkdir -p $(@D)
	$(DEV_CC) $(ATTACK_CFLAGS) -MMD -MP -c -o $@ $<

$(ATTACK_HOSTILE_BIN): $(ATTACK_HOSTILE_SRC:%.c=$(ATTACK_OBJ)/hostile/%.o) $(ATTACK_OBJ)/attempts.o \
	$(ATTACK_OBJ)/case_report.o
	@mkdir -p $(@D)
	$(DEV_CC) $(DEV_CFLAGS) -o $@ $^ $(DEV_LDFLAGS)

# The hog apps (hog_pipes, hog_sockets, hog_shm, hog_fork: one binary,
# four manifests) exceed their RAM budget, each its own way.
$(ATTACK_HOG_BIN): $(ATTACK_OBJ)/hog/hog.o
	@mkdir -p $(@D)
	$(DEV_CC) $(DEV_CFLAGS) -o $@ $^ $(DEV_LDFLAGS)

$(ATTACK_VICTIM_BIN): $(ATTACK_OBJ)/victim/victim.o
	@mkdir -p $(@D)
	$(DEV_CC) $(DEV_CFLAGS) -o $@ $^ $(DEV_LDFLAGS)

$(ATTACK_GPIO_BIN): $(ATTACK_OBJ)/gpio/gpio.o $(ATTACK_OBJ)/hostile/errno_name.o $(ATTACK_OBJ)/attempts.o
	@mkdir -p $(@D)
	$(DEV_CC) $(DEV_CFLAGS) -o $@ $^ $(DEV_LDFLAGS)

DEV_BINS += $(ATTACK_HOSTILE_BIN) $(ATTACK_VICTIM_BIN) $(ATTACK_GPIO_BIN) $(ATTACK_HOG_BIN)
VM_SUITES += tests/attack/test_attack.sh
# tests/unit/test_appmgr_check.sh packs the gpio app.
UNIT_SCRIPT_NEEDS += $(ATTACK_GPIO_BIN)

# The network cases: the net app (allowlist, server ports, the loopback),
# the resolver app (publishes host addresses, answers on the resolver's
# port 127.0.0.1:53), and the host peer they reach through the emulator's
# forwards.
ATTACK_NET_BIN := $(OUT)/device/apps/net/bin/net
ATTACK_RESOLVER_BIN := $(OUT)/device/apps/resolver/bin/resolver
ATTACK_HOST_PEER := $(OUT)/tests/attack/host_peer
ATTACK_CASE_OBJ := $(addprefix $(ATTACK_OBJ)/,case_report.o hostile/errno_name.o attempts.o)

$(ATTACK_NET_BIN): $(addprefix $(ATTACK_OBJ)/net/,net.o loopback.o net_sockets.o) $(ATTACK_CASE_OBJ)
	@mkdir -p $(@D)
	$(DEV_CC) $(DEV_CFLAGS) -o $@ $^ $(DEV_LDFLAGS)

$(ATTACK_RESOLVER_BIN): $(addprefix $(ATTACK_OBJ)/resolver/,resolver.o dns_port.o) $(ATTACK_CASE_OBJ)
	@mkdir -p $(@D)
	$(DEV_CC) $(DEV_CFLAGS) -o $@ $^ $(DEV_LDFLAGS)

$(ATTACK_HOST_PEER): tests/attack/host_peer.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -MMD -MP -o $@ $<

DEV_BINS += $(ATTACK_NET_BIN) $(ATTACK_RESOLVER_BIN)
ALL_EXTRA += $(ATTACK_HOST_PEER)

# Per-app storage: the storage victim keeps a file open to everyone in its
# storage directory, the storage hostile app attacks it and its own quota
# (both MutableStorage 8 KiB; the hostile app, without storage, writes
# nowhere: hostile/cases_storage.c).
ATTACK_STORE_VICTIM_BIN := $(OUT)/device/apps/store_victim/bin/store_victim
ATTACK_STORE_HOSTILE_BIN := $(OUT)/device/apps/store_hostile/bin/store_hostile
ATTACK_STORE_HOSTILE_SRC := store_hostile.c cases_own.c cases_other.c cases_quota.c

$(ATTACK_STORE_VICTIM_BIN): $(ATTACK_OBJ)/store_victim/store_victim.o $(ATTACK_OBJ)/storage_files.o \
	$(ATTACK_CASE_OBJ)
	@mkdir -p $(@D)
	$(DEV_CC) $(DEV_CFLAGS) -o $@ $^ $(DEV_LDFLAGS)

$(ATTACK_STORE_HOSTILE_BIN): $(ATTACK_STORE_HOSTILE_SRC:%.c=$(ATTACK_OBJ)/store_hostile/%.o) \
	$(ATTACK_OBJ)/storage_files.o $(ATTACK_CASE_OBJ)
	@mkdir -p $(@D)
	$(DEV_CC) $(DEV_CFLAGS) -o $@ $^ $(DEV_LDFLAGS)

DEV_BINS += $(ATTACK_STORE_VICTIM_BIN) $(ATTACK_STORE_HOSTILE_BIN)

# The device certificate's cases (devauth/devauth.c): one binary, packed as
# devauth-reader (DeviceAuthentication) and devauth-outsider (storage only)
# by tests/e2e/test_device_cert.sh, which gets the device a certificate.
ATTACK_DEVAUTH_BIN := $(OUT)/device/apps/devauth/bin/devauth

$(ATTACK_DEVAUTH_BIN): $(ATTACK_OBJ)/devauth/devauth.o $(ATTACK_CASE_OBJ)
	@mkdir -p $(@D)
	$(DEV_CC) $(DEV_CFLAGS) -o $@ $^ $(DEV_LDFLAGS)

DEV_BINS += $(ATTACK_DEVAUTH_BIN)

-include $(wildcard $(ATTACK_OBJ)/*.d $(ATTACK_OBJ)/*/*.d) $(ATTACK_HOST_PEER).d
