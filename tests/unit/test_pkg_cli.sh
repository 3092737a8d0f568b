#!/usr/bin/env bash
# test_pkg_cli.sh - the package commands of the spherule CLI end to end on the
# host: keygen, image-package pack-application and show, their --help, their
# one-line failures, that pack-application refuses programs asking for
# executable memory unless --force, that only a debug build is not XIP, and that show refuses tampered, truncated
# and foreign packages. Prints TAP lines.
set -u
S=$(realpath "${OUT:-out}/bin/spherule")
MKCRAMFS=$(realpath "${OUT:-out}/bin/mkcramfs-xip")
APPS=$(realpath "${OUT:-out}/device/apps")
HWDEF=$(realpath pkg/hwdef/qemu-armv7.json)
T=$(mktemp -d /tmp/test_pkg_cli.XXXXXX)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/cli_lib.bash"
cd "$T" || exit 1
n=0
fails=0
check() { # check NAME COMMAND... : ok if the command succeeds
	local name=$1
	shift
	n=$((n + 1))
	if "$@"; then
		echo "ok $n - $name"
	else
		echo "not ok $n - $name"
		fails=$((fails + 1))
	fi
}
has() { grep -qF -- "$1" out || { echo "# no '$1' in:"; sed 's/^/#   /' out; return 1; }; }

check "spherule --help lists the package commands" \
	bash -c "'$S' --help | grep -q 'image-package pack-application'"
for cmd in "keygen" "image-package pack-application" "image-package show"; do
	# shellcheck disable=SC2086
	check "spherule $cmd --help" bash -c "'$S' $cmd --help | grep -q '^usage: spherule $cmd'"
done
check "unknown command: one line, non-zero" fails_with \
	"spherule: frob: unknown command (see 'spherule --help')" frob
check "unknown image-package command" fails_with \
	"spherule: image-package: unknown command 'pack' (see 'spherule image-package --help')" \
	image-package pack

check "a bad option: one line naming it and the synopsis" fails_with \
	"spherule: keygen: unknown option or missing value '--bogus'; usage: spherule keygen --output KEY [--force]" \
	keygen --bogus

run keygen --output dev.key
check "keygen writes the key pair and prints the thumbprint" bash -c \
	"[[ $rc -eq 0 && \$(stat -c %a dev.key) == 600 && -s dev.key.pub ]] && grep -qE '^thumbprint:  [0-9a-f]{64}$' out"
thumb=$(sed -n 's/^thumbprint:  //p' out)
check "keygen refuses to overwrite" fails_with \
	"spherule: keygen: dev.key exists (use --force to replace it)" keygen --output dev.key
check "keygen without --output" fails_with \
	"spherule: keygen: --output KEY is required (see --help)" keygen
run keygen --output other.key
check "a second key" test $rc -eq 0
cp other.key saved.key
run keygen --output other.key --force
check "keygen --force replaces the pair" bash -c "[[ $rc -eq 0 ]] && ! cmp -s other.key saved.key"

mkdir -p app/bin app/share
printf '#!/bin/true\n' >app/bin/hello
chmod 755 app/bin/hello
echo data >app/share/readme
cat >app_manifest.json <<JSON
{ "SchemaVersion": 1, "Name": "hello", "ComponentId": "6b9a3c0e-1f2d-4c8a-9e7b-0a1b2c3d4e5f",
  "EntryPoint": "/bin/hello", "CmdArgs": ["--interval", "1"],
  "Capabilities": { "Gpio": ["\$SAMPLE_LED", 3], "AllowedConnections": ["example.com"],
                    "AllowedTcpServerPorts": [8080], "MutableStorage": { "SizeKB": 8 } } }
JSON
pack() { run image-package pack-application --package-directory app --manifest app_manifest.json \
	--key dev.key "$@"; }

pack --output hello.imagepackage
check "\$NAME without --hardware-definition says which option to pass" bash -c \
	"[[ $rc -ne 0 ]] && [[ \"\$(cat err)\" == 'spherule: image-package pack-application: app_manifest.json: Capabilities.Gpio[0]: \$SAMPLE_LED needs a hardware definition (pass --hardware-definition FILE)' ]] && [[ ! -e hello.imagepackage ]]"
pack --hardware-definition "$HWDEF" --output hello.imagepackage --version 5 --security-version 2
check "pack-application with the board hardware definition" bash -c \
	"[[ $rc -eq 0 && -s hello.imagepackage ]] && grep -q 'signed by key $thumb' out"
check "package size: cramfs payload (multiple of 4096) + footer" bash -c \
	"[[ \$(( \$(stat -c %s hello.imagepackage) / 4096 )) -ge 2 ]]"

