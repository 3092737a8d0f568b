# secmon/protocol/module.mk - the secmon mailbox protocol codec
# (docs/secmon-protocol.md), built twice like pkg/: for the host (secmon, the
# tests) and for the device (appmgr, static musl armhf); its unit test and its
# fuzz target (a short run in make test, 10 minutes in make test-long).

MBOX_SRC := $(addprefix secmon/protocol/,mbox_fields.c mbox_messages.c mbox_decode.c \
	mbox_encode.c mbox_match.c mbox_attest.c mbox_status.c)
MBOX_HOST_LIB := $(OUT)/lib/libmbox-host.a
MBOX_DEV_LIB := $(OUT)/lib/libmbox-dev.a
MBOX_HOST_OBJ := $(MBOX_SRC:secmon/protocol/%.c=$(OUT)/obj/mbox/host/%.o)
MBOX_DEV_OBJ := $(MBOX_SRC:secmon/protocol/%.c=$(OUT)/obj/mbox/dev/%.o)
# What programs using the codec compile with (mbox_proto.h; spherule/le.h).
MBOX_INC := -Isecmon/protocol -Ipkg/include

ALL_EXTRA += $(MBOX_HOST_LIB) $(MBOX_DEV_LIB)

$(OUT)/obj/mbox/host/%.o: secmon/protocol/%.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(MBOX_INC) -MMD -MP -c -o $@ $<

$(OUT)/obj/mbox/dev/%.o: secmon/protocol/%.c
	@mkdir -p $(@D)
	$(DEV_CC) $(DEV_CFLAGS) $(MBOX_INC) -MMD -MP -c -o $@ $<

$(MBOX_HOST_LIB): $(MBOX_HOST_OBJ)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

$(MBOX_DEV_LIB): $(MBOX_DEV_OBJ)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

-include $(MBOX_HOST_OBJ:.o=.d) $(MBOX_DEV_OBJ:.o=.d)

# The verifier's side of an attestation (mbox_attest_verify.h), host only: it
# checks signatures with pkg/'s OpenSSL backend (link $(PKG_HOST_LDLIBS) too).
# The update service and tests/e2e/attest_check use it.
ATTEST_HOST_LIB := $(OUT)/lib/libattest-host.a
ATTEST_HOST_OBJ := $(OUT)/obj/mbox/host-verify/mbox_attest_verify.o
ALL_EXTRA += $(ATTEST_HOST_LIB)

$(ATTEST_HOST_OBJ): secmon/protocol/mbox_attest_verify.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(MBOX_INC) -Ipkg -MMD -MP -c -o $@ $<

$(ATTEST_HOST_LIB): $(ATTEST_HOST_OBJ)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

-include $(ATTEST_HOST_OBJ:.o=.d)

# The unit test, with the server test double (tests/unit/mbox_handle.c), the
# seed corpus as its golden messages and the spec's table of status codes.
MBOX_UNIT_TEST := $(OUT)/tests/unit/test_mbox_proto
MBOX_HANDLE_OBJ := $(OUT)/obj/mbox/tests/mbox_handle.o
MBOX_SEED_DIR := tests/fuzz/corpus/mbox
UNIT_TESTS += $(MBOX_UNIT_TEST)

$(MBOX_HANDLE_OBJ): tests/unit/mbox_handle.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(MBOX_INC) -MMD -MP -c -o $@ $<

$(MBOX_UNIT_TEST): tests/unit/test_mbox_proto.c $(MBOX_HANDLE_OBJ) $(MBOX_HOST_LIB)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(MBOX_INC) -Itests/unit -DMBOX_SEED_DIR='"$(MBOX_SEED_DIR)"' \
		-DMBOX_SPEC='"docs/secmon-protocol.md"' -MMD -MP -o $@ $< $(MBOX_HANDLE_OBJ) $(MBOX_HOST_LIB)

-include $(MBOX_HANDLE_OBJ:.o=.d) $(MBOX_UNIT_TEST).d

# The fuzz target (libFuzzer: clang, from scripts/deps.sh), compiled whole
# with the sanitizers, and the script that runs it over the seed corpus for
# MBOX_FUZZ_SECONDS (20; make test-long: 600).
MBOX_FUZZ := $(OUT)/fuzz/fuzz_mbox
MBOX_FUZZ_SRC := tests/fuzz/fuzz_mbox.c tests/unit/mbox_handle.c $(MBOX_SRC)
UNIT_SCRIPTS += tests/fuzz/test_mbox_fuzz.sh
UNIT_SCRIPT_NEEDS += $(MBOX_FUZZ)
LONG_TESTS += tests/fuzz/test_mbox_fuzz.sh
LONG_TEST_NEEDS += $(MBOX_FUZZ)

$(MBOX_FUZZ): $(MBOX_FUZZ_SRC) $(wildcard secmon/protocol/*.h) tests/unit/mbox_handle.h \
		pkg/include/spherule/le.h
	@mkdir -p $(@D)
	clang -std=c11 -D_GNU_SOURCE -g -O1 -Wall -Wextra -Werror -Wno-unused-parameter \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all $(MBOX_INC) -Itests/unit \
		-o $@ $(MBOX_FUZZ_SRC)
