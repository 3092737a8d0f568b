#!/usr/bin/env bash
# Runs test programs and scripts and counts their TAP lines ("ok N - name" /
# "not ok N - name"), ending with the single line "N passed, N failed". A test
# that exits non-zero without reporting a failure counts as one failure.
#
#   tests/run-all.sh [TEST...] [-- SUITE...]
#
# The TESTs (host programs and scripts) run SPHERULE_TEST_JOBS at a time
# (default: the number of cores, at most 2); then the SUITEs (those that boot
# their own board in QEMU) as many at a time. When more than one runs at once,
# each one's output is shown whole when it ends, never interleaved; one at a
# time (SPHERULE_TEST_JOBS=1, or a single test), its output is shown as it
# comes.
set -u
passed=0
failed=0
logs=$(mktemp -d /tmp/spherule-run-all.XXXXXX)
trap 'rm -rf "$logs"' EXIT

tests=()
while [[ $# -gt 0 && $1 != -- ]]; do
	tests+=("$1")
	shift
done
[[ $# -gt 0 ]] && shift
suites=("$@")

cores=$(nproc)
jobs=${SPHERULE_TEST_JOBS:-$((cores < 2 ? cores : 2))}
if ! [[ $jobs =~ ^[1-9][0-9]*$ ]]; then
	echo "run-all: SPHERULE_TEST_JOBS=$jobs: expected a number of tests, 1 or more" >&2
	exit 2
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

# run_one_at_a_time TEST...: each after the one before, its output shown as
# it comes.
run_one_at_a_time() {
	local t
	for t in "$@"; do
		echo "# ---- $t"
		(run "$t") 2>&1 | tee "$logs/one"
		tally "$t" "$logs/one" "${PIPESTATUS[0]}"
	done
}

# run_at_once TEST...: starts one whenever fewer than $jobs run; shows each
# as it ends. Interrupted, stops those running and waits for them (their own
# traps clean up after them: temporary directories, mounts, boards).
declare -A test_of=()
trap '[[ ${#test_of[@]} -eq 0 ]] || { kill "${!test_of[@]}" 2>/dev/null; wait; }; exit 130' INT TERM
run_at_once() {
	local list=("$@") next=0 done_pid rc i

	while [[ $next -lt ${#list[@]} || ${#test_of[@]} -gt 0 ]]; do
		while [[ $next -lt ${#list[@]} && ${#test_of[@]} -lt $jobs ]]; do
			(run "${list[next]}") >"$logs/$next" 2>&1 &
			test_of[$!]=$next
			next=$((next + 1))
		done
		wait -n -p done_pid
		rc=$?
		i=${test_of[$done_pid]}
		unset "test_of[$done_pid]"
		echo "# ---- ${list[i]}"
		cat "$logs/$i"
		tally "${list[i]}" "$logs/$i" "$rc"
	done
}

# run_group TEST...: the tests, $jobs at a time.
run_group() {
	if [[ $jobs -eq 1 || $# -le 1 ]]; then
		run_one_at_a_time "$@"
	else
		run_at_once "$@"
	fi
}

run_group "${tests[@]}"
run_group "${suites[@]}"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
