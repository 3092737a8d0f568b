#!/usr/bin/env bash
# End to end on the booted board: the device API over the service link (issue
# 14, docs/device-api.md). The flash holds devctl and counter; the board boots
# at 4 MiB with the NIC and the service link. Every verb of `spherule device`,
# each also with plain curl:
#  1. the attached device, its security state, what is installed;
#  2. hello sideloaded and started without a reboot, its log, stop, start,
#     status, quota and memory; a newer hello replaces it (one slot, one app);
#     an image for manual start waits for its start;
#  3. a corrupted, truncated, wrongly signed, test-signed (outside development
#     mode) or oversized upload refused with
#     its reason and nothing changed (same images, same slots); a GPIO line
#     already granted refused naming the holder; devctl cannot delete itself;
#  4. malformed HTTP (huge headers, bad lengths, a client that stops
#     mid-request, 200 clients at once) never ends devctl nor stops the apps;
#  5. 100 deploy/delete cycles leave the slots and flash use where they were;
#  6. a restart through the API comes back with the sideloaded app running;
#     deleting counter erases its storage.
# Power cuts during deploys are tests/e2e/test_devctl_powercut.sh.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh

HELLO_ID=20733d53-e646-4e2c-99ba-4ea9de6638e1
COUNTER_ID=d64d51f8-dc59-4a7b-a6d8-6b1d4422e251
DEVCTL_ID=$(jq -r .ComponentId device/devctl/app_manifest.json)
CYCLES=${DEVCTL_CYCLES:-100}
flash=$E2E_TMP/device.flash
seen() { tr -d '\r' < "$CONSOLE" | grep -qE -- "$1"; }
dev() { "$SPHERULE" device "$@"; }
# api METHOD PATH [curl options]: the device API with plain curl; the body on
# stdout, the HTTP status in $E2E_TMP/status.
api() {
	local method=$1 path=$2
	shift 2
	curl -sS --max-time 60 --retry 5 --retry-connrefused --retry-delay 1 -o "$E2E_TMP/body" \
		-w '%{http_code}' -X "$method" "$@" "http://$ADDR$path" > "$E2E_TMP/status"
	cat "$E2E_TMP/body"
}
status_is() { [[ $(cat "$E2E_TMP/status") == "$1" ]]; }
# installed: the component ids installed, sorted, one per line.
installed() { api GET /images | jq -r '.images[].componentId' | sort; }
slots_used() { api GET /device | jq -r '.appSlots.used'; }
flash_used() { api GET /device | jq -r '.appFlash.usedInKB'; }
# jqe FILTER FILE: whether FILE's JSON passes FILTER.
jqe() { jq -e "$1" "$2" >/dev/null; }

e2e_keygen
"$SPHERULE" keygen --output "$E2E_TMP/other.key" >/dev/null
jq '.CmdArgs = ["v2"]' examples/hello/app_manifest.json > "$E2E_TMP/hello2.json"
check "apps packed: devctl, counter, hello v1 and v2, wrongly signed, gpio and its rival" bash -c "
	$(declare -f pack_as); SPHERULE=$SPHERULE E2E_TMP=$E2E_TMP
	pack_as test.key devctl devctl.pkg && pack_as test.key counter counter.pkg &&
	pack_as test.key hello hello1.pkg && MANIFEST=$E2E_TMP/hello2.json pack_as test.key hello hello2.pkg --version 2 &&
	pack_as other.key hello untrusted.pkg"
# The attack suite's gpio app and its rival, which asks for a line gpio holds.
for g in gpio gpio_rival; do
	"$SPHERULE" image-package pack-application --package-directory out/device/apps/gpio \
		--manifest "tests/attack/$g/app_manifest.json" --hardware-definition pkg/hwdef/qemu-armv7.json \
		--key "$E2E_TMP/test.key" --output "$E2E_TMP/$g.pkg" >/dev/null
done
# Fillers: hello under 14 other component ids, to run out of slots.
for i in $(seq 10 23); do
	jq --arg id "20733d53-e646-4e2c-99ba-0000000000$i" '.ComponentId = $id' \
		examples/hello/app_manifest.json > "$E2E_TMP/filler$i.json"
	MANIFEST=$E2E_TMP/filler$i.json pack_as test.key hello "filler$i.pkg"
