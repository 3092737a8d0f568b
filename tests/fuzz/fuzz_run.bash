# fuzz_run.bash - the runner of the test_*_fuzz.sh scripts (sourced):
# `fuzz_run NAME VAR` runs the libFuzzer target out/fuzz/fuzz_NAME on every
# seed of tests/fuzz/corpus/NAME, then fuzzes from them for $VAR seconds
# (20 when unset; make test-long sets 600). The corpus in the tree is read,
# never written: new inputs go to a temporary directory. An input that
# crashes the target is copied to out/fuzz/NAME-crashes/ (named by its hash,
# so runs side by side cannot clash), to run again: out/fuzz/fuzz_NAME FILE.
# Prints TAP lines; returns non-zero when one failed.
fuzz_run() {
	local name=$1 var=$2
	local fuzz seeds crashes seconds T n=0 fails=0 rc runs
	fuzz=$(realpath "${OUT:-out}/fuzz/fuzz_$name")
	seeds=$(realpath "tests/fuzz/corpus/$name")
	crashes=$(realpath -m "${OUT:-out}/fuzz/$name-crashes")
	seconds=${!var:-20}
	if ! [[ $seconds =~ ^[1-9][0-9]*$ ]]; then
		echo "test_${name}_fuzz: $var=$seconds: expected a number of seconds" >&2
		return 2
	fi
	T=$(mktemp -d "/tmp/test_${name}_fuzz.XXXXXX")
	# shellcheck disable=SC2064 # T is expanded now, on purpose
	trap "rm -rf '$T'" EXIT

	result() { # result OK NAME
		n=$((n + 1))
		if [[ $1 -eq 0 ]]; then
			echo "ok $n - $2"
		else
			echo "not ok $n - $2"
			fails=$((fails + 1))
		fi
	}

	# Every seed once, as the fuzzer's first inputs will be.
	"$fuzz" "$seeds"/* >"$T/seeds.log" 2>&1
	rc=$?
	[[ $rc -eq 0 ]] || sed 's/^/#   /' "$T/seeds.log" | tail -20
	result $rc "fuzz_$name runs every seed of tests/fuzz/corpus/$name ($(ls "$seeds" | wc -l) files)"

	mkdir -p "$T/corpus" "$T/artifacts"
	"$fuzz" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 -print_final_stats=1 \
		-artifact_prefix="$T/artifacts/" "$T/corpus" "$seeds" >"$T/fuzz.log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$T/fuzz.log")
	echo "# $seconds s, ${runs:-?} inputs, corpus grew to $(ls "$T/corpus" | wc -l) files"
	if [[ $rc -ne 0 ]]; then
		grep -E 'ERROR|SUMMARY' "$T/fuzz.log" | sed 's/^/#   /'
		if compgen -G "$T/artifacts/*" >/dev/null; then
			mkdir -p "$crashes"
			cp "$T"/artifacts/* "$crashes"/
			echo "# kept in $crashes: $(cd "$T/artifacts" && echo *)"
		fi
	fi
	result $rc "fuzz_$name for $seconds s: 0 crashes"

	echo "1..$n"
	[[ $fails -eq 0 ]]
}
