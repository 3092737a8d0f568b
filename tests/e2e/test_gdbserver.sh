#!/usr/bin/env bash
# End to end on the booted board: debugging an app (docs/appmgr.md,
# "Debugging an app"). hello is packed as a debug build and installed on a
# device manufactured with the test OEM key; GDB is the host's gdb-multiarch
# in batch mode on the board's gdbserver port (emulator start --gdb-port).
#  1. In development mode: hello starts stopped under gdbserver; GDB reads
#     the registers (pc at hello's entry point, Thumb), sets a breakpoint on
#     the first function the entry calls (found in the stripped binary),
#     continues to it, reads memory there (the text as in the file), steps
#     one instruction (GDB's own breakpoints: ARM Linux has no hardware
#     step) and kills hello; appmgr restarts it under a new gdbserver; a
#     second GDB detaches from that one and hello prints its lines.
#     gdbserver's resident set comes from appmgr's memory report.
#  2. Without the capability (enable-cloud-test), the same debug build, the
#     port still there, runs at once: appmgr says why it is not debuggable
#     and starts no gdbserver.
set -u
cd "$(dirname "$0")/../.." || exit 1
# shellcheck source=tests/e2e/lib.sh
. tests/e2e/lib.sh

HOST_PEER=out/tests/attack/host_peer
GDB=gdb-multiarch
HELLO_BIN=out/device/apps/hello/bin/hello
flash=$E2E_TMP/device.flash

if ! command -v "$GDB" >/dev/null; then
	not_ok "$GDB is installed (scripts/deps.sh)"
	e2e_done
fi
# hello's entry point (Thumb: odd) and the function its first bl calls.
entry=$(arm-linux-gnueabihf-readelf -h "$HELLO_BIN" | sed -nE 's/^ *Entry point address: *0x([0-9a-f]+)$/\1/p')
pc0=$(printf '%x' $((0x$entry & ~1)))
callee=$(arm-linux-gnueabihf-objdump -d -M force-thumb --start-address="0x$pc0" --stop-address=$((0x$pc0 + 64)) \
	"$HELLO_BIN" | sed -nE 's/^.*\tbl\t0x([0-9a-f]+).*$/\1/p' | head -1)
callee_off=$((0x$callee - 0x10000))
callee_bytes=$(od -An -tx1 -j "$callee_off" -N 4 "$HELLO_BIN" | sed -E 's/ +/ 0x/g; s/^ //')
check "hello's entry point 0x$entry (Thumb) calls 0x$callee first" test -n "$callee"

e2e_keygen
check "hello packed as a debug build" pack hello --debug
check "flash build" quiet "$SPHERULE" flash build --output "$flash" --trust-key "$E2E_TMP/test.key.pub" \
	--app "$E2E_TMP/hello.imagepackage"
check "device manufactured with the test OEM key" quiet "$SPHERULE" device manufacture --flash "$flash" \
	--vendor-key out/keys/os-development.key.pub --oem-key "$E2E_TMP/test.key.pub"
check "enable-development" quiet "$SPHERULE" device enable-development --flash "$flash" --oem-key "$E2E_TMP/test.key"

# gdb_session NAME COMMANDS...: GDB in batch mode on the gdbserver port, its
# output in $E2E_TMP/NAME.out.
gdb_session() {
	local name=$1
	shift
	{
		echo "set pagination off"
		echo "set confirm off"
		echo "set remotetimeout 60"
		echo "target remote 127.0.0.1:$gdb_port"
		printf '%s\n' "$@"
	} >"$E2E_TMP/$name.gdb"
	timeout 300 "$GDB" -q -nx -batch -x "$E2E_TMP/$name.gdb" >"$E2E_TMP/$name.out" 2>&1
}
gdb_said() { grep -qE -- "$2" "$E2E_TMP/$1.out" || { sed 's/^/#   /' "$E2E_TMP/$1.out"; return 1; }; }

# 1. Development mode, the gdbserver port forwarded.
gdb_port=$("$HOST_PEER" --free-port)
if ! boot_as debug 4 "$flash" --gdb-port "$gdb_port"; then
	not_ok "boot 1: development mode, --gdb-port $gdb_port"
	e2e_done