done
# Oversized: more bytes than the board's image budget (app_flash_kib, 1024
# KiB): the packer itself refuses to make such a package, so hello's with
# 1.1 MiB of random bytes after it.
cat "$E2E_TMP/hello1.pkg" <(head -c $((1100 * 1024)) /dev/urandom) > "$E2E_TMP/oversized.pkg"
cp "$E2E_TMP/hello1.pkg" "$E2E_TMP/corrupted.pkg"
printf '\x5a' | dd of="$E2E_TMP/corrupted.pkg" bs=1 seek=4100 conv=notrunc status=none
head -c 6000 "$E2E_TMP/hello1.pkg" > "$E2E_TMP/truncated.pkg"
check "flash build: devctl and counter" quiet "$SPHERULE" flash build --output "$flash" \
	--trust-key "$E2E_TMP/test.key.pub" --app "$E2E_TMP/devctl.pkg" --app "$E2E_TMP/counter.pkg"

# --- 1. attached ------------------------------------------------------------
check "boot (4 MiB, NIC, service link)" boot 4 "$flash" --net
check "devctl started with the service link" wait_for "^appmgr: devctl: started" 120
check "appmgr opened the service link (port 3)" seen "^appmgr: service link: /dev/vport[0-9]p3"
ADDR=$(cat "$SPHERULE_STATE_DIR/service-link" 2>/dev/null)
check "the emulator recorded the link: 127.0.0.1:PORT" grep -qE '^127\.0\.0\.1:[0-9]+$' <<<"$ADDR"
dev list-attached > "$E2E_TMP/out" 2>&1
check "device list-attached names the link" grep -qF "$ADDR" "$E2E_TMP/out"
"$SPHERULE" device show-identity --flash "$flash" > "$E2E_TMP/identity" 2>&1
device_id=$(sed -nE 's/^device id: *([0-9a-f]+)$/\1/p' "$E2E_TMP/identity")
dev show-security-state --output json > "$E2E_TMP/out" 2>&1
check "show-security-state: secmon's device id" \
	test "$(jq -r .deviceIdentifier "$E2E_TMP/out")" = "$device_id" -a -n "$device_id"
api GET /device/security_state > "$E2E_TMP/out"
check "curl GET /device/security_state: 200, the same id" \
	bash -c "[[ \$(cat $E2E_TMP/status) == 200 && \$(jq -r .deviceIdentifier $E2E_TMP/out) == $device_id ]]"
check "device show: memory, slots and flash" bash -c \
	"'$SPHERULE' device show --output json | jq -e '.appSlots.used == 2 and .appSlots.total == 16 and .memory.totalInKB > 0' >/dev/null"
dev image list-installed > "$E2E_TMP/out" 2>&1
check "image list-installed (table): devctl and counter" \
	bash -c "grep -q devctl $E2E_TMP/out && grep -q counter $E2E_TMP/out && grep -q $COUNTER_ID $E2E_TMP/out"
check "curl GET /images: the same two" test "$(installed | tr '\n' ' ')" = \
	"$(printf '%s\n' "$COUNTER_ID" "$DEVCTL_ID" | sort | tr '\n' ' ')"
check "curl GET /net/interfaces: eth0 with 10.0.2.15" bash -c \
	"$(declare -f api); ADDR=$ADDR E2E_TMP=$E2E_TMP; api GET /net/interfaces |
	jq -e '.interfaces[] | select(.interfaceName == \"eth0\") | .ipAddresses | index(\"10.0.2.15\")' >/dev/null"

# --- 2. sideload, run, replace ------------------------------------------------
slots0=$(slots_used)
flash0=$(flash_used)
dev sideload deploy --image-package "$E2E_TMP/hello1.pkg" > "$E2E_TMP/out" 2>&1
check "sideload deploy hello: exit 0" test $? -eq 0
check "hello staged, verified by secmon, installed" \
	wait_for "^appmgr: app[0-9]+: hello \($HELLO_ID\) version 1 installed" 30
