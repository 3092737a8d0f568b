# secmon/module.mk - secmon, the board's security processor as a host
# program (out/bin/secmon, docs/secmon.md): a library, libsecmon (the store,
# its counters, secure boot and the measurement), and the program flow
# (main.c) that the `spherule` CLI runs, as MCUboot keeps bootutil apart from
# the boot program. Crypto and keys through pkg/'s host library (OpenSSL);
# the board's flash layout from the generated flash_layout.h.

SECMON_LIB_SRC := secmon/durable_file.c secmon/store.c secmon/store_manufacture.c secmon/counter.c \
	secmon/measure.c secmon/secure_boot.c secmon/devcap.c secmon/app_verify.c secmon/mbox_server.c \
	secmon/mbox_attest_sign.c secmon/mbox_stream.c secmon/mbox_socket.c secmon/os_slots.c secmon/os_select.c \
	secmon/slot_copy.c secmon/os_update.c
SECMON_LIB := $(OUT)/lib/libsecmon.a
SECMON_LIB_OBJ := $(SECMON_LIB_SRC:secmon/%.c=$(OUT)/obj/secmon/%.o)
SECMON_MAIN_OBJ := $(OUT)/obj/secmon/main.o
SECMON_CFLAGS := $(PKG_HOST_CFLAGS) -Ipkg -Isecmon -Isecmon/protocol -I$(FLASH_LAYOUT_GEN)
SECMON_LDLIBS := $(SECMON_LIB) $(MBOX_HOST_LIB) $(PKG_HOST_LIB) -lcrypto
SECMON := $(OUT)/bin/secmon

HOST_BINS += $(SECMON)

$(OUT)/obj/secmon/%.o: secmon/%.c | $(FLASH_LAYOUT_H)
	@mkdir -p $(@D)
	$(CC) $(SECMON_CFLAGS) -MMD -MP -c -o $@ $<

$(SECMON_LIB): $(SECMON_LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

$(SECMON): $(SECMON_MAIN_OBJ) $(SECMON_LIB) $(MBOX_HOST_LIB) $(PKG_HOST_LIB)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -o $@ $(SECMON_MAIN_OBJ) $(SECMON_LDLIBS)

-include $(SECMON_LIB_OBJ:.o=.d) $(SECMON_MAIN_OBJ:.o=.d)

# Unit tests of the library (tests/unit/test_secmon_*.c).
SECMON_UNIT_TESTS := $(addprefix $(OUT)/tests/unit/,test_secmon_store test_secmon_boot test_secmon_mbox test_secmon_mbox_stream \
	test_secmon_slots test_secmon_os_powercut)
UNIT_TESTS += $(SECMON_UNIT_TESTS)

$(SECMON_UNIT_TESTS): $(OUT)/tests/unit/%: tests/unit/%.c $(SECMON_LIB) $(MBOX_HOST_LIB) $(PKG_HOST_LIB) | $(FLASH_LAYOUT_H)
	@mkdir -p $(@D)
	$(CC) $(SECMON_CFLAGS) -Itests/unit -MMD -MP -o $@ $< $(SECMON_LDLIBS)

-include $(SECMON_UNIT_TESTS:=.d)

# The OS slot tests share their device (tests/unit/secmon_os_rig.c).
SECMON_OS_RIG_OBJ := $(OUT)/obj/secmon/tests/secmon_os_rig.o
$(SECMON_OS_RIG_OBJ): tests/unit/secmon_os_rig.c | $(FLASH_LAYOUT_H)
	@mkdir -p $(@D)
	$(CC) $(SECMON_CFLAGS) -Itests/unit -MMD -MP -c -o $@ $<
-include $(SECMON_OS_RIG_OBJ:.o=.d)
$(OUT)/tests/unit/test_secmon_slots $(OUT)/tests/unit/test_secmon_os_powercut: $(SECMON_OS_RIG_OBJ)
$(OUT)/tests/unit/test_secmon_slots $(OUT)/tests/unit/test_secmon_os_powercut: SECMON_LDLIBS := $(SECMON_OS_RIG_OBJ) $(SECMON_LDLIBS)

# The mailbox handlers' test builds its app packages with pkg/'s test support.
$(OUT)/tests/unit/test_secmon_mbox: $(PKG_TEST_SUPPORT)
$(OUT)/tests/unit/test_secmon_mbox: SECMON_LDLIBS := $(PKG_TEST_SUPPORT) $(SECMON_LDLIBS) -ljansson
