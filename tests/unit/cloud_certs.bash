# cloud_certs.bash - test_cloud.sh's checks of device certificates
# (docs/cloud.md, *Device certificates*): the tenant CA in the state dir and
# --tenant-ca-key, --certificate-validity, GET /v1/ca-certificate and the CLI's download, issuance
# to an attested device that booted a published OS (verified with openssl),
# renewal, every refusal (recorded, visible to the admin), malformed
# requests, and the CA kept across a restart. Sourced by test_cloud.sh, whose
# check, is, refused, api and cloud_* it uses; not a test of its own.

SPHERULE=$OUT_DIR/bin/spherule

# cert_request DEVICE_KEY DEVICE_ID OSIMAGE KEY_OUT: a fresh nonce for
# DEVICE_ID and the request the fake device makes with it, in the file req.
cert_request() {
	local nonce
	nonce=$(device_nonce "$2")
	"$FAKE" cert-request "$1" "$nonce" "$3" "$4" >req
}

# cert_post [FILE]: POST /v1/device/certificate with FILE (default req).
cert_post() {
	code=$(curl -s -o body -D headers -w '%{http_code}' --data-binary "@${1:-req}" "$URL/v1/device/certificate")
}

# db_sql DB_URL SQL: one statement on the service's database, behind its back.
db_sql() {
	case $1 in
	sqlite:*) python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()' \
		"${1#sqlite:}" "$2" ;;
	*) "$(pg_bin)/psql" -X -q "$1" -c "$2" >/dev/null ;;
	esac
}

# cert_field NAME: the named field of the last answer into the file NAME.pem.
cert_field() { jq -j ".$1" body >"$1.pem"; }

