#!/usr/bin/env bash
# The update service at a fleet's scale (make bench; docs/cloud.md "Scale",
# docs/cloud-api.md "Throughput"): spherule-cloud on SQLite, then on a
# private PostgreSQL cluster, each pinned to one core (taskset, when there
# are two), loaded by bench/cloud/cloud_checkin on the other core over
# loopback: BENCH_CLOUD_DEVICES devices (default 10000), each with a key of
# its own, claimed through the admin API; then BENCH_CLOUD_CHECKINS attested
# check-ins (default 20000) from BENCH_CLOUD_PARALLEL clients at once
# (default 4), each answered with a signed bundle and carrying
# BENCH_CLOUD_REPORTS failure reports (default 1), stopped after
# BENCH_CLOUD_SECONDS (default 120) on each database. Prints, side by side:
# claims and check-ins per second, the check-ins' p50 and p99 latency, the
# bytes a stored report takes in the database (its table and indexes /
# rows), and from that the database size per device per day at
# BENCH_CLOUD_REPORTS_PER_DAY reports a device a day (the assumed rate,
# default 24) and at the service's bound (512 a device). Nothing is gated on
# a figure: the script fails only when the service or a request fails.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT_DIR=$(realpath "${OUT:-out}")
CLOUD=$OUT_DIR/bin/spherule-cloud
FAKE=$OUT_DIR/tests/unit/cloud_fake_device
LOAD=$OUT_DIR/bench/cloud_checkin
devices=${BENCH_CLOUD_DEVICES:-10000}
checkins=${BENCH_CLOUD_CHECKINS:-20000}
parallel=${BENCH_CLOUD_PARALLEL:-4}
reports=${BENCH_CLOUD_REPORTS:-1}
seconds=${BENCH_CLOUD_SECONDS:-120}
per_day=${BENCH_CLOUD_REPORTS_PER_DAY:-24}
bound=512 # cloud/error_reports.h's ERROR_REPORTS_PER_DEVICE
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

# report_bytes NAME: "<bytes> <rows>" of the table error_reports with its
# indexes in the database of run NAME.
report_bytes() {
	if [[ $1 == sqlite ]]; then
		python3 - "$work/cloud.sqlite" <<-'EOF'
			import sqlite3, sys
			db = sqlite3.connect(sys.argv[1])
			size = db.execute("SELECT SUM(pgsize) FROM dbstat WHERE name IN "
			                  "(SELECT name FROM sqlite_master WHERE tbl_name = 'error_reports')").fetchone()[0]
			rows = db.execute("SELECT COUNT(*) FROM error_reports").fetchone()[0]
			print(size or 0, rows)
		EOF
	else
		"$(pg_bin)/psql" -Atq -F ' ' "$PG_URL" \
			-c "SELECT pg_total_relation_size('error_reports'), COUNT(*) FROM error_reports"
	fi
}

# measure DB_URL NAME: the run's figures into FIG[NAME.key] (called in
# this shell, so that the trap stops a service it leaves).
declare -A FIG
measure() {
	local st=$work/state-$2 line size rows kv
	cloud_start "$1" "$st" --nonce-ttl 60 || { echo "cloud.sh: the service did not start on $2" >&2; return 1; }
	api POST /v1/products '{"name":"bench"}' >/dev/null
	api POST /v1/device-groups '{"product":"bench","name":"fleet"}' >/dev/null
	"$FAKE" make-app 1 app.imagepackage
	api_file POST /v1/images app.imagepackage
	api POST /v1/deployments '{"device_group":"fleet","images":["'"$(jq -r .id body)"'"]}'
	[[ $code == 201 ]] || { echo "cloud.sh: deployment: $code $(cat body)" >&2; return 1; }
	line=$("${pin_load[@]}" "$LOAD" --parallel "$parallel" --reports "$reports" --max-seconds "$seconds" \
		"$URL" "$st/admin-token" fleet "$devices" "$checkins")
	cloud_stop
	for kv in $line; do
		FIG[$2.${kv%%=*}]=${kv#*=}
	done
	read -r size rows < <(report_bytes "$2")
	FIG[$2.report_bytes]=$((rows > 0 ? size / rows : 0))
}

measure "sqlite:$work/cloud.sqlite" sqlite
chmod 711 "$work"
pg_cluster_start "$work/pg" || { cat "$work/pg/log" >&2; exit 1; }
measure "$PG_URL" postgresql

# row LABEL KEY [SCALE]: one line of both runs' FIG values (times SCALE, a bc expression of x).
row() {
	local s p
	s=$(echo "x = ${FIG[sqlite.$2]}; ${3:-x}" | bc -l) p=$(echo "x = ${FIG[postgresql.$2]}; ${3:-x}" | bc -l)
	printf '%-44s %10.1f %10.1f\n' "$1" "$s" "$p"
}
echo "== update service at scale ($devices devices claimed through the admin API; then check-ins with $reports failure" \
	"report(s) each from $parallel clients at once, at most $checkins or ${seconds} s a database; one service thread${pin_service:+ on core 0})"
printf '%-44s %10s %10s\n' "" sqlite postgresql
row "claims per second" claim_s "$devices / x"
row "check-ins made" checkins
row "check-ins per second (2 requests each)" per_s
row "check-in latency p50 (ms)" p50_ms
row "check-in latency p99 (ms)" p99_ms
row "bytes a stored report takes (table+indexes)" report_bytes
row "KiB a device a day at $per_day reports a day" report_bytes "x * $per_day / 1024"
row "KiB a device at the bound ($bound reports)" report_bytes "x * $bound / 1024"
