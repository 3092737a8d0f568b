#!/usr/bin/env bash
# The update service's check-in throughput (make bench; docs/cloud-api.md
# "Throughput"): spherule-cloud on SQLite, then on a private PostgreSQL
# cluster, each pinned to one core (taskset, when there are two), loaded by
# bench/cloud/cloud_checkin on the other core over loopback: BENCH_CLOUD_DEVICES
# devices (default 20), BENCH_CLOUD_CHECKINS check-ins (default 2000) each,
# every one a nonce and an attested check-in answered with a signed bundle.
# Prints the two rates side by side and their ratio. Nothing is gated on a
# figure: the script fails only when the service or a check-in fails.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT_DIR=$(realpath "${OUT:-out}")
CLOUD=$OUT_DIR/bin/spherule-cloud
FAKE=$OUT_DIR/tests/unit/cloud_fake_device
LOAD=$OUT_DIR/bench/cloud_checkin
devices=${BENCH_CLOUD_DEVICES:-20}
checkins=${BENCH_CLOUD_CHECKINS:-2000}
work=$(mktemp -d /tmp/spherule-bench-cloud.XXXXXX)
# shellcheck source=tests/unit/cloud_lib.bash
. tests/unit/cloud_lib.bash
# shellcheck source=tests/unit/cloud_pg.bash
. tests/unit/cloud_pg.bash
trap 'cloud_stop; pg_cluster_stop; rm -rf "$work"' EXIT
cd "$work"

# The service on core 0 and the load on core 1, when there are two.
pin_service=() pin_load=()
if [[ $(nproc) -ge 2 ]] && command -v taskset >/dev/null; then
	pin_service=(taskset -c 0) pin_load=(taskset -c 1)
fi
CLOUD_RUN=$CLOUD
CLOUD=$work/cloud-pinned
printf '#!/bin/sh\nexec %s %s "$@"\n' "${pin_service[*]}" "$CLOUD_RUN" >"$CLOUD"
chmod +x "$CLOUD"

# rate DB_URL NAME: check-ins per second of the service on DB_URL, in RATE
# (called in this shell, so that the trap stops a service it leaves).
rate() {
	local st=$work/state-$2 line
	cloud_start "$1" "$st" --nonce-ttl 60 || { echo "cloud.sh: the service did not start on $2" >&2; return 1; }
	api POST /v1/products '{"name":"bench"}' >/dev/null
	api POST /v1/device-groups '{"product":"bench","name":"fleet"}' >/dev/null
	"$FAKE" make-app 1 app.imagepackage
	api_file POST /v1/images app.imagepackage
	api POST /v1/deployments '{"device_group":"fleet","images":["'"$(jq -r .id body)"'"]}'
	[[ $code == 201 ]] || { echo "cloud.sh: deployment: $code $(cat body)" >&2; return 1; }
	line=$("${pin_load[@]}" "$LOAD" "$URL" "$st/admin-token" fleet "$devices" "$checkins")
	cloud_stop
	RATE=$(sed -n 's/.*per_s=\([0-9.]*\).*/\1/p' <<<"$line")
}

rate "sqlite:$work/cloud.sqlite" sqlite
sqlite=$RATE
chmod 711 "$work"
pg_cluster_start "$work/pg" || { cat "$work/pg/log" >&2; exit 1; }
rate "$PG_URL" postgresql
pg=$RATE
echo "== update service check-ins ($checkins attested check-ins over $devices devices, one service thread${pin_service:+ on core 0}, requests/s)"
printf '%-34s %10s %10s %8s\n' "" sqlite postgresql ratio
printf '%-34s %10s %10s %8.3f\n' "check-ins per second (2 requests)" "$sqlite" "$pg" "$(echo "$sqlite / $pg" | bc -l)"
