# device/devctl/module.mk — devctl, the device-control system app (static
# musl armhf), into its package directory out/device/apps/devctl/ (packed
# with device/devctl/app_manifest.json), and its host unit tests: the same
# sources built for the host, against a fake appmgr.

DEVCTL_SRC := api_apps.c api_common.c api_device.c api_log.c api_simulate.c api_update.c body.c ctl_client.c ctl_errors.c \
	drain.c http_request.c http_response.c json_in.c json_out.c link.c log_lines.c query.c router.c serve.c \
	uuid_text.c
DEVCTL_CFLAGS := -Idevice/include -Ipkg/include
DEVCTL_BIN := $(OUT)/device/apps/devctl/bin/devctl
DEVCTL_DEV_OBJ := $(DEVCTL_SRC:%.c=$(OUT)/obj/devctl/dev/%.o) $(OUT)/obj/devctl/dev/main.o
# main.c reads its descriptors with applibs' app_svc_env_fd().
DEVCTL_DEV_LINK := $(DEVCTL_DEV_OBJ) $(OUT)/obj/sdk/applibs/dev/app_svc_transport.o

$(OUT)/obj/devctl/dev/main.o: DEVCTL_CFLAGS += -Idevice/sdk/applibs

$(OUT)/obj/devctl/dev/%.o: device/devctl/%.c
	@mkdir -p $(@D)
	$(DEV_CC) $(DEV_CFLAGS) $(DEVCTL_CFLAGS) -MMD -MP -c -o $@ $<

# pkg_uuid_text() is the only part of the package library it links.
$(DEVCTL_BIN): $(DEVCTL_DEV_LINK) $(PKG_DEV_LIB)
	@mkdir -p $(@D)
	$(DEV_CC) $(DEV_CFLAGS) -o $@ $(DEVCTL_DEV_LINK) $(PKG_DEV_LIB) $(DEV_LDFLAGS)

DEV_BINS += $(DEVCTL_BIN)

# Host tests: test_devctl_http the pure parts (request heads, JSON in and
# out, ids, the errno table), test_devctl_api every path through the
# server loop against a fake appmgr, test_devctl_fuzz random and mutated
# requests (DEVCTL_FUZZ_SECONDS, default 3).
DEVCTL_HOST_OBJ := $(DEVCTL_SRC:%.c=$(OUT)/obj/devctl/host/%.o) $(OUT)/obj/pkg/host/pkg_text.o
DEVCTL_UNIT_TESTS := $(addprefix $(OUT)/tests/unit/,test_devctl_http test_devctl_api test_devctl_fuzz)
DEVCTL_TEST_SUPPORT := $(OUT)/obj/devctl/host/devctl_fake_appmgr.o $(OUT)/obj/devctl/host/devctl_rig.o

$(OUT)/obj/devctl/host/%.o: device/devctl/%.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(DEVCTL_CFLAGS) -MMD -MP -c -o $@ $<

$(OUT)/obj/devctl/host/%.o: tests/unit/%.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(DEVCTL_CFLAGS) -Idevice/devctl -Itests/unit -MMD -MP -c -o $@ $<

$(OUT)/tests/unit/test_devctl_%: $(OUT)/obj/devctl/host/test_devctl_%.o $(DEVCTL_HOST_OBJ) $(DEVCTL_TEST_SUPPORT)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -pthread -o $@ $^ -ljansson

UNIT_TESTS += $(DEVCTL_UNIT_TESTS)

-include $(DEVCTL_DEV_OBJ:.o=.d) $(wildcard $(OUT)/obj/devctl/host/*.d)
