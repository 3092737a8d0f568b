#!/usr/bin/env bash
# End to end on the booted board: appmgr verifies and starts signed apps,
# refuses tampered, untrusted and malformed images and images whose programs
# ask for an executable stack or a writable and executable segment, with
# their reason, while the others run, restarts a crashing app with
# exponential backoff, and contains a fork bomb (its process limit), a memory
# hog (its memory cgroup stops the whole app) and a flood of output;
# afterwards hello still prints and appmgr is still PID 1.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh

e2e_keygen
"$SPHERULE" keygen --output "$E2E_TMP/other.key" >/dev/null
for app in hello crasher forkbomb memhog spew probe; do
	pack "$app" || { not_ok "pack $app"; e2e_done; }
done
ok "packed the sample and test apps"
# Programs asking for executable memory: packed only with --force.
for app in execstack rwxload; do
	if pack "$app" 2>/dev/null; then
		not_ok "pack-application refuses $app without --force"
	else
		ok "pack-application refuses $app without --force"
	fi
	pack "$app" --force 2>/dev/null || { not_ok "pack $app --force"; e2e_done; }
done

# Tampered: one payload byte of a signed package changed.
cp "$E2E_TMP/probe.imagepackage" "$E2E_TMP/tampered.imagepackage"
printf '\x5a' | dd of="$E2E_TMP/tampered.imagepackage" bs=1 seek=4100 conv=notrunc status=none
# Untrusted: validly signed, by a key the device does not trust.
"$SPHERULE" image-package pack-application --package-directory out/device/apps/hello \
	--manifest examples/hello/app_manifest.json --key "$E2E_TMP/other.key" \
	--output "$E2E_TMP/untrusted.imagepackage" >/dev/null
# Malformed: a package cut short.
head -c 6000 "$E2E_TMP/hello.imagepackage" > "$E2E_TMP/truncated.imagepackage"

flash=$E2E_TMP/device.flash
if "$SPHERULE" flash build --output "$flash" --trust-key "$E2E_TMP/test.key.pub" \
	--app "$E2E_TMP/tampered.imagepackage" > "$E2E_TMP/refuse.out" 2>&1; then
	not_ok "flash build refuses a tampered package without --force"
else
	check "flash build refuses a tampered package without --force" grep -q "tampered.imagepackage: .*--force" "$E2E_TMP/refuse.out"
fi
check "flash build with --force installs all eleven images" "$SPHERULE" flash build --force --output "$flash" \
	--trust-key "$E2E_TMP/test.key.pub" \
	--app "$E2E_TMP/hello.imagepackage" --app "$E2E_TMP/tampered.imagepackage" \
	--app "$E2E_TMP/untrusted.imagepackage" --app "$E2E_TMP/truncated.imagepackage" \
	--app "$E2E_TMP/crasher.imagepackage" --app "$E2E_TMP/forkbomb.imagepackage" \
	--app "$E2E_TMP/memhog.imagepackage" --app "$E2E_TMP/spew.imagepackage" \
	--app "$E2E_TMP/probe.imagepackage" --app "$E2E_TMP/execstack.imagepackage" \
	--app "$E2E_TMP/rwxload.imagepackage"

check "the board boots" boot 16 "$flash"
check "appmgr verified and mounted hello" wait_for "appmgr: app0: hello .* verified" 120
check "appmgr checked that the kernel reads its policy format" \
	wait_for "appmgr: Spherule LSM: reads policy format 2" 60
check "appmgr applied the kernel settings of sysctl.conf" \
	grep -q "appmgr: sysctl: fs.pipe-max-size = 65536" "$CONSOLE"
check "hello prints" wait_for "^\[hello\] hello from Spherule" 60
check "appmgr reports RAM: the system and hello's resident set" wait_for "appmgr: memory: process pid=[0-9]+ name=hello rss_kib=[1-9][0-9]* " 30
check "tampered image refused: signature" grep -qE "appmgr: app1: refused: .*signature" "$CONSOLE"
check "untrusted image refused: unknown key" grep -qE "appmgr: app2: refused: .*key" "$CONSOLE"
check "truncated image refused: malformed" grep -qE "appmgr: app3: refused: malformed" "$CONSOLE"
check "executable stack refused: file and reason" \
	grep -qE "appmgr: app9: refused: bin/execstack asks for an executable stack" "$CONSOLE"
