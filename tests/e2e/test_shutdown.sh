#!/usr/bin/env bash
# End to end on the booted board: the orderly shutdown. hello and stubborn
# (which, with a child it forks, ignores SIGTERM) run; `spherule emulator
# stop` presses the board's power key (QMP system_powerdown): appmgr logs
# the request, sends SIGTERM to every process of both apps, hello ends of
# it, stubborn is killed at the board's deadline (3000 ms), nothing is
# restarted, the filesystems are synced and unmounted and the kernel powers
# off, so QEMU ends by itself. A second press during the shutdown is logged
# and ignored.
#
# The reboot path (SIGTERM or SIGINT to PID 1, or ctrl-alt-del, which the
# kernel turns into SIGINT) cannot be triggered from the host: the board has
# no keyboard for QMP send-key, and no app may signal PID 1. The unit tests
# (test_appmgr_shutdown) cover which signal asks for what.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh

# in_order REGEX...: the console has a line matching each REGEX, each after
# the line matching the one before (the console's lines end in CR LF).
in_order() {
	tr -d '\r' < "$CONSOLE" | awk -v n=$# 'BEGIN { for (i = 1; i <= n; i++) re[i] = ARGV[i]
		ARGC = 1; k = 1 } k <= n && $0 ~ re[k] { k++ } END { exit k <= n }' "$@"
}

e2e_keygen
for app in hello stubborn; do
	pack "$app" || { not_ok "pack $app"; e2e_done; }
done
flash=$E2E_TMP/device.flash
check "flash build with hello and stubborn" "$SPHERULE" flash build --output "$flash" \
	--trust-key "$E2E_TMP/test.key.pub" --app "$E2E_TMP/hello.imagepackage" \
	--app "$E2E_TMP/stubborn.imagepackage"
check "the board boots (4 MiB)" boot 4 "$flash"
check "appmgr requests the power key, PL061 line 3" \
	wait_for "^appmgr: power key: GPIO 3 \(line 3 of 9030000\.pl061\)" 120
check "hello prints" wait_for "^\[hello\] hello from Spherule #1" 60
check "stubborn and its child run" wait_for "^\[stubborn\] stubborn: child started" 30
check "stubborn's parent runs" wait_for "^\[stubborn\] stubborn: parent started" 30

# Two presses a second apart: the second lands during the 3 s deadline.
"$SPHERULE" emulator stop > "$E2E_TMP/stop1.out" 2>&1 &
first=$!
sleep 1
"$SPHERULE" emulator stop > "$E2E_TMP/stop2.out" 2>&1
wait "$first"
check "emulator stop: QEMU ended by itself ('powered off by the device')" \
	grep -qE "^emulator \(pid [0-9]+\) powered off by the device$" "$E2E_TMP/stop1.out"
check "no emulator is left running" bash -c "! '$SPHERULE' emulator status >/dev/null"

check "the shutdown's lines, in order" in_order \
	"^appmgr: shutdown: power off \(power key\)$" \
	"^appmgr: shutdown: SIGTERM sent to 3 processes of 2 apps, waiting up to 3000 ms$" \
	"^appmgr: stubborn: did not stop within 3000 ms of SIGTERM: killed$" \
	"^appmgr: shutdown: all apps ended$" \
	"^appmgr: shutdown: filesystems synced and unmounted$" \
	"reboot: Power down$"
check "every process of stubborn got SIGTERM (parent)" in_order \
	"^appmgr: shutdown: power off" "^\[stubborn\] stubborn: parent got SIGTERM, ignoring it$" \
	"^appmgr: stubborn: did not stop"
check "every process of stubborn got SIGTERM (child)" in_order \
	"^appmgr: shutdown: power off" "^\[stubborn\] stubborn: child got SIGTERM, ignoring it$" \
	"^appmgr: stubborn: did not stop"
check "hello ended by SIGTERM before the deadline" in_order \
	"^appmgr: shutdown: SIGTERM sent" "^appmgr: hello: killed by signal 15 \(SIGTERM\)$" \
	"^appmgr: stubborn: did not stop"
check "stubborn's end logged: SIGKILL" in_order \
	"^appmgr: stubborn: did not stop" "^appmgr: stubborn: killed by signal 9 \(SIGKILL\)$" \
	"^appmgr: shutdown: all apps ended$"
check "stubborn's kill at the deadline is a budget failure report" in_order \
	"^appmgr: stubborn: did not stop" "^appmgr: failure report [0-9]+: stubborn budget$" \
	"^appmgr: shutdown: all apps ended$"
check "hello's end by the shutdown's SIGTERM is no failure report" bash -c \
	"! grep -qE '^appmgr: failure report [0-9]+: hello ' '$CONSOLE'"
check "the second press is logged and ignored" in_order \
	"^appmgr: shutdown: power off \(power key\)$" \
	"^appmgr: shutdown: power off \(power key\) ignored: already shutting down$" \
	"^appmgr: shutdown: all apps ended$"
check "nothing restarted after the request" bash -c \
	"! sed -n '/^appmgr: shutdown: power off/,\$p' '$CONSOLE' | grep -qE 'restarting in|: started \(pid'"
check "every filesystem unmounted without detaching" bash -c "! grep -q 'shutdown: cannot unmount' '$CONSOLE'"
check "no kernel panic" bash -c "! grep -q 'Kernel panic' '$CONSOLE'"
e2e_done
