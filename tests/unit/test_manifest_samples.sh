#!/usr/bin/env bash
# test_manifest_samples.sh - Azure Sphere's own sample manifests, unmodified
# (tests/data/azure-sphere-manifests), pack with `spherule image-package
# pack-application` and the hardware definition fixtures
# (tests/data/hardware-definitions: sample names > board > chip, the board and
# chip found in the directory given as the SDK's HardwareDefinitions): every
# one packs, the placeholder tenant and a DNS-SD service with their warning,
# the others with none; $NAMEs resolve through the Mapping chains; the SDK's
# directory also comes from AzureSphereDefaultSDKDir and the definition from
# --target-definition-filename; the errors of a definition name the file. The
# SDK's own HardwareDefinitions (device/sdk/HardwareDefinitions), when present,
# pack them too. Prints TAP lines.
set -u
S=$(realpath "${OUT:-out}/bin/spherule")
DATA=$(realpath tests/data/azure-sphere-manifests)
HW=$(realpath tests/data/hardware-definitions)
SDK_HW=$(realpath -m device/sdk/HardwareDefinitions)
T=$(mktemp -d /tmp/test_manifest_samples.XXXXXX)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/cli_lib.bash"
# TAP reporting: tap_check NAME COMMAND..., tap_skip, tap_done.
. "$(dirname "$0")/littlefs_tools_lib.bash"
cd "$T" || exit 1
has() { grep -qF -- "$1" "${2:-out}" || { echo "# no '$1' in:"; sed 's/^/#   /' "${2:-out}"; return 1; }; }

mkdir -p app/bin
printf '#!/bin/true\n' >app/bin/app
chmod 755 app/bin/app
"$S" keygen --output dev.key >/dev/null

# definition MANIFEST: the fixture that defines its $NAMEs.
definition() { grep -q SODAMACHINE "$1" && echo soda_machine.json || echo sample_appliance.json; }
# pack_sample MANIFEST HWDIR SDKDIR: packs into pkg/, output in out and err.
pack_sample() {
	local name
	name=$(basename "$1" .json)
	run image-package pack-application --package-directory app --manifest "$1" --key dev.key \
		--hardware-definitions "$3" --hardware-definition "$2/$(definition "$1")" \
		--output "pkg/$name.imagepackage"
}
# the warnings a sample may give, by the fields that cause them
expected_warnings() {
	grep -q '"DeviceAuthentication": "00000000-0000-0000-0000-000000000000"' "$1" &&
		echo "warning: Capabilities.DeviceAuthentication: 00000000-0000-0000-0000-000000000000 is the placeholder of Azure Sphere's samples, not a tenant: packed without device authentication (put your tenant's id here)"
	grep -q '"_sample-service._tcp.local"' "$1" &&
		echo "warning: Capabilities.AllowedConnections[0]: _sample-service._tcp.local is a DNS-SD service name: Spherule's network allowlist holds hosts only, so it does not let the app reach the service's instances"
	return 0
}

