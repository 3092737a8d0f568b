#!/usr/bin/env bash
# End to end over the air (issue 17; docs/ota.md): a device of the board,
# its update agent updated (in flash, with the test service's metadata key in
# its signed package) and hello v1, claimed on a spherule-cloud of the test's
# own (SQLite), reached through tests/e2e/ota_proxy.py, the attacker in the
# middle (guestfwd 10.0.2.100:8443):
#  1. the first check-in (nothing deployed) is verified and idle;
#  2. a replayed answer, a fresh answer with another version's targets
#     (mixed) and an answer held back past its expiry are refused, each with
#     its reason in updated's log, and nothing is installed;
#  3. a deployment of OS v2 (security version 1) and hello v2: a download
#     with a byte flipped is refused (size and SHA-256 against the target),
#     a download cut in the middle resumes with Range; hello v2 is installed
#     while the device runs, the OS staged in osstage, installed by secmon
#     into slot B, and the reboot is a power cycle into its trial; updated
#     reports healthy and confirms, secmon advances the os counter to 1, and
#     the service shows the device healthy on OS v2;
#  4. OS v3, signed, but whose kernel never boots: installed into slot A,
#     booted once as a trial, power-cycled by the board's watchdog at the
#     trial deadline, and the device is back on OS v2 (slot B), reports
#     rolled-back, and does not install v3 again; the counter stays 1.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh

flash=$E2E_TMP/device.flash
cloud=$E2E_TMP/cloud
TRIAL_S=150

e2e_keygen
mkdir -p "$cloud"

# --- the service and the proxy ---------------------------------------------
out/bin/spherule-cloud serve --db "sqlite:$cloud/cloud.db" --listen 127.0.0.1:0 --state "$cloud" \
	--timestamp-expiry 8 > "$cloud/serve.out" 2> "$cloud/serve.err" &
service=$!
echo pass > "$E2E_TMP/proxy.mode"
proxy=
trap 'kill $service $proxy 2>/dev/null; e2e_cleanup' EXIT
for _ in $(seq 100); do grep -q "listening on" "$cloud/serve.out" 2>/dev/null && break; sleep 0.1; done
cloud_port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$cloud/serve.out")
check "spherule-cloud serves on 127.0.0.1:${cloud_port:-?} (SQLite)" test -n "$cloud_port"
python3 tests/e2e/ota_proxy.py --upstream "${cloud_port:-1}" --mode-file "$E2E_TMP/proxy.mode" \
	--log "$E2E_TMP/proxy.log" --hold 12 > "$E2E_TMP/proxy.port" 2> "$E2E_TMP/proxy.err" &
proxy=$!
for _ in $(seq 50); do [[ -s $E2E_TMP/proxy.port ]] && break; sleep 0.1; done
proxy_port=$(awk '{print $2}' "$E2E_TMP/proxy.port")
check "the proxy forwards 127.0.0.1:${proxy_port:-?} to the service" test -n "$proxy_port"
export SPHERULE_CLOUD_URL=http://127.0.0.1:$cloud_port SPHERULE_CLOUD_TOKEN_FILE=$cloud/admin-token
# mode M: the proxy's next answer it concerns is attacked so.
mode() { echo "$1" > "$E2E_TMP/proxy.mode"; }

# --- the images ------------------------------------------------------------
check "updated packed with the service's metadata key in its etc/updated.conf" quiet pack_updated "$cloud"
check "hello v1 and v2 packed" bash -c "$(declare -f pack_as pack); SPHERULE=$SPHERULE E2E_TMP=$E2E_TMP
	pack hello --version 1 && pack_as test.key hello hello2.imagepackage --version 2"
vendor=out/keys/os-development.key
check "OS v2 (security version 1) packed as an .osimage" quiet "$SPHERULE" os-image pack --key "$vendor" \
	--version 2 --security-version 1 --image "$E2E_TMP/os2.osimage"
# OS v3: signed by the vendor, but its kernel is zeros: it never reaches appmgr.
cp -r out/os/qemu-armv7 "$E2E_TMP/os3"
head -c 65536 /dev/zero > "$E2E_TMP/os3/xipImage"
check "OS v3 (a kernel that never boots) packed" quiet "$SPHERULE" os-image pack --key "$vendor" \
	--os-dir "$E2E_TMP/os3" --version 3 --security-version 2 --image "$E2E_TMP/os3.osimage"

check "flash build (updated, hello v1)" quiet "$SPHERULE" flash build --output "$flash" \
	--trust-key "$E2E_TMP/test.key.pub" --app "$E2E_TMP/updated.imagepackage" --app "$E2E_TMP/hello.imagepackage"
check "the device manufactured (its secmon store)" quiet "$SPHERULE" device manufacture --flash "$flash" \
	--vendor-key "$vendor.pub" --oem-key "$E2E_TMP/test.key.pub"
device_id=$("$SPHERULE" device show-identity --flash "$flash" --output json | jq -r .deviceId)

check "product and device group created" quiet bash -c "'$SPHERULE' product create --name ota-e2e &&
	'$SPHERULE' device-group create --product ota-e2e --name field --check-period 600"
check "device claimed into the group (id and key read through secmon)" quiet \
	"$SPHERULE" device claim --flash "$flash" --device-group field

