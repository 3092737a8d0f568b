#!/usr/bin/env bash
# test_cli_cloud.sh - the `spherule` verbs that talk to the update service
# (product, device-group, image, deployment, device claim|list|show
# --device-id|image list-targeted|update check, ca-certificate download),
# against a stand-in service (mock_cloud.py, Python's http.server on
# 127.0.0.1) that records what it gets and answers canned objects and
# errors: the exact request each verb
# sends (method, path and query, JSON body, the bearer token from
# --token-file or $SPHERULE_CLOUD_TOKEN_FILE; image add: the file's bytes
# with Content-Length), where the service is found (--cloud, then
# $SPHERULE_CLOUD_URL, then the default), table and JSON output, the
# service's {"error"} as the one-line reason with exit status 1, a
# connection refused with what to do, the checks made before connecting,
# device claim --flash reading the identity from secmon, `device show`
# without --device-id still devctl's, and --help of every verb. Then, when
# spherule-cloud is built beside spherule (or $SPHERULE_CLOUD_BIN names it),
# a fleet's setup against the real service. Boots nothing.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/unit/littlefs_tools_lib.bash
. tests/unit/cli_lib.bash
S=$(realpath "${OUT:-out}/bin/spherule")
MOCK=$(realpath tests/unit/mock_cloud.py)
DOCS=$(realpath docs/cli.md)
T=$(mktemp -d /tmp/test_cli_cloud.XXXXXX)
mock_pid=
real_pid=
trap '[[ -z $mock_pid ]] || kill "$mock_pid"; [[ -z $real_pid ]] || kill "$real_pid"; rm -rf "$T"' EXIT
cd "$T" || exit 1
unset SPHERULE_CLOUD_URL SPHERULE_CLOUD_TOKEN_FILE SPHERULE_DEVICE XDG_RUNTIME_DIR
export SPHERULE_STATE_DIR=$T/state
mkdir -p state mock
py=$(python3 -c 'import sys; print(sys.executable)')
export py

