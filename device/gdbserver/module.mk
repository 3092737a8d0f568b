# device/gdbserver/module.mk — gdbserver (static musl armhf) into the root
# filesystem as /sbin/gdbserver, and the host unit test of its protocol side
# (framing, packets, breakpoints, signal numbers, stop statuses).

GDBSERVER_SRC := arm_breakpoints.c gdb_signals.c main.c rsp_frame.c rsp_hex.c rsp_session.c serve.c \
	stop_status.c tracee.c
GDBSERVER_BIN := $(ROOTFS_DIR)/sbin/gdbserver
GDBSERVER_DEV_OBJ := $(GDBSERVER_SRC:%.c=$(OUT)/obj/gdbserver/dev/%.o)

$(OUT)/obj/gdbserver/dev/%.o: device/gdbserver/%.c
	@mkdir -p $(@D)
	$(DEV_CC) $(DEV_CFLAGS) -MMD -MP -c -o $@ $<

$(GDBSERVER_BIN): $(GDBSERVER_DEV_OBJ)
	@mkdir -p $(@D)
	$(DEV_CC) $(DEV_CFLAGS) -o $@ $^ $(DEV_LDFLAGS)

DEV_BINS += $(GDBSERVER_BIN)

# The unit test links the parts that need no ptrace.
GDBSERVER_TEST_SRC := arm_breakpoints.c gdb_signals.c rsp_frame.c rsp_hex.c rsp_session.c stop_status.c
GDBSERVER_TEST_OBJ := $(GDBSERVER_TEST_SRC:%.c=$(OUT)/obj/gdbserver/host/%.o)
GDBSERVER_UNIT_TEST := $(OUT)/tests/unit/test_gdbserver_rsp

$(OUT)/obj/gdbserver/host/%.o: device/gdbserver/%.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -MMD -MP -c -o $@ $<

$(GDBSERVER_UNIT_TEST): tests/unit/test_gdbserver_rsp.c $(GDBSERVER_TEST_OBJ)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -Idevice/gdbserver -Itests/unit -MMD -MP -o $@ $< $(GDBSERVER_TEST_OBJ)

UNIT_TESTS += $(GDBSERVER_UNIT_TEST)

-include $(GDBSERVER_DEV_OBJ:.o=.d) $(GDBSERVER_TEST_OBJ:.o=.d) $(GDBSERVER_UNIT_TEST).d
