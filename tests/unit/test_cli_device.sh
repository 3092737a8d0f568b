#!/usr/bin/env bash
# test_cli_device.sh - the `spherule device` verbs that talk to devctl over
# the service link, against a stand-in devctl (mock_devctl.py, Python's
# http.server on 127.0.0.1) that checks and records what it gets: every verb
# in table and JSON output, what each sends (methods, paths, bodies: the
# staged body is the package, byte for byte, with Content-Length; install
# says Manual with --manual-start; one connection a request), where the
# device is found (--device, then $SPHERULE_DEVICE, then the emulator's
# STATE/service-link of --state-dir or $SPHERULE_STATE_DIR), the one-line
# errors (no device attached, a stale record, connection refused, no answer
# in time, the device's error JSON as "<message> (<code>)"), connecting
# again after a reset, the progress bar on a terminal only, the log streamed
# line by line, the development-mode verbs (gpio get and set, sysevent
# simulate-update: what they send, their refusals), and --help of each verb.
# Boots nothing.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/unit/littlefs_tools_lib.bash
. tests/unit/cli_lib.bash
S=$(realpath "${OUT:-out}/bin/spherule")
MOCK=$(realpath tests/unit/mock_devctl.py)
T=$(mktemp -d /tmp/test_cli_device.XXXXXX)
mock_pid=
silent_pid=
trap '[[ -z $mock_pid ]] || kill "$mock_pid"; [[ -z $silent_pid ]] || kill "$silent_pid"; rm -rf "$T"' EXIT
cd "$T" || exit 1
unset SPHERULE_DEVICE SPHERULE_DEVICE_TIMEOUT XDG_RUNTIME_DIR
export SPHERULE_STATE_DIR=$T/state
mkdir -p state other mock
# The interpreter itself, not a version manager's shim: it runs often here.
py=$(python3 -c 'import sys; print(sys.executable)')
export py

