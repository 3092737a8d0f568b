#!/usr/bin/env bash
# End to end on the booted board: the SDK examples (examples/*/, issue 15,
# docs/sdk.md) built as a user builds an Azure Sphere sample (a copy of the
# example, AzureSphereDefaultSDKDir=out/sdk, cmake --preset ARM-Release,
# cmake --build out/ARM-Release), deployed with `spherule device sideload
# deploy` to a board in development mode, driven through its simulated
# buttons (`spherule device gpio set`: the buttons idle high and read Low
# while pressed, as on the MT3620 RDB) and checked through its LEDs
# (`device gpio get`: Low is on), its UART's host end and its log:
#  1. blink: SAMPLE_LED (GPIO 8) blinks; a press of SAMPLE_BUTTON_1 (12)
#     moves to the next interval;
#  2. gpio_edges: each press is an edge event that toggles the LED, no
#     polling;
#  3. uart_echo: bytes sent to the host end of UART ISU0 come back, a press
#     sends "Hello world!";
#  4. deferred_update: a simulated app update is deferred (its LED on), the
#     press accepts it: final warning, complete, LED off;
#  5. mutable_storage: presses count in the app's mutable file, the count
#     survives a device restart, SAMPLE_BUTTON_2 (13) deletes the file.
# The examples share SAMPLE_BUTTON_1, so each is deleted before the next is
# deployed (one owner per GPIO line).
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh

flash=$E2E_TMP/device.flash
src=$E2E_TMP/examples
dev() { "$SPHERULE" device "$@"; }
clean_console() { tr -d '\r' < "$CONSOLE"; }
seen() { clean_console | grep -qE -- "$1"; }
# level N: the level of board GPIO N as the host reads it.
level() { dev gpio get --gpio "$1" --output json 2>/dev/null | jq -r .value; }
# press N: the button on GPIO N pressed (Low) and released (High).
press() { quiet dev gpio set --gpio "$1" --value 0 && sleep 0.5 && quiet dev gpio set --gpio "$1" --value 1; }
# press_until N REGEX: holds button N down until the console shows one more
# line matching REGEX (at most 30 s), then releases it and leaves the app a
# second to see the release: for apps that poll their buttons (the samples'
# 10 ms timer), which a loaded host may not run within a fixed short press.
press_until() {
	local seen rc
	seen=$(count "$2")
	quiet dev gpio set --gpio "$1" --value 0 || return 1
	wait_for_more "$2" "$seen" 30
	rc=$?
	quiet dev gpio set --gpio "$1" --value 1 && sleep 1
	return $rc
}
# wait_level N V [SECONDS]: until GPIO N reads V.
wait_level() {
	local i
	for ((i = 0; i < ${3:-20} * 2; i++)); do
		[[ $(level "$1") == "$2" ]] && return 0
		sleep 0.5
	done
	return 1
}
# built NAME: the package cmake built for example NAME.
built() { ls "$src/$1"/out/ARM-Release/*.imagepackage; }
component() { jq -r .ComponentId "examples/$1/app_manifest.json"; }
app_name() { jq -r .Name "examples/$1/app_manifest.json"; }
deploy() { quiet dev sideload deploy --image-package "$(built "$1")"; }
remove() { quiet dev sideload delete --component-id "$(component "$1")"; }

e2e_keygen
# --- build, as a user does --------------------------------------------------
mkdir -p "$src"
cp -r examples/common "$src/"
export AzureSphereDefaultSDKDir=$PWD/out/sdk SPHERULE_SIGNING_KEY=$E2E_TMP/test.key
for e in blink gpio_edges uart_echo deferred_update mutable_storage; do
	cp -r "examples/$e" "$src/"
	check "$e: cmake --preset ARM-Release && cmake --build out/ARM-Release" bash -c \
		"cd '$src/$e' && cmake --preset ARM-Release >'$E2E_TMP/$e.build' 2>&1 &&
		 cmake --build out/ARM-Release >>'$E2E_TMP/$e.build' 2>&1 && ls out/ARM-Release/*.imagepackage >/dev/null"
done
unset AzureSphereDefaultSDKDir SPHERULE_SIGNING_KEY
check "devctl packed" bash -c "$(declare -f pack_as pack); SPHERULE=$SPHERULE E2E_TMP=$E2E_TMP; pack devctl"
check "flash build: devctl" quiet "$SPHERULE" flash build --output "$flash" \
	--trust-key "$E2E_TMP/test.key.pub" --app "$E2E_TMP/devctl.imagepackage"
check "device manufactured with the test OEM key" quiet "$SPHERULE" device manufacture --flash "$flash" \
	--vendor-key out/keys/os-development.key.pub --oem-key "$E2E_TMP/test.key.pub"
check "enable-development" quiet "$SPHERULE" device enable-development --flash "$flash" --oem-key "$E2E_TMP/test.key"
if ! boot 4 "$flash"; then
	not_ok "boot (4 MiB, service link, UART ISU0)"
	e2e_done
fi
ok "boot (4 MiB, service link, UART ISU0)"
check "devctl serves the device API" wait_for "^\[devctl\] devctl: serving the device API" 120
check "the buttons idle high (released)" wait_level 12 1 1

# --- 1. blink -----------------------------------------------------------------
name=$(app_name blink)
check "blink deployed" deploy blink
check "blink started" wait_for "^\[$name\] Blink application starting" 60
check "the LED blinks: on" wait_level 8 0
check "the LED blinks: off" wait_level 8 1
check "press: the next blink interval" press_until 12 "^\[$name\] Blink interval now 250 ms"
check "... logged: 250 ms" wait_for "^\[$name\] Blink interval now 250 ms" 30
check "blink deleted" remove blink

# --- 2. gpio_edges ------------------------------------------------------------
name=$(app_name gpio_edges)
check "gpio_edges deployed" deploy gpio_edges
check "gpio_edges waits for presses" wait_for "^\[$name\] Waiting for button presses" 60
check "its LED is off" wait_level 8 1
press 12
check "press 1: an edge event, the LED on" wait_for "^\[$name\] Press 1 at [0-9]+ ms: LED on" 30
check "... GPIO 8 reads Low" wait_level 8 0
press 12
check "press 2: the LED off" wait_for "^\[$name\] Press 2 at [0-9]+ ms: LED off" 30
check "... GPIO 8 reads High" wait_level 8 1
check "gpio_edges deleted" remove gpio_edges

# --- 3. uart_echo -------------------------------------------------------------
name=$(app_name uart_echo)
check "uart_echo deployed" deploy uart_echo
check "uart_echo opened UART ISU0" wait_for "^\[$name\] UART open: echoing" 60
uart=$(cat "$SPHERULE_STATE_DIR/uart-isu0")
# The host end: send a line, collect what comes back for a while; then a
# press, and collect again.
python3 - "$uart" > "$E2E_TMP/uart.out" 2>&1 <<'EOF' &
import socket, sys, time
host, port = sys.argv[1].rsplit(':', 1)
s = socket.create_connection((host, int(port)), timeout=60)
time.sleep(1)
s.sendall(b'ping from the host\n')
got, deadline = b'', time.time() + 60
s.settimeout(1)
while time.time() < deadline and b'Hello world!\n' not in got:
    try:
        chunk = s.recv(256)
    except socket.timeout:
        continue
    if not chunk:
        break
    got += chunk
sys.stdout.write(got.decode(errors='replace'))
EOF
host_end=$!
check "the app received the host's line" wait_for "^\[$name\] Received [0-9]+ bytes" 60
press_until 12 "^\[$name\] Button pressed: sending"
check "the press sends Hello world!" wait_for "^\[$name\] Button pressed: sending" 30
wait "$host_end"
check "the host got its line back" grep -q "ping from the host" "$E2E_TMP/uart.out"
check "... and Hello world!" grep -q "Hello world!" "$E2E_TMP/uart.out"
check "uart_echo deleted" remove uart_echo

# --- 4. deferred_update -------------------------------------------------------
name=$(app_name deferred_update)
check "deferred_update deployed" deploy deferred_update
check "deferred_update waits for update events" wait_for "^\[$name\] Waiting for update events" 60
check "its pending-update LED (GPIO 20), which it drives, is off" wait_level 20 1
check "simulate an app update, deferrable for 5 minutes" \
	quiet dev sysevent simulate-update --type app --max-deferral-minutes 5
check "the app saw it pending" \
	wait_for "^\[$name\] Update pending: Application update, deferrable for up to 5 minutes" 30
check "and deferred it" wait_for "^\[$name\] Deferring the update for 1 minute" 10
check "its pending-update LED (GPIO 20) is on" wait_level 20 0
check "the update was deferred" wait_for "^\[$name\] Update deferred" 30
press_until 12 "^\[$name\] Update accepted: resuming it"
check "the press accepts the update" wait_for "^\[$name\] Update accepted: resuming it" 30
check "final warning" wait_for "^\[$name\] Final update warning" 60
check "complete" wait_for "^\[$name\] Update complete" 60
check "its LED is off again" wait_level 20 1
check "deferred_update deleted" remove deferred_update

# --- 5. mutable_storage -------------------------------------------------------
name=$(app_name mutable_storage)
check "mutable_storage deployed" deploy mutable_storage
check "no count stored yet" wait_for "^\[$name\] Stored count: 0" 60
press_until 12 "^\[$name\] Count: 1[[:space:]]*$"
check "press: Count: 1" wait_for "^\[$name\] Count: 1[[:space:]]*$" 30
press_until 12 "^\[$name\] Count: 2[[:space:]]*$"
check "press: Count: 2" wait_for "^\[$name\] Count: 2[[:space:]]*$" 30
check "device restart" quiet dev restart
check "the board came back with the count: 2" wait_for "^\[$name\] Stored count: 2" 180
check "devctl serves again" bash -c "for i in \$(seq 60); do '$SPHERULE' device image list-installed >/dev/null 2>&1 && exit 0; sleep 1; done; exit 1"
press_until 13 "^\[$name\] Mutable file deleted"
check "SAMPLE_BUTTON_2 deletes the file" wait_for "^\[$name\] Mutable file deleted" 30
press_until 12 "^\[$name\] Count: 1[[:space:]]*$"
check "the count starts again: Count: 1" wait_for_more "^\[$name\] Count: 1[[:space:]]*$" 1 30
check "no example ended with an error" bash -c "! grep -q 'ERROR' <(tr -d '\r' < '$CONSOLE')"
e2e_done