fi
ok "boot 1: development mode, --gdb-port $gdb_port"
check "appmgr: development mode on" wait_for "^appmgr: development mode on \(secmon\)" 120
check "appmgr: hello waits for the debugger" \
	wait_for "^appmgr: hello: debug build in development mode: waiting for the debugger on the gdbserver port" 60
check "gdbserver: hello stopped at its entry point" \
	wait_for "^gdbserver: pid [0-9]+ stopped at its entry point: waiting for the debugger on /dev/vport[0-9]+p2" 60
check "hello has not run yet" bash -c "! grep -q '^\[hello\]' '$CONSOLE'"
check "appmgr's memory report lists gdbserver" wait_for "memory: process pid=[0-9]+ name=gdbserver rss_kib=" 60
rss=$(sed -nE 's/.*memory: process pid=[0-9]+ name=gdbserver rss_kib=([0-9]+) .*/\1/p' "$CONSOLE" | head -1)
echo "# gdbserver's resident set: ${rss:-?} KiB"
check "gdbserver's resident set is under 128 KiB (${rss:-?} KiB)" test "${rss:-999}" -lt 128

check "GDB session 1 ran" gdb_session one "info registers pc" "x/2xh \$pc" "break *0x$callee" "continue" \
	"info registers pc" "x/4xb 0x$callee" "stepi" "info registers pc" "kill"
check "GDB: pc at hello's entry point 0x$pc0" gdb_said one "^pc +0x$pc0 +0x$pc0"
check "GDB: the Thumb target description (ARM core registers) taken" bash -c "! grep -qi 'warning: .*target description\|Remote .g. packet reply is too long' '$E2E_TMP/one.out'"
check "GDB: breakpoint at 0x$callee reached" gdb_said one "^Breakpoint 1, 0x0*$callee in"
check "GDB: pc there" gdb_said one "^pc +0x$callee +0x$callee"
check "GDB: memory there reads as hello's text ($callee_bytes)" gdb_said one "^0x$callee:	${callee_bytes// /	}$"
check "GDB: one instruction stepped (2 bytes on)" gdb_said one "^pc +0x$(printf '%x' $((0x$callee + 2))) "
check "GDB: killed" gdb_said one "^\[Inferior 1 \(.*\) killed\]"
check "appmgr: hello killed, restarted" wait_for "^appmgr: hello: restarting in 1 s \(attempt 1\)" 60
check "appmgr: hello waits again, under a new gdbserver" \
	wait_for_more "^appmgr: hello: debug build in development mode: waiting for the debugger" 1 60
check "the new gdbserver has it at its entry point" \
	wait_for_more "^gdbserver: pid [0-9]+ stopped at its entry point" 1 60
check "GDB session 2 ran" gdb_session two "info registers pc" "detach"
check "GDB 2: pc at hello's entry point again" gdb_said two "^pc +0x$pc0 +0x$pc0"
check "gdbserver: detached, hello runs on" wait_for "^gdbserver: detached: the program runs on" 60
check "hello prints its lines" wait_for "^\[hello\] hello from Spherule #2" 60
check "no kernel panic, no Oops" bash -c "! grep -qE 'Kernel panic|Oops|BUG:' '$CONSOLE'"
check "power off" quiet "$SPHERULE" emulator stop --timeout 60

# 2. Without development mode: the same debug build runs at once.
check "enable-cloud-test removes the capability" quiet "$SPHERULE" device enable-cloud-test --flash "$flash"
if ! boot_as cloud 4 "$flash" --gdb-port "$gdb_port"; then
	not_ok "boot 2: no capability, --gdb-port $gdb_port"
	e2e_done
fi
ok "boot 2: no capability, --gdb-port $gdb_port"
check "appmgr: development mode off" wait_for "^appmgr: development mode off \(secmon\)" 120
check "appmgr: hello is a debug build, not debuggable, and why" \
	wait_for "^appmgr: hello: debug build, not debuggable: the device is not in development mode" 10
check "hello prints at once" wait_for "^\[hello\] hello from Spherule #2" 60
check "no gdbserver started" bash -c "! grep -qE '^gdbserver:|waiting for the debugger|name=gdbserver' '$CONSOLE'"
check "power off" quiet "$SPHERULE" emulator stop --timeout 60
e2e_done
