#!/usr/bin/env bash
# test_update_meta_fuzz.sh - fuzzes the update metadata reader and verifier
# (out/fuzz/fuzz_update_meta, tests/fuzz/fuzz_update_meta.c: check-in answers
# and the state file) from the seed corpus tests/fuzz/corpus/update_meta for
# UPDATE_META_FUZZ_SECONDS (20; make test-long: 600); a crash is kept in
# out/fuzz/update_meta-crashes/, to run again: out/fuzz/fuzz_update_meta FILE.
# Prints TAP lines.
set -u
source "$(dirname "$0")/fuzz_run.bash"
fuzz_run update_meta UPDATE_META_FUZZ_SECONDS