run image-package show hello.imagepackage --trust-key dev.key.pub
check "show --trust-key: exit 0" test $rc -eq 0
check "show: signature valid with the key thumbprint" has "signature:                valid (key $thumb)"
check "show: signer thumbprint" has "signer thumbprint:        $thumb"
check "show: identity" has "component id:             6b9a3c0e-1f2d-4c8a-9e7b-0a1b2c3d4e5f"
check "show: versions" bash -c "grep -q '^version: *5$' out && grep -q '^security version: *2$' out"
check "show: name, entry point, arguments" bash -c \
	"grep -q '^name: *hello$' out && grep -q '^entry point: *\/bin\/hello$' out && grep -qF 'arguments:                \"--interval\" \"1\"' out"
check "show: GPIO from \$SAMPLE_LED resolved to line 0" has "  Gpio:                   0, 3"
check "show: every capability listed" bash -c \
	"grep -c -E '^  (Gpio|Uart|I2cMaster|SpiMaster|Pwm|Adc|AllowedConnections|AllowedTcpServerPorts|AllowedUdpServerPorts|MutableStorage|DeviceAuthentication|SoftwareUpdateDeferral|PowerControls):' out | grep -qx 13"
check "show: not a debug build" has "debug build:              no"

run image-package show hello.imagepackage
check "show without --trust-key: not checked, exit 0" bash -c \
	"[[ $rc -eq 0 ]] && grep -q 'signature:                not checked (no --trust-key)' out"

run image-package show hello.imagepackage --trust-key other.key.pub
check "show with another key: INVALID, exit 1, one stderr line" bash -c \
	"[[ $rc -eq 1 ]] && grep -q '^signature: *INVALID: no matching key: package is signed by key ${thumb:0:8}…' out && [[ \$(wc -l <err) -eq 1 ]] && grep -q '^spherule: image-package show: hello.imagepackage: no matching key' err"

cp hello.imagepackage tampered.imagepackage
printf '\x01' | dd of=tampered.imagepackage bs=1 seek=5000 conv=notrunc status=none
run image-package show tampered.imagepackage --trust-key dev.key.pub
check "show refuses a tampered payload" bash -c \
	"[[ $rc -eq 1 ]] && grep -q 'signature: *INVALID: signature does not verify with key ${thumb:0:8}…' out"

size=$(stat -c %s hello.imagepackage)
head -c $((size - 10)) hello.imagepackage >short.imagepackage
check "show refuses a truncated package with its reason" fails_with \
	"spherule: image-package show: short.imagepackage: truncated: footer needs $((size - size / 4096 * 4096)) bytes at offset $((size / 4096 * 4096)), file has $((size - 10))" \
	image-package show short.imagepackage
check "show of a missing file" fails_with \
	"spherule: image-package show: nothing.imagepackage: No such file or directory" \
	image-package show nothing.imagepackage

pack --hardware-definition "$HWDEF" --output dbg.imagepackage --debug
run image-package show dbg.imagepackage --trust-key dev.key.pub
check "--debug marks a debug build" bash -c "[[ $rc -eq 0 ]] && grep -q '^debug build: *yes$' out"
# A debug build's files are read into RAM (no page of them mappable from
# flash, docs/cramfs-xip.md); the others execute in place.
check "a debug build is not XIP: mkcramfs-xip --list refuses its image" bash -c \
	"! '$MKCRAMFS' --list dbg.imagepackage 2>err && grep -q 'page aligned' err"
check "a release build is XIP: mkcramfs-xip --list accepts its image" \
	bash -c "'$MKCRAMFS' --list hello.imagepackage >/dev/null"

echo keep >kept.imagepackage
sed 's/"\$SAMPLE_LED", 3/3, "x"/' app_manifest.json >bad.json
check "invalid manifest: the JSON path of the problem" fails_with \
	"spherule: image-package pack-application: bad.json: Capabilities.Gpio[1]: expected integer or \$NAME" \
	image-package pack-application --package-directory app --manifest bad.json --key dev.key \
	--output kept.imagepackage
check "a failed pack leaves the output untouched" bash -c "[[ \$(cat kept.imagepackage) == keep ]]"

sed 's#/bin/hello#/bin/missing#' app_manifest.json >missing.json
check "EntryPoint must exist in the directory" fails_with \
	"spherule: image-package pack-application: EntryPoint /bin/missing: not found in app: No such file or directory" \
	image-package pack-application --package-directory app --manifest missing.json --key dev.key \
	--hardware-definition "$HWDEF" --output x.imagepackage
