#!/usr/bin/env bash
# End to end on the booted board: power cuts in the middle of sideloads
# (issue 14, docs/appmgr.md "Installing and deleting while the device runs").
# The flash holds devctl and hello version 1. Each round boots the board,
# starts `spherule device sideload deploy` of the other version of hello
# (2 over 1, then 1 over 2: a sideload may go back) and cuts the power
# (QEMU killed) at a random moment within the time a whole deploy took; the
# next boot must find exactly one hello installed, the old version or the
# new, running. DEVCTL_CUTS rounds (20 in make test, 200 in make test-long).
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh

HELLO_ID=20733d53-e646-4e2c-99ba-4ea9de6638e1
CUTS=${DEVCTL_CUTS:-20}
flash=$E2E_TMP/device.flash
dev() { "$SPHERULE" device "$@"; }
ms() { date +%s%3N; }

# hello with 256 KiB of random bytes beside it: a deploy long enough for the
# cuts to fall in each of its phases (upload, verification, install).
mkdir -p "$E2E_TMP/hello"
cp -a out/device/apps/hello/. "$E2E_TMP/hello/"
head -c $((256 * 1024)) /dev/urandom > "$E2E_TMP/hello/blob"
pack_hello() { # pack_hello VERSION OUTPUT
	jq --arg who "v$1" '.CmdArgs = [$who]' examples/hello/app_manifest.json > "$E2E_TMP/hello$1.json"
	"$SPHERULE" image-package pack-application --package-directory "$E2E_TMP/hello" \
		--manifest "$E2E_TMP/hello$1.json" --key "$E2E_TMP/test.key" --version "$1" --output "$2" >/dev/null
}
e2e_keygen
check "packed: devctl, hello v1 and v2" bash -c "
	$(declare -f pack_hello); SPHERULE=$SPHERULE E2E_TMP=$E2E_TMP
	'$SPHERULE' image-package pack-application --package-directory out/device/apps/devctl \
		--manifest device/devctl/app_manifest.json --key $E2E_TMP/test.key --output $E2E_TMP/devctl.pkg >/dev/null &&
	pack_hello 1 $E2E_TMP/hello1.pkg && pack_hello 2 $E2E_TMP/hello2.pkg"
check "flash build: devctl, hello v1" quiet "$SPHERULE" flash build --output "$flash" \
	--trust-key "$E2E_TMP/test.key.pub" --app "$E2E_TMP/devctl.pkg" --app "$E2E_TMP/hello1.pkg"

# up NAME: boots with a state directory of its own and waits for devctl.
up() {
	boot_as "$1" 4 "$flash" && wait_for "^appmgr: devctl: started" 120 &&
		wait_for "^appmgr: started [0-9]+ apps" 120
}
# hello_versions: the versions of hello the device lists, one per line.
hello_versions() {
	dev image list-installed --output json 2>/dev/null |
		jq -r ".images[] | select(.componentId == \"$HELLO_ID\") | .version"
}

# One whole deploy, timed: the window the cuts fall in.
check "boot 0" up 0
t0=$(ms)
check "a whole deploy of v2 (timed)" quiet dev sideload deploy --image-package "$E2E_TMP/hello2.pkg"
window=$(( ($(ms) - t0) * 6 / 5 ))
check "v2 runs" wait_for "hello from v2 #1" 60
echo "# a deploy took about $((window * 5 / 6)) ms; cuts fall within $window ms of its start"
current=2
bad=0
for ((i = 1; i <= CUTS; i++)); do
	next=$((3 - current))
	dev sideload deploy --image-package "$E2E_TMP/hello$next.pkg" >/dev/null 2>&1 &
	deployer=$!
	cut_power_within "$window"
	wait "$deployer" 2>/dev/null
	# The next boot: exactly one hello, the old or the new version, running.
	if ! up "r$i"; then
		echo "# round $i (cut at $delay ms): the board did not come up after the cut"
		bad=$((bad + 1))
		break
	fi
	versions=$(hello_versions | tr '\n' ' ')
	if [[ $versions != "$current " && $versions != "$next " ]]; then
		echo "# round $i (cut at $delay ms): hello installed as '$versions', wanted v$current or v$next"
		bad=$((bad + 1))
		break
	fi
	current=${versions% }
	if ! wait_for "hello from v$current #1" 60; then
		echo "# round $i (cut at $delay ms): hello v$current does not run"
		bad=$((bad + 1))
		break
	fi
done
check "$CUTS power cuts during sideloads: always exactly one hello, old or new, running" test "$bad" -eq 0
e2e_done
