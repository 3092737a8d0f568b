#!/usr/bin/env bash
# Failure reports end to end (issue 18; docs/appmgr.md, "Failure reports";
# docs/ota.md): a device with updated, sdkcrash (links applibs, dereferences
# NULL two calls deep 3 s after it starts) and exit3 (exits with status 3),
# claimed on a spherule-cloud of the test's own (SQLite) that asks for a
# check-in every 10 s:
#  1. appmgr records sdkcrash's crash (the crash handler's fault address, pc,
#     lr and stack merged with wait4's signal and peak RSS) and exit3's exit
#     in its ring; updated uploads them at its check-in and drops them once
#     the answer acknowledges them; GET /v1/error-reports shows both, as the
#     device recorded them; so do the CSV of `spherule tenant
#     download-error-report`, `spherule device error-report`, and the summary
#     the dashboard's table and chart draw from (GET /v1/error-reports/summary;
#     tests/unit/test_dashboard.sh drives the page itself);
#  2. with the service down, the apps go on failing: new reports stay in the
#     ring; the device is powered off (orderly) and on again, and the ring is
#     still there (the boot number 2, the reports kept); the service back,
#     every report appmgr recorded reaches it (no seq lost);
#  3. appmgr's and updated's resident sets from appmgr's memory report.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh

flash=$E2E_TMP/device.flash
cloud=$E2E_TMP/cloud

e2e_keygen
mkdir -p "$cloud"

# serve [PORT]: the service (a new one on PORT when given) on the state and database in $cloud.
serve() {
	out/bin/spherule-cloud serve --db "sqlite:$cloud/cloud.db" --listen "127.0.0.1:${1:-0}" --state "$cloud" \
		> "$cloud/serve.out" 2> "$cloud/serve.err" &
	service=$!
	for _ in $(seq 100); do grep -q "listening on" "$cloud/serve.out" 2>/dev/null && break; sleep 0.1; done
}
service=
trap 'kill $service 2>/dev/null; e2e_cleanup' EXIT
serve
cloud_port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$cloud/serve.out")
check "spherule-cloud serves on 127.0.0.1:${cloud_port:-?} (SQLite)" test -n "$cloud_port"
export SPHERULE_CLOUD_URL=http://127.0.0.1:$cloud_port SPHERULE_CLOUD_TOKEN_FILE=$cloud/admin-token

check "updated packed with the service's metadata key" quiet pack_updated "$cloud"
check "sdkcrash and exit3 packed" bash -c "$(declare -f pack_as pack); SPHERULE=$SPHERULE E2E_TMP=$E2E_TMP
	pack sdkcrash && pack exit3"
check "flash build (updated, sdkcrash, exit3)" quiet "$SPHERULE" flash build --output "$flash" \
	--trust-key "$E2E_TMP/test.key.pub" --app "$E2E_TMP/updated.imagepackage" \
	--app "$E2E_TMP/sdkcrash.imagepackage" --app "$E2E_TMP/exit3.imagepackage"
check "the device manufactured" quiet "$SPHERULE" device manufacture --flash "$flash" \
	--vendor-key out/keys/os-development.key.pub --oem-key "$E2E_TMP/test.key.pub"
device_id=$("$SPHERULE" device show-identity --flash "$flash" --output json | jq -r .deviceId)
check "product and device group (a check-in every 10 s), the device claimed" quiet bash -c \
	"'$SPHERULE' product create --name reports-e2e &&
	'$SPHERULE' device-group create --product reports-e2e --name field --check-period 10 &&
	'$SPHERULE' device claim --flash '$flash' --device-group field"
sdkcrash_id=$(jq -r .ComponentId tests/e2e/apps/sdkcrash/app_manifest.json)

# reports [JQ FILTER]: the service's reports of the device, through the filter.
reports() {
	curl -sf -H "Authorization: Bearer $(cat "$cloud/admin-token")" \
		"http://127.0.0.1:$cloud_port/v1/error-reports?device_id=$device_id" | jq -e "${1:-.}"
}
# until_reports JQ SECONDS: waits until the filter holds for the service's reports.
until_reports() {
	for _ in $(seq "$2"); do reports "$1" >/dev/null 2>&1 && return 0; sleep 1; done
	return 1
}

if ! boot_as first 4 "$flash" --guestfwd "10.0.2.100:8443:${cloud_port:-1}"; then
	not_ok "boot with the service's forward"
	e2e_done
fi
ok "boot with the service's forward"

# --- 1. recorded, uploaded, dropped ---------------------------------------------
check "the ring opened: boot 1, nothing kept" wait_for "^appmgr: failure reports: boot 1, 0 kept, next seq 1" 120
check "sdkcrash's crash recorded" wait_for "^appmgr: failure report [0-9]+: sdkcrash crash" 120
check "exit3's exit recorded" wait_for "^appmgr: failure report [0-9]+: exit3 exit" 120
check "updated sent them and dropped what the service acknowledged" \
	wait_for "^\[updated\] updated: [0-9]+ failure reports sent, dropped up to seq [0-9]+" 120
