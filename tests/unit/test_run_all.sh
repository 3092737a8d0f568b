#!/usr/bin/env bash
# tests/run-all.sh itself, on small fake tests: the TAP lines counted into the
# last line "N passed, N failed", a test exiting non-zero without a "not ok"
# line counted as one failure; SPHERULE_TEST_JOBS tests at a time, each one's
# output whole under its "# ---- TEST" line; the suites after the tests;
# interrupted, it stops the tests that run (their EXIT traps run). Boots
# nothing.
set -u
cd "$(dirname "$0")/../.."
. tests/unit/littlefs_tools_lib.bash
tmp=$(mktemp -d /tmp/test_run_all.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
run_all=$PWD/tests/run-all.sh

# fake NAME BODY: the test script $tmp/NAME.sh, running BODY.
fake() { printf '%s\n' "$2" >"$tmp/$1.sh"; }
fake passes_exits_3 'echo "ok 1 - a"; echo "ok 2 - b"; exit 3'
fake fails_one 'echo "not ok 1 - x"; echo "ok 2 - y"; exit 1'
fake passes 'echo "ok 1 - passes"'
# waits_ME: says it started, then passes only when the other one starts
# within 3 s: the two pass only when they run at the same time.
for me in a b; do
	other=$([[ $me == a ]] && echo b || echo a)
	fake "waits_$me" "touch $tmp/started-$me; echo 'ok 1 - waits_$me started'
for ((i = 0; i < 30; i++)); do [[ -e $tmp/started-$other ]] && break; sleep 0.1; done
if [[ -e $tmp/started-$other ]]; then echo 'ok 2 - waits_$me saw waits_$other'
else echo 'not ok 2 - waits_$me alone'; fi"
done
fake marks_done "sleep 0.5; touch $tmp/done; echo 'ok 1 - marks_done'"
fake needs_done "if [[ -e $tmp/done ]]; then echo 'ok 1 - after the tests'; else echo 'not ok 1 - too early'; fi"
# runs_N: starts, then sleeps until stopped; its EXIT trap says it was.
for n in 1 2; do
	fake "runs_$n" "sleep 30 & s=\$!; trap 'kill \$s; touch $tmp/stopped-$n' EXIT
touch $tmp/running-$n; wait"
done

# all JOBS ARGS...: run-all with SPHERULE_TEST_JOBS=JOBS; its output in
# $tmp/out, its status in rc.
all() {
	local jobs=$1
	shift
	SPHERULE_TEST_JOBS=$jobs bash "$run_all" "$@" >"$tmp/out" 2>&1
	rc=$?
}
last_is() { [[ $(tail -n 1 "$tmp/out") == "$1" ]]; }
said() { grep -qxF "$1" "$tmp/out"; }
failed_with() { [[ $rc -eq $1 ]] && grep -qF "$2" "$tmp/out"; }
# names: the tests in the order their output was shown.
names() { sed -n 's|^# ---- .*/\(.*\)\.sh$|\1|p' "$tmp/out" | tr '\n' ' '; }
# whole: every TAP line under "# ---- .../T.sh" names T.
whole() {
	awk '/^# ---- / { t = $3; sub(".*/", "", t); sub("[.]sh$", "", t); next }
		/^(not )?ok [0-9]+ - / && index($0, " - " t " ") == 0 { bad = 1 }
		END { exit bad }' "$tmp/out"
}

for jobs in 1 2; do
	all "$jobs" "$tmp/passes_exits_3.sh" "$tmp/fails_one.sh" "$tmp/passes.sh"
	tap_check "jobs $jobs: passes and failures counted, a non-zero exit without a failure line one failure" \
		last_is "4 passed, 2 failed"
	tap_check "jobs $jobs: that exit named, run-all fails" failed_with 1 \
		"not ok - $tmp/passes_exits_3.sh exited with status 3"
done

all 2 "$tmp/waits_a.sh" "$tmp/waits_b.sh"
tap_check "jobs 2: two tests run at the same time" last_is "4 passed, 0 failed"
tap_check "jobs 2: each one's output whole under its name ($(names))" whole
rm -f "$tmp"/started-*
all 1 "$tmp/waits_a.sh" "$tmp/waits_b.sh"
tap_check "jobs 1: one after the other, in order ($(names))" \
	bash -c '[[ $1 == "waits_a waits_b " ]]' _ "$(names)"
tap_check "jobs 1: the first waited alone" said "not ok 2 - waits_a alone"

all 2 "$tmp/marks_done.sh" "$tmp/passes.sh" -- "$tmp/needs_done.sh" "$tmp/passes.sh"
tap_check "the suites start after the tests end" last_is "4 passed, 0 failed"

all 0 "$tmp/passes.sh"
tap_check "SPHERULE_TEST_JOBS=0 refused" failed_with 2 \
	"run-all: SPHERULE_TEST_JOBS=0: expected a number of tests, 1 or more"

SPHERULE_TEST_JOBS=2 bash "$run_all" "$tmp/runs_1.sh" "$tmp/runs_2.sh" >"$tmp/out" 2>&1 &
pid=$!
for ((i = 0; i < 50; i++)); do
	[[ -e $tmp/running-1 && -e $tmp/running-2 ]] && break
	sleep 0.1
done
kill -TERM "$pid"
wait "$pid"
rc=$?
tap_check "stopped, run-all ends with status 130" test "$rc" -eq 130
tap_check "... having stopped the tests that ran (their EXIT traps ran)" \
	test -e "$tmp/stopped-1" -a -e "$tmp/stopped-2"
tap_done
