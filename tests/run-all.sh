#!/usr/bin/env bash
# Runs test programs and scripts and counts their TAP lines ("ok N - name" /
# "not ok N - name"), ending with the single line "N passed, N failed". A test
# that exits non-zero without reporting a failure counts as one failure.
#
#   tests/run-all.sh [TEST...] [-- SUITE...]
#
# Each TEST runs after the one before, its output shown as it comes. Then the
# SUITEs (those that boot their own board in QEMU) run SPHERULE_TEST_JOBS at a
# time (default: the number of cores, at most 2); when more than one runs,
# each one's output is shown whole when it ends, never interleaved.
set -u
passed=0
failed=0
logs=$(mktemp -d /tmp/spherule-run-all.XXXXXX)
trap 'rm -rf "$logs"' EXIT

serial=()
while [[ $# -gt 0 && $1 != -- ]]; do
	serial+=("$1")
	shift
done
[[ $# -gt 0 ]] && shift
parallel=("$@")

cores=$(nproc)
jobs=${SPHERULE_TEST_JOBS:-$((cores < 2 ? cores : 2))}
if ! [[ $jobs =~ ^[1-9][0-9]*$ ]]; then
	echo "run-all: SPHERULE_TEST_JOBS=$jobs: expected a number of suites, 1 or more" >&2
	exit 2
fi
if [[ $jobs -eq 1 || ${#parallel[@]} -le 1 ]]; then
	serial+=("${parallel[@]}")
	parallel=()
fi

# run TEST: becomes the script (*.sh) or the program; call it in a subshell.
run() {
	if [[ $1 == *.sh ]]; then exec bash "$1"; else exec "./$1"; fi
}

# tally TEST LOG STATUS: adds the TAP lines of LOG to the counts.
tally() {
	local p f
	p=$(grep -cE '^ok [0-9]+' "$2")
	f=$(grep -cE '^not ok [0-9]+' "$2")
	if [[ $3 -ne 0 && $f -eq 0 ]]; then
		echo "not ok - $1 exited with status $3"
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
}

for t in "${serial[@]}"; do
	echo "# ---- $t"
	(run "$t") 2>&1 | tee "$logs/serial"
	tally "$t" "$logs/serial" "${PIPESTATUS[0]}"
done

# The suites: start one whenever fewer than $jobs run; show each as it ends.
# Interrupted, stop those running (their own traps stop their boards).
declare -A suite_of
running=0
trap '[[ $running -eq 0 ]] || kill "${!suite_of[@]}" 2>/dev/null; exit 130' INT TERM
next=0
while [[ $next -lt ${#parallel[@]} || $running -gt 0 ]]; do
	while [[ $next -lt ${#parallel[@]} && $running -lt $jobs ]]; do
		(run "${parallel[next]}") >"$logs/$next" 2>&1 &
		suite_of[$!]=$next
		next=$((next + 1))
		running=$((running + 1))
	done
	wait -n -p done_pid
	rc=$?
	i=${suite_of[$done_pid]}
	unset "suite_of[$done_pid]"
	running=$((running - 1))
	echo "# ---- ${parallel[i]}"
	cat "$logs/$i"
	tally "${parallel[i]}" "$logs/$i" "$rc"
done

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