check "hello runs without a reboot" wait_for "^\[hello\] hello from Spherule #2" 60
check "app show-status: running" bash -c \
	"'$SPHERULE' device app show-status --component-id $HELLO_ID --output json | jq -e '.state == \"running\"' >/dev/null"
dev log --component-id "$HELLO_ID" > "$E2E_TMP/out" 2>&1
check "device log --component-id: hello's lines" grep -q "hello from Spherule #1" "$E2E_TMP/out"
check "curl GET /log?componentId=: hello's lines" bash -c \
	"$(declare -f api); ADDR=$ADDR E2E_TMP=$E2E_TMP; api GET '/log?componentId=$HELLO_ID' |
	jq -e '.lines | map(select(test(\"hello from Spherule\"))) | length > 0' >/dev/null"
check "device log (appmgr's own): the install" bash -c \
	"'$SPHERULE' device log | grep -q 'hello ($HELLO_ID) version 1 installed'"
timeout 8 "$SPHERULE" device log --component-id "$HELLO_ID" --follow > "$E2E_TMP/follow" 2>&1
n1=$(grep -c "hello from Spherule" "$E2E_TMP/follow")
check "device log --follow streams new lines ($n1 in 8 s)" test "$n1" -ge 3
curl -sS --max-time 4 "http://$ADDR/log/stream?componentId=$HELLO_ID" > "$E2E_TMP/stream" 2>/dev/null
check "curl GET /log/stream: NDJSON lines of hello as they come" bash -c "
	[[ \$(jq -r .line $E2E_TMP/stream 2>/dev/null | grep -c 'hello from Spherule') -ge 2 ]]"
check "app stop" quiet dev app stop --component-id "$HELLO_ID"
check "appmgr stopped hello on request" wait_for "^appmgr: hello: stopped on request" 10
before=$(count "hello from Spherule")
sleep 3
check "a stopped app is not restarted and prints nothing" \
	bash -c "[[ $(count 'hello from Spherule') -eq $before ]] && ! grep -q 'hello: restarting' $CONSOLE"
api GET "/app/status/$HELLO_ID" > "$E2E_TMP/out"
check "curl GET /app/status: stopped" jqe '.state == "stopped"' "$E2E_TMP/out"
api PATCH "/app/status/$HELLO_ID" -H 'Content-Type: application/json' -d '{"trigger":"start"}' > "$E2E_TMP/out"
check "curl PATCH /app/status trigger start: running" jqe '.state == "running"' "$E2E_TMP/out"
check "hello prints again" wait_for_more "hello from Spherule" "$before" 20
check "app stop and start through the CLI" bash -c \
	"'$SPHERULE' device app stop --component-id $HELLO_ID >/dev/null && '$SPHERULE' device app start --component-id $HELLO_ID >/dev/null"
dev app show-quota --component-id "$COUNTER_ID" --output json > "$E2E_TMP/out" 2>&1
check "app show-quota counter: a limit of 8 KiB, some used" jqe '.LimitInKB == 8 and .UsageInKB >= 0' "$E2E_TMP/out"
api GET "/app/quota/$COUNTER_ID" > "$E2E_TMP/out"
check "curl GET /app/quota" jqe '.LimitInKB == 8' "$E2E_TMP/out"
dev app show-memory-stats --component-id "$HELLO_ID" --output json > "$E2E_TMP/out" 2>&1
check "app show-memory-stats: current under the 256 KiB limit" jqe \
	'.memoryStats.currentMemoryUsageInBytes > 0 and .memoryStats.memoryLimitInBytes == 262144' "$E2E_TMP/out"
api GET "/app/memory/$HELLO_ID" > "$E2E_TMP/out"
check "curl GET /app/memory" jqe '.memoryStats.peakMemoryUsageInBytes > 0' "$E2E_TMP/out"
check "slots in use: one more" test "$(slots_used)" -eq $((slots0 + 1))

dev sideload deploy --image-package "$E2E_TMP/hello2.pkg" > "$E2E_TMP/out" 2>&1
check "deploy hello v2: exit 0" test $? -eq 0
check "v2 replaced v1" wait_for "^appmgr: app[0-9]+: hello \($HELLO_ID\) version 2 installed, replacing the older image" 30
check "v2 runs" wait_for "^\[hello\] hello from v2 #2" 60
check "one hello, version 2" bash -c "$(declare -f api); ADDR=$ADDR E2E_TMP=$E2E_TMP; api GET /images |
	jq -e '[.images[] | select(.componentId == \"$HELLO_ID\")] | length == 1 and .[0].version == 2' >/dev/null"
