#!/usr/bin/env bash
# Installs, idempotently, the Debian bookworm packages Spherule needs to
# build, run and test. Exits quickly when everything is already there.
# Needs root (or sudo) only when something is missing.
set -euo pipefail

# Host packages (amd64) and the armhf multiarch ones for device binaries;
# clang with its libFuzzer runtime for the fuzz targets (make test runs one);
# gdb-multiarch, the host's GDB for the board's gdbserver (test_gdbserver.sh);
# libcurl (OpenSSL flavour) for the CLI's device verbs over the service link;
# socat, which QEMU runs for each device connection to a --guestfwd;
# curl, jq and python3 for the device API's tests (plain HTTP clients, JSON);
# cmake and ninja-build, with which apps build against the SDK (make sdk);
# libmicrohttpd, SQLite and libpq for the update service (cloud/), and
# PostgreSQL itself, whose private cluster its tests and bench start;
# chromium and chromium-driver, the headless browser and its WebDriver
# server in which tests/unit/test_dashboard.sh drives the service's dashboard.
packages=(
	make gcc libc6-dev pkg-config bc bison flex cpio xz-utils kmod
	libssl-dev libjansson-dev libfuse3-dev fuse3 openssl libcurl4-openssl-dev socat
	linux-source-6.1 gcc-arm-linux-gnueabihf binutils-arm-linux-gnueabihf
	linux-libc-dev-armhf-cross device-tree-compiler qemu-system-arm qemu-user
	musl-dev:armhf libmbedtls-dev:armhf
	clang libclang-rt-14-dev
	gdb-multiarch
	curl jq python3
	cmake ninja-build
	libmicrohttpd-dev libsqlite3-dev libpq-dev postgresql
	chromium chromium-driver
)

missing=()
if ! dpkg --print-foreign-architectures | grep -qx armhf; then
	need_armhf=1
else
	need_armhf=0
fi
for p in "${packages[@]}"; do
	# A package counts as present only when dpkg reports it fully installed.
	status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[[ $status == installed ]] || missing+=("$p")
done
if [[ $need_armhf -eq 0 && ${#missing[@]} -eq 0 ]]; then
	exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
	if command -v sudo >/dev/null 2>&1; then
		SUDO=sudo
	else
		echo "deps.sh: these Debian packages are missing: ${missing[*]}" >&2
		[[ $need_armhf -eq 1 ]] && echo "deps.sh: and the armhf architecture must be added (dpkg --add-architecture armhf)" >&2
		echo "deps.sh: run 'bash scripts/deps.sh' as root (or install sudo) to install them" >&2
		exit 1
	fi
else
	SUDO=
fi

echo "deps.sh: installing ${missing[*]}"
[[ $need_armhf -eq 1 ]] && $SUDO dpkg --add-architecture armhf
# A mirror in the middle of a sync can fail one index; apt still works with
# the others, so retry once and go on with what we have.
$SUDO apt-get update -q || { sleep 5; $SUDO apt-get update -q || true; }
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
