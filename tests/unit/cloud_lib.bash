# Shared by test_cloud.sh and bench/cloud.sh: starting and stopping
# spherule-cloud on a free loopback port, and talking to it with curl. Needs
# $CLOUD (the service) and $FAKE (tests/unit/cloud_fake_device); answers land
# in the files body and headers of the current directory, the status in
# $code. Sourced, not run: it is not a test of its own.

# shellcheck disable=SC2034 # code and TOKEN are the caller's too
CLOUD_PID=
URL=
TOKEN=
code=

# cloud_start DB_URL STATE_DIR [ARGS...]: serves on 127.0.0.1, any free port,
# with 2-second nonces; sets URL, CLOUD_PID and TOKEN.
cloud_start() {
	local db=$1 st=$2 log
	shift 2
	log=$(mktemp "${TMPDIR:-/tmp}/cloud_log.XXXXXX")
	"$CLOUD" serve --db "$db" --state "$st" --listen 127.0.0.1:0 --nonce-ttl 2 "$@" >"$log" 2>&1 &
	CLOUD_PID=$!
	for _ in $(seq 100); do
		URL=$(sed -n 's/^spherule-cloud: listening on //p' "$log")
		[[ -n $URL ]] && break
		kill -0 "$CLOUD_PID" 2>/dev/null || break
		sleep 0.05
	done
	[[ -n $URL ]] || { sed 's/^/# /' "$log"; rm -f "$log"; CLOUD_PID=; return 1; }
	rm -f "$log"
	TOKEN=$(cat "$st/admin-token")
}

# cloud_stop: SIGTERM and wait; cloud_kill9: SIGKILL, as a crash.
cloud_stop() {
	[[ -n $CLOUD_PID ]] || return 0
	kill "$CLOUD_PID" 2>/dev/null
	wait "$CLOUD_PID" 2>/dev/null
	CLOUD_PID=
}

cloud_kill9() {
	kill -9 "$CLOUD_PID" 2>/dev/null
	wait "$CLOUD_PID" 2>/dev/null
	CLOUD_PID=
}

# api METHOD PATH [JSON]: the admin API with $TOKEN (none when empty).
api() {
	local auth=()
	[[ -n $TOKEN ]] && auth=(-H "Authorization: Bearer $TOKEN")
	code=$(curl -s -o body -D headers -w '%{http_code}' -X "$1" "${auth[@]}" ${3+--data-binary "$3"} "$URL$2")
}

# api_file METHOD PATH FILE: the file as the raw body.
api_file() {
	code=$(curl -s -o body -D headers -w '%{http_code}' -X "$1" -H "Authorization: Bearer $TOKEN" \
		-H 'Content-Type: application/octet-stream' --data-binary "@$3" "$URL$2")
}

# download SHA256 RANGE: GET /v1/images/SHA256 (with "Range: RANGE" unless empty).
download() {
	local range=()
	[[ -n $2 ]] && range=(-H "Range: $2")
	code=$(curl -s -o body -D headers -w '%{http_code}' "${range[@]}" "$URL/v1/images/$1")
}

# device_nonce DEVICE_ID: prints a fresh nonce.
device_nonce() {
	curl -s "$URL/v1/device/nonce?device_id=$1" | jq -r .nonce
}

# checkin_raw DEVICE_ID NONCE ATTESTATION_HEX STATE DETAIL: POST /v1/device/checkin
# (with "error_reports": $REPORTS when that is set, a JSON value).
checkin_raw() {
	local req
	req=$(jq -n --arg id "$1" --arg n "$2" --arg a "$3" --arg s "$4" --arg d "$5" --argjson r "${REPORTS:-null}" \
		'{device_id: $id, nonce: $n, attestation: $a, os: {version: 1, security_version: 1, slot: "A"},
		  apps: [{component_id: "6b9a3c0e-1f2d-4c8a-9e7b-0a1b2c3d4e5f", version: 3}], state: $s, detail: $d}
		 + if $r == null then {} else {error_reports: $r} end')
	code=$(curl -s -o body -D headers -w '%{http_code}' --data-binary "$req" "$URL/v1/device/checkin")
}

# checkin DEVICE_ID NONCE DEVICE_KEY STATE [DETAIL]: attested by DEVICE_KEY.
checkin() {
	checkin_raw "$1" "$2" "$("$FAKE" attest "$3" "$2")" "$4" "${5:-}"
}