check "the service has sdkcrash's crash: SIGSEGV at address 0, pc, lr and a stack from its crash handler" \
	until_reports "[.[] | select(.kind == \"crash\" and .name == \"sdkcrash\" and .component_id == \"$sdkcrash_id\"
		and .signal == 11 and .fault_address == \"0x00000000\" and .pc != null and .lr != null
		and (.stack | length) >= 1 and .rss_kib > 0 and .version != null)] | length >= 1" 60
check "the service has exit3's exit: status 3, no signal" \
	until_reports '[.[] | select(.kind == "exit" and .name == "exit3" and .exit_code == 3 and .signal == null
		and .pc == null)] | length >= 1' 60
check "the CSV (spherule tenant download-error-report) has the crash: SIGSEGV, its pc and stack" \
	bash -c "'$SPHERULE' tenant download-error-report --output csv --destination '$E2E_TMP/reports.csv' >/dev/null &&
		head -1 '$E2E_TMP/reports.csv' | grep -q '^Timestamp,DeviceId,EventCategory,EventClass,EventType,EventCount,Description,ComponentId,' &&
		grep -E '^[^,]+,$device_id,.*,crash,.*,$sdkcrash_id,sdkcrash,[0-9]+,[0-9]+,[0-9]+,11,,0x00000000,0x[0-9a-f]{8},' '$E2E_TMP/reports.csv' >/dev/null"
check "the CSV has the exit: status 3" \
	grep -qE "^[^,]+,$device_id,.*,exit,.*,exit3,[0-9]+,[0-9]+,[0-9]+,,3," "$E2E_TMP/reports.csv"
check "spherule device error-report --component-id: sdkcrash's crash" bash -c \
	"'$SPHERULE' device error-report --component-id '$sdkcrash_id' --output json | jq -e '[.[] | select(.kind == \"crash\" and .signal == 11)] | length >= 1' >/dev/null"
check "the dashboard's summary counts sdkcrash's crashes and this day's events" bash -c \
	"curl -sf -H 'Authorization: Bearer $(cat "$cloud/admin-token")' 'http://127.0.0.1:$cloud_port/v1/error-reports/summary' |
		jq -e '([.components[] | select(.component_id == \"$sdkcrash_id\" and .kind == \"crash\" and .count >= 1 and .devices == 1)] | length == 1)
			and ([.days[] | select(.count >= 2)] | length >= 1)' >/dev/null"
reports '.[0]' > "$E2E_TMP/newest.json" 2>/dev/null
echo "# newest report at the service: $(jq -c . "$E2E_TMP/newest.json" 2>/dev/null)"

# --- 2. the service down, a reboot, nothing lost ------------------------------
kill "$service" 2>/dev/null
wait "$service" 2>/dev/null
acked=$(grep -oE "dropped up to seq [0-9]+" "$CONSOLE" | tail -1 | grep -oE "[0-9]+$")
# New events make new reports (none coalesces into one the agent read).
check "with the service down, new reports stay in the ring (past seq ${acked:-?})" \
	bash -c "for _ in \$(seq 120); do
		grep -oE '^appmgr: failure report [0-9]+:' '$CONSOLE' | grep -oE '[0-9]+' |
			awk -v a='${acked:-0}' '\$1 > a { n++ } END { exit !(n >= 2) }' && exit 0; sleep 1; done; exit 1"
check "the device powered off (orderly)" quiet "$SPHERULE" emulator stop
first_console=$CONSOLE
recorded=$(grep -oE "^appmgr: failure report [0-9]+:" "$first_console" | grep -oE "[0-9]+" | sort -nu)
serve "$cloud_port"
check "the service back on port $cloud_port" grep -q "listening on" "$cloud/serve.out"
if ! boot_as second 4 "$flash" --guestfwd "10.0.2.100:8443:${cloud_port:-1}"; then
	not_ok "booted again"
	e2e_done
fi
ok "booted again"
check "the ring survived: boot 2, its reports kept" \
	wait_for "^appmgr: failure reports: boot 2, [1-9][0-9]* kept, next seq [0-9]+" 120
check "updated uploads them after the reboot" \
	wait_for "^\[updated\] updated: [0-9]+ failure reports sent, dropped up to seq [0-9]+" 180
missing=
for seq in $recorded; do
	reports "[.[] | select(.seq == $seq)] | length >= 1" >/dev/null 2>&1 || missing="$missing $seq"
done
check "every report of the first boot reached the service (seqs $(echo $recorded | tr ' ' ','); missing:${missing:- none})" \
	test -z "$missing"
check "reports of the second boot carry boot 2" until_reports '[.[] | select(.boot == 2)] | length >= 1' 120

# --- 3. RAM ------------------------------------------------------------------
check "appmgr's memory report" wait_for "^appmgr: memory: end of report" 120
for p in appmgr updated; do
	line=$(grep -m1 -E "^appmgr: memory: process pid=[0-9]+ name=$p " "$CONSOLE")
	echo "# $line"
done

e2e_done
