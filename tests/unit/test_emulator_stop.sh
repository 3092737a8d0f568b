#!/usr/bin/env bash
# `spherule emulator stop` on the host, against fake emulators (a process
# whose command line names qemu-system-arm, as the CLI checks, with a fake
# QMP socket in the state directory): status names its service link; a device that powers off when asked
# (QMP system_powerdown), one that does not within --timeout, a QMP error,
# an older state directory without a QMP socket, and --force; each ends with
# the emulator gone and says which happened, its service-link record
# removed. Boots nothing.
set -u
cd "$(dirname "$0")/../.."
SPHERULE=$(realpath "${OUT:-out}/bin/spherule")
tmp=$(mktemp -d /tmp/test_emulator_stop.XXXXXX)
fake=$tmp/qemu-system-arm-fake.py
# The fake not yet waited for (our child: its pid is not reused until then).
# Stopped part way (run-all interrupted), no fake outlives the test.
live_fake=
trap '[[ -z $live_fake ]] || kill -9 "$live_fake" 2>/dev/null; rm -rf "$tmp"' EXIT
export SPHERULE_STATE_DIR=$tmp/state
mkdir -p "$SPHERULE_STATE_DIR"
# TAP reporting: tap_check NAME COMMAND..., tap_done.
. tests/unit/littlefs_tools_lib.bash

# The fake QEMU: MODE obey (answers, then exits half a second after
# system_powerdown), ignore (answers, never exits), error (answers
# system_powerdown with an error) or nosocket (no QMP socket at all). It
# writes the commands it got to STATE/qmp.log and dies of SIGTERM.
cat > "$fake" <<'PY'
import os, socket, sys, time
mode, state = sys.argv[1], sys.argv[2]
if mode == "nosocket":
    while True:
        time.sleep(1)
path = os.path.join(state, "qmp.sock")
srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
srv.bind(path)
srv.listen(1)
open(os.path.join(state, "ready"), "w").close()
conn, _ = srv.accept()
f = conn.makefile("rw")
f.write('{"QMP": {"version": {"qemu": {"micro": 0, "minor": 2, "major": 7}}, "capabilities": ["oob"]}}\r\n')
f.flush()
for line in f:
    with open(os.path.join(state, "qmp.log"), "a") as log:
        log.write(line)
    if "qmp_capabilities" in line:
        f.write('{"return": {}}\r\n')
    elif mode == "error":
        f.write('{"error": {"class": "GenericError", "desc": "no powerdown here"}}\r\n')
    else:
        f.write('{"timestamp": {"seconds": 1, "microseconds": 2}, "event": "POWERDOWN"}\r\n')
        f.write('{"return": {}}\r\n')
    f.flush()
    if "system_powerdown" in line and mode == "obey":
        time.sleep(0.5)
        sys.exit(0)
while True:
    time.sleep(1)
PY

# The real interpreter, started as qemu-system-arm-fake: the CLI checks
# that argv[0] of the pid file's process names qemu-system-arm.
py=$(python3 -c 'import sys; print(sys.executable)')

