#!/usr/bin/env bash
# What netmgr costs and how long a name takes through it (make bench;
# docs/bench.md and docs/netmgr.md "Cost"), in the same run:
#  1. RAM: a board at --memory 4 with its NIC, devctl and resolve_bench
#     (bench/netmgr/), booted with and without netmgr: netmgr's memory
#     cgroup and resident set from appmgr's first memory report, and
#     MemAvailable with and without it (BENCH_NETMGR_RUNS boots of each,
#     default 3, alternately; medians);
#  2. latency: resolve_bench times getaddrinfo through netmgr against the
#     same query sent by the app itself straight to the same DNS server (the
#     host's, tests/e2e/net_servers.py, behind the same guestfwd), alternating
#     50 rounds; the ratio of the medians.
# Nothing is gated on a figure: the script fails only when a build or a boot
# fails.
set -euo pipefail
cd "$(dirname "$0")/.."
SPHERULE=out/bin/spherule
work=$(mktemp -d /tmp/spherule-bench-netmgr.XXXXXX)
export SPHERULE_STATE_DIR=$work/state
runs=${BENCH_NETMGR_RUNS:-3}
key=$work/test.key

. bench/bench_lib.sh

python3 tests/e2e/net_servers.py --log "$work/net.log" --zone bench.test=10.0.2.100:300 > "$work/ports" &
servers=$!
trap 'kill $servers 2>/dev/null; "$SPHERULE" emulator stop --force >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do [[ -s $work/ports ]] && break; sleep 0.1; done
read -r _ dns_port _ ntp_port _ _ < "$work/ports"

"$SPHERULE" keygen --output "$key" >/dev/null
# pack NAME DIR MANIFEST
pack() {
	"$SPHERULE" image-package pack-application --package-directory "$2" --manifest "$3" --key "$key" \
		--output "$work/$1.imagepackage" >/dev/null
}
pack devctl out/device/apps/devctl device/devctl/app_manifest.json
pack netmgr out/device/apps/netmgr device/netmgr/app_manifest.json
pack resolve_bench out/bench/apps/resolve_bench bench/netmgr/app_manifest.json
"$SPHERULE" flash build --output "$work/with.flash" --trust-key "$key.pub" --app "$work/devctl.imagepackage" \
	--app "$work/netmgr.imagepackage" --app "$work/resolve_bench.imagepackage" >/dev/null
"$SPHERULE" flash build --output "$work/without.flash" --trust-key "$key.pub" --app "$work/devctl.imagepackage" \
	--app "$work/resolve_bench.imagepackage" >/dev/null
fwd=(--guestfwd "10.0.2.53:53:$dns_port" --guestfwd "10.0.2.123:123:$ntp_port")

# report FLASH: "cgroup rss available" of netmgr in the first memory report
report() {
	bench_boot "$1" 4 "appmgr: memory: end of report" 180 "${fwd[@]}" >/dev/null
	tr -d '\r' < "$BENCH_CONSOLE" | awk '
	function field(k,    i, kv) { for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) return kv[2] } return "" }
	/appmgr: memory: total_kib=/ && avail == "" { avail = field("available_kib") }
	/appmgr: memory: app name=netmgr / { cg = field("current_kib") }
	/appmgr: memory: process / && field("name") == "netmgr" { rss = field("rss_kib") }
	END { print (cg == "" ? "-" : cg), (rss == "" ? "-" : rss), avail }'
}
cg=() rss=() with_av=() without_av=() via=() direct=()
for ((r = 0; r < runs; r++)); do
	read -r c s a < <(report "$work/with.flash")
	cg+=("$c") rss+=("$s") with_av+=("$a")
	if [[ ${#via[@]} -eq 0 ]]; then
		for _ in $(seq 600); do grep -q "resolve_bench: netmgr_us=" "$BENCH_CONSOLE" && break; sleep 0.5; done
		read -r v d < <(tr -d '\r' < "$BENCH_CONSOLE" |
			sed -n 's/.*resolve_bench: netmgr_us=\([0-9]*\) direct_us=\([0-9]*\).*/\1 \2/p' | head -1)
		via+=("${v:?resolve_bench printed no figures}") direct+=("$d")
	fi
	read -r _ _ a < <(report "$work/without.flash")
	without_av+=("$a")
done
"$SPHERULE" emulator stop --force >/dev/null
echo "== 1. netmgr's RAM (--memory 4, NIC, devctl, resolve_bench; appmgr's first memory report; KiB, medians of $runs)"
echo "netmgr memory cgroup $(bench_median "${cg[@]}"), resident set $(bench_median "${rss[@]}")"
w=$(bench_median "${with_av[@]}")
wo=$(bench_median "${without_av[@]}")
printf '%-34s %10s %10s %8s\n' "" with without ratio
printf '%-34s %10s %10s %8.3f\n' "MemAvailable" "$w" "$wo" "$(echo "$w / $wo" | bc -l)"
echo "each run: netmgr cgroup ${cg[*]}, rss ${rss[*]}; MemAvailable with ${with_av[*]}, without ${without_av[*]}"
echo "== 2. name resolution (median of 50 alternating rounds, microseconds)"
printf '%-34s %10s %10s %8s\n' "" netmgr direct ratio
printf '%-34s %10s %10s %8.3f\n' "getaddrinfo / one TCP query" "${via[0]}" "${direct[0]}" \
	"$(echo "${via[0]} / ${direct[0]}" | bc -l)"
