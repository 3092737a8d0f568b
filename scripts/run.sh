#!/usr/bin/env bash
# `make run`: boots board qemu-armv7 with the sample apps, console on stdout.
# Makes a development signing key once (out/keys/development.key), packs
# devctl (the device API on the service link), netmgr (the network manager)
# and the examples built by make (hello, counter), takes the SDK example blink (make examples, signed with
# the same key), builds the factory flash image out/flash/device.flash when
# any of its inputs changed (otherwise the device keeps its flash content
# across runs), manufactures that device with the key as its OEM key and puts
# it in development mode (so that `spherule device gpio` presses its
# buttons), and starts the emulator at 4 MiB, the device's RAM, with its NIC
# (netmgr takes a DHCP lease; host names resolve and the clock syncs when
# the network's servers are forwarded: docs/netmgr.md); RUN_MEMORY sets
# another size in MiB, RUN_ARGS adds emulator options (e.g. --guestfwd).
set -euo pipefail
cd "$(dirname "$0")/.."
SPHERULE=out/bin/spherule
key=out/keys/development.key
flash=out/flash/device.flash
mkdir -p out/keys out/images out/flash

if [[ ! -f $key ]]; then
	echo "run: making the development signing key $key (once)"
	"$SPHERULE" keygen --output "$key" >/dev/null
fi
apps=()
# pack NAME MANIFEST: packs out/device/apps/NAME when it or its manifest changed.
pack() {
	local name=$1 manifest=$2 pkg=out/images/$1.imagepackage
	if [[ ! -f $pkg || $manifest -nt $pkg || -n $(find "out/device/apps/$name" -newer "$pkg" -print -quit) ]]; then
		"$SPHERULE" image-package pack-application --package-directory "out/device/apps/$name" \
			--manifest "$manifest" --key "$key" --output "$pkg" >/dev/null
		echo "run: packed $pkg"
	fi
	apps+=(--app "$pkg")
}
# devctl, the system app that serves the device API on the service link,
# and netmgr, the network manager (DHCP, the clock, apps' host names).
pack devctl device/devctl/app_manifest.json
pack netmgr device/netmgr/app_manifest.json
for manifest in examples/*/app_manifest.json; do
	name=$(basename "$(dirname "$manifest")")
	if [[ -d out/device/apps/$name ]]; then
		pack "$name" "$manifest"
	fi
done
apps+=(--app out/examples/blink.imagepackage)
if [[ ! -f $flash || -n $(find out/images out/examples/blink.imagepackage out/os out/device/rootfs "$key.pub" \
	-newer "$flash" -print -quit) ]]; then
	"$SPHERULE" flash build --output "$flash" --trust-key "$key.pub" "${apps[@]}"
fi
# The device is manufactured once (its store $flash.secmon outlives flash
# rebuilds), as emulator start would, and put in development mode once.
if [[ ! -f $flash.secmon ]]; then
	"$SPHERULE" device manufacture --flash "$flash" --vendor-key out/keys/os-development.key.pub \
		--oem-key "$key.pub" >/dev/null
fi
if [[ ! -f $flash.devcap ]]; then
	"$SPHERULE" device enable-development --flash "$flash" --oem-key "$key" >/dev/null
	echo "run: the device is in development mode (spherule device enable-cloud-test --flash $flash ends it)"
fi
# shellcheck disable=SC2086 # RUN_ARGS is a list of options
exec "$SPHERULE" emulator start --flash "$flash" --memory "${RUN_MEMORY:-4}" --net ${RUN_ARGS:-}
