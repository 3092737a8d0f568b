#!/usr/bin/env bash
# test_cloud.sh - spherule-cloud, the update service (docs/cloud-api.md), on
# the host over loopback: every admin endpoint and its errors, the admin
# token, claims, image uploads (app package, .osimage, garbage refused),
# deployments growing the targets version, check-in nonces (single use,
# expiring), check-ins with good and bad attestations, the bundle verified
# with pkg/'s update_meta as the device does, ranged downloads, a kill -9 of
# the service in the middle of a rollout, and two instances sharing one
# database's nonces; failure reports (stored, acked, idempotent, refused when
# malformed, summarised, downloaded by the CLI as CSV and JSON, bounded per
# device under a flood through two instances); device certificates
# (cloud_certs.bash). The whole suite runs against SQLite, then against a
# private PostgreSQL cluster (cloud_pg.bash).
# The device's side is tests/unit/cloud_fake_device. Prints TAP lines.
set -u
OUT_DIR=$(realpath "${OUT:-out}")
CLOUD=$OUT_DIR/bin/spherule-cloud
FAKE=$OUT_DIR/tests/unit/cloud_fake_device
SPHERULE=$OUT_DIR/bin/spherule
T=$(mktemp -d /tmp/test_cloud.XXXXXX)
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/unit/cloud_lib.bash
. "$HERE/cloud_lib.bash"
# shellcheck source=tests/unit/cloud_pg.bash
. "$HERE/cloud_pg.bash"
# shellcheck source=tests/unit/cloud_certs.bash
. "$HERE/cloud_certs.bash"
trap 'cloud_stop; pg_cluster_stop; rm -rf "$T"' EXIT
cd "$T" || exit 1
n=0
fails=0
check() { # check NAME COMMAND... : ok if the command succeeds
	local name=$1
	shift
	n=$((n + 1))
	if "$@"; then
		echo "ok $n - $name"
	else
		echo "not ok $n - $name"
		fails=$((fails + 1))
	fi
}
# is CODE [JQ-FILTER]: the last answer had status CODE (and the filter holds)
# shellcheck disable=SC2015 # the message when either fails
is() {
	[[ $code == "$1" ]] && { [[ $# -lt 2 ]] || jq -e "$2" body >/dev/null; } || {
		echo "# status $code, want $1${2:+ with $2}: $(head -c 400 body)"
		return 1
	}
}
# refused CODE REASON: status CODE with {"error": "...REASON..."}
# shellcheck disable=SC2015 # the message when either fails
refused() {
	[[ $code == "$1" ]] && jq -e --arg r "$2" '.error | contains($r)' body >/dev/null || {
		echo "# status $code, want $1 '$2': $(head -c 400 body)"
		return 1
	}
}

check "spherule-cloud --help names serve and metadata-key" \
	bash -c "'$CLOUD' --help | grep -q '^usage: spherule-cloud serve --db' && '$CLOUD' --help | grep -q metadata-key"
check "an unknown command fails with one line" \
	bash -c "! '$CLOUD' frob 2>err && [[ \$(cat err) == \"spherule-cloud: frob: unknown command (see 'spherule-cloud --help')\" ]]"
check "serve without --db fails" bash -c "! '$CLOUD' serve --state st0 2>/dev/null"
check "a database URL of another kind is refused" \
	bash -c "! '$CLOUD' serve --db mysql://x --state st0 2>err && grep -q 'expected sqlite:PATH or postgresql://' err"

# Keys and images the suite shares: two devices and a stranger, app packages
# (versions 3 and 4), an .osimage, garbage and damaged .osimages.
for k in dev1 dev2 stranger; do
	openssl ecparam -name prime256v1 -genkey -noout 2>/dev/null | openssl pkcs8 -topk8 -nocrypt >$k.key
	openssl pkey -in $k.key -pubout >$k.pub
done
"$FAKE" make-app 3 app3.imagepackage && "$FAKE" make-app 4 app4.imagepackage && "$FAKE" make-os 5 os5.osimage || exit 1
"$FAKE" make-os 6 os6.osimage || exit 1 # never uploaded: device certificates' unpublished OS
head -c 5000 /dev/urandom >garbage
zeros=0000000000000000000000000000000000000000000000000000000000000000 # no file's SHA-256
head -c 6000 os5.osimage >os-truncated.osimage
cp os5.osimage os-damaged.osimage
printf 'X' | dd of=os-damaged.osimage bs=1 seek=$(($(stat -c %s os5.osimage) - 10)) conv=notrunc 2>/dev/null

# suite NAME DB_URL: every check against one database.
suite() {
	local db=$1 url=$2 st=$T/state-$1
	cloud_start "$url" "$st" || { check "[$db] the service starts" false; return; }
	check "[$db] the service starts and makes its state dir's key and token, mode 0600" \
		bash -c "[[ \$(stat -c %a '$st/metadata.key') == 600 && \$(stat -c %a '$st/admin-token') == 600 ]]"
	"$CLOUD" metadata-key --state "$st" >meta.pub
	check "[$db] metadata-key prints the public key PEM" grep -q 'BEGIN PUBLIC KEY' meta.pub

	# The admin token.
	TOKEN=
	api GET /v1/products
	check "[$db] no token: 401" refused 401 "admin token"
	TOKEN=0000000000000000000000000000000000000000000000000000000000000000
	api GET /v1/products
	check "[$db] a wrong token: 401" refused 401 "admin token"
	TOKEN=$(cat "$st/admin-token")
	api GET /v1/nothing
	check "[$db] an unknown path: 404" refused 404 "no such resource"
	api DELETE /v1/products
	check "[$db] an unknown method: 405" refused 405 "not allowed"

	# Products.
	api POST /v1/products '{"name":"lamp","description":"a lamp"}'
	check "[$db] POST /v1/products: 201 with its id" is 201 '.name == "lamp" and (.id | length) == 32'
	product=$(jq -r .id body)
	api POST /v1/products '{"name":"lamp"}'
	check "[$db] a product name taken: 409" refused 409 "already named lamp"
	api POST /v1/products '{"description":"x"}'
	check "[$db] a product without a name: 400" refused 400 '"name"'
	api POST /v1/products 'not json'
	check "[$db] a body that is not JSON: 400" refused 400 "not a JSON object"
	api GET /v1/products
	check "[$db] GET /v1/products lists it" is 200 '.[0].id == "'"$product"'" and .[0].description == "a lamp"'

	# Device groups.
	api POST /v1/device-groups '{"product":"lamp","name":"field","update_window":{"start_hour":2,"end_hour":5},"check_period_s":60}'
	check "[$db] POST /v1/device-groups by product name: 201" \
		is 201 '.name == "field" and .os_feed == "retail" and .update_window.end_hour == 5 and .check_period_s == 60'
	group=$(jq -r .id body)
	api POST /v1/device-groups '{"product":"'"$product"'","name":"lab","os_feed":"none"}'
	check "[$db] a second group by product id, os_feed none, no window" \
		is 201 '.os_feed == "none" and .update_window == null and .check_period_s == 3600'
	group2=$(jq -r .id body)
	api POST /v1/device-groups '{"product":"nope","name":"x"}'
	check "[$db] a group of an unknown product: 404" refused 404 "no such product: nope"
	api POST /v1/device-groups '{"product":"lamp","name":"x","os_feed":"beta"}'
	check "[$db] an unknown os_feed: 400" refused 400 '"os_feed"'
	api POST /v1/device-groups '{"product":"lamp","name":"x","update_window":{"start_hour":24,"end_hour":1}}'
	check "[$db] an update window hour past 23: 400" refused 400 "start_hour"
	api POST /v1/device-groups '{"product":"lamp","name":"x","check_period_s":1}'
	check "[$db] a check period under 10 s: 400" refused 400 "check_period_s"
	api POST /v1/device-groups '{"product":"lamp","name":"field"}'
	check "[$db] a group name taken in the product: 409" refused 409 "named field"
	api PATCH /v1/device-groups/lab '{"update_window":{"start_hour":22,"end_hour":4},"check_period_s":120}'
	check "[$db] PATCH /v1/device-groups/{name}" is 200 '.update_window.start_hour == 22 and .check_period_s == 120 and .os_feed == "none"'
	api PATCH /v1/device-groups/nope '{"check_period_s":120}'
	check "[$db] PATCH an unknown group: 404" refused 404 "no such device group"
	api GET "/v1/device-groups?product=lamp"
	check "[$db] GET /v1/device-groups?product=" is 200 'length == 2'
	api GET "/v1/device-groups?product=nope"
	check "[$db] GET /v1/device-groups of an unknown product: 404" refused 404 "no such product"

	# Devices.
	id1=$("$FAKE" id dev1.pub) id2=$("$FAKE" id dev2.pub) id3=$("$FAKE" id stranger.pub)
	claim() { api POST /v1/devices "$(jq -n --arg id "$1" --arg k "$(cat "$2")" --arg g "$3" \
		'{device_id: $id, public_key: $k, device_group: $g}')"; }
	claim "$id1" dev1.pub field
	check "[$db] POST /v1/devices claims a device" is 201 '.device_id == "'"$id1"'" and .device_group == "'"$group"'" and .last_checkin == null'
	claim "$id2" dev1.pub field
	check "[$db] a claim whose key is not the id's: 400" refused 400 "not the SHA-256 of the public key"
	claim "${id2:0:10}" dev2.pub field
	check "[$db] a device id not 64 hex: 400" refused 400 "64 hex digits"
	claim "$id2" dev2.pub nope
	check "[$db] a claim into an unknown group: 404" refused 404 "no such device group"
	claim "$id2" dev2.pub lab
	check "[$db] a second device into the other group" is 201
	claim "$id1" dev1.pub field
	check "[$db] a device claimed twice: 409" refused 409 "already claimed"
	api GET /v1/devices
	check "[$db] GET /v1/devices" is 200 'length == 2'
	api GET "/v1/devices/${id1^^}"
	check "[$db] GET /v1/devices/{id}, any case" is 200 '.device_id == "'"$id1"'"'
	api GET "/v1/devices/$id3"
	check "[$db] GET an unknown device: 404" refused 404 "no such device"

	# Images.
	api_file POST /v1/images app3.imagepackage
	check "[$db] POST /v1/images parses an app package" \
		is 201 '.kind == "app" and .version == 3 and .name == "hello" and .component_id == "6b9a3c0e-1f2d-4c8a-9e7b-0a1b2c3d4e5f" and .size == '"$(stat -c %s app3.imagepackage)"
	app3=$(jq -r .id body)
	check "[$db] an image's id is its SHA-256" [ "$app3" = "$(sha256sum app3.imagepackage | cut -c1-64)" ]
	api_file POST /v1/images app3.imagepackage
	check "[$db] the same file again: 200, the same image" is 200 '.id == "'"$app3"'"'
	api_file POST /v1/images app4.imagepackage
	app4=$(jq -r .id body)
	api_file POST /v1/images os5.osimage
	check "[$db] POST /v1/images parses an .osimage" is 201 '.kind == "os" and .version == 5 and .security_version == 5 and .name == "os"'
	os5=$(jq -r .id body)
	api_file POST /v1/images garbage
	check "[$db] garbage is refused: 400" refused 400 "neither an .osimage nor an image package"
	api_file POST /v1/images os-truncated.osimage
	check "[$db] a truncated .osimage is refused" refused 400 "ends inside its"
	api_file POST /v1/images os-damaged.osimage
	check "[$db] an .osimage whose part is not the described one is refused" refused 400 "is not the one its description names"
	api GET /v1/images
	check "[$db] GET /v1/images" is 200 'length == 3'

	# Deployments.
	api GET /v1/device-groups
	v0=$(jq -r '.[] | select(.name == "field") | .targets_version' body)
	api POST /v1/deployments '{"device_group":"field","images":["'"$app3"'","'"$os5"'"]}'
	check "[$db] POST /v1/deployments" is 201 '.device_group == "'"$group"'" and .images == ["'"$app3"'","'"$os5"'"]'
	api GET /v1/device-groups
	v1=$(jq -r '.[] | select(.name == "field") | .targets_version' body)
	check "[$db] a deployment grows the group's targets version ($v0 -> $v1)" [ "$v1" -gt "$v0" ]
	api POST /v1/deployments '{"device_group":"lab","images":["'"$os5"'"]}'
	check "[$db] an OS image for a group whose os_feed is none: 400" refused 400 "os_feed is none"
	api POST /v1/deployments '{"device_group":"field","images":["'"$app3"'","'"$app4"'"]}'
	check "[$db] two images of one app: 400" refused 400 "two images of the same app"
	api POST /v1/deployments '{"device_group":"field","images":["'"$zeros"'"]}'
	check "[$db] an image not uploaded: 404" refused 404 "no such image"
	api POST /v1/deployments '{"device_group":"field","images":"x"}'
	check "[$db] images not an array: 400" refused 400 '"images"'
	api GET "/v1/deployments?device_group=field"
	check "[$db] GET /v1/deployments?device_group=" is 200 'length == 1'
	api GET "/v1/devices/$id1/targeted-images"
	check "[$db] GET /v1/devices/{id}/targeted-images" is 200 '[.[].id] == ["'"$app3"'","'"$os5"'"]'

	# Check-ins.
	api GET "/v1/device/nonce?device_id=$id3"
	check "[$db] no nonce for an unclaimed device: 401" refused 401 "unknown device"
	api GET "/v1/device/nonce?device_id=$id1"
	check "[$db] GET /v1/device/nonce: 64 hex, expires_s" is 200 '(.nonce | length) == 64 and .expires_s == 2'
	nonce1=$(jq -r .nonce body)
	checkin "$id1" "$nonce1" dev1.key idle
	check "[$db] a check-in with a good attestation: the bundle" \
		bash -c "[[ $code == 200 && \$(grep -i '^X-Spherule-Check-Period:' headers | tr -d '\r') == 'X-Spherule-Check-Period: 60' && \$(grep -i '^X-Spherule-Update-Window:' headers | tr -d '\r') == 'X-Spherule-Update-Window: 02-05' ]]"
	cp body bundle1
	rm -f state1
	check "[$db] the bundle verifies with update_meta: the deployment's targets" \
		bash -c "'$FAKE' verify meta.pub $nonce1 $id1 bundle1 state1 | grep -qx 'accepted targets $v1 2 app:$app3 os:$os5'"
	checkin "$id1" "$nonce1" dev1.key idle
	check "[$db] the same nonce again: 401" refused 401 "unknown or used nonce"
	checkin "$id1" "$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" dev1.key idle
	check "[$db] a nonce never issued: 401" refused 401 "unknown or used nonce"
	nonce=$(device_nonce "$id1")
	checkin "$id1" "$nonce" stranger.key idle
	check "[$db] an attestation by another key: 401" refused 401 "signature does not verify"
	nonce=$(device_nonce "$id1")
	checkin "$id3" "$nonce" stranger.key idle
	check "[$db] an unknown device: 401" refused 401 "unknown device"
	nonce=$(device_nonce "$id2")
	checkin "$id1" "$nonce" dev1.key idle
	check "[$db] another device's nonce: 401" refused 401 "unknown or used nonce"
	nonce=$(device_nonce "$id1")
	checkin_raw "$id1" "$nonce" 00ff idle ""
	check "[$db] an attestation that is not one: 401" refused 401 "not an attestation result"
	nonce=$(device_nonce "$id1")
	sleep 3
	checkin "$id1" "$nonce" dev1.key idle
	check "[$db] an expired nonce: 401" refused 401 "expired nonce"
	api POST /v1/device/checkin '{"device_id":"'"$id1"'"}'
	check "[$db] a check-in missing its fields: 400" refused 400 "the check-in"

	# Check now.
	api POST "/v1/devices/$id1/update-check"
	check "[$db] POST /v1/devices/{id}/update-check" is 200 '.check_now == true'
	api GET "/v1/device/poll?device_id=$id1"
	check "[$db] the device's poll says check now" is 200 '.check_now == true'
	nonce2=$(device_nonce "$id1")
	checkin "$id1" "$nonce2" dev1.key downloading "fetching $app3"
	cp body bundle2
	check "[$db] the next bundle verifies after the first (timestamp version grew)" \
		bash -c "'$FAKE' verify meta.pub $nonce2 $id1 bundle2 state1 | grep -q '^accepted targets $v1 '"
	check "[$db] the first bundle replayed to that check-in is refused by the device" \
		bash -c "'$FAKE' verify meta.pub $nonce2 $id1 bundle1 state1 | grep -q '^refused: replayed'"
	api GET "/v1/device/poll?device_id=$id1"
	check "[$db] after the check-in the poll says no more" is 200 '.check_now == false'
	api GET "/v1/device/poll?device_id=$id3"
	check "[$db] an unknown device's poll says nothing but no" is 200 '.check_now == false'
	api GET "/v1/devices/$id1"
	check "[$db] the device shows its last check-in" \
		is 200 '.last_checkin.state == "downloading" and .last_checkin.detail == "fetching '"$app3"'" and .last_checkin.os.slot == "A" and .last_checkin.apps[0].version == 3'

	# Moving a device: its new group's version is above any it saw.
	api PATCH "/v1/devices/$id1" '{"device_group":"lab"}'
	check "[$db] PATCH /v1/devices/{id} moves it" is 200 '.device_group == "'"$group2"'"'
	nonce=$(device_nonce "$id1")
	checkin "$id1" "$nonce" dev1.key idle
	cp body bundle3
	check "[$db] the moved device accepts its new group's targets (no rollback)" \
		bash -c "'$FAKE' verify meta.pub $nonce $id1 bundle3 state1 | grep -q '^accepted targets [0-9]* 0$'"
	api PATCH "/v1/devices/$id1" '{"device_group":"field"}'
	nonce=$(device_nonce "$id1")
	checkin "$id1" "$nonce" dev1.key idle
	cp body bundle4
	check "[$db] and back in its first group, still accepted" \
		bash -c "'$FAKE' verify meta.pub $nonce $id1 bundle4 state1 | grep -q '^accepted targets [0-9]* 2 '"

	# Downloads.
	size=$(stat -c %s os5.osimage)
	download "$os5" ""
	check "[$db] GET /v1/images/{sha256}: the whole file" bash -c "[[ $code == 200 ]] && cmp -s body os5.osimage"
	download "$os5" "bytes=0-999"
	cp body part
	check "[$db] Range bytes=0-999: 206 with Content-Range" \
		bash -c "[[ $code == 206 && \$(stat -c %s body) == 1000 ]] && grep -qi '^Content-Range: bytes 0-999/$size' headers"
	download "$os5" "bytes=1000-"
	cat body >>part
	check "[$db] resumed with bytes=1000-: the file, whole" bash -c "[[ $code == 206 ]] && cmp -s part os5.osimage"
	download "$os5" "bytes=$size-"
	check "[$db] a range past the end: 416" bash -c "[[ $code == 416 ]] && grep -qi '^Content-Range: bytes \*/$size' headers"
	download "$zeros" ""
	check "[$db] an unknown image: 404" refused 404 "no such image"

	# A rollout interrupted by a kill -9 of the service: nothing is lost.
	api POST /v1/deployments '{"device_group":"field","images":["'"$app4"'","'"$os5"'"]}'
	api PATCH "/v1/devices/$id2" '{"device_group":"field"}'
	api GET /v1/device-groups
	v2=$(jq -r '.[] | select(.name == "field") | .targets_version' body)
	nonce=$(device_nonce "$id1")
	checkin "$id1" "$nonce" dev1.key installing
	"$FAKE" verify meta.pub "$nonce" "$id1" body state1 >/dev/null
	early=$(device_nonce "$id2") # issued before the kill, used after
	cloud_kill9
	cloud_start "$url" "$st" || { check "[$db] the service restarts" false; return; }
	checkin "$id2" "$early" dev2.key downloading
	rm -f state2
	check "[$db] after kill -9: a nonce issued before it still works, the rollout's targets" \
		bash -c "[[ $code == 200 ]] && '$FAKE' verify meta.pub $early $id2 body state2 | grep -qx 'accepted targets $v2 2 app:$app4 os:$os5'"
	nonce=$(device_nonce "$id1")
	checkin "$id1" "$nonce" dev1.key rebooting
	check "[$db] after kill -9: the other device's next bundle is accepted (no version went back)" \
		bash -c "'$FAKE' verify meta.pub $nonce $id1 body state1 | grep -q '^accepted targets $v2 2 '"
	api GET /v1/devices
	check "[$db] after kill -9: every device, group and last check-in is there" \
		is 200 '[.[] | {(.device_id): .last_checkin.state}] | add == {"'"$id1"'": "rebooting", "'"$id2"'": "downloading"}'
	api GET "/v1/deployments?device_group=field"
	check "[$db] after kill -9: the deployments are there" is 200 'length == 2'
	download "$app4" ""
	check "[$db] after kill -9: the images are there" bash -c "[[ $code == 200 ]] && cmp -s body app4.imagepackage"

	# Two instances on one database share the nonces.
	local url_a=$URL pid_a=$CLOUD_PID url_b
	cloud_start "$url" "$st" || { check "[$db] a second instance starts" false; return; }
	url_b=$URL
	URL=$url_a nonce=$(device_nonce "$id1")
	URL=$url_b checkin "$id1" "$nonce" dev1.key healthy
	check "[$db] a nonce issued by one instance is good at another" is 200
	URL=$url_a checkin "$id1" "$nonce" dev1.key healthy
	check "[$db] and once used there, refused by the first" refused 401 "unknown or used nonce"
	cloud_stop
	CLOUD_PID=$pid_a URL=$url_a
	cloud_stop
	reports_suite "$db" "$url" "$st"
	certs_suite "$db" "$url" "$st" "$id1" "$id3"
}

# acked: the last answer's X-Spherule-Reports-Acked, "none" without one.
acked() { grep -i '^X-Spherule-Reports-Acked:' headers | tr -d '\r' | cut -d' ' -f2 | grep . || echo none; }
# report_checkin DEVICE_ID KEY REPORTS: a check-in carrying the JSON REPORTS.
report_checkin() { REPORTS=$3 checkin "$1" "$(device_nonce "$1")" "$2" idle; }
# bad_report REASON JQ-EDIT: a check-in whose first report, edited, is refused with REASON.
bad_report() {
	report_checkin "$id1" dev1.key "$("$FAKE" reports 100 2 | jq -c "$2")"
	check "[$db] failure reports: $1" refused 400 "$1"
}

# reports_suite NAME DB_URL STATE_DIR: failure reports (docs/cloud.md): stored,
# listed, idempotent, bounded per device across two instances, refused when
# malformed, summarised, downloaded as CSV and JSON by the CLI.
reports_suite() {
	local db=$1 url=$2 st=$3 url_a pid_a today ack fa fb ra rb
	cloud_start "$url" "$st" || { check "[$db] failure reports: the service starts" false; return; }
	report_checkin "$id1" dev1.key "$("$FAKE" reports 1 5)"
	check "[$db] failure reports: a check-in with 5 is acked up to seq 5" bash -c "[[ $code == 200 && $(acked) == 5 ]]"
	api GET "/v1/error-reports?device_id=$id1"
	check "[$db] failure reports: listed newest first with device_id and received" \
		is 200 '[.[].seq] == [5,4,3,2,1] and all(.[]; .device_id == "'"$id1"'" and .received > 0) and .[0].kind == "crash" and .[0].stack == ["0x00010a10","0x00010900","0x000108f4"] and .[0].fault_address == "0x00000000" and .[4].count == 2 and .[4].exit_code == 3 and .[1].lr == null'
	report_checkin "$id1" dev1.key "$("$FAKE" reports 1 5)"
	ack=$(acked)
	api GET "/v1/error-reports?device_id=$id1"
	check "[$db] failure reports: sent again (a lost answer), acked and not stored twice" \
		bash -c "[[ \$(jq length body) == 5 && $ack == 5 ]]"
	checkin "$id1" "$(device_nonce "$id1")" dev1.key idle
	check "[$db] failure reports: no acked header without reports" bash -c "[[ $code == 200 && $(acked) == none ]]"
	REPORTS='[]' checkin "$id1" "$(device_nonce "$id1")" dev1.key idle
	check "[$db] failure reports: none with an empty array either" bash -c "[[ $code == 200 && $(acked) == none ]]"
	report_checkin "$id1" dev1.key "$("$FAKE" reports 6 2 | jq -c '.[1].component_id |= ascii_upcase | .[1].pc = "0X10"')"
	check "[$db] failure reports: an address not 0x... refused" refused 400 '"error_reports"[1]: "pc": an address'

	# Malformed reports: the whole check-in refused with the reason.
	bad_report '"error_reports" is an array' '{seq: 1}'
	# shellcheck disable=SC2016 # jq's $i
	bad_report 'more than 32 reports' '[range(33) as $i | .[0] | .seq = $i]'
	bad_report '"error_reports"[1]: not an object' '.[1] = 7'
	bad_report '"error_reports"[0]: "seq": is required' 'del(.[0].seq)'
	bad_report '"error_reports"[0]: "seq": an integer from 0' '.[0].seq = -1'
	bad_report '"error_reports"[0]: "seq": an integer' '.[0].seq = "1"'
	bad_report '"error_reports"[0]: "kind": one of crash, exit, oom, budget, kernel-warning' '.[0].kind = "panic"'
	bad_report '"error_reports"[0]: "component_id": a UUID' '.[0].component_id = "hello"'
	bad_report '"error_reports"[0]: "name": a string of 1 to 64 bytes' '.[0].name = ("x" * 65)'
	bad_report '"error_reports"[0]: "detail": a string of 0 to 128 bytes' '.[0].detail = ("x" * 129)'
	bad_report '"error_reports"[0]: "stack": an array of at most 16' '.[0].stack = [range(17) | "0x1"]'
	bad_report '"error_reports"[0]: "stack": [2]: not an address' '.[0].stack[2] = "0xg"'
	bad_report '"error_reports"[0]: "signal": an integer from 1 to 127' '.[0].signal = 0'
	bad_report '"error_reports"[0]: "time": an integer from 0 to 253402300799' '.[0].time = 253402300800'
	bad_report '"error_reports"[0]: "count": an integer from 1' '.[0].count = 0'
	bad_report '"error_reports"[0]: "fault_address": an address' '.[0].fault_address = "0x12345678901234567"'
	api GET "/v1/error-reports?device_id=$id1"
	check "[$db] failure reports: refused check-ins stored nothing" is 200 'length == 5'

	# Filters, the admin token.
	api GET "/v1/error-reports?component_id=00000000-0000-0000-0000-000000000000"
	check "[$db] failure reports: ?component_id= (the kernel's)" is 200 'length == 1 and .[0].name == "kernel" and .[0].seq == 4'
	api GET "/v1/error-reports?since=$(($(date +%s) + 100))"
	check "[$db] failure reports: ?since= in the future: none" is 200 'length == 0'
	api GET "/v1/error-reports?device_id=${id1^^}&since=0&limit=2"
	check "[$db] failure reports: ?device_id= in any case, ?limit=" is 200 '[.[].seq] == [5,4]'
	api GET "/v1/error-reports?device_id=xyz"
	check "[$db] failure reports: a bad device_id: 400" refused 400 "64 hex digits"
	api GET "/v1/error-reports?component_id=xyz"
	check "[$db] failure reports: a bad component_id: 400" refused 400 '"component_id": a UUID'
	api GET "/v1/error-reports?since=yesterday"
	check "[$db] failure reports: a bad since: 400" refused 400 '"since": an integer'
	TOKEN='' api GET /v1/error-reports
	check "[$db] failure reports: the listing needs the admin token" refused 401 "admin token"
	TOKEN='' api GET /v1/error-reports/summary
	check "[$db] failure reports: the summary needs the admin token" refused 401 "admin token"

	# The summary: counts per component, version and kind, and per day.
	report_checkin "$id2" dev2.key "$("$FAKE" reports 10 1)"
	today=$(date -u +%F)
	api GET /v1/error-reports/summary
	check "[$db] failure reports: the summary counts events and devices per component, version, kind" \
		is 200 '(.components | length) == 5 and (.components[0] | .kind == "crash" and .count == 2 and .devices == 2 and .version == 3 and .name == "hello" and .last > 0) and (.components[] | select(.kind == "exit") | .count == 2 and .devices == 1) and (.components[] | select(.kind == "kernel-warning") | .version == null and .component_id == "00000000-0000-0000-0000-000000000000")'
	check "[$db] failure reports: the summary's days" is 200 '.days == [{"day": "'"$today"'", "count": 7}]'

	# The CLI's downloads (docs/cli.md): CSV and JSON hold the reports.
	SPHERULE_CLOUD_URL=$URL SPHERULE_CLOUD_TOKEN_FILE=$st/admin-token "$SPHERULE" tenant download-error-report --output csv --destination reports.csv >/dev/null 2>err
	check "[$db] failure reports: download-error-report --output csv parses and holds them" \
		python3 -c 'import csv, sys
rows = list(csv.DictReader(open("reports.csv", newline="")))
assert len(rows) == 6, rows
assert sorted(int(r["Seq"]) for r in rows) == [1, 2, 3, 4, 5, 10], rows
r = [r for r in rows if r["Seq"] == "1"][0]
assert r["DeviceId"] == sys.argv[1] and r["EventClass"] == "exit" and r["EventCount"] == "2" and r["ExitCode"] == "3", r
assert [r for r in rows if r["Seq"] == "5"][0]["Stack"] == "0x00010a10 0x00010900 0x000108f4"' "$id1"
	SPHERULE_CLOUD_URL=$URL SPHERULE_CLOUD_TOKEN_FILE=$st/admin-token "$SPHERULE" tenant download-error-report --output json >reports.json 2>err
	check "[$db] failure reports: download-error-report --output json parses and holds them" \
		python3 -c 'import json, sys
d = json.load(open("reports.json"))
assert sorted(r["seq"] for r in d) == [1, 2, 3, 4, 5, 10] and all("device_id" in r and "received" in r for r in d), d'

	# A flood from one device, through two instances at once: at most 512
	# rows stay, the newest (the highest seqs); old ones sent again stay out.
	url_a=$URL pid_a=$CLOUD_PID
	cloud_start "$url" "$st" || { check "[$db] failure reports: a second instance starts" false; return; }
	flood() { # flood URL FIRST: 10 check-ins of 32 reports from seq FIRST
		local URL=$1 i
		for i in $(seq 0 9); do
			report_checkin "$id2" "$T/dev2.key" "$("$FAKE" reports $(($2 + i * 32)) 32)"
			[[ $code == 200 ]] || { echo "# flood: $code $(cat body)"; return 1; }
		done
	}
	mkdir -p flood-a flood-b
	(cd flood-a && flood "$url_a" 1000) &
	fa=$!
	(cd flood-b && flood "$URL" 1320) &
	fb=$!
	wait "$fa"
	ra=$?
	wait "$fb"
	rb=$?
	check "[$db] failure reports: 640 sent by one device through two instances at once" test "$ra$rb" = 00
	api GET "/v1/error-reports?device_id=$id2&limit=100000"
	check "[$db] failure reports: the device keeps 512, the highest seqs" \
		is 200 'length == 512 and ([.[].seq] | min) == 1128 and ([.[].seq] | max) == 1639'
	report_checkin "$id2" dev2.key "$("$FAKE" reports 1000 32)"
	api GET "/v1/error-reports?device_id=$id2&limit=100000"
	check "[$db] failure reports: dropped ones sent again stay out" is 200 'length == 512 and ([.[].seq] | min) == 1128'
	api GET "/v1/error-reports?device_id=$id1"
	check "[$db] failure reports: another device's are untouched" is 200 'length == 5'
	cloud_stop
	CLOUD_PID=$pid_a URL=$url_a
	cloud_stop
}

# ---- The dashboard's page, accounts and sessions (docs/cloud-api.md,
# "Sessions"; docs/cloud.md, "Dashboard"), on a database and state dir of
# their own: the page's headers, the admin account made at first start,
# logins, the cookie's flags, CSRF and Origin checks, logout, sessions shared
# by two instances, the admin-password command, the KDF's parameters raised
# at a login, the login rate limit.
SID= CSRF= ORIGIN=
# dash_api METHOD PATH [JSON]: the admin API with the session cookie $SID (no
# bearer token), X-CSRF-Token $CSRF and Origin $ORIGIN when set.
dash_api() {
	local h=(-H "Cookie: sid=$SID")
	[[ -n $CSRF ]] && h+=(-H "X-CSRF-Token: $CSRF")
	[[ -n $ORIGIN ]] && h+=(-H "Origin: $ORIGIN")
	code=$(curl -s -o body -D headers -w '%{http_code}' -X "$1" "${h[@]}" ${3+--data-binary "$3"} "$URL$2")
}
# dash_login PASSWORD [NAME]: POST /v1/session; SID and CSRF from its answer.
dash_login() {
	code=$(curl -s -o body -D headers -w '%{http_code}' \
		--data-binary "$(jq -n --arg n "${2:-admin}" --arg p "$1" '{name: $n, password: $p}')" "$URL/v1/session")
	SID=$(sed -n 's/^Set-Cookie: sid=\([0-9a-f]*\);.*/\1/ip' headers) CSRF=$(jq -r '.csrf_token // empty' body)
}
# header NAME: the last answer's header NAME's value.
header() { grep -i "^$1:" headers | head -1 | cut -d' ' -f2- | tr -d '\r'; }
# dash_sql DB_URL SQL: one statement on the service's database.
dash_sql() {
	if [[ $1 == sqlite:* ]]; then
		python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); rows = c.execute(sys.argv[2]).fetchall(); c.commit()
print("\n".join("|".join(map(str, r)) for r in rows))' "${1#sqlite:}" "$2"
	else
		"$(pg_bin)/psql" -qtA "$1" -c "$2"
	fi
}

# dashboard_suite NAME DB_URL
dashboard_suite() {
	local db=$1 url=$2 st=$T/dash-state-$1 pw url_a pid_a old_sid
	CLOUD_LOG=$T/dash-$db.log cloud_start "$url" "$st" || { check "[$db] dashboard: the service starts" false; return; }
	pw=$(cat "$st/admin-password")
	check "[$db] dashboard: the first start makes the admin account, its password in STATE/admin-password (0600), and says where" \
		bash -c "[[ \$(stat -c %a '$st/admin-password') == 600 && ${#pw} -ge 32 ]] &&
			grep -qx \"spherule-cloud: made the dashboard's account admin; its password is in $st/admin-password (mode 0600)\" '$T/dash-$db.log'"
	check "[$db] dashboard: spherule-cloud --help names admin-password" \
		bash -c "'$CLOUD' --help | grep -q '^       spherule-cloud admin-password --db URL'"
	check "[$db] dashboard: the password's KDF and parameters are stored with its hash" \
		[ "$(dash_sql "$url" "SELECT kdf, length(salt), length(hash) FROM accounts WHERE name = 'admin'")" = "scrypt:N=32768,r=8,p=1|32|64" ]

	# The page and its headers.
	code=$(curl -s -o body -D headers -w '%{http_code}' "$URL/")
	check "[$db] dashboard: GET / is the page, text/html" \
		bash -c "[[ $code == 200 && '$(header Content-Type)' == 'text/html; charset=utf-8' ]] && grep -q '<title>Spherule fleet</title>' body"
	check "[$db] dashboard: a strict Content-Security-Policy (scripts only from the service), X-Frame-Options DENY" \
		bash -c "[[ \"$(header Content-Security-Policy)\" == *\"default-src 'none'; script-src 'self';\"* &&
			\"$(header Content-Security-Policy)\" != *unsafe* && '$(header X-Frame-Options)' == DENY ]]"
	check "[$db] dashboard: no inline script or handler in the page" \
		bash -c "! grep -Eiq '<script( [^>]*)?>[^<]|<script>| on[a-z]+=' body && grep -q '<script src=\"/dashboard/app.js\"' body"
	code=$(curl -s -I -o /dev/null -D headers -w '%{http_code}' "$URL/")
	check "[$db] dashboard: HEAD / answers as GET (curl -I: the head only)" \
		bash -c "[[ $code == 200 && '$(header Content-Type)' == 'text/html; charset=utf-8' ]]"
	code=$(curl -s -o body -D headers -w '%{http_code}' "$URL/dashboard/app.js")
	check "[$db] dashboard: /dashboard/app.js is text/javascript" \
		bash -c "[[ $code == 200 && '$(header Content-Type)' == 'text/javascript; charset=utf-8' ]] && grep -q X-CSRF-Token body"
	code=$(curl -s -o body -D headers -w '%{http_code}' "$URL/dashboard/style.css")
	check "[$db] dashboard: /dashboard/style.css is text/css" bash -c "[[ $code == 200 && '$(header Content-Type)' == 'text/css; charset=utf-8' ]]"
	code=$(curl -s -o body -D headers -w '%{http_code}' "$URL/dashboard/nothing.js")
	check "[$db] dashboard: an unknown file: 404" refused 404 "no such resource: /dashboard/nothing.js"
	api GET /v1/products
	check "[$db] dashboard: API answers are not cached" bash -c "[[ '$(header Cache-Control)' == no-store ]]"

	# Logging in.
	dash_login "not the password"
	check "[$db] dashboard: a wrong password: 401" refused 401 "wrong name or password"
	dash_login "$pw" root
	check "[$db] dashboard: an unknown account: 401, the same reason" refused 401 "wrong name or password"
	ORIGIN=http://evil.example
	code=$(curl -s -o body -w '%{http_code}' -H "Origin: $ORIGIN" --data-binary '{"name":"admin","password":"x"}' "$URL/v1/session")
	check "[$db] dashboard: a login from another site's page: 403" refused 403 "Origin http://evil.example is not this service's"
	ORIGIN=
	dash_login "$pw"
	check "[$db] dashboard: the right password: 200, the CSRF token in the answer" \
		is 200 '.name == "admin" and (.csrf_token | test("^[0-9a-f]{64}$")) and .expires_at > now'
	check "[$db] dashboard: the cookie is HttpOnly, SameSite=Strict, Path=/, a 64-hex id" \
		bash -c "[[ ${#SID} == 64 ]] && grep -Eiq '^Set-Cookie: sid=[0-9a-f]{64}; Path=/; HttpOnly; SameSite=Strict' headers"
	check "[$db] dashboard: the session is stored by the id's SHA-256, not the id" \
		[ "$(dash_sql "$url" "SELECT COUNT(*) FROM sessions WHERE id_hash = '$(python3 -c 'import hashlib, sys; print(hashlib.sha256(bytes.fromhex(sys.argv[1])).hexdigest())' "$SID")' AND id_hash <> '$SID'")" = 1 ]
	dash_api GET /v1/session
	check "[$db] dashboard: GET /v1/session: who and the CSRF token" is 200 '.name == "admin" and .csrf_token == "'"$CSRF"'"'
	check "[$db] dashboard: a session ends 30 min after its last request (not 8 h after the login)" \
		is 200 '.expires_at > now + 1700 and .expires_at <= now + 1801'
	# Idle expiry slides with use, up to 8 h after the login.
	local sid_hash t
	sid_hash=$(python3 -c 'import hashlib, sys; print(hashlib.sha256(bytes.fromhex(sys.argv[1])).hexdigest())' "$SID")
	t=$(date +%s)
	dash_sql "$url" "UPDATE sessions SET created_at = $((t - 3600)), expires_at = $((t + 10)) WHERE id_hash = '$sid_hash'" >/dev/null
	dash_api GET /v1/session
	check "[$db] dashboard: a request moves a session's end 30 min on" is 200 '.expires_at > now + 1700'
	check "[$db] dashboard: the moved end is in the database (every instance sees it)" \
		[ "$(dash_sql "$url" "SELECT CASE WHEN expires_at > $((t + 1700)) THEN 'moved' ELSE 'not' END FROM sessions WHERE id_hash = '$sid_hash'")" = moved ]
	dash_sql "$url" "UPDATE sessions SET created_at = $((t - 28800 + 100)), expires_at = $((t + 10)) WHERE id_hash = '$sid_hash'" >/dev/null
	dash_api GET /v1/session
	check "[$db] dashboard: but never past 8 h after the login" is 200 ".expires_at == $((t + 100))"
	dash_sql "$url" "UPDATE sessions SET expires_at = $((t - 1)) WHERE id_hash = '$sid_hash'" >/dev/null
	dash_api GET /v1/devices
	check "[$db] dashboard: a session idle past its end: 401" refused 401 "the session is unknown or expired"
	dash_login "$pw"
	dash_api GET /v1/devices
	check "[$db] dashboard: the admin API accepts the cookie (GET, no CSRF token needed)" is 200
	local csrf=$CSRF
	CSRF=
	dash_api POST /v1/products '{"name":"dash"}'
	check "[$db] dashboard: a POST with the cookie and no X-CSRF-Token: 403" refused 403 "the X-CSRF-Token header is missing"
	CSRF=${csrf%?}0
	[[ $CSRF == "$csrf" ]] && CSRF=${csrf%?}1
	dash_api POST /v1/products '{"name":"dash"}'
	check "[$db] dashboard: a wrong X-CSRF-Token: 403" refused 403 "the X-CSRF-Token header is not the session's"
	CSRF=$csrf ORIGIN=http://evil.example
	dash_api POST /v1/products '{"name":"dash"}'
	check "[$db] dashboard: the right token from another Origin: 403" refused 403 "the request's Origin http://evil.example is not this service's"
	ORIGIN=${URL}
	dash_api POST /v1/products '{"name":"dash"}'
	check "[$db] dashboard: the right token (and this service's Origin): accepted" is 201 '.name == "dash"'
	ORIGIN=
	SID=00$SID SID=${SID:0:64}
	dash_api GET /v1/devices
	check "[$db] dashboard: an unknown session: 401" refused 401 "the session is unknown or expired"
	dash_login "$pw"
	CSRF=
	dash_api DELETE /v1/session
	check "[$db] dashboard: log out without the CSRF token: 403" refused 403 "X-CSRF-Token"

	# Two instances on one database share the sessions.
	url_a=$URL pid_a=$CLOUD_PID
	cloud_start "$url" "$st" || { check "[$db] dashboard: a second instance starts" false; return; }
	dash_api GET /v1/session
	check "[$db] dashboard: a session made at one instance is good at another" is 200 '.name == "admin"'
	CSRF=$(jq -r .csrf_token body)
	dash_api DELETE /v1/session
	check "[$db] dashboard: log out (at the second): 200, the cookie cleared" \
		bash -c "[[ $code == 200 ]] && grep -iq '^Set-Cookie: sid=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0' headers"
	cloud_stop
	CLOUD_PID=$pid_a URL=$url_a
	dash_api GET /v1/devices
	check "[$db] dashboard: and the session is over at the first" refused 401 "the session is unknown or expired"

	# The admin-password command.
	dash_login "$pw"
	old_sid=$SID
	check "[$db] dashboard: admin-password refuses a short password" \
		bash -c "! echo short | '$CLOUD' admin-password --state '$st' --db '$url' 2>err && grep -q 'at least 12 bytes' err"
	check "[$db] dashboard: admin-password sets the password read from stdin" \
		bash -c "echo 'a new password, long enough' | '$CLOUD' admin-password --state '$st' --db '$url' >/dev/null"
	check "[$db] dashboard: and removes the first start's password file" [ ! -e "$st/admin-password" ]
	dash_login "$pw"
	check "[$db] dashboard: the old password no longer logs in" refused 401 "wrong name or password"
	dash_login "a new password, long enough"
	check "[$db] dashboard: the new one does" is 200
	SID=$old_sid
	dash_api GET /v1/devices
	check "[$db] dashboard: a new password ends the sessions made before it" refused 401 "the session is unknown or expired"

	# Raised KDF parameters: a hash made with older ones is made again.
	dash_sql "$url" "UPDATE accounts SET kdf = 'md5' WHERE name = 'admin'" >/dev/null
	dash_login "a new password, long enough"
	check "[$db] dashboard: a stored hash of an unknown KDF: 500, not a login" refused 500 "cannot be checked: its KDF or salt"
	dash_sql "$url" "UPDATE accounts SET kdf = 'scrypt:N=1024,r=8,p=1', salt = '$(printf '%032d' 0)', hash = '$(python3 -c \
		'import hashlib; print(hashlib.scrypt(b"an older password!", salt=bytes(16), n=1024, r=8, p=1, dklen=32).hex())')' WHERE name = 'admin'" >/dev/null
	dash_login "an older password!"
	check "[$db] dashboard: a hash with older KDF parameters logs in" is 200
	check "[$db] dashboard: and is hashed again with the current ones" \
		[ "$(dash_sql "$url" "SELECT kdf FROM accounts WHERE name = 'admin'")" = "scrypt:N=32768,r=8,p=1" ]

	# The login rate limit: 5 failures in 300 s lock the account's logins.
	for _ in 1 2 3 4 5; do dash_login "wrong"; done
	check "[$db] dashboard: the fifth wrong password is still just wrong" refused 401 "wrong name or password"
	dash_login "an older password!"
	check "[$db] dashboard: then even the right one: 429 with Retry-After" \
		bash -c "[[ $code == 429 ]] && jq -e '.error | startswith(\"too many failed logins for admin: try again in \")' body >/dev/null &&
			[[ '$(header Retry-After)' -gt 290 && '$(header Retry-After)' -le 300 ]]"
	dash_sql "$url" "UPDATE accounts SET failed_since = failed_since - 300 WHERE name = 'admin'" >/dev/null
	dash_login "an older password!"
	check "[$db] dashboard: once the window has passed, the right password logs in again" is 200
	cloud_stop
}

suite sqlite "sqlite:$T/cloud.sqlite"
dashboard_suite sqlite "sqlite:$T/dash.sqlite"
chmod 711 "$T" # the cluster's owner (nobody, as root) reaches its directory
if pg_cluster_start "$T/pg"; then
	suite postgresql "$PG_URL"
	if "$(pg_bin)/psql" -q "$PG_URL" -c "CREATE DATABASE dashboard"; then
		dashboard_suite postgresql "${PG_URL%/*}/dashboard"
	else
		check "[postgresql] dashboard: its database is made" false
	fi
else
	n=$((n + 1))
	echo "not ok $n - a private PostgreSQL cluster starts (initdb and pg_ctl from /usr/lib/postgresql/*/bin)"
	sed 's/^/# /' "$T/pg/log" 2>/dev/null | tail -20
	fails=$((fails + 1))
fi
echo "1..$n"
[[ $fails -eq 0 ]]