check "the replacement freed the old slot" test "$(slots_used)" -eq $((slots0 + 1))

check "curl PUT /update/stage hello v1 (application/octet-stream)" bash -c "
	$(declare -f api status_is); ADDR=$ADDR E2E_TMP=$E2E_TMP
	api PUT /update/stage -H 'Content-Type: application/octet-stream' --data-binary @$E2E_TMP/hello1.pkg >/dev/null && status_is 200"
api POST /update/install -H 'Content-Type: application/json' -d '{"appControlMode":"Manual"}' > "$E2E_TMP/out"
check "curl POST /update/install (manual start): installed, not started" \
	bash -c "jq -e '.installed.componentId == \"$HELLO_ID\"' $E2E_TMP/out >/dev/null &&
	grep -q 'hello: installed, not started (manual start)' <(tr -d '\r' < $CONSOLE)"
check "manual start: stopped until started" bash -c \
	"'$SPHERULE' device app show-status --component-id $HELLO_ID --output json | jq -e '.state == \"stopped\"' >/dev/null"
check "started, it runs" bash -c "'$SPHERULE' device app start --component-id $HELLO_ID >/dev/null"
check "v1 prints again" wait_for_more "hello from Spherule" "$(count 'hello from Spherule')" 20

# --- 3. refusals: nothing changes ---------------------------------------------
images_before=$(installed | tr '\n' ' ')
slots_before=$(slots_used)
flash_before=$(flash_used)
unchanged() {
	[[ $(installed | tr '\n' ' ') == "$images_before" && $(slots_used) == "$slots_before" &&
		$(flash_used) == "$flash_before" ]]
}
dev sideload deploy --image-package "$E2E_TMP/corrupted.pkg" > "$E2E_TMP/out" 2>&1
rc=$?
check "corrupted upload refused: exit 1, signature does not verify (image_refused)" \
	bash -c "[[ $rc -eq 1 ]] && grep -q 'signature does not verify' $E2E_TMP/out && grep -q image_refused $E2E_TMP/out"
check "corrupted: nothing changed" unchanged
dev sideload deploy --image-package "$E2E_TMP/truncated.pkg" > "$E2E_TMP/out" 2>&1
check "truncated upload refused with a reason" bash -c "[[ $? -eq 1 ]] && grep -q image_refused $E2E_TMP/out"
check "truncated: nothing changed" unchanged
dev sideload deploy --image-package "$E2E_TMP/untrusted.pkg" > "$E2E_TMP/out" 2>&1
check "wrongly signed upload refused: untrusted key" grep -q "untrusted: signed with key" "$E2E_TMP/out"
check "wrongly signed: nothing changed" unchanged
# The emulator manufactured the device with the build tree's development key
# (out/keys/development.key) as a development key: an image signed with it
# is test-signed, and the device is not in development mode.
"$SPHERULE" image-package pack-application --package-directory out/device/apps/hello \
	--manifest examples/hello/app_manifest.json --key out/keys/development.key \
	--output "$E2E_TMP/devsigned.pkg" >/dev/null
dev sideload deploy --image-package "$E2E_TMP/devsigned.pkg" > "$E2E_TMP/out" 2>&1
check "a test-signed image outside development mode: refused, naming the fix" \
	bash -c "grep -q 'trusted only in development mode' $E2E_TMP/out && grep -q image_refused $E2E_TMP/out"
check "test-signed: nothing changed" unchanged
dev sideload deploy --image-package "$E2E_TMP/oversized.pkg" > "$E2E_TMP/out" 2>&1
check "oversized upload refused: payload_too_large, naming the budget" \
	bash -c "grep -q payload_too_large $E2E_TMP/out && grep -q app_flash_kib $E2E_TMP/out"
