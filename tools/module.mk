# tools/module.mk - the `spherule` host CLI (out/bin/spherule). Each command
# group is one cmd_*.c file listed in SPHERULE_CLI_SRC and in main.c's table.
# `device` and `emulator start` run secmon (secmon/module.mk), which is built
# beside it.
# `flash build --storage-root` links the littlefs host tools' code
# (tools/littlefs/module.mk, included before this file). The device verbs
# that talk to devctl and those that talk to the update service
# (cloud_client.c) use libcurl (pkg-config asked only when linking).

SPHERULE_CLI_SRC := tools/main.c tools/cli.c tools/file_util.c tools/cmd_keygen.c \
	tools/cmd_image_package.c tools/cmd_os_image.c tools/cmd_flash.c tools/flash_file.c tools/flash_storage.c tools/cmd_emulator.c \
	tools/emulator_state.c tools/emulator_net.c tools/qmp.c tools/power_loop.c tools/dir_tree.c tools/key_files.c tools/factory_order.c tools/os_parts.c \
	tools/secmon_client.c tools/cmd_device.c tools/power_on.c tools/factory_manufacture.c \
	tools/device_link.c tools/device_verb.c tools/output_table.c tools/progress_bar.c \
	tools/cmd_device_info.c tools/cmd_device_app.c tools/cmd_device_sideload.c tools/cmd_device_log.c \
	tools/cmd_hardware_definition.c tools/cmd_device_simulate.c \
	tools/http_body.c tools/cloud_client.c tools/cloud_verb.c tools/cmd_product.c tools/cmd_device_group.c tools/cmd_image.c \
	tools/cmd_deployment.c tools/cmd_device_cloud.c
# Failure reports (issue 18).
SPHERULE_CLI_SRC += tools/cmd_error_report.c tools/csv_out.c
SPHERULE_CLI_LFS := $(LFSTOOLS_MKFS) $(LFSTOOLS_COMMON) $(LFS_HOST_LIB)
SPHERULE_CLI_OBJ := $(SPHERULE_CLI_SRC:tools/%.c=$(OUT)/obj/tools/%.o)
# flash build reads board.conf and admits the apps' storage quotas with
# appmgr's own code (device/appmgr/module.mk builds its host objects).
SPHERULE_CLI_APPMGR := $(patsubst %,$(OUT)/obj/appmgr/host/%.o,board_conf app_peripherals conf_lines small_file \
	storage_budget)
SPHERULE_CLI_CFLAGS := $(PKG_HOST_CFLAGS) -I$(CRAMFS_INCLUDE) -I$(FLASH_LAYOUT_GEN) -Itools -Idevice/appmgr
SPHERULE_CLI_CURL_LIBS = $(shell pkg-config --libs libcurl)
$(OUT)/obj/tools/device_link.o $(OUT)/obj/tools/cloud_client.o $(OUT)/obj/tools/http_body.o: SPHERULE_CLI_EXTRA_CFLAGS = $(shell pkg-config --cflags libcurl)

HOST_BINS += $(OUT)/bin/spherule

$(OUT)/obj/tools/%.o: tools/%.c
	@mkdir -p $(@D)
	$(CC) $(SPHERULE_CLI_CFLAGS) $(SPHERULE_CLI_EXTRA_CFLAGS) -MMD -MP -c -o $@ $<

$(OUT)/bin/spherule: $(SPHERULE_CLI_OBJ) $(SPHERULE_CLI_APPMGR) $(SPHERULE_CLI_LFS) $(PKG_HOST_LIB) $(CRAMFS_LIB) | $(SECMON)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -o $@ $(SPHERULE_CLI_OBJ) $(SPHERULE_CLI_APPMGR) $(SPHERULE_CLI_LFS) $(PKG_HOST_LDLIBS) \
		$(CRAMFS_LIB) $(SPHERULE_CLI_CURL_LIBS)

# flash_layout.h is generated (kernel/module.mk): it must exist before any
# command is compiled; the .d files recompile those that include it when it changes.
$(SPHERULE_CLI_OBJ): | $(FLASH_LAYOUT_H)

-include $(SPHERULE_CLI_OBJ:.o=.d)

UNIT_SCRIPTS += tests/unit/test_pkg_cli.sh
# hardware-definition generate-header and test-header.
UNIT_SCRIPTS += tests/unit/test_hwdef_header.sh
# Azure Sphere's sample manifests, unmodified, packed with hardware definitions that import.
UNIT_SCRIPTS += tests/unit/test_manifest_samples.sh
# flash build --storage-root and flash extract, with a stand-in OS (no kernel).
UNIT_SCRIPTS += tests/unit/test_flash_extract.sh
# emulator stop against fake emulators (no QEMU).
UNIT_SCRIPTS += tests/unit/test_emulator_stop.sh
# secmon through the CLI: manufacture, identity, os-image pack, and secure
# boot refusing a tampered or rolled-back OS before QEMU (a fake QEMU).
UNIT_SCRIPTS += tests/unit/test_secmon_cli.sh
# development mode: enable-development, enable-cloud-test, the capability at power-on.
UNIT_SCRIPTS += tests/unit/test_secmon_devmode.sh
# the device verbs over the service link, against a stand-in devctl (no QEMU).
UNIT_SCRIPTS += tests/unit/test_cli_device.sh
# the update service's verbs, against a stand-in service (no spherule-cloud).
UNIT_SCRIPTS += tests/unit/test_cli_cloud.sh
UNIT_SCRIPT_NEEDS += $(OUT)/bin/spherule $(OUT)/bin/fsck.littlefs $(OUT)/bin/mkcramfs-xip $(SECMON)
