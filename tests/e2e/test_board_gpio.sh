#!/usr/bin/env bash
# End to end on the booted board: the simulated GPIO lines the host drives
# and reads (issue 15; docs/board-qemu-armv7.md, docs/device-api.md) and the
# apps' UART ISU0's host end. The flash holds devctl and gpio_echo
# (tests/e2e/apps/gpio_echo/), which holds GPIO 12 (a button) as an input
# with edge events and copies its level to GPIO 9 (an LED), both lines of
# the gpio-sim bank sim0.
#  1. In development mode: the button idles high (board.conf's
#     gpio_idle_high); `spherule device gpio set` presses it (Low), the app
#     gets the falling edge and puts the LED out, `device gpio get` sees it
#     (and releases: the rising edge, the LED lit); a line no app holds reads back what
#     the host set; an app's output, a PL061 line and a number the board
#     lacks are refused with their reasons; the same with curl; appmgr logs
#     what the host drove; the UART ISU0's host end (STATE/uart-isu0)
#     accepts a connection.
#  2. Outside development mode: the GPIO paths are refused (forbidden).
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh

flash=$E2E_TMP/device.flash
dev() { "$SPHERULE" device "$@"; }
# gpio_json N: GET of GPIO N through the CLI, its JSON into $E2E_TMP/gpio.
gpio_json() { dev gpio get --gpio "$1" --output json > "$E2E_TMP/gpio" 2>&1; }
jqe() { jq -e "$1" "$E2E_TMP/gpio" >/dev/null; }

e2e_keygen
check "devctl and gpio_echo packed" bash -c "$(declare -f pack_as pack); SPHERULE=$SPHERULE E2E_TMP=$E2E_TMP
	pack devctl && pack gpio_echo"
check "flash build" quiet "$SPHERULE" flash build --output "$flash" --trust-key "$E2E_TMP/test.key.pub" \
	--app "$E2E_TMP/devctl.imagepackage" --app "$E2E_TMP/gpio_echo.imagepackage"
check "device manufactured with the test OEM key" quiet "$SPHERULE" device manufacture --flash "$flash" \
	--vendor-key out/keys/os-development.key.pub --oem-key "$E2E_TMP/test.key.pub"
check "enable-development" quiet "$SPHERULE" device enable-development --flash "$flash" --oem-key "$E2E_TMP/test.key"

# --- 1. development mode ------------------------------------------------------
if ! boot_as dev 4 "$flash"; then
	not_ok "boot 1: development mode"
	e2e_done
fi
ok "boot 1: development mode"
check "appmgr: development mode on" wait_for "^appmgr: development mode on \(secmon\)" 120
check "appmgr found sim0 with MT3620's GPIO numbers 8..80" wait_for "^appmgr: GPIO 8\.\.80: lines 0\.\.72 of sim0 " 60
check "devctl serves the service link" wait_for "^\[devctl\] devctl: serving the device API" 120
check "gpio_echo holds GPIO 12 (edges) and GPIO 9" wait_for "^\[gpio_echo\] gpio_echo: ready" 60

gpio_json 12
check "gpio get 12: 1, pulled up at boot (gpio_idle_high), held by an app as an input" \
	jqe '.gpio == 12 and .value == 1 and .pull == "up" and .requested and (.output | not) and .chip == "sim0" and .offset == 4'
check "appmgr pulled the RDB's buttons up at boot" \
	bash -c "grep -q '^appmgr: GPIO 12, 13 idle high (simulated pull-ups)' <(tr -d '\r' < '$CONSOLE')"
dev gpio set --gpio 12 --value 0 > "$E2E_TMP/out" 2>&1
check "gpio set 12 0 (press the button): said in one line" \
	grep -qx "GPIO 12: 0 (line 4 of sim0, pulled down, an app's input)" "$E2E_TMP/out"
check "the app got the falling edge and put the LED out" \
	wait_for "^\[gpio_echo\] gpio_echo: GPIO 12 falling edge, level 0, GPIO 9 set to 0" 30
gpio_json 9
check "gpio get 9 (the LED): 0, the app's output" jqe '.value == 0 and .requested and .output and .offset == 1'
check "gpio get 9 in a table" bash -c "'$SPHERULE' device gpio get --gpio 9 | grep -qx \"GPIO 9: 0 (line 1 of sim0, pulled down, an app's output)\""
check "gpio set 12 1 (release)" quiet dev gpio set --gpio 12 --value 1
check "the app got the rising edge and lit the LED" \
	wait_for "^\[gpio_echo\] gpio_echo: GPIO 12 rising edge, level 1, GPIO 9 set to 1" 30
gpio_json 9
check "gpio get 9: 1" jqe '.value == 1 and .output'
check "appmgr logged what the host drove" \
	bash -c "grep -q '^appmgr: GPIO 12 (line 4 of sim0) pulled down by the host' <(tr -d '\r' < '$CONSOLE')"