check "oversized: nothing changed" unchanged
api PUT /update/stage -H 'Content-Type: application/octet-stream' --data-binary @"$E2E_TMP/corrupted.pkg" > "$E2E_TMP/out"
check "curl: corrupted upload answered 422 image_refused" \
	bash -c "[[ \$(cat $E2E_TMP/status) == 422 ]] && jq -e '.error.code == \"image_refused\"' $E2E_TMP/out >/dev/null"
api POST /update/install > "$E2E_TMP/out"
check "curl: install with nothing staged: 409 not_staged" \
	bash -c "[[ \$(cat $E2E_TMP/status) == 409 ]] && jq -e '.error.code == \"not_staged\"' $E2E_TMP/out >/dev/null"
dev sideload delete --component-id "$DEVCTL_ID" > "$E2E_TMP/out" 2>&1
check "devctl cannot delete itself (system_app)" grep -q system_app "$E2E_TMP/out"
dev app stop --component-id 00000000-0000-0000-0000-000000000000 > "$E2E_TMP/out" 2>&1
check "an unknown component: not_found" grep -q not_found "$E2E_TMP/out"
check "everything still in place after the refusals" unchanged
check "deploy gpio (GPIO 0 and 1 of the PL061)" quiet dev sideload deploy --image-package "$E2E_TMP/gpio.pkg"
dev sideload deploy --image-package "$E2E_TMP/gpio_rival.pkg" > "$E2E_TMP/out" 2>&1
check "a line already granted: refused, naming the holder (conflict)" bash -c "
	grep -q 'gpio-rival asks for GPIO 0 (line 0 of 9030000.pl061), already granted to gpio' $E2E_TMP/out &&
	grep -q conflict $E2E_TMP/out"
api DELETE "/app/image/3b8e4f21-7c5d-4a96-8e0b-5d2c1f7a9e34" > "$E2E_TMP/out"
check "curl DELETE /app/image/{id}: gpio deleted" bash -c "[[ \$(cat $E2E_TMP/status) == 200 ]]"
check "and nothing else changed" unchanged
full=0
for i in $(seq 10 23); do
	dev sideload deploy --manual-start --image-package "$E2E_TMP/filler$i.pkg" >/dev/null 2>&1 || break
	full=$((full + 1))
done
dev sideload deploy --image-package "$E2E_TMP/gpio.pkg" > "$E2E_TMP/out" 2>&1
check "every slot in use ($full fillers): out of slots (507 out_of_slots)" bash -c "
	grep -q out_of_slots $E2E_TMP/out && grep -q 'delete one first' $E2E_TMP/out"
for i in $(seq 10 23); do
	dev sideload delete --component-id "20733d53-e646-4e2c-99ba-0000000000$i" >/dev/null 2>&1
done
check "the fillers deleted: back as before" unchanged