# certs_suite DB DB_URL STATE_DIR ID1 ID3: with devices ID1 (dev1.key,
# claimed) and ID3 (stranger.key, not claimed), and os5.osimage uploaded.
certs_suite() {
	local db=$1 url=$2 st=$3 id1=$4 id3=$5 serial1 after1 tenant
	cloud_start "$url" "$st" || { check "[$db] certs: the service starts" false; return; }
	tenant=$(cat "$st/tenant-id")
	check "[$db] the state dir has the tenant CA: tenant-ca.key mode 0600, tenant-ca.pem, tenant-id (a UUID)" \
		bash -c "[[ \$(stat -c %a '$st/tenant-ca.key') == 600 && -s '$st/tenant-ca.pem' ]] &&
			grep -Eqx '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}' '$st/tenant-id'"
	curl -s -o ca.pem -D headers "$URL/v1/ca-certificate"
	check "[$db] GET /v1/ca-certificate (no token): the state dir's CA certificate, application/x-pem-file" \
		bash -c "cmp -s ca.pem '$st/tenant-ca.pem' && grep -qi '^Content-Type: application/x-pem-file' headers"
	check "[$db] the CA: self-signed, CN=Spherule tenant <tenant id>, a CA for 10 years, ECDSA P-256 SHA-256" \
		bash -c "openssl verify -CAfile ca.pem ca.pem >/dev/null &&
			openssl x509 -in ca.pem -noout -subject | grep -qx 'subject=CN = Spherule tenant $tenant' &&
			openssl x509 -in ca.pem -noout -ext basicConstraints | grep -q 'CA:TRUE' &&
			openssl x509 -in ca.pem -noout -text | grep -q 'ecdsa-with-SHA256' &&
			openssl x509 -in ca.pem -noout -text | grep -q 'NIST CURVE: P-256' &&
			openssl x509 -in ca.pem -noout -checkend $((9 * 366 * 86400)) >/dev/null &&
			! openssl x509 -in ca.pem -noout -checkend $((11 * 366 * 86400)) >/dev/null"
	"$SPHERULE" ca-certificate download --output cli-ca.pem --cloud "$URL" >out 2>err
	check "[$db] spherule ca-certificate download --output FILE: the CA certificate" \
		bash -c "cmp -s cli-ca.pem ca.pem && grep -q 'cli-ca.pem' out"

	# Issuance.
	cert_request dev1.key "$id1" os5.osimage cert1.key
	cp req req1
	cert_post
	check "[$db] POST /v1/device/certificate: a device that booted a published OS gets a certificate" \
		is 200 '(.certificate | startswith("-----BEGIN CERTIFICATE-----")) and .tenant == "'"$tenant"'"'
	cert_field certificate && cert_field chain && mv certificate.pem cert1.pem
	after1=$(jq -r .not_after body)
	check "[$db] the certificate verifies against the downloaded CA; the chain is the CA" \
		bash -c "openssl verify -CAfile cli-ca.pem cert1.pem >/dev/null && cmp -s chain.pem ca.pem"
	check "[$db] its subject is CN=<device id>, its issuer the tenant CA" \
		bash -c "openssl x509 -in cert1.pem -noout -subject | grep -qx 'subject=CN = $id1' &&
			openssl x509 -in cert1.pem -noout -issuer | grep -qx 'issuer=CN = Spherule tenant $tenant'"
	check "[$db] valid 24 h (from 5 min before now), not_after as answered" \
		bash -c "nb=\$(date -d \"\$(openssl x509 -in cert1.pem -noout -startdate | cut -d= -f2)\" +%s) &&
			na=\$(date -d \"\$(openssl x509 -in cert1.pem -noout -enddate | cut -d= -f2)\" +%s) &&
			[[ \$((na - nb)) == $((86400 + 300)) && \$na == $after1 && \$((na - \$(date +%s))) -gt 86300 ]]"
	check "[$db] keyUsage digitalSignature, extendedKeyUsage clientAuth, not a CA, ECDSA-SHA256, 16-byte serial" \
		bash -c "openssl x509 -in cert1.pem -noout -ext keyUsage | grep -q 'Digital Signature' &&
			openssl x509 -in cert1.pem -noout -ext extendedKeyUsage | grep -q 'TLS Web Client Authentication' &&
			openssl x509 -in cert1.pem -noout -ext basicConstraints | grep -q 'CA:FALSE' &&
			openssl x509 -in cert1.pem -noout -text | grep -q 'Signature Algorithm: ecdsa-with-SHA256' &&
			openssl verify -CAfile ca.pem -purpose sslclient cert1.pem >/dev/null &&
			[[ \$(openssl x509 -in cert1.pem -noout -serial | cut -d= -f2 | tr -d '\n' | wc -c) == 32 ]]"
	check "[$db] the certified key is the one requested" \
		bash -c "cmp -s <(openssl x509 -in cert1.pem -noout -pubkey) <(openssl pkey -in cert1.key -pubout)"
	serial1=$(openssl x509 -in cert1.pem -noout -serial | cut -d= -f2 | tr 'A-F' 'a-f')

	# Renewal: a new key, a later expiry.
	sleep 1
	cert_request dev1.key "$id1" os5.osimage cert2.key
	cert_post
	cert_field certificate && mv certificate.pem cert2.pem
	check "[$db] renewal: a second certificate, another key and serial, a later not_after" \
		bash -c "[[ $code == 200 && \$(jq -r .not_after body) -gt $after1 ]] &&
			openssl verify -CAfile ca.pem cert2.pem >/dev/null &&
			[[ \$(openssl x509 -in cert2.pem -noout -serial) != \$(openssl x509 -in cert1.pem -noout -serial) ]] &&
			cmp -s <(openssl x509 -in cert2.pem -noout -pubkey) <(openssl pkey -in cert2.key -pubout)"

	# Refusals.
	cert_post req1
	check "[$db] a request replayed (its nonce used): 401" refused 401 "unknown or used nonce"
	cert_request stranger.key "$id1" os5.osimage other.key
	jq --arg id "$id1" '.device_id = $id' req >req.bad && cert_post req.bad
	check "[$db] attested by another key than the device's: 401" refused 401 "signature does not verify"
	cert_request dev1.key "$id1" os5.osimage other.key
	jq --arg k "$(jq -r .public_key req1)" '.public_key = $k' req >req.bad && cert_post req.bad
	check "[$db] another public key than the one attested: 401" refused 401 "signature does not verify"
	cert_request dev1.key "$id1" os5.osimage other.key
	jq --arg a "$("$FAKE" attest dev1.key "$(jq -r .nonce req)")" '.attestation = $a' req >req.bad && cert_post req.bad
	check "[$db] a check-in's attestation (over the nonce alone) is no certificate request: 401" \
		refused 401 "signature does not verify"
	cert_request dev1.key "$id1" os6.osimage other.key
	cert_post
	check "[$db] measurements of an OS not published: 403" refused 403 "the measurements match no published OS image"
	cert_request dev1.key "$id1" os-damaged.osimage other.key
	cert_post
	check "[$db] the published OS's description with another root filesystem: 403" \
		refused 403 "the measurements match no published OS image: its boot chain measurement is not that of OS image"
	cert_request stranger.key "$id1" os5.osimage other.key
	jq --arg id "$id3" '.device_id = $id' req >req.bad && cert_post req.bad
	check "[$db] an unknown device: 401" refused 401 "unknown device"
	cert_request dev1.key "$id1" os5.osimage other.key
	jq -c 'del(.attestation)' req >req.bad && cert_post req.bad
	check "[$db] a request without its attestation: 400" refused 400 "the certificate request"
	jq -c '.public_key = "04abcd"' req >req.bad && cert_post req.bad
	check "[$db] a public key not 130 hex: 400" refused 400 '"public_key": 130 hex digits'
	jq -c '.public_key = "04" + ("00" * 64)' req >req.bad && cert_post req.bad
	check "[$db] a public key not on P-256: 400" refused 400 "not a point on P-256"
	jq -c '.nonce = "xyz"' req >req.bad && cert_post req.bad
	check "[$db] a nonce not 64 hex: 400" refused 400 '"nonce": 64 hex digits'
	jq -c '.device_id = "1234"' req >req.bad && cert_post req.bad
	check "[$db] a device id not 64 hex: 400" refused 400 "64 hex digits"
	echo 'not json' >req.bad && cert_post req.bad
	check "[$db] a body that is not JSON: 400" refused 400 "not a JSON object"
	cert_post
	check "[$db] after the malformed ones, the request is still good (they used no nonce)" is 200

	# The admin's view.
	api GET "/v1/devices/$id1/certificates"
	check "[$db] GET /v1/devices/{id}/certificates: the issued, newest first" \
		is 200 '.device_id == "'"$id1"'" and (.issued | length) == 3 and .issued[2].serial == "'"$serial1"'" and
			.issued[2].not_after == '"$after1"' and .issued[0].not_after >= .issued[1].not_after'
	# shellcheck disable=SC2016 # jq's $r
	check "[$db] ... and every refusal with its time and reason" \
		is 200 '[.refusals[] | "\(.status) \(.reason)"] as $r | ($r | length) == 6 and
			([$r[] | select(startswith("403 the measurements match no published OS image"))] | length) == 2 and
			($r | any(. == "401 unknown or used nonce")) and
			([$r[] | select(test("signature does not verify"))] | length) == 3 and
			(.refusals | all(.time > 0))'
	TOKEN='' api GET "/v1/devices/$id1/certificates"
	check "[$db] ... admin only: 401 without the token" refused 401 "admin token"
	api GET "/v1/devices/$id3/certificates"
	check "[$db] ... of a device not claimed: 404" refused 404 "no such device"
	claim "$id3" stranger.pub field
	api GET "/v1/devices/$id3/certificates"
	check "[$db] the refusal of a device not claimed was recorded too" \
		is 200 '.issued == [] and [.refusals[].reason] == ["unknown device: it is not claimed"]'

	# Refusals anyone can cause are bounded: the newest 100 of a claimed
	# device, 256 of all devices not claimed.
	local urls=() id4
	for _ in $(seq 257); do urls+=("$URL/v1/device/certificate"); done
	jq -c --arg n "$(printf '0%.0s' {1..64})" '.nonce = $n' req >req.bad
	curl -s --data-binary @req.bad "${urls[@]:0:101}" >/dev/null
	api GET "/v1/devices/$id1/certificates"
	check "[$db] 101 more refusals of a claimed device: its newest 100 kept" \
		is 200 '(.refusals | length) == 100 and (.refusals | all(.reason == "unknown or used nonce")) and (.issued | length) == 3'
	openssl ecparam -name prime256v1 -genkey -noout 2>/dev/null | openssl pkcs8 -topk8 -nocrypt >dev4.key
	openssl pkey -in dev4.key -pubout >dev4.pub
	id4=$("$FAKE" id dev4.pub)
	jq -c --arg id "$id4" '.device_id = $id' req >req.bad
	curl -s --data-binary @req.bad "${urls[@]}" >/dev/null
	claim "$id4" dev4.pub field
	api GET "/v1/devices/$id4/certificates"
	check "[$db] 257 refusals of devices not claimed: the newest 256 kept" \
		is 200 '(.refusals | length) == 256 and (.refusals | all(.reason == "unknown device: it is not claimed"))'

	# A restart keeps the CA; its certificates still verify. The OS images'
	# measurements, lost behind its back, are made again at the start.
	cloud_stop
	db_sql "$url" "DELETE FROM os_measurements"
	cloud_start "$url" "$st" || { check "[$db] certs: the service restarts" false; return; }
	curl -s -o ca2.pem "$URL/v1/ca-certificate"
	check "[$db] after a restart: the same CA, the certificates it issued still verify" \
		bash -c "cmp -s ca2.pem ca.pem && openssl verify -CAfile ca2.pem cert1.pem cert2.pem >/dev/null"
	cert_request dev1.key "$id1" os5.osimage other.key
	cert_post
	check "[$db] OS images without measurements (uploaded before the service made them) are measured at start" is 200
	cloud_stop

	# The key kept elsewhere: --tenant-ca-key.
	local st2=$T/state-$db-keyelsewhere
	mkdir -p "$T/secrets-$db"
	cp "$st/tenant-ca.key" "$T/secrets-$db/ca.key"
	chmod 644 "$T/secrets-$db/ca.key"
	check "[$db] --tenant-ca-key: a key that others can read is refused" \
		bash -c "! '$CLOUD' serve --db '$url' --state '$st2' --listen 127.0.0.1:0 --tenant-ca-key '$T/secrets-$db/ca.key' 2>err &&
			grep -q 'mode 644 lets others than its owner read the tenant CA key' err"
	check "[$db] --tenant-ca-key: a key that is not there is refused, not made" \
		bash -c "! '$CLOUD' serve --db '$url' --state '$st2' --listen 127.0.0.1:0 --tenant-ca-key '$T/secrets-$db/none.key' 2>err &&
			grep -q 'none.key: No such file' err && [[ ! -e '$T/secrets-$db/none.key' ]]"
	chmod 600 "$T/secrets-$db/ca.key"
	cp "$st/tenant-id" "$st2/tenant-id" # made by the refused starts; the tenant's own kept
	cloud_start "$url" "$st2" --tenant-ca-key "$T/secrets-$db/ca.key" ||
		{ check "[$db] --tenant-ca-key: the service starts" false; return; }
	curl -s -o ca3.pem "$URL/v1/ca-certificate"
	check "[$db] --tenant-ca-key: no key in the state dir, a CA certificate of that key, which verifies the old ones" \
		bash -c "[[ ! -e '$st2/tenant-ca.key' ]] && openssl verify -CAfile ca3.pem cert1.pem >/dev/null"
	cloud_stop
	cp dev1.key "$T/secrets-$db/other.key"
	chmod 600 "$T/secrets-$db/other.key"
	check "[$db] --tenant-ca-key: a key that is not the state dir's CA certificate's is refused" \
		bash -c "! '$CLOUD' serve --db '$url' --state '$st2' --listen 127.0.0.1:0 --tenant-ca-key '$T/secrets-$db/other.key' 2>err &&
			grep -q 'tenant-ca.pem is not the certificate of the tenant CA key' err"

	# Another validity: --certificate-validity.
	check "[$db] --certificate-validity under 600 s is refused" \
		bash -c "! '$CLOUD' serve --db '$url' --state '$st' --listen 127.0.0.1:0 --certificate-validity 599 2>err &&
			grep -q 'certificate-validity 599: expected a number of seconds, 600 or more' err"
	cloud_start "$url" "$st" --certificate-validity 3600 ||
		{ check "[$db] --certificate-validity 3600: the service starts" false; return; }
	cert_request dev1.key "$id1" os5.osimage other.key
	cert_post
	check "[$db] --certificate-validity 3600: a certificate valid 3600 s after its issue" \
		is 200 '.not_after > now + 3500 and .not_after <= now + 3601'
	cloud_stop
}
