# tests/e2e/lib.sh - helpers for end-to-end tests on the booted board, sourced
# by tests/e2e/test_*.sh. Tests print TAP lines; everything runs from the top
# of the tree after `make`. Waiting for the device uses generous timeouts
# (TCG on a loaded 2-core machine) and never measures speed.

SPHERULE=${SPHERULE:-out/bin/spherule}
E2E_TMP=$(mktemp -d /tmp/spherule-e2e.XXXXXX)
export SPHERULE_STATE_DIR=$E2E_TMP/state
tap_n=0
tap_failed=0

ok() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $*"; }
not_ok() { tap_n=$((tap_n + 1)); tap_failed=$((tap_failed + 1)); echo "not ok $tap_n - $*"; }
# quiet COMMAND...: runs it with its output discarded (for check).
quiet() { "$@" >/dev/null 2>&1; }

# check NAME COMMAND...: one TAP line from a command's status.
check() {
	local name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}

# The board is thrown away: killed at once (test_shutdown.sh tests the
# orderly power-off that a plain `emulator stop` asks for).
e2e_cleanup() {
	"$SPHERULE" emulator stop --force >/dev/null 2>&1 || true
	if [[ -n ${E2E_KEEP:-} ]]; then
		echo "# kept $E2E_TMP"
	else
		rm -rf "$E2E_TMP"
	fi
}
trap e2e_cleanup EXIT

# pack_as KEY NAME OUTPUT [extra pack options]: packs out/device/apps/NAME
# with its manifest (examples/NAME, tests/e2e/apps/NAME, or device/NAME for
# the system apps; $MANIFEST instead when set) signed with $E2E_TMP/KEY into
# $E2E_TMP/OUTPUT.
pack_as() {
	local key=$1 name=$2 out=$3 dir
	shift 3
	for dir in examples tests/e2e/apps device; do
		[[ -f $dir/$name/app_manifest.json ]] || continue
		"$SPHERULE" image-package pack-application --package-directory "out/device/apps/$name" \
			--manifest "${MANIFEST:-$dir/$name/app_manifest.json}" --key "$E2E_TMP/$key" \
			--output "$E2E_TMP/$out" "$@" >/dev/null
		return
	done
	echo "# no manifest for $name" >&2
	return 1
}

# pack NAME [extra pack options]: pack_as with the test key, into
# $E2E_TMP/NAME.imagepackage.
pack() { pack_as test.key "$1" "$1.imagepackage" "${@:2}"; }

# pack_updated CLOUD_STATE: updated packed with the metadata key of the
# spherule-cloud whose state directory is CLOUD_STATE appended to its
# etc/updated.conf, signed with the test key, into $E2E_TMP/updated.imagepackage.
pack_updated() {
	"out/bin/spherule-cloud" metadata-key --state "$1" > "$1/metadata.pub" || return 1
	rm -rf "$E2E_TMP/updated-dir"
	cp -r out/device/apps/updated "$E2E_TMP/updated-dir"
	printf 'metadata-key %s\n' "$(openssl ec -pubin -in "$1/metadata.pub" -outform DER 2>/dev/null |
		tail -c 65 | od -An -v -tx1 | tr -d ' \n')" >> "$E2E_TMP/updated-dir/etc/updated.conf"
	"$SPHERULE" image-package pack-application --package-directory "$E2E_TMP/updated-dir" \
		--manifest device/updated/app_manifest.json --key "$E2E_TMP/test.key" \
		--output "$E2E_TMP/updated.imagepackage"
}

# server_cert DIR NAME SAN: a test CA of its own (DIR/ca.pem, ca.key) and a
# server certificate it signed (DIR/server.pem, server.key) for subject
# CN=NAME and subjectAltName SAN ("DNS:x" or "IP:a.b.c.d"), ECDSA P-256,
# valid 800 days (beyond the year some suites set the device's clock ahead).
server_cert() {
	local dir=$1
	mkdir -p "$dir"
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 800 \
		-subj "/CN=Spherule e2e CA of $2" -keyout "$dir/ca.key" -out "$dir/ca.pem" 2>/dev/null &&
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$2" \
		-keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null &&
	openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial \
		-days 800 -extfile <(echo "subjectAltName=$3") -out "$dir/server.pem" 2>/dev/null
}

# build_example DIR [VAR=VALUE...]: builds the example copied to $E2E_TMP/DIR
# as a user builds it (cmake --preset ARM-Release, cmake --build) against
# out/sdk, signed with the test key, the VARs in its environment; its
# output in $E2E_TMP/DIR.build.
build_example() {
	local dir=$E2E_TMP/$1 sdk=$PWD/out/sdk
	shift
	(cd "$dir" && export AzureSphereDefaultSDKDir="$sdk" SPHERULE_SIGNING_KEY="$E2E_TMP/test.key" "$@" &&
		cmake --preset ARM-Release > "$dir.build" 2>&1 && cmake --build out/ARM-Release >> "$dir.build" 2>&1)
}

e2e_keygen() {
	"$SPHERULE" keygen --output "$E2E_TMP/test.key" >/dev/null
}

CONSOLE=$E2E_TMP/state/console.log

# boot MEMORY_MIB FLASH [EMULATOR OPTIONS]: starts the board in the background.
boot() {
	local memory=$1 flash=$2
	shift 2
	"$SPHERULE" emulator start --detach --memory "$memory" --flash "$flash" "$@" >/dev/null
}

# boot_as NAME MEMORY_MIB FLASH [EMULATOR OPTIONS]: boot with a state
# directory (and console log) of its own, state-NAME, for suites that boot
# several times.
boot_as() {
	export SPHERULE_STATE_DIR=$E2E_TMP/state-$1
	CONSOLE=$SPHERULE_STATE_DIR/console.log
	boot "$2" "$3" "${@:4}"
}

