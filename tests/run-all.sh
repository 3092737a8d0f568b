#!/usr/bin/env bash
# Runs every test program and script given as arguments. Each one prints TAP
# lines ("ok N - name" / "not ok N - name"); this runner shows them, counts
# them and ends with the single line "N passed, N failed". A test program that
# exits non-zero without reporting a failure counts as one failure.
set -u
passed=0
failed=0
for t in "$@"; do
	echo "# ---- $t"
	log=$(mktemp)
	if [[ $t == *.sh ]]; then
		bash "$t" 2>&1 | tee "$log"
	else
		"./$t" 2>&1 | tee "$log"
	fi
	rc=${PIPESTATUS[0]}
	p=$(grep -cE '^ok [0-9]+' "$log")
	f=$(grep -cE '^not ok [0-9]+' "$log")
	if [[ $rc -ne 0 && $f -eq 0 ]]; then
		echo "not ok - $t exited with status $rc"
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	rm -f "$log"
done
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
