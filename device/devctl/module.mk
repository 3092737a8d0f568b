# device/devctl/module.mk — devctl, the device-control system app (static
# musl armhf), into its package directory out/device/apps/devctl/ (packed
# with device/devctl/app_manifest.json).

DEVCTL_SRC := api_apps.c api_common.c api_device.c api_log.c api_update.c body.c ctl_client.c ctl_errors.c \
	drain.c http_request.c http_response.c json_in.c json_out.c link.c log_lines.c query.c router.c serve.c \
	uuid_text.c
DEVCTL_CFLAGS := -Idevice/include -Ipkg/include
DEVCTL_BIN := $(OUT)/device/apps/devctl/bin/devctl
DEVCTL_DEV_OBJ := $(DEVCTL_SRC:%.c=$(OUT)/obj/devctl/dev/%.o) $(OUT)/obj/devctl/dev/main.o

$(OUT)/obj/devctl/dev/%.o: device/devctl/%.c
	@mkdir -p $(@D)
	$(DEV_CC) $(DEV_CFLAGS) $(DEVCTL_CFLAGS) -MMD -MP -c -o $@ $<

# pkg_uuid_text() is the only part of the package library it links.
$(DEVCTL_BIN): $(DEVCTL_DEV_OBJ) $(PKG_DEV_LIB)
	@mkdir -p $(@D)
	$(DEV_CC) $(DEV_CFLAGS) -o $@ $(DEVCTL_DEV_OBJ) $(PKG_DEV_LIB) $(DEV_LDFLAGS)

DEV_BINS += $(DEVCTL_BIN)

-include $(DEVCTL_DEV_OBJ:.o=.d)