# wait_file FILE: waits up to 5 s for FILE to have content.
wait_file() {
	for _ in $(seq 50); do
		[[ -s $1 ]] && return 0
		sleep 0.1
	done
	return 1
}
"$py" "$MOCK" mock/port mock &
mock_pid=$!
wait_file mock/port || { echo "not ok 1 - the mock devctl did not start"; exit 1; }
ADDR=127.0.0.1:$(cat mock/port)
# A port nothing listens on: bound and closed by the kernel's choice.
DEAD=$("$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
HELLO=6b9a3c0e-1f2d-4c8a-9e7b-0a1b2c3d4e5f
CONFLICT=11111111-2222-3333-4444-555555555555
DEVCTL=dc0ffee0-0000-4000-8000-000000000001
BLINK=b1111111-aaaa-4bbb-8ccc-0123456789ab

# request EXPR [N]: a Python expression of r, the Nth last request the mock
# recorded (default 1: the last), printed.
request() {
	"$py" - "${2:-1}" "$1" <<'PY'
import json, sys
rs = [json.loads(l) for l in open("mock/requests.jsonl") if '"method"' in l]
r = rs[-int(sys.argv[1])]
print(eval(sys.argv[2]))
PY
}
# sent METHOD PATH [N]: the Nth last request was METHOD PATH.
sent() { [[ $(request 'r["method"] + " " + r["path"]' "${3:-1}") == "$1 $2" ]] || { echo "# sent: $(request 'r["method"] + " " + r["path"]' "${3:-1}")"; return 1; }; }
# json_is EXPR: out is pretty-printed JSON (two-space indent) and the
# Python expression of d, the value, is true.
json_is() {
	[[ $rc -eq 0 ]] && grep -q '^  "' out && "$py" -c 'import json, sys; d = json.load(open("out")); sys.exit(0 if eval(sys.argv[1]) else 1)' "$1"
}
# said LINE...: the command succeeded and printed these lines, in order, among its output.
said() {
	local want
	[[ $rc -eq 0 ]] || { echo "# rc=$rc stderr: $(cat err)"; return 1; }
	want=$(printf '%s\n' "$@")
	"$py" -c 'import sys; out = open("out").read().split("\n"); want = sys.argv[1].split("\n")
i = 0
for l in out:
    if i < len(want) and l == want[i]: i += 1
sys.exit(0 if i == len(want) else 1)' "$want" || { echo "# stdout:"; sed 's/^/#   /' out; return 1; }
}

# --help of every verb.
verbs=("list-attached" "show" "show-security-state" "restart" "image list-installed" "sideload deploy"
	"sideload delete" "app start" "app stop" "app show-status" "app show-quota" "app show-memory-stats" "log"
	"gpio get" "gpio set" "sysevent simulate-update")
for verb in "${verbs[@]}"; do
	# shellcheck disable=SC2086 # the verb's words
	run device $verb --help
	tap_check "device $verb --help: its usage and the common options" bash -c "[[ $rc -eq 0 ]] &&
		head -1 out | grep -q '^usage: spherule device $verb ' && grep -q -- '--output json|table' out &&
		grep -q -- '--device HOST:PORT' out && grep -q -- '--state-dir DIR' out && [[ ! -s err ]]"
done
run device --help
tap_check "device --help lists the new verbs" bash -c "grep -q 'device sideload deploy' out && grep -q 'device app show-memory-stats' out"
tap_check "device app without a command: one line" fails_with \
	"spherule: device app: missing command (see 'spherule device app --help')" device app

# Where the device is.
# shellcheck disable=SC2016 # the backquotes are the message's
tap_check "no device attached: one line naming the fix" fails_with \
	'spherule: device show: no device attached: start one with `spherule emulator start`, or give --device HOST:PORT' \
	device show
run device list-attached
tap_check "list-attached with no device: none, not an error" said "no device attached"
run device list-attached --output json
tap_check "... in JSON: an empty list" json_is 'd == {"devices": []}'
echo "$ADDR" > state/service-link
run device show-security-state
tap_check "the emulator's STATE/service-link (\$SPHERULE_STATE_DIR)" said \
	"security state:    development" \
	"device identifier: 985dc0b501e232113cab3d6fae4480b2c1a60a049706459104b9509d55e56178" \
	"development mode:  yes"
tap_check "... GET /device/security_state, with Connection: close" sent GET /device/security_state
mv state/service-link other/service-link
run device show-security-state --state-dir other
tap_check "--state-dir DIR: DIR/service-link" said "security state:    development"
echo "127.0.0.1:$DEAD" > state/service-link
SPHERULE_DEVICE=$ADDR run device show-security-state
tap_check "\$SPHERULE_DEVICE before the emulator's record" bash -c "[[ $rc -eq 0 && -e state/service-link ]]"
SPHERULE_DEVICE=127.0.0.1:$DEAD run device show-security-state --device "$ADDR"
tap_check "--device before \$SPHERULE_DEVICE" said "security state:    development"
tap_check "a record where nothing listens any more: no device attached, the record removed" fails_with \
	"spherule: device show: no device attached: the emulator that $T/state/service-link named (127.0.0.1:$DEAD) is gone (record removed): start one with \`spherule emulator start\`, or give --device HOST:PORT" \
	device show
tap_check "... and it is gone" test ! -e state/service-link
echo "not an address" > state/service-link
tap_check "a malformed record: one line" fails_with \
	"spherule: device show: $T/state/service-link: not one line HOST:PORT (remove it, or give --device HOST:PORT)" device show
rm state/service-link
tap_check "connection refused: one line" fails_with \
	"spherule: device show: cannot connect to 127.0.0.1:$DEAD (--device): Connection refused" device show --device "127.0.0.1:$DEAD"
tap_check "a malformed --device: one line" fails_with \
	"spherule: device show: --device localhost: expected HOST:PORT, e.g. 127.0.0.1:40123" device show --device localhost
tap_check "a malformed \$SPHERULE_DEVICE: one line" bash -c "$(declare -f run fails_with); S='$S'; SPHERULE_DEVICE=127.0.0.1:0 fails_with \
	'spherule: device show: SPHERULE_DEVICE 127.0.0.1:0: expected HOST:PORT, e.g. 127.0.0.1:40123' device show"
export SPHERULE_DEVICE=$ADDR

# A device that never answers: SPHERULE_DEVICE_TIMEOUT seconds.
"$py" -c 'import socket, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(4)
open("silent.port.tmp", "w").write(str(s.getsockname()[1]))
import os; os.rename("silent.port.tmp", "silent.port")
c = s.accept(); time.sleep(30)' &
silent_pid=$!
wait_file silent.port
start=$SECONDS
SPHERULE_DEVICE_TIMEOUT=1 run device show --device "127.0.0.1:$(cat silent.port)"
tap_check "no answer within SPHERULE_DEVICE_TIMEOUT=1: one line, in about a second" bash -c "[[ $rc -eq 1 && $((SECONDS - start)) -le 4 ]] &&
	[[ \$(cat err) == 'spherule: device show: 127.0.0.1:$(cat silent.port): the device did not answer within 1 s (is devctl running on it?)' ]]"
kill "$silent_pid"
wait "$silent_pid" 2>/dev/null
silent_pid=

# A connection reset before any answer (the previous close in progress): connected again.
touch mock/reset-next
run device show-security-state
tap_check "a connection reset before the answer: connected again, answered" bash -c "[[ $rc -eq 0 ]] &&
	grep -q '\"reset\": true' mock/requests.jsonl && [[ ! -e mock/reset-next ]]"

echo 1000 > mock/reset-next
start=$SECONDS
run device show-security-state
tap_check "a device that resets every connection: one line after about 2 s" bash -c "[[ $rc -eq 1 && $((SECONDS - start)) -le 5 ]] &&
	grep -qE '^spherule: device show-security-state: $ADDR: the connection was closed without an answer' err"
rm -f mock/reset-next

# The verbs, table and JSON.
run device list-attached
tap_check "list-attached: the device's address, security state and id" said \
	"address          security state  device identifier                                                 development mode" \
	"$ADDR  development     985dc0b501e232113cab3d6fae4480b2c1a60a049706459104b9509d55e56178  yes"
run device list-attached --output json
tap_check "... in JSON" json_is "d['devices'][0]['address'] == '$ADDR' and d['devices'][0]['securityState'] == 'development'"
run device show
tap_check "show: key: value lines, nested objects indented" said \
	"device identifier: 985dc0b501e232113cab3d6fae4480b2c1a60a049706459104b9509d55e56178" \
	"uptime:            42" "memory:" "  total KiB: 4096" "  free KiB:  812" "os version:        1"
tap_check "... GET /device" sent GET /device
run device show --output json
tap_check "... in JSON: the device's, pretty-printed" json_is "d['memory'] == {'totalKiB': 4096, 'freeKiB': 812} and d['uptime'] == 42"
run device show-security-state --output json
tap_check "show-security-state in JSON" json_is "d == {'securityState': 'development', 'deviceIdentifier': '985dc0b501e232113cab3d6fae4480b2c1a60a049706459104b9509d55e56178', 'developmentMode': True}"
run device image list-installed
tap_check "image list-installed: a column table" said \
	"component id                          image id                              name     version  security version  slot  length in bytes  state" \
	"$HELLO  ef8bea45-257c-d883-cd85-dfd91e790ba7  hello    1        0                 0     41252            running"
tap_check "... GET /images" sent GET /images
run device image list-installed --output json
tap_check "... in JSON" json_is "[i['name'] for i in d['images']] == ['hello', 'gpioapp', 'devctl']"

run device app show-status --component-id "$HELLO"
tap_check "app show-status" said "state:    running" "pid:      57" "restarts: 0"
tap_check "... GET /app/status/ID" sent GET "/app/status/$HELLO"
run device app stop --component-id "${HELLO^^}"
tap_check "app stop (the id in capitals is made canonical): its status" said "state:    stopped"
tap_check "... PATCH /app/status/ID {\"trigger\": \"stop\"}" bash -c "$(declare -f sent request); sent PATCH /app/status/$HELLO &&
	[[ \$(request 'r[\"body\"]') == \"{'trigger': 'stop'}\" && \$(request 'r[\"content_type\"]') == application/json ]]"
run device app start --component-id "$HELLO" --output json
tap_check "app start in JSON" json_is "d == {'state': 'running', 'pid': 57, 'restarts': 0}"
tap_check "... {\"trigger\": \"start\"}" bash -c "$(declare -f request); [[ \$(request 'r[\"body\"]') == \"{'trigger': 'start'}\" ]]"
tap_check "app start of an app whose GPIO line is granted: the device's message (conflict)" fails_with \
	"spherule: device app start: GPIO 5 (line 5 of 9030000.pl061) is granted to hello ($HELLO) (conflict)" \
	device app start --component-id "$CONFLICT"
tap_check "app stop of devctl: the device's message (system_app)" fails_with \
	"spherule: device app stop: devctl cannot stop itself (system_app)" device app stop --component-id "$DEVCTL"
tap_check "an unknown component: the device's 404 (not_found)" fails_with \
	"spherule: device app show-status: no app with component id 00000000-0000-0000-0000-000000000000 (not_found)" \
	device app show-status --component-id 00000000-0000-0000-0000-000000000000
tap_check "a malformed component id: refused before connecting" fails_with \
	"spherule: device app stop: --component-id hello: expected a component id, a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)" \
	device app stop --component-id hello
tap_check "no component id: one line" fails_with \
	"spherule: device app show-status: --component-id ID is required (see --help)" device app show-status
run device app show-quota --component-id "$HELLO"
tap_check "app show-quota" said "usage in KB: 12" "limit in KB: 64"
tap_check "... GET /app/quota/ID" sent GET "/app/quota/$HELLO"
run device app show-quota --component-id "$HELLO" --output json
tap_check "... in JSON" json_is "d == {'UsageInKB': 12, 'LimitInKB': 64}"
run device app show-memory-stats --component-id "$HELLO"
tap_check "app show-memory-stats" said "memory stats:" "  current memory usage in bytes: 151552" \
	"  peak memory usage in bytes:    163840" "  memory limit in bytes:         262144" "  flash usage in bytes:          41252"
tap_check "... GET /app/memory/ID" sent GET "/app/memory/$HELLO"
run device app show-memory-stats --component-id "$HELLO" --output json
tap_check "... in JSON" json_is "d['memoryStats']['peakMemoryUsageInBytes'] == 163840"

# sideload deploy: the package's bytes with Content-Length, then install.
deterministic_bytes 7 70000 > blink.imagepackage
run device sideload deploy --image-package blink.imagepackage
tap_check "sideload deploy: staged, then installed" said \
	"staged blink.imagepackage (70000 bytes): blink, version 3, image 12345678-9abc-def0-1234-56789abcdef0" \
	"installed blink, version 3, component $BLINK"
tap_check "... PUT /update/stage then POST /update/install" bash -c "$(declare -f sent request); sent PUT /update/stage 2 && sent POST /update/install"
tap_check "... the staged body is the package, byte for byte" cmp mock/staged.bin blink.imagepackage
tap_check "... sent with Content-Length 70000, application/octet-stream, not chunked" bash -c "$(declare -f request)
	[[ \$(request 'r[\"content_length\"], r[\"content_type\"], r[\"transfer_encoding\"]' 2) == \"('70000', 'application/octet-stream', None)\" ]]"
tap_check "... install: {\"appControlMode\": \"Auto\"}" bash -c "$(declare -f request); [[ \$(request 'r[\"body\"]') == \"{'appControlMode': 'Auto'}\" ]]"
tap_check "... each request on a connection of its own" bash -c "$(declare -f request); [[ \$(request 'r[\"client_port\"]' 2) != \$(request 'r[\"client_port\"]') ]]"
tap_check "... no progress bar when not on a terminal" test ! -s err
run device sideload deploy --image-package blink.imagepackage --manual-start
tap_check "sideload deploy --manual-start: says how to start it" said \
	"it starts when asked: spherule device app start --component-id $BLINK"
tap_check "... install: {\"appControlMode\": \"Manual\"}" bash -c "$(declare -f request); [[ \$(request 'r[\"body\"]') == \"{'appControlMode': 'Manual'}\" ]]"
run device sideload deploy --image-package blink.imagepackage --output json
tap_check "sideload deploy in JSON: installed, replaced and what was staged" \
	json_is "d['installed']['componentId'] == '$BLINK' and d['replaced'] is False and d['staged']['imageId'] == '12345678-9abc-def0-1234-56789abcdef0'"
script -qec "'$S' device sideload deploy --image-package blink.imagepackage" /dev/null > tty.out 2>&1
tap_check "on a terminal: a progress bar" grep -qF 'blink.imagepackage [####################] 100%   69/69 KiB' tty.out
{ printf REFUSE; deterministic_bytes 8 1000; } > refused.imagepackage
tap_check "a package the device refuses: its reason (image_refused), nothing installed" fails_with \
	"spherule: device sideload deploy: image refused: signature does not verify with any of the device's OEM keys (image_refused)" \
	device sideload deploy --image-package refused.imagepackage
tap_check "... the last request was the stage" sent PUT /update/stage
{ printf FULL; deterministic_bytes 9 1000; } > full.imagepackage
tap_check "no free slot: the device's message (out_of_slots)" fails_with \
	"spherule: device sideload deploy: no free app slot: all 16 are in use (out_of_slots)" \
	device sideload deploy --image-package full.imagepackage
tap_check "a package that is not there: one line" fails_with \
	"spherule: device sideload deploy: --image-package none.imagepackage: No such file or directory" \
	device sideload deploy --image-package none.imagepackage
tap_check "no --image-package: one line" fails_with \
	"spherule: device sideload deploy: --image-package APP.imagepackage is required (see --help)" device sideload deploy
run device sideload delete --component-id "$BLINK"
tap_check "sideload delete" said "deleted $BLINK"
tap_check "... DELETE /app/image/ID" sent DELETE "/app/image/$BLINK"
run device sideload delete --component-id "$CONFLICT" --output json
tap_check "... in JSON" json_is "d == {'deleted': '$CONFLICT'}"
tap_check "sideload delete of devctl: the device's message (system_app)" fails_with \
	"spherule: device sideload delete: devctl cannot delete itself (system_app)" \
	device sideload delete --component-id "$DEVCTL"

run device restart
tap_check "restart" said "the device is restarting"
tap_check "... POST /restart, an empty body" bash -c "$(declare -f sent request); sent POST /restart && [[ \$(request 'r[\"content_length\"], r[\"content_type\"]') == \"('0', None)\" ]]"
run device restart --output json
tap_check "... in JSON" json_is "d == {'restartingSystem': True}"

run device log
tap_check "log: appmgr's lines" said "appmgr: found 3 app slots" "appmgr: hello: started (pid 57)"
tap_check "... GET /log" sent GET /log
run device log --component-id "$HELLO"
tap_check "log --component-id: the app's" said "[hello] hello from Spherule #1"
tap_check "... GET /log?componentId=ID" sent GET "/log?componentId=$HELLO"
run device log --output json
tap_check "... in JSON" json_is "d['lines'] == ['appmgr: found 3 app slots', 'appmgr: hello: started (pid 57)'] and d['end'] == 64"
"$S" device log --follow --component-id "$HELLO" > out 2> err &
follower=$!
wait_file out && touch mock/seen
wait "$follower"
rc=$?
tap_check "log --follow: each line printed as it comes (the first before the device sent the second)" bash -c "
	grep -q '\"stream_line_1_printed\": true' mock/requests.jsonl && [[ \$(cat out) == \$'streamed line 1\nstreamed line 2' ]]"
tap_check "... GET /log/stream?componentId=ID" sent GET "/log/stream?componentId=$HELLO"
tap_check "... the device ending the stream: said, exit 1" bash -c "[[ $rc -eq 1 && \$(cat err) == 'spherule: device log: $ADDR: the device ended the stream' ]]"
run device log --follow --output json
tap_check "log --follow --output json: the device's objects, one a line" bash -c "
	[[ \$(sed -n 1p out) == '{\"componentId\":\"00000000-0000-0000-0000-000000000000\",\"line\":\"streamed line 1\"}' && \$(wc -l < out) == 2 ]]"

# The development-mode verbs: simulated GPIO lines and update events.
run device gpio set --gpio 12 --value 1
tap_check "gpio set --gpio 12 --value 1: the line pulled up" said "GPIO 12: 1 (line 4 of sim0, pulled up, no app holds it)"
tap_check "... PUT /gpio/12 {\"value\": 1}" bash -c "$(declare -f sent request); sent PUT /gpio/12 &&
	[[ \$(request 'r[\"body\"]') == \"{'value': 1}\" && \$(request 'r[\"content_type\"]') == application/json ]]"
run device gpio get --gpio 12
tap_check "gpio get --gpio 12: reads it back" said "GPIO 12: 1 (line 4 of sim0, pulled up, no app holds it)"
tap_check "... GET /gpio/12" sent GET /gpio/12
run device gpio get --gpio 9 --output json
tap_check "gpio get of an app's output, in JSON" json_is "d == {'gpio': 9, 'value': 1, 'pull': 'down', 'requested': True, 'output': True, 'chip': 'sim0', 'offset': 1}"
run device gpio set --gpio 12 --value 0
tap_check "gpio set --value 0: pulled down" said "GPIO 12: 0 (line 4 of sim0, pulled down, no app holds it)"
tap_check "gpio set of an app's output: the device's message (busy)" fails_with \
	"spherule: device gpio set: GPIO 9 is an output of blink: its level is the app's (busy)" device gpio set --gpio 9 --value 0
tap_check "gpio get of a line that is not simulated: the device's message (bad_request)" fails_with \
	"spherule: device gpio get: GPIO 0 is line 0 of 9030000.pl061, not a simulated line (bad_request)" device gpio get --gpio 0
tap_check "gpio get of a number the board lacks (not_found)" fails_with \
	"spherule: device gpio get: this board has no GPIO 81 (not_found)" device gpio get --gpio 81
tap_check "gpio set without --value: one line" fails_with "spherule: device gpio set: --value 0|1 is required (see --help)" \
	device gpio set --gpio 12
tap_check "gpio set --value 2: refused before asking" fails_with "spherule: device gpio set: --value 2: expected 0 or 1" \
	device gpio set --gpio 12 --value 2
tap_check "gpio get without --gpio: one line" fails_with "spherule: device gpio get: --gpio N is required (see --help)" device gpio get
tap_check "gpio get --gpio -1: refused" fails_with \
	"spherule: device gpio get: --gpio -1: expected a number from 0 to 4294967295" device gpio get --gpio -1
run device sysevent simulate-update --type app --max-deferral-minutes 2
tap_check "sysevent simulate-update --type app --max-deferral-minutes 2" said \
	"simulated update: App, the apps may defer it up to 2 minutes"
tap_check "... POST /sysevent/update {\"updateType\": \"App\", \"maxDeferralInMinutes\": 2}" bash -c "$(declare -f sent request); sent POST /sysevent/update &&
	[[ \$(request 'r[\"body\"]') == \"{'updateType': 'App', 'maxDeferralInMinutes': 2}\" ]]"
run device sysevent simulate-update --type system --output json
tap_check "--type system without a deferral: the device's default, in JSON" json_is \
	"d == {'simulatedUpdate': {'updateType': 'System', 'maxDeferralInMinutes': 1440}}"
tap_check "... the body names no deferral" bash -c "$(declare -f request); [[ \$(request 'r[\"body\"]') == \"{'updateType': 'System'}\" ]]"
tap_check "--type other: refused" fails_with "spherule: device sysevent simulate-update: --type other: expected app or system" \
	device sysevent simulate-update --type other
tap_check "--max-deferral-minutes past a day: refused" fails_with \
	"spherule: device sysevent simulate-update: --max-deferral-minutes 1441: at most 1440 (a day)" \
	device sysevent simulate-update --type app --max-deferral-minutes 1441
tap_check "without --type: one line" fails_with \
	"spherule: device sysevent simulate-update: --type app|system is required (see --help)" device sysevent simulate-update
touch mock/production
tap_check "outside development mode: the device's message (forbidden)" fails_with \
	"spherule: device gpio set: the host drives and reads simulated GPIO lines only in development mode (spherule device enable-development) (forbidden)" \
	device gpio set --gpio 12 --value 1
rm mock/production

# Options.
tap_check "--output xml: refused" fails_with "spherule: device show: --output xml: expected json or table" device show --output xml
tap_check "an option the verb does not take: refused with its synopsis" fails_with \
	"spherule: device show: unknown option or missing value '--follow'; usage: spherule device show [--device HOST:PORT] [--state-dir DIR] [--output json|table]" \
	device show --follow
tap_done
