#!/usr/bin/env bash
# littlefs benchmark (make bench): runs out/bench/lfs_bench, the fixed
# workloads on an emulated 4 MiB NOR flash with 4 KiB blocks, once with the
# tools' default cache (256 bytes) and once with a cache of a whole block, so
# the RAM / write-amplification trade-off shows side by side. Bytes
# programmed, erased and read per byte written are deterministic (the reads
# are compared with the reference littlefs's on the default geometry only);
# the ops/s ratios compare workloads of the same run only.
set -eu
bench=${OUT:-out}/bench/lfs_bench
echo "== littlefs: default configuration"
"$bench"
echo
echo "== littlefs: cache of one block (4096 bytes)"
"$bench" --cache-size 4096
