#!/usr/bin/env bash
# The RAM guard (docs/footprint.md): the production kernel at --memory 4 with
# the whole system — the NIC up with netmgr, the service link with devctl, appmgr, two
# user apps (hello and the victim of the attack suite, until the SDK's
# sample takes its place) — must
# leave MemAvailable >= 512 KiB in appmgr's memory report, so that later
# work cannot silently eat the margin apps need.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh

GOAL_KIB=512

e2e_keygen
pack hello || { not_ok "pack hello"; e2e_done; }
pack devctl || { not_ok "pack devctl"; e2e_done; }
pack netmgr || { not_ok "pack netmgr"; e2e_done; }
"$SPHERULE" image-package pack-application --package-directory out/device/apps/victim \
	--manifest tests/attack/victim/app_manifest.json --key "$E2E_TMP/test.key" \
	--output "$E2E_TMP/victim.imagepackage" >/dev/null || { not_ok "pack victim"; e2e_done; }
flash=$E2E_TMP/device.flash
check "flash build" quiet "$SPHERULE" flash build --output "$flash" --trust-key "$E2E_TMP/test.key.pub" \
	--app "$E2E_TMP/devctl.imagepackage" --app "$E2E_TMP/netmgr.imagepackage" --app "$E2E_TMP/hello.imagepackage" \
	--app "$E2E_TMP/victim.imagepackage"
check "the board boots at --memory 4 with its NIC" boot 4 "$flash" --net
check "eth0 is up" wait_for "^appmgr: network: eth0 up" 120
check "netmgr holds a DHCP lease" wait_for "^\[netmgr\] netmgr: eth0: DHCP lease " 120
check "both apps run" wait_for "^\[victim\] victim: alive 2" 120
check "devctl serves the service link" wait_for "^\[devctl\] devctl: serving the device API" 120
if ! wait_for "^appmgr: memory: end of report" 120; then
	not_ok "appmgr reported the memory"
	e2e_done
fi
available=$(sed -n 's/.*appmgr: memory: total_kib=[0-9]* available_kib=\([0-9]*\).*/\1/p' "$CONSOLE" | head -1)
echo "# MemAvailable ${available:-?} KiB at --memory 4 with the NIC up, netmgr, devctl and two apps"
check "MemAvailable (${available:-?} KiB) is at least $GOAL_KIB KiB" test "${available:-0}" -ge "$GOAL_KIB"
# Who holds what (docs/appmgr.md): appmgr (PID 1) is the only process with a
# capability or a root uid; every app process has uids of its own and five
# empty capability sets. The report's process lines say it for each.
sed -n '/appmgr: process: /{s/\r//;s/.*appmgr: process: //;p}' "$CONSOLE" | sort -u > "$E2E_TMP/creds"
sed 's/^/# /' "$E2E_TMP/creds"
check "the report lists the credentials of appmgr, devctl, hello, netmgr and victim" \
	test "$(sed -n 's/^pid=[0-9]* name=\([^ ]*\) .*/\1/p' "$E2E_TMP/creds" | sort -u | tr '\n' ' ')" = "appmgr devctl hello netmgr victim "
check "appmgr is PID 1" grep -q '^pid=1 name=appmgr uid=0,0,0,0 ' "$E2E_TMP/creds"
check "every other process: no root uid, no capability in any of its five sets" \
	bash -c "! grep -v '^pid=1 ' '$E2E_TMP/creds' | grep -vE 'uid=([1-9][0-9]{3,}),\1,\1,\1 cap_inh=0{16} cap_prm=0{16} cap_eff=0{16} cap_bnd=0{16} cap_amb=0{16}$'"
check "no out-of-memory kill" bash -c "! grep -qE 'Out of memory|oom-kill|Kernel panic' '$CONSOLE'"
e2e_done
