# device/sdk: small device-side sources shared by appmgr, apps and bench
# programs, compiled for armhf musl into out/obj/sdk/dev/.

$(OUT)/obj/sdk/dev/proc_field.o: device/sdk/proc_field.c device/sdk/proc_field.h
	@mkdir -p $(@D)
	$(DEV_CC) $(DEV_CFLAGS) -c -o $@ $<