# --- 4. malformed HTTP ---------------------------------------------------------
port=${ADDR#*:}
raw() { timeout 40 python3 - "$port" "$@" <<'EOF'
import socket, sys, time
port, what = int(sys.argv[1]), sys.argv[2]
s = socket.create_connection(("127.0.0.1", port), timeout=25)
if what == "huge":
    s.sendall(b"GET /images HTTP/1.1\r\nHost: d\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n")
elif what == "badlen":
    s.sendall(b"PUT /update/stage HTTP/1.1\r\nHost: d\r\nContent-Length: 12x\r\n\r\n")
elif what == "nolen":
    s.sendall(b"PUT /update/stage HTTP/1.1\r\nHost: d\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
elif what == "garbage":
    s.sendall(bytes(range(256)) * 4 + b"\r\n\r\n")
elif what == "slow":
    s.sendall(b"GET /ima")
    time.sleep(8)
data = b""
try:
    while True:
        b = s.recv(4096)
        if not b:
            break
        data += b
except OSError:
    pass
print(data.split(b"\r\n")[0].decode("latin-1") if data else "(closed)")
EOF
}
check "huge headers: 431" bash -c "$(declare -f raw); port=$port; raw huge | grep -q ' 431'"
check "a bad Content-Length: 400" bash -c "$(declare -f raw); port=$port; raw badlen | grep -q ' 400'"
check "chunked upload: 411" bash -c "$(declare -f raw); port=$port; raw nolen | grep -q ' 411'"
check "binary garbage: 400" bash -c "$(declare -f raw); port=$port; raw garbage | grep -q ' 400'"
check "a client silent mid-request is dropped (408 or closed)" \
	bash -c "$(declare -f raw); port=$port; raw slow | grep -qE ' 408|\(closed\)'"
hello_lines=$(count "hello from Spherule")
for i in $(seq 200); do
	curl -s --max-time 60 -o /dev/null -w '%{http_code}\n' "http://$ADDR/images" >> "$E2E_TMP/flood" 2>/dev/null &
done
wait
served=$(grep -c '^200$' "$E2E_TMP/flood")
check "200 clients at once: some served ($served), none crashed devctl" \
	bash -c "[[ $served -gt 0 ]] && ! grep -qE 'devctl: (exited|killed)' <(tr -d '\r' < $CONSOLE)"
check "the apps kept running during the flood" wait_for_more "hello from Spherule" "$hello_lines" 10
check "devctl still serves after all that" bash -c "$(declare -f api); ADDR=$ADDR E2E_TMP=$E2E_TMP; api GET /images >/dev/null; [[ \$(cat $E2E_TMP/status) == 200 ]]"

# --- 5. deploy/delete cycles --------------------------------------------------
check "sideload delete hello" quiet dev sideload delete --component-id "$HELLO_ID"
check "hello deleted, its slot erased" wait_for "^appmgr: hello \($HELLO_ID\) deleted, app[0-9]+ erased" 10
check "back to the slots and flash use before the first deploy" \
	bash -c "[[ \$($(declare -f api slots_used); ADDR=$ADDR E2E_TMP=$E2E_TMP; slots_used) == $slots0 ]]"
failed=0
for ((i = 1; i <= CYCLES; i++)); do
	if ! dev sideload deploy --image-package "$E2E_TMP/hello1.pkg" >"$E2E_TMP/cycle" 2>&1 ||
		! dev sideload delete --component-id "$HELLO_ID" >>"$E2E_TMP/cycle" 2>&1; then
		failed=$((failed + 1))
		echo "# cycle $i failed:"
		sed 's/^/#   /' "$E2E_TMP/cycle"
	fi
done
check "$CYCLES deploy/delete cycles, none failed" test "$failed" -eq 0
check "after $CYCLES cycles: the same slots and flash use ($slots0 slots, $flash0 KiB)" \
	bash -c "[[ \$($(declare -f api slots_used); ADDR=$ADDR E2E_TMP=$E2E_TMP; slots_used) == $slots0 &&
		\$($(declare -f api flash_used); ADDR=$ADDR E2E_TMP=$E2E_TMP; flash_used) == $flash0 ]]"
check "after $CYCLES cycles: only devctl and counter" test "$(installed | tr '\n' ' ')" = \
	"$(printf '%s\n' "$COUNTER_ID" "$DEVCTL_ID" | sort | tr '\n' ' ')"

# --- 6. restart ---------------------------------------------------------------
check "deploy hello for the restart" quiet dev sideload deploy --image-package "$E2E_TMP/hello2.pkg"
check "v2 runs before the restart" wait_for "hello from v2 #2" 60
v2_lines=$(count "hello from v2 #2")
if out=$(dev restart 2>&1); then ok "device restart"; else not_ok "device restart"; echo "# $out"; fi
check "appmgr rebooted on the API's request" wait_for "^appmgr: shutdown: reboot \(device API\)" 30
check "the board came back: hello v2 verified from flash at boot" \
	wait_for_more "^appmgr: app[0-9]+: hello \($HELLO_ID\) verified" 0 120
check "and runs" wait_for_more "hello from v2 #2" "$v2_lines" 120
check "devctl serves again after the restart" bash -c \
	"for i in \$(seq 60); do '$SPHERULE' device image list-installed --output json 2>/dev/null | jq -e '.images | length == 3' >/dev/null && exit 0; sleep 1; done; exit 1"
# Deleting an app with storage erases its storage directory too.
check "counter (8 KiB of storage) deleted" quiet dev sideload delete --component-id "$COUNTER_ID"
check "its storage erased with it" wait_for "^appmgr: storage of $COUNTER_ID erased: the app was deleted" 10
e2e_done
