#!/usr/bin/env bash
# bench/bench_lib.sh, what the board benchmarks share, without a board: the
# median of a run's figures, a bench init's memory figure read from its
# console, and bench_run's two times (the command's return, BENCH_RETURNED,
# and the console line) and its failures (a kernel panic, the timeout), with
# a stand-in command writing the console. Boots nothing.
set -u
cd "$(dirname "$0")/../.."
# TAP reporting: tap_check NAME COMMAND..., tap_done.
. tests/unit/littlefs_tools_lib.bash
tmp=$(mktemp -d /tmp/test_bench_lib.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# bench_run stops "the emulator" first: nothing to stop here.
SPHERULE=true
SPHERULE_STATE_DIR=$tmp
. bench/bench_lib.sh

is() { [[ $1 == "$2" ]]; }
tap_check "the median of an odd count" is "$(bench_median 0.9 0.25 1.5 0.7 0.3)" 0.7
tap_check "the lower middle one of an even count" is "$(bench_median 4 1 3 2)" 2
tap_check "negative figures" is "$(bench_median -8 4 0)" 0

printf '%s\n' "[    1.2] virtio: probe" \
	"secmonbench: ram boot free_kib=2932 memfree_kib=2900 pcp_kib=32 slab_kib=508" \
	"secmonbench: ram again free_kib=2924 slab_kib=516" \
	"fsbench: ram boot free_kib=1 slab_kib=2" >"$tmp/console"
tap_check "a figure of a snapshot (free_kib, not memfree_kib)" \
	is "$(bench_ram_figure "$tmp/console" secmonbench boot free_kib)" 2932
tap_check "of another snapshot" is "$(bench_ram_figure "$tmp/console" secmonbench again slab_kib)" 516
tap_check "of another init's line" is "$(bench_ram_figure "$tmp/console" fsbench boot slab_kib)" 2

# later SECONDS LINE: a stand-in for a detached start: returns at once, and
# LINE reaches the console SECONDS later.
later() { (sleep "$1" && echo "$2" >>"$BENCH_CONSOLE") >/dev/null 2>&1 & }
at_least() { (($(echo "$1 >= $2" | bc))); }
below() { (($(echo "$1 < $2" | bc))); }
export BENCH_RETURNED=$tmp/returned
t=$(bench_run "appmgr: found [0-9]+ app slots" 10 later 0.4 "appmgr: found 16 app slots")
tap_check "the seconds to the console line" at_least "$t" 0.4
tap_check "BENCH_RETURNED: the seconds to the command's return" below "$(cat "$BENCH_RETURNED")" 0.4
unset BENCH_RETURNED
panic_fails() { ! bench_run never 10 later 0.1 "Kernel panic - not syncing" >/dev/null; }
timeout_fails() { ! bench_run never 1 true >/dev/null; }
tap_check "a kernel panic fails" panic_fails
tap_check "the timeout fails" timeout_fails
tap_done