mkdir pkg
packed=0 total=0 warned=0 bad=""
for m in "$DATA"/*__app_manifest.json; do
	total=$((total + 1))
	pack_sample "$m" "$HW/mt3620_rdb" "$HW/sdk"
	want=$(expected_warnings "$m" | sed "s|^|spherule: image-package pack-application: $m: |")
	if [[ $rc -eq 0 && "$(cat err)" == "$want" ]]; then
		packed=$((packed + 1))
		[[ -n $want ]] && warned=$((warned + 1))
	else
		bad+=" $(basename "$m") (rc $rc: $(head -c 300 err))"
	fi
done
tap_check "all $total sample manifests pack, unmodified, with exactly their warnings (failures:${bad:- none})" \
	test "$packed" -eq "$total"
tap_check "31 manifests, 4 of them with a warning (3 placeholder tenants, 1 DNS-SD service)" \
	test "$total" -eq 31 -a "$warned" -eq 4

show() { run image-package show "pkg/$1__app_manifest.imagepackage"; }
show HelloWorld_HighLevelApp
tap_check "SAMPLE_LED > MT3620_RDB_LED1_RED > MT3620_GPIO8: line 8" has "  Gpio:                   8"
show UART_HighLevelApp
tap_check "SAMPLE_UART_LOOPBACK > MT3620_RDB_HEADER2_ISU0_UART > MT3620_ISU0_UART: ISU0" \
	bash -c "grep -q '^  Uart: *ISU0$' out && grep -q '^  Gpio: *12$' out"
show ADC_HighLevelApp
tap_check "an ADC controller through the chain" has "  Adc:                    ADC-CONTROLLER-0"
show PWM_HighLevelApp
tap_check "a PWM controller through the chain; false and empty capabilities are none" bash -c \
	"grep -q '^  Pwm: *PWM-CONTROLLER-2$' out && grep -q '^  WifiConfig: *no$' out && grep -q '^  Uart: *-$' out"
show DeviceToCloud_ExternalMcuLowPower_AzureSphere_HighLevelApp
tap_check "the soda machine's names; the placeholder tenant gives no tenant" bash -c \
	"grep -q '^  Uart: *ISU0, ISU1$' out && grep -q '^  Gpio: *8, 9, 10$' out && grep -q '^  DeviceAuthentication: *-$' out && grep -q '^  SystemEventNotifications: *yes$' out"
show IntercoreComms_RTApp_MT3620_BareMetal
tap_check "a real-time app packs, its type and connections recorded" bash -c \
	"grep -q '^application type: *RealTimeCapable$' out && grep -q 'AllowedApplicationConnections: 25025d2c-66da-4448-bae1-ac26fcdd3627' out"
show PrivateNetworkServices
tap_check "NetworkConfig, SntpService, DhcpService recorded" bash -c \
	"grep -q '^  NetworkConfig: *yes$' out && grep -q '^  SntpService: *yes$' out && grep -q '^  DhcpService: *yes$' out"

# Azure Sphere's CMake form: the app's directory and the SDK's in
# --hardware-definitions (the SDK's from the environment), the file by name.
mkdir -p sdk
ln -s "$HW/sdk" sdk/HardwareDefinitions
AzureSphereDefaultSDKDir=$T/sdk run image-package pack-application --package-directory app \
	--manifest "$DATA/GPIO_HighLevelApp__app_manifest.json" --key dev.key \
	--hardware-definitions "$HW/mt3620_rdb" --target-definition-filename sample_appliance.json \
	--output env.imagepackage
tap_check "--target-definition-filename in --hardware-definitions, imports in \$AzureSphereDefaultSDKDir/HardwareDefinitions" \
	bash -c "[[ $rc -eq 0 && ! -s err ]]"
run image-package pack-application --package-directory app \
	--manifest "$DATA/GPIO_HighLevelApp__app_manifest.json" --key dev.key \
	--hardware-definition "$HW/mt3620_rdb/sample_appliance.json" --output none.imagepackage
tap_check "an import found nowhere: the file, the import and the option to pass" bash -c \
	"[[ $rc -ne 0 && ! -e none.imagepackage ]] && [[ \"\$(cat err)\" == 'spherule: image-package pack-application: $HW/mt3620_rdb/sample_appliance.json: Imports[0].Path: mt3620_rdb.json is not next to it, and no HardwareDefinitions directory is given (--hardware-definitions DIR)' ]]"
tap_check "--target-definition-filename not in the directories" fails_with \
	"spherule: image-package pack-application: --target-definition-filename nothing.json: not in the --hardware-definitions directories" \
	image-package pack-application --package-directory app --manifest "$DATA/GPIO_HighLevelApp__app_manifest.json" \
	--key dev.key --hardware-definitions "$HW/sdk" --target-definition-filename nothing.json --output x.imagepackage
tap_check "--hardware-definition and --target-definition-filename together" fails_with \
	"spherule: image-package pack-application: --hardware-definition and --target-definition-filename name the same thing: give one (see --help)" \
	image-package pack-application --package-directory app --manifest "$DATA/GPIO_HighLevelApp__app_manifest.json" \
	--key dev.key --hardware-definition a.json --target-definition-filename b.json --output x.imagepackage

# The SDK's own definitions, as the samples' CMake would pass them.
if [[ -f $SDK_HW/mt3620_rdb/sample_appliance.json ]]; then
	packed=0 total=0 bad=""
	for m in "$DATA"/*__app_manifest.json; do
		grep -q SODAMACHINE "$m" && continue # its names are in its own sample's definition
		total=$((total + 1))
		pack_sample "$m" "$SDK_HW/mt3620_rdb" "$SDK_HW"
		[[ $rc -eq 0 ]] && packed=$((packed + 1)) || bad+=" $(basename "$m") ($(head -c 300 err))"
	done
	tap_check "the samples pack with the SDK's HardwareDefinitions too (failures:${bad:- none})" \
		test "$packed" -eq "$total"
else
	tap_skip "the samples pack with the SDK's HardwareDefinitions: no $SDK_HW/mt3620_rdb/sample_appliance.json"
fi
tap_done