check "gpio set 45 1, a line no app holds (an RDB LED's number)" quiet dev gpio set --gpio 45 --value 1
gpio_json 45
check "... reads back 1, pulled up, not held" jqe '.value == 1 and .pull == "up" and (.requested | not) and .offset == 37'
check "gpio get 80, the last simulated line" bash -c "'$SPHERULE' device gpio get --gpio 80 --output json | jq -e '.offset == 72' >/dev/null"
dev gpio set --gpio 9 --value 1 > "$E2E_TMP/out" 2>&1
check "gpio set of the app's output: refused, naming the app (busy)" \
	grep -qx "spherule: device gpio set: GPIO 9 is an output of gpio_echo: its level is the app's (busy)" "$E2E_TMP/out"
dev gpio get --gpio 1 > "$E2E_TMP/out" 2>&1
check "gpio get of a PL061 line: not simulated (bad_request)" grep -q \
	"GPIO 1 is line 1 of 9030000.pl061, not a simulated line: the host drives and reads only simulated (gpio-sim) lines (bad_request)" \
	"$E2E_TMP/out"
dev gpio get --gpio 81 > "$E2E_TMP/out" 2>&1
check "gpio get 81: the board has no such GPIO (not_found)" grep -q "this board has no GPIO 81 (not_found)" "$E2E_TMP/out"

ADDR=$(cat "$SPHERULE_STATE_DIR/service-link")
code=$(curl -sS --max-time 60 -o "$E2E_TMP/gpio" -w '%{http_code}' -X PUT -H 'Content-Type: application/json' \
	-d '{"value":1}' "http://$ADDR/gpio/13")
check "curl PUT /gpio/13 {\"value\":1}: 200, button B pulled up" bash -c "[[ $code == 200 ]] && jq -e '.value == 1 and .pull == \"up\"' '$E2E_TMP/gpio' >/dev/null"
code=$(curl -sS --max-time 60 -o "$E2E_TMP/gpio" -w '%{http_code}' "http://$ADDR/gpio/13")
check "curl GET /gpio/13: 200, 1" bash -c "[[ $code == 200 ]] && jq -e '.gpio == 13 and .value == 1' '$E2E_TMP/gpio' >/dev/null"
code=$(curl -sS --max-time 60 -o "$E2E_TMP/gpio" -w '%{http_code}' "http://$ADDR/gpio/0")
check "curl GET /gpio/0: 400 bad_request" bash -c "[[ $code == 400 ]] && jq -e '.error.code == \"bad_request\"' '$E2E_TMP/gpio' >/dev/null"

uart=$(cat "$SPHERULE_STATE_DIR/uart-isu0" 2>/dev/null)
check "the emulator recorded the UART ISU0: 127.0.0.1:PORT, another port than the service link's" \
	bash -c "[[ '$uart' =~ ^127\.0\.0\.1:[0-9]+$ && '$uart' != '$ADDR' ]]"
check "the UART ISU0's host end accepts a connection" python3 -c "
import socket; s = socket.create_connection(('127.0.0.1', ${uart#*:}), timeout=10); s.close()"
check "emulator status names the UART ISU0" bash -c "'$SPHERULE' emulator status | grep -qF ', UART ISU0 $uart'"
check "no kernel panic, no Oops" bash -c "! grep -qE 'Kernel panic|Oops|BUG:' '$CONSOLE'"
check "power off" quiet "$SPHERULE" emulator stop --timeout 60

# --- 2. outside development mode ----------------------------------------------
check "enable-cloud-test removes the capability" quiet "$SPHERULE" device enable-cloud-test --flash "$flash"
if ! boot_as cloud 4 "$flash"; then
	not_ok "boot 2: no capability"
	e2e_done
fi
ok "boot 2: no capability"
check "appmgr: development mode off" wait_for "^appmgr: development mode off \(secmon\)" 120
check "devctl serves the service link" wait_for "^\[devctl\] devctl: serving the device API" 120
dev gpio set --gpio 12 --value 1 > "$E2E_TMP/out" 2>&1
check "gpio set outside development mode: refused (forbidden), naming the fix" grep -qx \
	"spherule: device gpio set: the host drives and reads simulated GPIO lines only in development mode (spherule device enable-development) (forbidden)" \
	"$E2E_TMP/out"
dev gpio get --gpio 9 > "$E2E_TMP/out" 2>&1
check "gpio get outside development mode: refused (forbidden)" grep -q "(forbidden)$" "$E2E_TMP/out"
check "the app saw no edge" bash -c "! grep -q 'gpio_echo: GPIO 12' <(tr -d '\r' < '$CONSOLE')"
e2e_done
