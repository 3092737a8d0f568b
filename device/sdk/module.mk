# device/sdk: small device-side sources shared by appmgr, apps, bench
# programs and device tests, compiled for armhf musl into out/obj/sdk/dev/.
# Others link SDK_PROC_FIELD_OBJ (proc_field.h, add -Idevice/sdk) and
# SDK_FORTIFY_SHIM_OBJ (with a static library built against glibc, such as
# Debian's libmbedcrypto.a: pkg/module.mk puts it in PKG_DEV_LDLIBS).

SDK_PROC_FIELD_OBJ := $(OUT)/obj/sdk/dev/proc_field.o
SDK_FORTIFY_SHIM_OBJ := $(OUT)/obj/sdk/dev/glibc_fortify_shim.o

$(OUT)/obj/sdk/dev/%.o: device/sdk/%.c
	@mkdir -p $(@D)
	$(DEV_CC) $(DEV_CFLAGS) -MMD -MP -c -o $@ $<

-include $(SDK_PROC_FIELD_OBJ:.o=.d) $(SDK_FORTIFY_SHIM_OBJ:.o=.d)