check "writable and executable segment refused: file and reason" \
	grep -qE "appmgr: app10: refused: bin/rwxload asks for a writable and executable segment" "$CONSOLE"
check "neither refused program ran" bash -c "! grep -qE '\[(execstack|rwxload)\]' '$CONSOLE'"
check "crasher is killed by SIGSEGV" wait_for "appmgr: crasher: killed by signal 11 \(SIGSEGV\)" 60
check "crasher's crash is a failure report" wait_for "^appmgr: failure report [0-9]+: crasher crash" 30
check "crasher restarts after 1 s" wait_for "appmgr: crasher: restarting in 1 s \(attempt 1\)" 30
check "crasher restarts after 2 s" wait_for "appmgr: crasher: restarting in 2 s \(attempt 2\)" 30
check "crasher restarts after 4 s (exponential backoff)" wait_for "appmgr: crasher: restarting in 4 s \(attempt 3\)" 30
check "fork bomb hits its process limit (EAGAIN)" wait_for "\[forkbomb\] forkbomb: forked [0-9]+ processes, then fork failed: .*\(errno 11\)" 90
check "memory hog is stopped at its RAM budget" wait_for "appmgr: memhog: stopped: it exceeded its RAM budget of 256 KiB" 90
check "memory hog's stop is an oom failure report" wait_for "^appmgr: failure report [0-9]+: memhog oom" 30
check "memory hog never got past its budget" bash -c "! grep -q 'memhog: allocated' '$CONSOLE'"
check "spew's flood is cut, not queued" wait_for "\[spew\] \([0-9]+ bytes dropped\)" 90
check "probe runs as its own uid" wait_for "\[probe\] probe: uid=10[0-9][0-9] gid=10[0-9][0-9] euid=10[0-9][0-9]" 30
check "probe has no effective capabilities" grep -qE "\[probe\] probe: CapEff=0000000000000000" "$CONSOLE"
check "probe has an empty bounding set" grep -qE "\[probe\] probe: CapBnd=0000000000000000" "$CONSOLE"
check "probe has no_new_privs" grep -qE "\[probe\] probe: NoNewPrivs=1" "$CONSOLE"
check "probe's working directory is its image" grep -qE "\[probe\] probe: cwd=/mnt/apps/" "$CONSOLE"
# PID 1 is appmgr: its memory report (from its own /proc) names pid 1
# appmgr, and the probe appmgr says it started has PID 1 for its parent.
# (Apps may not read appmgr's /proc/1: the attack suite checks that.)
check "appmgr's memory report names PID 1 appmgr" grep -qE "appmgr: memory: process pid=1 name=appmgr " "$CONSOLE"
probe_pid=$(sed -n 's/.*appmgr: probe: started (pid \([0-9]*\),.*/\1/p' "$CONSOLE" | head -1)
probe_child="\[probe\] probe: pid=${probe_pid:-none} ppid=1([^0-9]|\$)"
check "probe, started by appmgr as pid ${probe_pid:-?}, is a child of PID 1" wait_for "$probe_child" 30

# After the attacks: hello keeps printing and PID 1 is still appmgr: the
# probe it started is still PID 1's child, and appmgr still echoes its lines.
sleep 2
before=$(count "^\[hello\] hello from Spherule")
probes=$(count "$probe_child")
check "hello keeps printing after the fork bomb, memory hog and flood" wait_for_more "^\[hello\] hello from Spherule" "$before" 60
check "appmgr is still PID 1 afterwards" wait_for_more "$probe_child" "$probes" 60
check "no kernel panic" bash -c "! grep -q 'Kernel panic' '$CONSOLE'"
e2e_done
