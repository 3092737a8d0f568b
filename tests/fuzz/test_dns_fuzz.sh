#!/usr/bin/env bash
# test_dns_fuzz.sh - fuzzes netmgr's DNS codec (out/fuzz/fuzz_dns,
# tests/fuzz/fuzz_dns.c: apps' queries and upstream answers) from the seed
# corpus tests/fuzz/corpus/dns for DNS_FUZZ_SECONDS (20; make test-long:
# 600); a crash is kept in out/fuzz/dns-crashes/, to run again:
# out/fuzz/fuzz_dns FILE. Prints TAP lines.
set -u
source "$(dirname "$0")/fuzz_run.bash"
fuzz_run dns DNS_FUZZ_SECONDS
