#!/usr/bin/env bash
# test_mbox_fuzz.sh - fuzzes the secmon mailbox codec (out/fuzz/fuzz_mbox,
# tests/fuzz/fuzz_mbox.c) from the seed corpus tests/fuzz/corpus/mbox for
# MBOX_FUZZ_SECONDS (20; make test-long: 600). The corpus in the tree is
# read, never written: new inputs go to a temporary directory. An input that
# crashes it is copied to out/fuzz/mbox-crashes/ (named by its hash, so runs
# side by side cannot clash), to run again: out/fuzz/fuzz_mbox FILE.
# Prints TAP lines.
set -u
source "$(dirname "$0")/fuzz_run.bash"
fuzz_run mbox MBOX_FUZZ_SECONDS