# wait_for REGEX [SECONDS]: waits until the console shows REGEX.
wait_for() {
	local re=$1 limit=${2:-120} i
	for ((i = 0; i < limit * 5; i++)); do
		grep -qE -- "$re" "$CONSOLE" 2>/dev/null && return 0
		grep -q "Kernel panic" "$CONSOLE" 2>/dev/null && return 1
		sleep 0.2
	done
	return 1
}

# count REGEX: how many console lines match.
count() { grep -cE -- "$1" "$CONSOLE" 2>/dev/null || true; }

e2e_done() {
	if [[ $tap_failed -ne 0 ]]; then
		echo "# console log of the failed run:"
		sed 's/^/#   /' "$CONSOLE" 2>/dev/null | tail -80
		exit 1
	fi
	exit 0
}

# wait_for_more REGEX N [SECONDS]: waits until more than N console lines match.
wait_for_more() {
	local re=$1 n=$2 limit=${3:-60} i
	for ((i = 0; i < limit * 5; i++)); do
		[[ $(count "$re") -gt $n ]] && return 0
		sleep 0.2
	done
	return 1
}

# init_cases PREFIX SECONDS: for a test program that runs as PID 1 (tests/vm)
# and prints "PREFIX: ok N - name" / "PREFIX: not ok N - name" lines, then
# "PREFIX: done P passed, F failed": waits for the done line, reports each
# case as a TAP line of this test and checks that the device counted them
# all, all passed. Returns 1 when the program never finished.
init_cases() {
	local prefix=$1 seconds=$2 line cases=0 done_line
	if ! wait_for "^$prefix: done " "$seconds"; then
		not_ok "the test init finished its cases"
		return 1
	fi
	while IFS= read -r line; do
		cases=$((cases + 1))
		case $line in
		"$prefix: ok "*) ok "${line#"$prefix: ok "[0-9]* - }" ;;
		*) not_ok "${line#"$prefix: not ok "[0-9]* - }" ;;
		esac
	done < <(grep -E "^$prefix: (not )?ok " "$CONSOLE")
	done_line=$(grep -m1 "^$prefix: done " "$CONSOLE")
	check "every case reported ($cases lines, device says: ${done_line#"$prefix: done "})" \
		grep -qE "^$prefix: done $cases passed, 0 failed" <<<"$done_line"
}

# For an app that runs attack cases (tests/attack/case_report.h): its
# console lines "[TAG] PREFIX: start", "[TAG] PREFIX: (not) ok N - <case>",
# "[TAG] PREFIX: done P passed, F failed".
# report_cases TAG PREFIX: the device's "[TAG] PREFIX: (not) ok" lines of
# the app's first run, in order, as host TAP lines; sets cases to their number.
report_cases() {
	local tag=$1 prefix=$2 line
	cases=0
	while IFS= read -r line; do
		case $line in
		*"$prefix: ok "*) cases=$((cases + 1)); ok "${line#*"$prefix: ok "[0-9]* - }" ;;
		*"$prefix: not ok "*) cases=$((cases + 1)); not_ok "${line#*"$prefix: not ok "[0-9]* - }" ;;
		esac
	done < <(sed -n "/^\\[$tag\\] $prefix: start/,/^\\[$tag\\] $prefix: done/p" "$CONSOLE" |
		grep -E "^\\[$tag\\] $prefix: (not )?ok ")
}

# precedes REGEX1 REGEX2: the console's first line matching REGEX1 comes
# before its first line matching REGEX2.
precedes() {
	local first second
	first=$(grep -nE -m1 -- "$1" "$CONSOLE" | cut -d: -f1)
	second=$(grep -nE -m1 -- "$2" "$CONSOLE" | cut -d: -f1)
	[[ -n $first && -n $second ]] && ((first < second))
}

# app_cases TAG PREFIX SECONDS WHAT: waits for the app's "PREFIX: done"
# line, reports its cases (report_cases) and checks that the device counted
# as many, all passed; returns 1 when the app never finished.
app_cases() {
	local tag=$1 prefix=$2 seconds=$3 what=$4 done_line
	if ! wait_for "^\\[$tag\\] $prefix: done" "$seconds"; then
		not_ok "the $what finished its cases"
		return 1
	fi
	report_cases "$tag" "$prefix"
	done_line=$(grep -m1 -E "^\\[$tag\\] $prefix: done" "$CONSOLE")
	check "every $what case reported ($cases lines, device says: ${done_line#*done })" \
		grep -qE "$prefix: done $cases passed, 0 failed" <<<"$done_line"
}

# cut_power_within MS: waits a random 0..MS-1 milliseconds (set in delay),
# then cuts the board's power: QEMU is killed, nothing is shut down.
cut_power_within() {
	delay=$((RANDOM % $1))
	sleep "$((delay / 1000)).$(printf '%03d' $((delay % 1000)))"
	"$SPHERULE" emulator stop --force >/dev/null 2>&1
}

# fsck_lists FLASH LIST: extracts the data partition of FLASH, checks it
# with fsck.littlefs (64 blocks of 256 KiB, docs/board-qemu-armv7.md) and
# writes its sorted --list to LIST; fails when the check does.
fsck_lists() {
	local fsck=out/bin/fsck.littlefs geometry=(--block-size 262144 --block-count 64)
	"$SPHERULE" flash extract --flash "$1" --partition data --output "$E2E_TMP/data.img" >/dev/null &&
		"$fsck" "${geometry[@]}" "$E2E_TMP/data.img" >/dev/null &&
		"$fsck" "${geometry[@]}" --list "$E2E_TMP/data.img" | LC_ALL=C sort >"$2"
}