# image_id FILE: the service's id of an uploaded image.
image_id() { "$SPHERULE" image add --image "$1" --output json | jq -r .id; }
os2=$(image_id "$E2E_TMP/os2.osimage")
hello2=$(image_id "$E2E_TMP/hello2.imagepackage")
os3=$(image_id "$E2E_TMP/os3.osimage")
check "the three images uploaded (OS v2, hello v2, OS v3)" test ${#os2} = 64 -a ${#hello2} = 64 -a ${#os3} = 64

if ! boot 4 "$flash" --trial-timeout "$TRIAL_S" --guestfwd "10.0.2.100:8443:${proxy_port:-1}"; then
	not_ok "boot with the service's forward"
	e2e_done
fi
ok "boot with the service's forward"

# update_check: has the service ask the device to check now (its poll, 10 s).
update_check() { "$SPHERULE" device update check --device-id "$device_id" >/dev/null; }
u='^\[updated\] updated: '

# --- 1. the first check-in ---------------------------------------------------
check "updated started" wait_for "${u}started: service 10\.0\.2\.100:8443" 120
check "first check-in: verified, nothing targeted" wait_for "${u}checked in \(idle\): targets version [0-9]+, 0 target\(s\)" 120
check "the service has the device's check-in" bash -c \
	"'$SPHERULE' device show --device-id $device_id --output json | jq -e '.last_checkin.state == \"idle\"' >/dev/null"

# --- 2. metadata attacks -----------------------------------------------------
mode replay
update_check
check "a replayed answer: refused" wait_for "${u}metadata refused: replayed" 60
check "the proxy replayed it" grep -q "^POST /v1/device/checkin - replay 200" "$E2E_TMP/proxy.log"

check "deployment of OS v2 and hello v2" quiet \
	"$SPHERULE" deployment create --device-group field --images "$os2" "$hello2"
mode mixed
update_check
check "targets from another version than the snapshot names (mixed): refused" \
	wait_for "${u}metadata refused: mixed" 60
mode expired
update_check
check "an answer held back past its expiry: refused" wait_for "${u}metadata refused: expired" 90
check "nothing downloaded while the metadata was refused" bash -c "! grep -q '^GET /v1/images/' '$E2E_TMP/proxy.log'"

# --- 3. the update -------------------------------------------------------------
mode corrupt
update_check
check "a download with a byte flipped: refused against its target" \
	wait_for "${u}download failed: .*file does not match its target" 300
# updated reports the failure in a check-in, and a check-in clears the
# service's check-now flag: ask for the next check only once it is in.
check "the failure reported in a check-in" wait_for "${u}checked in \(failed\)" 120
mode cut
update_check
check "a download cut in the middle resumes with Range" \
	wait_for "${u}download of .* cut after [0-9]+ bytes .*: resuming" 300
# updated logs "resuming" before it sends the resumed request, and the proxy
# logs a request once the service answered it: wait for that line.
check "the proxy saw the resumed request" bash -c \
	"for _ in \$(seq 120); do grep -qE '^GET /v1/images/[0-9a-f]+ bytes=[0-9]+- pass 206' '$E2E_TMP/proxy.log' && exit 0; sleep 0.5; done; exit 1"
check "hello v2 installed while the device runs" wait_for "${u}.*version 2 installed" 300
check "OS v2 installed by secmon into slot B" \
	wait_for "${u}OS version 2 installed into slot B: rebooting into its trial" 600
check "OS v2 confirmed healthy after its trial boot (os counter 1)" \
	wait_for "${u}OS version 2 confirmed healthy \(os counter 1\)" 600
check "secmon's os counter is 1" bash -c "[[ \$(cat '$flash.secmon/counters/os') == 1 ]]"
# checked_in STATE VERSION SLOT: the service recorded a check-in of the
# device in that state from that OS (its history, in its database).
checked_in() {
	python3 -c 'import sqlite3, sys
db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
n = db.execute("SELECT COUNT(*) FROM checkins WHERE device_id = ? AND state = ? AND os_version = ? AND os_slot = ?",
	       (sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])).fetchone()[0]
sys.exit(0 if n > 0 else 1)' "$cloud/cloud.db" "$device_id" "$@"
}
check "the service recorded the device healthy on OS v2, slot B" checked_in healthy 2 B
check "and its last check-in is from OS v2, slot B" bash -c \
	"'$SPHERULE' device show --device-id $device_id --output json |
	jq -e '.last_checkin.os.version == 2 and .last_checkin.os.slot == \"B\"' >/dev/null"

# --- 4. a new OS that never reports healthy ---------------------------------
check "deployment of OS v3 and hello v2" quiet \
	"$SPHERULE" deployment create --device-group field --images "$os3" "$hello2"
update_check
check "OS v3 installed by secmon into slot A" \
	wait_for "${u}OS version 3 installed into slot A: rebooting into its trial" 600
check "its trial never confirms: the board's watchdog power-cycles, the device is back on OS v2" \
	wait_for "${u}OS rolled back" $((TRIAL_S + 300))
check "secmon: the watchdog power-cycled the unconfirmed trial and marked slot A bad" bash -c \
	"grep -q '^secmon: watchdog: the trial boot was not confirmed by its deadline' '$SPHERULE_STATE_DIR/secmon.log' &&
	grep -q '^secmon: slot A: its trial boot was not confirmed: marked bad, not booted again' '$SPHERULE_STATE_DIR/secmon.log'"
check "the service recorded the device rolled back, on OS v2 in slot B" checked_in rolled-back 2 B
check "the service shows the device on OS v2" bash -c \
	"'$SPHERULE' device show --device-id $device_id --output json |
	jq -e '.last_checkin.os.version == 2' >/dev/null"
check "the os counter stayed 1" bash -c "[[ \$(cat '$flash.secmon/counters/os') == 1 ]]"
update_check
sleep 30
check "OS v3 is not installed again" test "$(count "${u}OS version 3 installed")" = 1

e2e_done
