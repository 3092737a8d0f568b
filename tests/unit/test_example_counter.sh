#!/usr/bin/env bash
# examples/counter on the host: the static armhf program runs under qemu-arm
# with SPHERULE_STORAGE_DIR set to a temporary directory, as appmgr starts
# it: each start counts one more in "counter" (none yet: 1), prints
# "counter: N" once and keeps running; without the variable, with a file it
# cannot parse or a directory it cannot write, it says why and exits 1.
set -u
cd "$(dirname "$0")/../.."
COUNTER=$(realpath out/device/apps/counter/bin/counter)
tmp=$(mktemp -d /tmp/test_example_counter.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
. tests/unit/littlefs_tools_lib.bash

# start DIR: runs counter with SPHERULE_STORAGE_DIR=DIR (unset when DIR is
# "-") for 2 s; its output in $tmp/out, its status in rc (124: still running).
start() {
	if [[ $1 == - ]]; then
		env -i timeout 2 qemu-arm "$COUNTER" >"$tmp/out" 2>&1
	else
		env -i SPHERULE_STORAGE_DIR="$1" timeout 2 qemu-arm "$COUNTER" >"$tmp/out" 2>&1
	fi
	rc=$?
}
said() { [[ $(cat "$tmp/out") == "$1" ]] || { echo "# got: $(cat "$tmp/out")"; return 1; }; }

mkdir "$tmp/store"
start "$tmp/store"
tap_check "first start: still running after it counted" test $rc -eq 124
tap_check "first start prints counter: 1 once" said "counter: 1"
tap_check "the count is kept, no temporary file left" \
	bash -c "[[ \$(cat '$tmp/store/counter') == 1 && ! -e '$tmp/store/counter.tmp' ]]"
start "$tmp/store"
start "$tmp/store"
tap_check "third start: counter: 3" said "counter: 3"
printf 'x\n' >"$tmp/store/counter"
start "$tmp/store"
tap_check "a count it cannot parse: says so, exits 1" test $rc -eq 1
tap_check "(the reason)" said "counter: $tmp/store/counter does not hold a decimal count"
start -
tap_check "without SPHERULE_STORAGE_DIR: says so, exits 1" test $rc -eq 1
tap_check "(the reason)" said "counter: SPHERULE_STORAGE_DIR is not set: no storage directory (appmgr's log says why)"
start "$tmp/missing"
tap_check "a directory that does not exist: the error with its reason, exits 1" test $rc -eq 1
tap_check "(the reason)" said "counter: cannot create $tmp/missing/counter.tmp: No such file or directory"
tap_done