chmod 644 app/bin/hello
pack --hardware-definition "$HWDEF" --output x.imagepackage
check "EntryPoint must be executable" bash -c \
	"[[ $rc -ne 0 ]] && grep -q 'EntryPoint /bin/hello: not executable' err && [[ \$(wc -l <err) -eq 1 ]]"
chmod 755 app/bin/hello

chmod 4755 app/share/readme
pack --hardware-definition "$HWDEF" --output x.imagepackage
check "a setuid file is refused" bash -c "[[ $rc -ne 0 && ! -e x.imagepackage ]] && grep -q 'share/readme' err"
chmod 2755 app/share/readme
pack --hardware-definition "$HWDEF" --output x.imagepackage
check "a setgid file is refused" bash -c "[[ $rc -ne 0 && ! -e x.imagepackage ]] && grep -q 'share/readme' err"
chmod 644 app/share/readme
mkfifo app/share/fifo
pack --hardware-definition "$HWDEF" --output x.imagepackage
check "a fifo is refused" bash -c "[[ $rc -ne 0 && ! -e x.imagepackage ]] && grep -q 'share/fifo' err"
rm app/share/fifo
if mknod app/share/null c 1 3 2>/dev/null; then
	pack --hardware-definition "$HWDEF" --output x.imagepackage
	check "a device node is refused" bash -c "[[ $rc -ne 0 && ! -e x.imagepackage ]] && grep -q 'share/null' err"
	rm app/share/null
else
	n=$((n + 1))
	echo "ok $n - a device node is refused # SKIP mknod needs root"
fi
# Programs asking for executable memory: the device test apps execstack
# (-z execstack) and rwxload (-N), and a 64-bit host program.
P="spherule: image-package pack-application: app:"
FORCE="(--force packs it anyway, to test the device's refusal)"
cp "$APPS/execstack/bin/execstack" app/bin/tool
check "an executable stack is refused: the file, the reason, the fix" fails_with \
	"$P bin/tool asks for an executable stack; link it with -z noexecstack $FORCE" \
	image-package pack-application --package-directory app --manifest app_manifest.json \
	--key dev.key --hardware-definition "$HWDEF" --output x.imagepackage
check "nothing written when refused" test ! -e x.imagepackage
pack --hardware-definition "$HWDEF" --output x.imagepackage --force
check "--force packs it with a warning" bash -c "[[ $rc -eq 0 && -s x.imagepackage ]] && \
	[[ \"\$(cat err)\" == 'spherule: image-package pack-application: warning: app: bin/tool asks for an executable stack (packed anyway: --force)' ]]"
run image-package show x.imagepackage --trust-key dev.key.pub
check "the forced package verifies" test $rc -eq 0
rm -f x.imagepackage
cp "$APPS/rwxload/bin/rwxload" app/share/tool
pack --hardware-definition "$HWDEF" --output x.imagepackage
check "a writable and executable segment is refused (the first bad file named)" bash -c \
	"[[ $rc -ne 0 && ! -e x.imagepackage ]] && grep -qF 'bin/tool asks for an executable stack' err"
rm app/bin/tool
check "a writable and executable segment is refused: the file, the reason, the fix" fails_with \
	"$P share/tool asks for a writable and executable segment (program header 0); do not link it with -N/--omagic or a linker script that puts code and data in one segment $FORCE" \
	image-package pack-application --package-directory app --manifest app_manifest.json \
	--key dev.key --hardware-definition "$HWDEF" --output x.imagepackage
cp "$(type -P true)" app/share/tool
check "a 64-bit ELF file is refused" fails_with \
	"$P share/tool is a 64-bit ELF file, which the device's kernel would read as 32-bit little-endian; build it for 32-bit little-endian ARM $FORCE" \
	image-package pack-application --package-directory app --manifest app_manifest.json \
	--key dev.key --hardware-definition "$HWDEF" --output x.imagepackage
rm app/share/tool
cp "$APPS/hello/bin/hello" app/share/tool
pack --hardware-definition "$HWDEF" --output x.imagepackage
check "a correct static armhf program is packed" bash -c "[[ $rc -eq 0 && -s x.imagepackage && ! -s err ]]"
rm -f app/share/tool x.imagepackage

check "pack with a public key as --key fails" bash -c \
	"'$S' image-package pack-application --package-directory app --manifest app_manifest.json --key dev.key.pub --hardware-definition '$HWDEF' --output y.imagepackage 2>&1 | grep -q '^spherule: image-package pack-application: --key dev.key.pub: not a PEM private key'"
check "--version must be a number" fails_with \
	"spherule: image-package pack-application: --version 1x: expected a number from 0 to 4294967295" \
	image-package pack-application --version 1x

echo "1..$n"
[[ $fails -eq 0 ]]