# start_fake MODE: starts the fake emulator and writes its pid file.
start_fake() {
	rm -f "$SPHERULE_STATE_DIR"/{ready,qmp.log,qmp.sock}
	(exec -a qemu-system-arm-fake "$py" "$fake" "$1" "$SPHERULE_STATE_DIR") &
	fake_pid=$!
	live_fake=$fake_pid
	echo "$fake_pid" > "$SPHERULE_STATE_DIR/qemu.pid"
	for ((i = 0; i < 50; i++)); do
		[[ $1 == nosocket || -e $SPHERULE_STATE_DIR/ready ]] && return 0
		sleep 0.1
	done
	return 1
}
# alive PID: the process runs (a zombie has an empty command line).
alive() { [[ -n $(tr -d '\0' 2>/dev/null < "/proc/$1/cmdline") ]]; }
# stop_fake [OPTIONS]: runs emulator stop; its stdout in out, its status in
# rc, seconds taken in took, whether the fake outlived it in survived.
stop_fake() {
	local start=$SECONDS
	"$SPHERULE" emulator stop "$@" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	took=$((SECONDS - start))
	survived=no
	if alive "$fake_pid"; then
		survived=yes
		kill -9 "$fake_pid"
	fi
	wait "$fake_pid" 2>/dev/null
	live_fake=
}
said() { grep -qxE "$1" "$tmp/out"; }
gone() { [[ $rc -eq 0 && $survived == no && ! -e $SPHERULE_STATE_DIR/qemu.pid ]]; }
asked() { grep -q '"execute":"qmp_capabilities"' "$SPHERULE_STATE_DIR/qmp.log" &&
	grep -q '"execute":"system_powerdown"' "$SPHERULE_STATE_DIR/qmp.log"; }

start_fake obey
echo 127.0.0.1:40404 > "$SPHERULE_STATE_DIR/service-link"
echo 127.0.0.1:40405 > "$SPHERULE_STATE_DIR/uart-isu0"
"$SPHERULE" emulator status > "$tmp/out" 2>&1
tap_check "status: running, its pid, console log, service link and UART ISU0" \
	said "running \(pid $fake_pid\), console log $SPHERULE_STATE_DIR/console.log, service link 127.0.0.1:40404, UART ISU0 127.0.0.1:40405"
stop_fake
tap_check "stop removes STATE/service-link and STATE/uart-isu0" \
	test ! -e "$SPHERULE_STATE_DIR/service-link" -a ! -e "$SPHERULE_STATE_DIR/uart-isu0"
tap_check "a device that powers off: 'powered off by the device'" \
	said "emulator \(pid $fake_pid\) powered off by the device"
tap_check "... after qmp_capabilities, then system_powerdown" asked
tap_check "... exit status 0, emulator gone, pid file removed" gone

start_fake ignore
stop_fake --timeout 1
tap_check "a device that does not power off within --timeout 1: killed, saying so" \
	said "emulator \(pid $fake_pid\) did not power off within 1 s: killed"
tap_check "... it was asked first, and is gone" bash -c "$(declare -f asked); asked && [[ $survived == no ]]"
tap_check "... after about the timeout (${took} s)" test "$took" -le 4

start_fake error
stop_fake
tap_check "a QMP error: killed, with QEMU's answer" \
	said "emulator \(pid $fake_pid\) could not be asked to power off \(QMP: system_powerdown: .*no powerdown here.*\): killed"

start_fake nosocket
stop_fake
tap_check "an older state directory without a QMP socket: killed, saying why" \
	said "emulator \(pid $fake_pid\) could not be asked to power off \(QMP: .*/qmp.sock: No such file or directory\): killed"
tap_check "... emulator gone, status 0" gone

start_fake ignore
stop_fake --force
tap_check "--force kills at once without asking the device" \
	said "emulator \(pid $fake_pid\) killed \(--force\)"
tap_check "... never connected to QMP; emulator gone, its QMP socket removed" \
	bash -c "[[ ! -e '$SPHERULE_STATE_DIR/qmp.log' && ! -e '$SPHERULE_STATE_DIR/qmp.sock' && $took -le 2 ]] && $(declare -f gone); rc=$rc survived=$survived SPHERULE_STATE_DIR='$SPHERULE_STATE_DIR' gone"

"$SPHERULE" emulator stop --timeout 0 > /dev/null 2> "$tmp/err"
tap_check "--timeout 0 refused" grep -q "^spherule: emulator stop: --timeout 0: expected seconds from 1 to 3600" "$tmp/err"
"$SPHERULE" emulator stop --timeout soon > /dev/null 2> "$tmp/err"
tap_check "--timeout soon refused" grep -q "^spherule: emulator stop: --timeout soon: expected a number" "$tmp/err"
tap_done
