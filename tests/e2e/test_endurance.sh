#!/usr/bin/env bash
# Endurance (make test-long; docs/footprint.md): the production kernel at
# --memory 4 with the whole system — the NIC up, hello, the victim and churn,
# which starts and ends 1,000 processes (each an exec: a new address space
# as an app start costs) and exits so that appmgr starts it again — runs
# for SPHERULE_ENDURANCE_MINUTES (default 30). Every memory report of
# appmgr must show MemAvailable >= 512 KiB; churn must finish its cycles and
# start again afterwards (the RAM is not too fragmented for a new app);
# nothing is killed for lack of memory.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh

GOAL_KIB=512
minutes=${SPHERULE_ENDURANCE_MINUTES:-30}

e2e_keygen
pack hello && pack churn || { not_ok "pack hello and churn"; e2e_done; }
"$SPHERULE" image-package pack-application --package-directory out/device/apps/victim \
	--manifest tests/attack/victim/app_manifest.json --key "$E2E_TMP/test.key" \
	--output "$E2E_TMP/victim.imagepackage" >/dev/null || { not_ok "pack victim"; e2e_done; }
flash=$E2E_TMP/device.flash
check "flash build" quiet "$SPHERULE" flash build --output "$flash" --trust-key "$E2E_TMP/test.key.pub" \
	--app "$E2E_TMP/hello.imagepackage" --app "$E2E_TMP/victim.imagepackage" \
	--app "$E2E_TMP/churn.imagepackage"
check "the board boots at --memory 4 with its NIC" boot 4 "$flash" --net
check "churn finishes 1,000 process cycles" wait_for "^\[churn\] churn: done 1000 cycles" 1800
check "appmgr starts churn again afterwards" wait_for_more "^appmgr: churn: started" 1 120
echo "# running for $minutes minutes in all"
sleep $((minutes * 60 - SECONDS > 0 ? minutes * 60 - SECONDS : 0))
reports=$(sed -n 's/.*appmgr: memory: total_kib=[0-9]* available_kib=\([0-9]*\).*/\1/p' "$CONSOLE")
lowest=$(sort -n <<<"$reports" | head -1)
echo "# memory reports: $(wc -l <<<"$reports"), lowest MemAvailable ${lowest:-?} KiB"
check "every memory report shows MemAvailable >= $GOAL_KIB KiB (lowest ${lowest:-?})" \
	test -n "$reports" -a "${lowest:-0}" -ge "$GOAL_KIB"
check "hello still prints" wait_for_more "^\[hello\] hello from Spherule" "$(count "^\[hello\] hello from Spherule")" 30
check "no out-of-memory kill, no panic" bash -c "! grep -qE 'Out of memory|oom-kill|Kernel panic' '$CONSOLE'"
check "no app stopped for its budget" bash -c "! grep -q 'exceeded its RAM budget' '$CONSOLE'"
e2e_done
