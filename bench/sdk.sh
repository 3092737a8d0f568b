#!/usr/bin/env bash
# What the SDK costs an app (make bench; docs/bench.md and docs/sdk.md
# "Cost"): the example blink (examples/blink) built with the SDK as a user
# builds it (cmake --preset ARM-Release, applibs, the SDK's Release flags)
# beside the same app written with raw system calls (bench/sdk/blink_raw.c,
# built by make with the tree's device flags), in the same run:
#  1. flash: each image package's size, each executable's text, data and
#     bss (`size`), and applibs' share: the text blink has beyond
#     blink_raw, beside the text of all of libapplibs.a;
#  2. RAM: each alone on a flash at --memory 4 without the service link:
#     its memory cgroup and its process's resident set in appmgr's first
#     memory report, and MemAvailable; BENCH_SDK_RUNS boots each (default
#     3), alternately; medians.
# Nothing is gated on a figure: the script fails only when a build or a boot
# fails.
set -euo pipefail
cd "$(dirname "$0")/.."
SPHERULE=out/bin/spherule
work=$(mktemp -d /tmp/spherule-bench-sdk.XXXXXX)
export SPHERULE_STATE_DIR=$work/state
trap '"$SPHERULE" emulator stop --force >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
runs=${BENCH_SDK_RUNS:-3}
key=$work/test.key

. bench/bench_lib.sh

"$SPHERULE" keygen --output "$key" >/dev/null
cp -r examples/common examples/blink "$work/"
(
	cd "$work/blink"
	export AzureSphereDefaultSDKDir=$OLDPWD/out/sdk SPHERULE_SIGNING_KEY=$key
	cmake --preset ARM-Release >/dev/null && cmake --build out/ARM-Release >/dev/null
)
sdk_pkg=$(ls "$work"/blink/out/ARM-Release/*.imagepackage)
sdk_bin=$(ls "$work"/blink/out/ARM-Release/approot*/bin/app)
sdk_elf=$(ls "$work"/blink/out/ARM-Release/*.out)
sdk_name=$(jq -r .Name examples/blink/app_manifest.json)
raw_bin=out/bench/apps/blink_raw/bin/app
raw_pkg=$work/blink_raw.imagepackage
"$SPHERULE" image-package pack-application --package-directory "$(dirname "$(dirname "$raw_bin")")" \
	--manifest bench/sdk/app_manifest.json --key "$key" --output "$raw_pkg" >/dev/null

# text, data, bss of an executable
sizes() { size "$1" | awk 'NR == 2 { print $1, $2, $3 }'; }
read -r st sd sb < <(sizes "$sdk_bin")
read -r rt rd rb < <(sizes "$raw_bin")
lib=out/sdk/Sysroots/16/usr/lib/libapplibs.a
lib_text=$(size -t "$lib" | awk 'END { print $1 }')
# applibs' own functions in blink: the sizes, in the unstripped executable,
# of the code symbols libapplibs.a defines.
in_blink=$(arm-linux-gnueabihf-nm -S -t d --defined-only "$sdk_elf" | awk -v names="$(arm-linux-gnueabihf-nm --defined-only "$lib" |
	awk '$2 ~ /^[Tt]$/ { print $3 }' | tr '\n' ' ')" '
	BEGIN { n = split(names, a, " "); for (i = 1; i <= n; i++) lib[a[i]] = 1 }
	$3 ~ /^[Tt]$/ && ($4 in lib) { sum += $2 } END { print sum + 0 }')
sp=$(stat -c %s "$sdk_pkg")
rp=$(stat -c %s "$raw_pkg")
echo "== 1. flash: blink with the SDK (applibs) against blink with raw system calls (bytes)"
printf '%-34s %10s %10s %8s\n' "" SDK raw ratio
printf '%-34s %10d %10d %8.3f\n' "image package" "$sp" "$rp" "$(echo "$sp / $rp" | bc -l)"
printf '%-34s %10d %10d %8.3f\n' "text (executed in place)" "$st" "$rt" "$(echo "$st / $rt" | bc -l)"
printf '%-34s %10d %10d %8.3f\n' "data + bss (RAM)" "$((sd + sb))" "$((rd + rb))" \
	"$(echo "($sd + $sb) / ($rd + $rb)" | bc -l)"
echo "blink's text beyond blink_raw: $((st - rt)) bytes: applibs' own functions $in_blink (of the $lib_text bytes of" \
	"text in libapplibs.a: the linker keeps what blink calls), the samples' timer helper and the musl functions they" \
	"use (stdio locking, sendmsg, ...); the SDK compiles Thumb-2 with Azure Sphere's flags, the tree -Os"

# 2. RAM: each app alone, its figures from appmgr's first memory report.
"$SPHERULE" flash build --output "$work/sdk.flash" --trust-key "$key.pub" --app "$sdk_pkg" >/dev/null
"$SPHERULE" flash build --output "$work/raw.flash" --trust-key "$key.pub" --app "$raw_pkg" >/dev/null
# report FLASH NAME: "cgroup rss available" of NAME in the first memory report
report() {
	bench_boot "$1" 4 "appmgr: memory: end of report" 180 --no-service-link >/dev/null
	tr -d '\r' < "$BENCH_CONSOLE" | awk -v app="$2" '
	function field(k,    i, kv) { for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) return kv[2] } return "" }
	/appmgr: memory: total_kib=/ && avail == "" { avail = field("available_kib") }
	/appmgr: memory: app name=/ && field("name") == app { cg = field("current_kib") }
	/appmgr: memory: process / && field("name") == "app" { rss = field("rss_kib") }
	END { print cg, rss, avail }'
}
sdk_cg=() sdk_rss=() sdk_av=() raw_cg=() raw_rss=() raw_av=()
for ((r = 0; r < runs; r++)); do
	read -r c s a < <(report "$work/sdk.flash" "$sdk_name")
	sdk_cg+=("$c") sdk_rss+=("$s") sdk_av+=("$a")
	read -r c s a < <(report "$work/raw.flash" blink_raw)
	raw_cg+=("$c") raw_rss+=("$s") raw_av+=("$a")
done
"$SPHERULE" emulator stop --force >/dev/null
echo "== 2. RAM (--memory 4, the app alone, no service link; appmgr's first memory report; KiB, medians of $runs)"
printf '%-34s %10s %10s %8s\n' "" SDK raw ratio
for row in "memory cgroup:cg" "resident set (process):rss"; do
	label=${row%%:*} k=${row##*:}
	eval "s=\$(bench_median \"\${sdk_$k[@]}\"); r=\$(bench_median \"\${raw_$k[@]}\")"
	printf '%-34s %10s %10s %8.3f\n' "$label" "$s" "$r" "$(echo "$s / $r" | bc -l)"
done
s=$(bench_median "${sdk_av[@]}")
r=$(bench_median "${raw_av[@]}")
printf '%-34s %10s %10s %8.3f\n' "MemAvailable" "$s" "$r" "$(echo "$s / $r" | bc -l)"
echo "each run: SDK cgroup ${sdk_cg[*]}, rss ${sdk_rss[*]}; raw cgroup ${raw_cg[*]}, rss ${raw_rss[*]}"
