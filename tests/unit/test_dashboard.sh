#!/usr/bin/env bash
# test_dashboard.sh - spherule-cloud's fleet dashboard (docs/cloud.md,
# "Dashboard") in a real browser: headless Chromium (Debian's chromium and
# chromium-driver, scripts/deps.sh) driven over the W3C WebDriver protocol by
# tests/unit/dashboard_webdriver.py. This script starts the service (SQLite),
# makes a product, a group with a deployment (an OS image, version 1, and
# the app hello, version 3) and
# claims a device; the driver logs in through the form, sees the device
# check in (tests/unit/cloud_fake_device's attestation), presses "check
# now", sees a crash report once the reports service is there, logs out.
# Prints TAP lines. DASH_SCREENSHOT=FILE.png keeps a picture of the page.
set -u
OUT_DIR=$(realpath "${OUT:-out}")
CLOUD=$OUT_DIR/bin/spherule-cloud
FAKE=$OUT_DIR/tests/unit/cloud_fake_device
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d /tmp/test_dashboard.XXXXXX)
DRIVER_PID=
# shellcheck source=tests/unit/cloud_lib.bash
. "$HERE/cloud_lib.bash"
trap '[[ -n $DRIVER_PID ]] && kill "$DRIVER_PID" 2>/dev/null; cloud_stop; rm -rf "$T"' EXIT
cd "$T" || exit 1

fail() {
	echo "not ok 1 - $1"
	echo "1..1"
	exit 1
}

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
	fail "chromium and chromedriver are installed (bash scripts/deps.sh)"
fi
openssl ecparam -name prime256v1 -genkey -noout 2>/dev/null | openssl pkcs8 -topk8 -nocrypt >dev.key
openssl pkey -in dev.key -pubout >dev.pub
if ! "$FAKE" make-os 1 os1.osimage || ! "$FAKE" make-app 3 app3.imagepackage; then
	fail "cloud_fake_device makes images"
fi
cloud_start "sqlite:$T/cloud.sqlite" "$T/state" || fail "the service starts"
id=$("$FAKE" id dev.pub)
api POST /v1/products '{"name":"lamp"}'
api POST /v1/device-groups '{"product":"lamp","name":"field","check_period_s":60}'
api_file POST /v1/images os1.osimage
os1=$(jq -r .id body)
api_file POST /v1/images app3.imagepackage
app3=$(jq -r .id body)
api POST /v1/deployments '{"device_group":"field","images":["'"$os1"'","'"$app3"'"]}'
[[ $code == 201 ]] || fail "a deployment is made: $(cat body)"
api POST /v1/devices "$(jq -n --arg id "$id" --arg k "$(cat dev.pub)" '{device_id: $id, public_key: $k, device_group: "field"}')"
[[ $code == 201 ]] || fail "the device is claimed: $(cat body)"

# checkin_report: a check-in (crashing) carrying one crash report of the app
# hello, as the contract of issue 18 gives the report. Run by the driver
# (DASH_REPORT).
# shellcheck disable=SC2317
checkin_report() {
	local nonce req
	nonce=$(device_nonce "$id")
	req=$(jq -n --arg id "$id" --arg n "$nonce" --arg a "$("$FAKE" attest dev.key "$nonce")" --argjson t "$(date +%s)" \
		'{device_id: $id, nonce: $n, attestation: $a, os: {version: 1, security_version: 1, slot: "A"},
		  apps: [{component_id: "6b9a3c0e-1f2d-4c8a-9e7b-0a1b2c3d4e5f", version: 3}], state: "healthy", detail: "",
		  error_reports: [{seq: 1, time: $t, boot: 1, kind: "crash", component_id: "6b9a3c0e-1f2d-4c8a-9e7b-0a1b2c3d4e5f",
		    name: "hello", version: 3, signal: 11, exit_code: null, fault_address: "0x00000000", pc: "0x00010abc",
		    lr: "0x00010a10", stack: ["0x00010a10"], rss_kib: 96, count: 1, detail: "test_dashboard"}]}')
	code=$(curl -s -o body -w '%{http_code}' --data-binary "$req" "$URL/v1/device/checkin")
	[[ $code == 200 ]] || { echo "check-in with a report: $code $(cat body)"; return 1; }
}

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
chromedriver --port="$port" >driver.log 2>&1 &
DRIVER_PID=$!
for _ in $(seq 300); do
	curl -sf "http://127.0.0.1:$port/status" >/dev/null && break
	sleep 0.1
done
mkdir profile
export -f device_nonce checkin checkin_raw checkin_report
export URL FAKE id code
DASH_URL=$URL DASH_TOKEN=$TOKEN DASH_PASSWORD=$(cat "$T/state/admin-password") DASH_DEVICE=$id \
	DASH_WEBDRIVER=http://127.0.0.1:$port DASH_PROFILE=$T/profile \
	DASH_CHECKIN="cd '$T' && checkin $id \$(device_nonce $id) dev.key healthy && [[ \$code == 200 ]]" \
	DASH_REPORT="cd '$T' && checkin_report" DASH_SCREENSHOT=${DASH_SCREENSHOT:-} \
	python3 "$HERE/dashboard_webdriver.py"
rc=$?
[[ $rc -eq 0 ]] || sed 's/^/# chromedriver: /' driver.log | tail -20
exit $rc