"$py" "$MOCK" mock/port mock &
mock_pid=$!
for _ in $(seq 50); do [[ -s mock/port ]] && break; sleep 0.1; done
[[ -s mock/port ]] || { echo "not ok 1 - the mock service did not start"; exit 1; }
URL=http://127.0.0.1:$(cat mock/port)
# A port nothing listens on: bound and closed by the kernel's choice.
DEAD=$("$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
DEV=985dc0b501e232113cab3d6fae4480b2c1a60a049706459104b9509d55e56178
IMG=3f1a9d6c7e0b2a4d5c6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4
printf 'admin-token-0123\n' > token
printf 'wrong-token\n' > wrong.token

# request EXPR [N [ARG]]: a Python expression of r, the Nth last request the
# mock recorded (default 1: the last), and of sys.argv[3] (ARG), printed.
request() {
	"$py" -c 'import json, sys
rs = [json.loads(l) for l in open("mock/requests.jsonl")]
r = rs[-int(sys.argv[1])]
print(eval(sys.argv[2]))' "${2:-1}" "$1" "${3:-}"
}
# sent METHOD PATH [BODY]: the last request was METHOD PATH with the bearer
# token (and with BODY, a Python literal, as its JSON body).
sent() {
	local got ctype=None
	[[ -z ${3:-} ]] || ctype=application/json
	got=$(request 'r["method"] + " " + r["path"] + " " + str(r["authorization"]) + " " + str(r.get("content_type"))')
	[[ $got == "$1 $2 Bearer admin-token-0123 $ctype" ]] || { echo "# sent: $got"; return 1; }
	[[ -z ${3:-} ]] || [[ $(request 'r.get("body") == __import__("ast").literal_eval(sys.argv[3])' 1 "$3") == True ]] ||
		{ echo "# body: $(request 'r.get("body")')"; return 1; }
}
# requests: how many the mock recorded.
requests() { wc -l < mock/requests.jsonl; }
json_is() {
	[[ $rc -eq 0 ]] && grep -q '^  "' out && "$py" -c 'import json, sys; d = json.load(open("out")); sys.exit(0 if eval(sys.argv[1]) else 1)' "$1"
}
# said LINE...: the command succeeded and printed exactly these lines.
said() {
	[[ $rc -eq 0 && $(cat out) == "$(printf '%s\n' "$@")" ]] || { echo "# rc=$rc stderr: $(cat err)"; echo "# stdout:"; sed 's/^/#   /' out; return 1; }
}
export SPHERULE_CLOUD_URL=$URL SPHERULE_CLOUD_TOKEN_FILE=$T/token
: > mock/requests.jsonl

# --help of every verb.
verbs=("product create" "product list" "device-group create" "device-group update" "device-group list"
	"image add" "image list" "deployment create" "deployment list" "device claim" "device list"
	"device image list-targeted" "device update check")
for verb in "${verbs[@]}"; do
	# shellcheck disable=SC2086 # the verb's words
	run $verb --help
	tap_check "$verb --help: its usage and the common options" bash -c "[[ $rc -eq 0 ]] &&
		head -1 out | grep -q '^usage: spherule $verb ' && grep -q -- '--output json|table' out &&
		grep -q -- '--cloud URL' out && grep -q -- '--token-file F' out && [[ ! -s err ]]"
	tap_check "$verb is in docs/cli.md's synopsis" grep -q "^spherule $verb " "$DOCS"
done
run device show --device-id "$DEV" --help
tap_check "device show --device-id ID --help: the update service's device show" bash -c "[[ $rc -eq 0 ]] &&
	head -1 out | grep -q '^usage: spherule device show --device-id ID ' && grep -q -- '--cloud URL' out"
run device show --help
tap_check "device show --help: still devctl's, naming the --device-id form" bash -c "[[ $rc -eq 0 ]] &&
	grep -q -- '--device HOST:PORT' out && grep -q -- '--device-id ID' out"
tap_check "--help sent nothing" test "$(requests)" -eq 0
run --help
tap_check "spherule --help lists the new groups" bash -c "grep -q '^  product create ' out && grep -q '^  device-group update ' out &&
	grep -q '^  image add ' out && grep -q '^  deployment create ' out && grep -q '^  device update check ' out"
run device-group --help
tap_check "device-group --help lists its verbs" bash -c "[[ \$(grep -c '^  device-group ' out) -eq 3 ]]"

# product
run product create --name widget --description "a widget"
tap_check "product create: the product, key: value lines" said "id:          p1" "name:        widget" "description: a widget"
tap_check "... POST /v1/products {name, description} with the token" sent POST /v1/products \
	"{'name': 'widget', 'description': 'a widget'}"
run product create --name bare --output json
tap_check "product create without --description: an empty one, JSON out" json_is "d == {'id': 'p1', 'name': 'bare', 'description': ''}"
tap_check "... sent as \"\"" sent POST /v1/products "{'name': 'bare', 'description': ''}"
tap_check "a product that exists: the service's reason, exit 1" fails_with \
	"spherule: product create: a product named taken exists" product create --name taken
tap_check "no --name: one line, nothing sent" bash -c "$(declare -f run fails_with requests); S='$S'; n=\$(requests)
	fails_with 'spherule: product create: --name N is required (see --help)' product create && [[ \$(requests) -eq \$n ]]"
run product list
tap_check "product list: a bare array as columns" said \
	"id  name    description" "p1  widget  a widget" "p2  gadget  "
tap_check "... GET /v1/products" sent GET /v1/products
run product list --output json
tap_check "... in JSON: the service's array, pretty-printed" bash -c "[[ $rc -eq 0 && \$(sed -n 2p out) == '  {' ]] &&
	\"\$py\" -c 'import json, sys; sys.exit(0 if [p[\"name\"] for p in json.load(open(\"out\"))] == [\"widget\", \"gadget\"] else 1)'"

# device-group
run device-group create --product p1 --name lab --os-feed retail --update-window 02-05 --check-period 3600
tap_check "device-group create: the group, the window indented" said \
	"id:             g1" "product:        p1" "name:           lab" "os feed:        retail" "update window:" \
	"  start hour: 2" "  end hour:   5" "check period s: 3600"
tap_check "... POST /v1/device-groups with every setting" sent POST /v1/device-groups \
	"{'product': 'p1', 'name': 'lab', 'os_feed': 'retail', 'update_window': {'start_hour': 2, 'end_hour': 5}, 'check_period_s': 3600}"
run device-group create --product p1 --name lab2
tap_check "device-group create without settings: only product and name sent" sent POST /v1/device-groups \
	"{'product': 'p1', 'name': 'lab2'}"
run device-group create --product p1 --name lab3 --os-feed none --update-window none
tap_check "--update-window none is null, --os-feed none" sent POST /v1/device-groups \
	"{'product': 'p1', 'name': 'lab3', 'os_feed': 'none', 'update_window': None}"
tap_check "a product the service does not know: its reason" fails_with \
	"spherule: device-group create: no product missing" device-group create --product missing --name x
for w in 2-2 24-01 02 -5 02-05x; do
	tap_check "--update-window $w: refused before sending" fails_with \
		"spherule: device-group create: --update-window $w: expected HH-HH, two different hours from 0 to 23 (e.g. 02-05), or none" \
		device-group create --product p1 --name x --update-window "$w"
done
tap_check "--os-feed beta: refused" fails_with "spherule: device-group create: --os-feed beta: expected retail or none" \
	device-group create --product p1 --name x --os-feed beta
tap_check "--check-period 0: refused" fails_with "spherule: device-group create: --check-period 0: expected seconds, 1 or more" \
	device-group create --product p1 --name x --check-period 0
tap_check "--check-period soon: refused" fails_with \
	"spherule: device-group create: --check-period soon: expected a number from 0 to 4294967295" \
	device-group create --product p1 --name x --check-period soon
tap_check "device-group create without --product: one line" fails_with \
	"spherule: device-group create: --product P is required (see --help)" device-group create --name x
run device-group update --device-group g1 --update-window 22-4 --output json
tap_check "device-group update: PATCH /v1/device-groups/G with only what changes" sent PATCH /v1/device-groups/g1 \
	"{'update_window': {'start_hour': 22, 'end_hour': 4}}"
tap_check "... the group in JSON" json_is "d['update_window'] == {'start_hour': 22, 'end_hour': 4} and d['id'] == 'g1'"
run device-group update --device-group "a b/c" --check-period 60
tap_check "... the group escaped in the path" sent PATCH "/v1/device-groups/a%20b%2Fc" "{'check_period_s': 60}"
tap_check "device-group update with nothing to change: one line" fails_with \
	"spherule: device-group update: nothing to change: give --product, --name, --os-feed, --update-window or --check-period (see --help)" \
	device-group update --device-group g1
tap_check "device-group update of a group the service does not know: its reason" fails_with \
	"spherule: device-group update: no device group missing" device-group update --device-group missing --name y
run device-group list
tap_check "device-group list: an object's array as columns" said \
	"id  product  name  os feed  update window                  check period s" \
	"g1  p1       lab   retail   {\"start_hour\":2,\"end_hour\":5}  3600"
tap_check "... GET /v1/device-groups" sent GET /v1/device-groups
run device-group list --product p1
tap_check "device-group list --product P: ?product=P" sent GET "/v1/device-groups?product=p1"
run device-group list --product empty
tap_check "... none: says so" said "no device groups"
tap_check "an error that is not the service's JSON: the status and its first line" fails_with \
	"spherule: device-group list: $URL: the update service answered HTTP 500: internal error" device-group list --product broken

# image
deterministic_bytes 7 300000 > blink.imagepackage
run image add --image blink.imagepackage
tap_check "image add: what the service read" said \
	"id:               $(sha256sum blink.imagepackage | cut -d' ' -f1)" "kind:             app" \
	"component id:     6b9a3c0e-1f2d-4c8a-9e7b-0a1b2c3d4e5f" "version:          2" "security version: 1" \
	"size:             300000" "name:             blink"
tap_check "... POST /v1/images, the file byte for byte" bash -c "$(declare -f request)
	[[ \$(request 'r[\"method\"], r[\"path\"], r[\"authorization\"]') == \"('POST', '/v1/images', 'Bearer admin-token-0123')\" ]] &&
	cmp -s mock/uploaded.bin blink.imagepackage"
tap_check "... with Content-Length, application/octet-stream, not chunked" bash -c "$(declare -f request)
	[[ \$(request 'r[\"content_length\"], r[\"content_type\"], r[\"transfer_encoding\"]') == \"('300000', 'application/octet-stream', None)\" ]]"
tap_check "... no progress bar when not on a terminal" test ! -s err
script -qec "'$S' image add --image blink.imagepackage" /dev/null > tty.out 2>&1
tap_check "on a terminal: a progress bar" grep -qF 'blink.imagepackage [####################] 100%  293/293 KiB' tty.out
run image add --image blink.imagepackage --output json
tap_check "image add in JSON" json_is "d['kind'] == 'app' and d['size'] == 300000"
{ printf JUNK; deterministic_bytes 8 100; } > junk.bin
tap_check "a file the service refuses: its reason" fails_with \
	"spherule: image add: not an image package nor an OS image: bad magic" image add --image junk.bin
tap_check "a file that is not there: one line" fails_with \
	"spherule: image add: --image none.osimage: No such file or directory" image add --image none.osimage
: > empty.osimage
tap_check "an empty file: one line" fails_with "spherule: image add: --image empty.osimage: empty" image add --image empty.osimage
run image list
tap_check "image list" said \
	"id                                                                kind  component id                          version  security version  size   name" \
	"$IMG  app   6b9a3c0e-1f2d-4c8a-9e7b-0a1b2c3d4e5f  2        1                 70000  blink"
tap_check "... GET /v1/images" sent GET /v1/images

# deployment
OTHER=${IMG//3/e}
run deployment create --device-group g1 --images "$IMG" "${OTHER^^}"
tap_check "deployment create --images ID ID: both, in small letters" sent POST /v1/deployments \
	"{'device_group': 'g1', 'images': ['$IMG', '$OTHER']}"
tap_check "... the deployment" said "id:              d1" "device group:    g1" "images:          $IMG, $OTHER" "targets version: 2"
run deployment create --images "$IMG" --device-group g1 --images "$OTHER" --output json
tap_check "--images given twice: both" json_is "d['images'] == ['$IMG', '$OTHER']"
tap_check "a bad image id: refused before sending" fails_with \
	"spherule: deployment create: --images blink: expected an image id (its SHA-256), 64 hex digits" \
	deployment create --device-group g1 --images "$IMG" blink
tap_check "no --images: one line" fails_with "spherule: deployment create: --images ID... is required (see --help)" \
	deployment create --device-group g1
tap_check "a group the service does not know: its reason" fails_with \
	"spherule: deployment create: no device group missing" deployment create --device-group missing --images "$IMG"
run deployment list --device-group g1
tap_check "deployment list --device-group G: ?device_group=G" sent GET "/v1/deployments?device_group=g1"
tap_check "... as columns" said "id  device group  images                                                            targets version" \
	"d1  g1            $IMG  2"
run deployment list --device-group empty
tap_check "... none: says so" said "no deployments"
run deployment list
tap_check "deployment list: all" sent GET /v1/deployments

# device
"$S" keygen --output vendor.key >/dev/null && "$S" keygen --output oem.key >/dev/null
run device manufacture --flash dev.flash --vendor-key vendor.key.pub --oem-key oem.key.pub
"$S" device show-identity --flash dev.flash --output json > identity.json
run device claim --flash dev.flash --device-group lab
tap_check "device claim --flash: the id and key secmon reports, and the group" bash -c "$(declare -f request sent)
	sent POST /v1/devices \"\$(\"\$py\" -c 'import json; i = json.load(open(\"identity.json\"))
print(repr({\"device_id\": i[\"deviceId\"], \"public_key\": i[\"publicKey\"], \"device_group\": \"lab\"}))')\""
tap_check "... the device, its public key left out of the table" said "id:           $("$py" -c 'import json; print(json.load(open("identity.json"))["deviceId"])')" "device group: g1"
"$py" -c 'import json; open("dev.pem", "w").write(json.load(open("identity.json"))["publicKey"])'
run device claim --device-id "${DEV^^}" --public-key dev.pem --device-group g1 --output json
tap_check "device claim --device-id --public-key: the id in small letters, the PEM as it is" bash -c "$(declare -f request sent)
	sent POST /v1/devices \"{'device_id': '$DEV', 'public_key': '''\$(cat dev.pem)
''', 'device_group': 'g1'}\""
tap_check "... in JSON, with the public key" json_is "d['id'] == '$DEV' and d['public_key'].startswith('-----BEGIN PUBLIC KEY-----')"
tap_check "device claim with neither: one line" fails_with \
	"spherule: device claim: --device-id ID and --public-key FILE, or --flash FLASH, are required (see --help)" \
	device claim --device-group g1 --device-id "$DEV"
tap_check "device claim with both: one line" fails_with \
	"spherule: device claim: give --flash FLASH, or --device-id ID and --public-key FILE, not both" \
	device claim --device-group g1 --flash dev.flash --device-id "$DEV"
tap_check "device claim of a flash without a device: secmon's reason" bash -c "$(declare -f run); S='$S'; run device claim --flash none.flash --device-group g1
	[[ \$rc -eq 1 && \$(wc -l < err) -eq 1 ]] && grep -q '^spherule: device claim: ' err"
tap_check "--public-key that is not one: one line" fails_with \
	"spherule: device claim: --public-key token: not a public key (PEM)" \
	device claim --device-id "$DEV" --public-key token --device-group g1
tap_check "a group the service does not know: its reason" fails_with \
	"spherule: device claim: no device group missing" device claim --flash dev.flash --device-group missing
run device list
tap_check "device list: the public key left out of the table" said "id                                                                device group  state" \
	"$DEV  g1            healthy"
tap_check "... GET /v1/devices" sent GET /v1/devices
run device show --device-id "$DEV" --output json
tap_check "device show --device-id in JSON: the public key too" json_is "d['public_key'].startswith('-----BEGIN')"
run device show --device-id "$DEV"
tap_check "device show --device-id: the service's record, its last check-in, not the key" said "id:           $DEV" \
	"device group: g1" "last checkin:" "  time:       2026-12-06T10:00:00Z" "  os version: 3" "  state:      healthy"
tap_check "... GET /v1/devices/ID" sent GET "/v1/devices/$DEV"
tap_check "device show --device-id of an unknown device: the service's reason" fails_with \
	"spherule: device show: no device $(printf '0%.0s' {1..64})" device show --device-id "$(printf '0%.0s' {1..64})"
# shellcheck disable=SC2016 # the backquotes are the message's
tap_check "device show without --device-id: devctl's, as before" fails_with \
	'spherule: device show: no device attached: start one with `spherule emulator start`, or give --device HOST:PORT' device show
tap_check "a bad --device-id: refused before sending" fails_with \
	"spherule: device image list-targeted: --device-id hello: expected a device id, 64 hex digits" \
	device image list-targeted --device-id hello
run device image list-targeted --device-id "$DEV"
tap_check "device image list-targeted: GET /v1/devices/ID/targeted-images" sent GET "/v1/devices/$DEV/targeted-images"
tap_check "... as columns" bash -c "[[ $rc -eq 0 ]] && grep -q '^$IMG  app ' out"
run device image list-targeted --device-id "$DEV" --output json
tap_check "... in JSON" json_is "d['images'][0]['id'] == '$IMG'"
run device update check --device-id "$DEV"
tap_check "device update check: POST /v1/devices/ID/update-check, an empty body" bash -c "$(declare -f request sent)
	sent POST /v1/devices/$DEV/update-check && [[ \$(request 'r[\"content_length\"]') == 0 ]]"
tap_check "... says what happens" said "update check requested: the device checks when it next polls the service"
run device update check --device-id "$DEV" --output json
tap_check "... in JSON: the service's answer" json_is "d == {'device_id': '$DEV', 'check_now': True}"

# Failure reports: tenant download-error-report, device error-report.
APP=6b9a3c0e-1f2d-4c8a-9e7b-0a1b2c3d4e5f
run tenant download-error-report --help
tap_check "tenant download-error-report --help: --output csv|json, --destination, the common options" bash -c "[[ $rc -eq 0 ]] &&
	head -1 out | grep -q '^usage: spherule tenant download-error-report ' && grep -q -- '--output csv|json' out &&
	grep -q -- '--destination FILE' out && grep -q -- '--cloud URL' out && ! grep -q 'json|table' out"
run device error-report --help
tap_check "device error-report --help: its usage and the common options" bash -c "[[ $rc -eq 0 ]] &&
	head -1 out | grep -q '^usage: spherule device error-report --component-id ID ' && grep -q -- '--output json|table' out"
for verb in "tenant download-error-report" "device error-report"; do
	tap_check "$verb is in docs/cli.md's synopsis" grep -q "^spherule $verb " "$DOCS"
done
run tenant download-error-report
tap_check "tenant download-error-report: GET /v1/error-reports?limit=100000" sent GET "/v1/error-reports?limit=100000"
tap_check "... CSV by default: a header row, a record a report, RFC 4180 quoting" "$py" -c 'import csv, sys
rows = list(csv.reader(open("out", newline="")))
assert rows[0] == ["Timestamp", "DeviceId", "EventCategory", "EventClass", "EventType", "EventCount", "Description",
                   "ComponentId", "Name", "Version", "Seq", "Boot", "Signal", "ExitCode", "FaultAddress", "Pc", "Lr",
                   "Stack", "RssKiB", "Received"], rows[0]
assert rows[1] == ["2026-12-06T22:42:50Z", sys.argv[1], "AppCrash", "crash", "signal 11", "1",
                   "blink version 2: SIGSEGV, at \"main\"\nline 2", sys.argv[2], "blink", "2", "7", "3", "11", "",
                   "0x00000000", "0x00010abc", "0x00010a10", "0x00010a10 0x00010900", "96", "2026-12-06T22:43:20Z"], rows[1]
assert rows[2] == ["2026-12-06T22:26:40Z", sys.argv[1], "AppCrash", "exit", "exit code 3", "4", "blink", sys.argv[2],
                   "blink", "", "3", "", "", "3", "", "", "", "", "", "2026-12-06T22:26:40Z"], rows[2]
assert len(rows) == 3' "$DEV" "$APP"
tap_check "... records end with CRLF, a quote in a field doubled" bash -c "[[ \$(grep -c \$'\r\$' out) -eq 3 ]] && grep -q '\"\"main\"\"' out"
run tenant download-error-report --output json --destination reports.json
tap_check "--output json --destination FILE: the service's JSON there, a line saying so" bash -c "[[ $rc -eq 0 ]] &&
	[[ \$(cat out) == '2 error reports written to reports.json' ]] &&
	\"\$py\" -c 'import json, sys; sys.exit(0 if [r[\"seq\"] for r in json.load(open(\"reports.json\"))] == [7, 3] else 1)'"
run tenant download-error-report --output csv --destination reports.csv
tap_check "--output csv --destination FILE: the CSV there" bash -c "[[ $rc -eq 0 ]] && head -1 reports.csv | grep -q '^Timestamp,DeviceId,'"
tap_check "--output table: refused before sending" bash -c "$(declare -f run fails_with requests); S='$S'; n=\$(requests)
	fails_with 'spherule: tenant download-error-report: --output table: expected csv or json' tenant download-error-report --output table &&
	[[ \$(requests) -eq \$n ]]"
tap_check "--destination that cannot be written: one line" fails_with \
	"spherule: tenant download-error-report: --destination none/r.csv: No such file or directory" \
	tenant download-error-report --destination none/r.csv
SPHERULE_CLOUD_TOKEN_FILE=$T/wrong.token tap_check "the service's refusal: its reason" fails_with \
	"spherule: tenant download-error-report: missing or wrong admin token" tenant download-error-report
run device error-report --component-id "$APP"
tap_check "device error-report --component-id: GET /v1/error-reports?component_id=" sent GET "/v1/error-reports?component_id=$APP"
tap_check "... a report a line, its detail on that line" said \
	"time                  device id                                                         seq  kind   version  event        pc          count  detail" \
	"2026-12-06T22:42:50Z  $DEV  7    crash  2        signal 11    0x00010abc  1      SIGSEGV, at \"main\" line 2" \
	"2026-12-06T22:26:40Z  $DEV  3    exit   -        exit code 3  -           4      -"
run device error-report --component-id "$APP" --device-id "${DEV^^}" --output json
tap_check "--device-id D: &device_id= in small letters" sent GET "/v1/error-reports?component_id=$APP&device_id=$DEV"
tap_check "... the service's JSON" "$py" -c 'import json
d = json.load(open("out"))
assert [r["seq"] for r in d] == [7, 3] and d[1]["stack"] is None, d'
run device error-report --component-id 00000000-0000-0000-0000-0000000000ff
tap_check "none: says so" said "no error reports"
tap_check "no --component-id: one line" fails_with \
	"spherule: device error-report: --component-id ID is required (see --help)" device error-report
tap_check "a bad --device-id: refused before sending" fails_with \
	"spherule: device error-report: --device-id x: expected a device id, 64 hex digits" \
	device error-report --component-id "$APP" --device-id x

# Where the service is, the token.
SPHERULE_CLOUD_TOKEN_FILE='' tap_check "no token: the service's reason and where the token is" fails_with \
	"spherule: product list: missing or wrong admin token (no admin token given: --token-file F or \$SPHERULE_CLOUD_TOKEN_FILE, the service's STATE/admin-token)" \
	product list
tap_check "... no Authorization header sent" bash -c "$(declare -f request); [[ \$(request 'r[\"authorization\"]') == None ]]"
tap_check "--token-file before \$SPHERULE_CLOUD_TOKEN_FILE" fails_with \
	"spherule: product list: missing or wrong admin token" product list --token-file wrong.token
tap_check "... the token sent as a bearer token" bash -c "$(declare -f request); [[ \$(request 'r[\"authorization\"]') == 'Bearer wrong-token' ]]"
tap_check "a token file that is not there: one line" fails_with \
	"spherule: product list: --token-file none.token: No such file or directory" product list --token-file none.token
SPHERULE_CLOUD_TOKEN_FILE=$T/empty.osimage tap_check "an empty token file: one line" fails_with \
	"spherule: product list: SPHERULE_CLOUD_TOKEN_FILE $T/empty.osimage: empty (expected the service's admin token, STATE/admin-token)" \
	product list
run product list --cloud "$URL/"
tap_check "--cloud URL (a trailing / dropped)" sent GET /v1/products
# shellcheck disable=SC2016 # the backquotes are the message's
tap_check "--cloud before \$SPHERULE_CLOUD_URL; connection refused: what to do" fails_with \
	"spherule: product list: cannot connect to the update service at http://127.0.0.1:$DEAD (--cloud): Connection refused: start it with \`spherule-cloud serve --db sqlite:PATH\`, or give --cloud URL" \
	product list --cloud "http://127.0.0.1:$DEAD"
# shellcheck disable=SC2016
SPHERULE_CLOUD_URL=http://127.0.0.1:$DEAD tap_check "\$SPHERULE_CLOUD_URL refused: named as the source" fails_with \
	"spherule: device list: cannot connect to the update service at http://127.0.0.1:$DEAD (SPHERULE_CLOUD_URL): Connection refused: start it with \`spherule-cloud serve --db sqlite:PATH\`, or give --cloud URL" \
	device list
# The default, when nothing else listens there (a real service may, on this host).
if "$py" -c 'import socket, sys; s = socket.socket(); sys.exit(0 if s.connect_ex(("127.0.0.1", 8443)) else 1)'; then
	# shellcheck disable=SC2016
	SPHERULE_CLOUD_URL='' tap_check "neither: the default, http://127.0.0.1:8443 (an empty \$SPHERULE_CLOUD_URL too)" fails_with \
		"spherule: product list: cannot connect to the update service at http://127.0.0.1:8443 (the default): Connection refused: start it with \`spherule-cloud serve --db sqlite:PATH\`, or give --cloud URL" \
		product list
else
	tap_skip "neither: the default, http://127.0.0.1:8443 (something listens there)"
fi
tap_check "a URL that is not http: one line" fails_with \
	"spherule: product list: --cloud 127.0.0.1:8443: expected the service's URL, http://HOST:PORT, e.g. http://127.0.0.1:8443" \
	product list --cloud 127.0.0.1:8443

# ca-certificate download: --output names a file; no token is sent.
run ca-certificate download --help
tap_check "ca-certificate download --help: its usage" bash -c "[[ $rc -eq 0 ]] &&
	head -1 out | grep -qx 'usage: spherule ca-certificate download --output FILE \[--cloud URL\]' && [[ ! -s err ]]"
tap_check "ca-certificate download is in docs/cli.md's synopsis" grep -q "^spherule ca-certificate download " "$DOCS"
run ca-certificate download --output ca.pem
tap_check "ca-certificate download --output FILE: the PEM written" bash -c "[[ $rc -eq 0 ]] &&
	[[ \$(cat ca.pem) == \$(printf -- '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----') ]] &&
	grep -qx 'wrote the tenant CA certificate to ca.pem' out"
tap_check "... GET /v1/ca-certificate without the admin token, though one is configured" \
	test "$(request 'r["method"] + " " + r["path"] + " " + str(r["authorization"])')" = "GET /v1/ca-certificate None"
SPHERULE_CLOUD_TOKEN_FILE=$T/no-such.token run ca-certificate download --output ca2.pem
tap_check "... and a token file that cannot be read does not matter: none is read" bash -c "[[ $rc -eq 0 ]] && cmp -s ca.pem ca2.pem"
tap_check "ca-certificate download without --output: refused before connecting" fails_with \
	"spherule: ca-certificate download: --output FILE is required (see --help)" ca-certificate download
tap_check "ca-certificate download: an answer that is not a PEM certificate is not written" fails_with \
	"spherule: ca-certificate download: $URL/notpem: the update service's answer is not a PEM certificate" \
	ca-certificate download --output bad.pem --cloud "$URL/notpem"
tap_check "... and no file is left" test ! -e bad.pem

# Against the real service, when it is built (out/bin/spherule-cloud beside
# spherule; $SPHERULE_CLOUD_BIN names another): a fleet's setup end to end.
CLOUD_BIN=${SPHERULE_CLOUD_BIN:-$(dirname "$S")/spherule-cloud}
if [[ -x $CLOUD_BIN ]]; then
	mkdir real
	"$CLOUD_BIN" serve --db "sqlite:$T/real/db" --state "$T/real/state" --listen 127.0.0.1:0 >real/serve.out 2>real/serve.err &
	real_pid=$!
	for _ in $(seq 50); do grep -q 'listening on ' real/serve.out && break; sleep 0.1; done
	export SPHERULE_CLOUD_URL SPHERULE_CLOUD_TOKEN_FILE=$T/real/state/admin-token
	SPHERULE_CLOUD_URL=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' real/serve.out)
	run product create --name widget --description "a widget"
	tap_check "spherule-cloud: product create" bash -c "[[ $rc -eq 0 ]] && grep -q '^name:        widget$' out"
	run device-group create --product widget --name lab --update-window 02-05 --check-period 600
	tap_check "spherule-cloud: device-group create --product NAME" bash -c "[[ $rc -eq 0 ]] && grep -q '^  start hour: 2$' out"
	run device-group update --device-group lab --os-feed none --output json
	tap_check "spherule-cloud: device-group update" json_is "d['os_feed'] == 'none' and d['check_period_s'] == 600"
	run device claim --flash dev.flash --device-group lab --output json
	tap_check "spherule-cloud: device claim --flash" json_is "d['device_id'] == '$(sed -n 's/.*"deviceId": "\(.*\)".*/\1/p' identity.json)'"
	real_dev=$(sed -n 's/.*"deviceId": "\(.*\)".*/\1/p' identity.json)
	mkdir -p app/bin
	printf '#!/bin/true\n' >app/bin/hello
	chmod 755 app/bin/hello
	echo '{ "SchemaVersion": 1, "Name": "hello", "ComponentId": "6b9a3c0e-1f2d-4c8a-9e7b-0a1b2c3d4e5f", "EntryPoint": "/bin/hello", "Capabilities": {} }' >app.json
	"$S" image-package pack-application --package-directory app --manifest app.json --key oem.key --output hello.imagepackage \
		--version 3 >/dev/null
	real_img=$(sha256sum hello.imagepackage | cut -c1-64)
	run image add --image hello.imagepackage
	tap_check "spherule-cloud: image add of an image package" bash -c "[[ $rc -eq 0 ]] && grep -q '^id: *$real_img$' out && grep -q '^kind: *app$' out"
	run deployment create --device-group lab --images "$real_img"
	tap_check "spherule-cloud: deployment create" test "$rc" -eq 0
	run device image list-targeted --device-id "$real_dev"
	tap_check "spherule-cloud: device image list-targeted" bash -c "[[ $rc -eq 0 ]] && grep -q '^$real_img  app ' out"
	run device update check --device-id "$real_dev"
	tap_check "spherule-cloud: device update check" said "update check requested: the device checks when it next polls the service"
	run device show --device-id "$real_dev" --output json
	tap_check "spherule-cloud: device show --device-id: check now" json_is "d['check_now'] is True"
	run product create --name widget
	tap_check "spherule-cloud: its error as one line, exit 1" bash -c "[[ $rc -eq 1 && \$(wc -l < err) -eq 1 ]] && grep -q '^spherule: product create: ' err"
	SPHERULE_CLOUD_TOKEN_FILE='' run product list
	tap_check "spherule-cloud: no token: its reason, and where the token is" bash -c "[[ $rc -eq 1 ]] && grep -q '(no admin token given: ' err"
	run tenant download-error-report --output json
	tap_check "spherule-cloud: tenant download-error-report: none yet" bash -c "[[ $rc -eq 0 && \$(cat out) == '[]' ]]"
	run device error-report --component-id 6b9a3c0e-1f2d-4c8a-9e7b-0a1b2c3d4e5f --device-id "$real_dev"
	tap_check "spherule-cloud: device error-report: none yet" said "no error reports"
	kill "$real_pid"
	wait "$real_pid" 2>/dev/null
	real_pid=
else
	tap_skip "spherule-cloud: not built ($CLOUD_BIN)"
fi

# Options.
tap_check "--output xml: refused" fails_with "spherule: product list: --output xml: expected json or table" product list --output xml
tap_check "an option the verb does not take: refused with its synopsis" fails_with \
	"spherule: image list: unknown option or missing value '--name'; usage: spherule image list [--cloud URL] [--token-file F] [--output json|table]" \
	image list --name x
tap_check "a stray word: refused" fails_with "spherule: product list: unexpected argument 'all' (see --help)" product list all
tap_done
