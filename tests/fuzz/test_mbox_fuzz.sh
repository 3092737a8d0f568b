#!/usr/bin/env bash
# test_mbox_fuzz.sh - fuzzes the secmon mailbox codec (out/fuzz/fuzz_mbox,
# tests/fuzz/fuzz_mbox.c) from the seed corpus tests/fuzz/corpus/mbox for
# MBOX_FUZZ_SECONDS (20; make test-long: 600). The corpus in the tree is
# read, never written: new inputs go to a temporary directory. An input that
# crashes it is copied to out/fuzz/mbox-crashes/ (named by its hash, so runs
# side by side cannot clash), to run again: out/fuzz/fuzz_mbox FILE.
# Prints TAP lines.
set -u
FUZZ=$(realpath "${OUT:-out}/fuzz/fuzz_mbox")
SEEDS=$(realpath tests/fuzz/corpus/mbox)
CRASHES=$(realpath -m "${OUT:-out}/fuzz/mbox-crashes")
seconds=${MBOX_FUZZ_SECONDS:-20}
T=$(mktemp -d /tmp/test_mbox_fuzz.XXXXXX)
trap 'rm -rf "$T"' EXIT
n=0
fails=0
result() { # result OK NAME
	n=$((n + 1))
	if [[ $1 -eq 0 ]]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		fails=$((fails + 1))
	fi
}

if ! [[ $seconds =~ ^[1-9][0-9]*$ ]]; then
	echo "test_mbox_fuzz: MBOX_FUZZ_SECONDS=$seconds: expected a number of seconds" >&2
	exit 2
fi

# Every seed once, as the fuzzer's first inputs will be.
"$FUZZ" "$SEEDS"/* >"$T/seeds.log" 2>&1
rc=$?
[[ $rc -eq 0 ]] || sed 's/^/#   /' "$T/seeds.log" | tail -20
result $rc "fuzz_mbox runs every seed of tests/fuzz/corpus/mbox ($(ls "$SEEDS" | wc -l) files)"

mkdir -p "$T/corpus" "$T/artifacts"
"$FUZZ" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 -print_final_stats=1 \
	-artifact_prefix="$T/artifacts/" "$T/corpus" "$SEEDS" >"$T/fuzz.log" 2>&1
rc=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$T/fuzz.log")
echo "# $seconds s, ${runs:-?} inputs, corpus grew to $(ls "$T/corpus" | wc -l) files"
if [[ $rc -ne 0 ]]; then
	grep -E 'ERROR|SUMMARY' "$T/fuzz.log" | sed 's/^/#   /'
	if compgen -G "$T/artifacts/*" >/dev/null; then
		mkdir -p "$CRASHES"
		cp "$T"/artifacts/* "$CRASHES"/
		echo "# kept in $CRASHES: $(cd "$T/artifacts" && echo *)"
	fi
fi
result $rc "fuzz_mbox for $seconds s: 0 crashes"

echo "1..$n"
[[ $fails -eq 0 ]]
