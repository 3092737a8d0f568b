#!/usr/bin/env bash
# test_sdk_cmake.sh - the app SDK (make sdk, docs/sdk.md) as a user meets it:
# three small apps in the forms of Azure Sphere's samples (tests/sdk/:
# azsphere_configure_* calls, none, the legacy INCLUDE of
# AZURE_SPHERE_MAKE_IMAGE_FILE), each with the samples' CMakePresets.json,
# built with `cmake --preset ... && cmake --build out/<preset>` against
# AzureSphereDefaultSDKDir=out/sdk; their image packages are signed (the
# development key, or SPHERULE_SIGNING_KEY), their manifests resolved through
# the hardware definitions, their executables static armhf. Then the errors,
# each with its reason and fix: a mismatched or unknown API set, another
# generator than Ninja, a hardware definition or header not found, configure
# calls half made, a bad argument, a missing key. Last, make install-sdk
# gives an SDK that builds too. Prints TAP lines.
set -u
cd "$(dirname "$0")/../.."
TREE=$(pwd)
OUT=${OUT:-out}
SDK=$(realpath "$OUT/sdk")
S=$(realpath "$OUT/bin/spherule")
T=$(mktemp -d /tmp/test_sdk_cmake.XXXXXX)
trap 'rm -rf "$T"' EXIT
. tests/unit/cli_lib.bash
. tests/unit/littlefs_tools_lib.bash
export AzureSphereDefaultSDKDir=$SDK
unset SPHERULE_SIGNING_KEY AzureSphereTargetApiSet
DEV_PUB=$(readlink -f "$SDK/Keys/development.key").pub

# app FORM NAME: copies tests/sdk/FORM with the shared main.c and presets to $T/NAME.
app() {
	cp -r "tests/sdk/$1" "$T/$2"
	cp tests/sdk/main.c tests/sdk/CMakePresets.json "$T/$2/"
}
# configure NAME PRESET [ARGS...] / build NAME PRESET: cmake in $T/NAME, the
# output (whitespace collapsed: CMake wraps its messages) in $T/NAME.log,
# the status in rc.
configure() {
	local name=$1 preset=$2
	shift 2
	(cd "$T/$name" && cmake --preset "$preset" "$@") >"$T/$name.raw" 2>&1
	rc=$?
	tr -s ' \n' ' ' <"$T/$name.raw" >"$T/$name.log"
}
build() {
	cmake --build "$T/$1/out/$2" >"$T/$1.raw" 2>&1
	rc=$?
	tr -s ' \n' ' ' <"$T/$1.raw" >"$T/$1.log"
}
# said NAME TEXT: the last configure or build of NAME said TEXT.
said() {
	grep -qF -- "$2" "$T/$1.log" || { echo "# no '$2' in:"; sed 's/^/#   /' "$T/$1.raw" | tail -25; return 1; }
}
# failed_saying NAME TEXT / succeeded_saying NAME TEXT: it failed (worked), saying TEXT.
failed_saying() { [[ $rc -ne 0 ]] && said "$@"; }
succeeded_saying() { [[ $rc -eq 0 ]] && said "$@"; }
# shows PACKAGE PUB LINE...: image-package show --trust-key PUB prints each LINE.
shows() {
	local pkg=$1 pub=$2 line
	shift 2
	"$S" image-package show "$pkg" --trust-key "$pub" >"$T/show" 2>&1 || { cat "$T/show" | sed 's/^/# /'; return 1; }
	for line in "$@"; do
		grep -qE -- "$line" "$T/show" || { echo "# no '$line' in:"; sed 's/^/#   /' "$T/show"; return 1; }
	done
}
# static_arm FILE: a static, stripped 32-bit ARM executable.
static_arm() {
	arm-linux-gnueabihf-readelf -h "$1" | grep -q 'Machine: *ARM' &&
		! arm-linux-gnueabihf-readelf -l "$1" | grep -q INTERP &&
		! arm-linux-gnueabihf-readelf -S "$1" | grep -q '\.symtab'
}

tap_check "the SDK's layout" bash -c "
	[[ \$(cat '$SDK/VERSION') == 23.05 ]] &&
	for f in CMakeFiles/AzureSphereToolchain.cmake CMakeFiles/AzureSphereMakeImage.cmake \
		Sysroots/16/usr/include/applibs/log.h Sysroots/16/usr/include/sys/timerfd.h \
		Sysroots/16/usr/lib/libapplibs.a Sysroots/16/usr/lib/libc.a Sysroots/16/usr/lib/libpthread.a \
		Sysroots/16/usr/lib/Scrt1.o Sysroots/16/usr/lib/libgcc_s.a Sysroots/16/usr/lib/musl-gcc.specs \
		HardwareDefinitions/mt3620.json HardwareDefinitions/inc/hw/mt3620_rdb.h \
		HardwareDefinitions/inc/hw/qemu_armv7.h HardwareDefinitions/mt3620_rdb/inc/hw/sample_appliance.h \
		HardwareDefinitions/qemu_armv7/inc/hw/sample_appliance.h Tools/bin/spherule Keys/development.key; do
		[[ -e '$SDK'/\$f ]] || { echo \"# no \$f\"; exit 1; }
	done"
tap_check "the SDK's signing key is this tree's development key" \
	test "$(readlink -f "$SDK/Keys/development.key")" = "$(realpath "$OUT/keys/development.key")"
tap_check "the test apps' hardware definition headers are up to date" bash -c "
	'$S' hardware-definition test-header --hardware-definition-file tests/sdk/configured/HardwareDefinitions/mt3620_rdb/sample_appliance.json >/dev/null &&
	'$S' hardware-definition test-header --hardware-definition-file tests/sdk/plain/HardwareDefinitions/qemu_armv7/sample_appliance.json >/dev/null"

# The form of the 20.04 to 23.05 samples.
app configured configured
configure configured ARM-Release
tap_check "configured form: cmake --preset ARM-Release" test $rc -eq 0
build configured ARM-Release
PKG=$T/configured/out/ARM-Release/SdkTest_Configured.imagepackage
ROOT=$T/configured/out/ARM-Release/approotSdkTest_Configured
tap_check "configured form: cmake --build makes out/ARM-Release/SdkTest_Configured.imagepackage" \
	bash -c "[[ $rc -eq 0 && -s '$PKG' ]]"
tap_check "configured form: signed with the development key, \$SAMPLE_* resolved through the project's definition" \
	shows "$PKG" "$DEV_PUB" '^name: +SdkTest_Configured$' '^entry point: +/bin/app$' '^  Gpio: +12, 8$' \
	'^  Uart: +ISU0$' '^debug build: +no$' '^signature: +valid'
tap_check "configured form: the approot's bin/app is a static, stripped ARM executable" static_arm "$ROOT/bin/app"
tap_check "configured form: the approot holds the resource file at its path" \
	cmp "$ROOT/data/greeting.txt" tests/sdk/configured/data/greeting.txt
tap_check "configured form: the app runs (qemu-arm) and exits 0" bash -c "timeout 20 qemu-arm '$ROOT/bin/app' >/dev/null 2>&1"
build configured ARM-Release
tap_check "configured form: a second build has nothing to do" said configured "ninja: no work to do"

# The form of the newest samples, signed with SPHERULE_SIGNING_KEY.
app plain plain
"$S" keygen --output "$T/other.key" >/dev/null
configure plain ARM-Release
SPHERULE_SIGNING_KEY=$T/other.key build plain ARM-Release
PKG=$T/plain/out/ARM-Release/SdkTest_Plain.imagepackage
tap_check "plain form (no azsphere_configure_*): the package, signed with SPHERULE_SIGNING_KEY" \
	shows "$PKG" "$T/other.key.pub" '^name: +SdkTest_Plain$' '^  Gpio: +8, 12$' '^signature: +valid'
configure plain ARM-Release -DSPHERULE_DEBUG_PACKAGE=ON
build plain ARM-Release
tap_check "plain form: -DSPHERULE_DEBUG_PACKAGE=ON repacks a debug build" \
	shows "$PKG" "$DEV_PUB" '^debug build: +yes$' '^signature: +valid'

# The form before 20.04, with the SDK's own sample_appliance.json.
app legacy legacy
configure legacy ARM-Debug -DAZURE_SPHERE_TARGET_HARDWARE_DEFINITION_DIRECTORY="$SDK/HardwareDefinitions/mt3620_rdb" \
	-DAZURE_SPHERE_TARGET_HARDWARE_DEFINITION=sample_appliance.json
build legacy ARM-Debug
tap_check "legacy form (INCLUDE AZURE_SPHERE_MAKE_IMAGE_FILE, ARM-Debug): the package, through the SDK's mt3620_rdb/sample_appliance.json" \
	shows "$T/legacy/out/ARM-Debug/SdkTest_Legacy.imagepackage" "$DEV_PUB" '^name: +SdkTest_Legacy$' '^  Gpio: +8$' \
	'^signature: +valid'
app legacy legacy-half
configure legacy-half ARM-Release -DAZURE_SPHERE_TARGET_HARDWARE_DEFINITION=sample_appliance.json
tap_check "legacy form: one of the two cache variables" failed_saying legacy-half \
	"AZURE_SPHERE_TARGET_HARDWARE_DEFINITION (\"sample_appliance.json\") go together: set both"

# The API set: an older one is built against Sysroots/16; a newer one or an unknown one is an error.
app configured api6
sed -i 's/TARGET_API_SET "16"/TARGET_API_SET "6"/' "$T/api6/CMakeLists.txt"
configure api6 ARM-Release
tap_check "azsphere_configure_api(\"6\") with latest-lts: built against Sysroots/16, saying so" succeeded_saying api6 \
	"API set 6 (CMakeLists.txt) and 16 (AZURE_SPHERE_TARGET_API_SET) are both built against Sysroots/16"
app configured api17
sed -i 's/TARGET_API_SET "16"/TARGET_API_SET "17"/' "$T/api17/CMakeLists.txt"
configure api17 ARM-Release
tap_check "azsphere_configure_api(\"17\") with latest-lts: the mismatch, both values and the fix" failed_saying api17 \
	"azsphere_configure_api: TARGET_API_SET \"17\" in CMakeLists.txt does not match the API set the build was configured for, \"16\" (\"latest-lts\" from AZURE_SPHERE_TARGET_API_SET"
tap_check "azsphere_configure_api mismatch: the fix" said api17 "Fix: make them agree"
app plain api99
configure api99 ARM-Release -DAZURE_SPHERE_TARGET_API_SET=99
tap_check "AZURE_SPHERE_TARGET_API_SET=99: unknown, naming what the SDK holds" failed_saying api99 \
	"Unknown target API set \"99\" (from AZURE_SPHERE_TARGET_API_SET (the preset's cacheVariables or -D)): this SDK ($SDK) has no API set that serves it: Sysroots/ holds 16"
app plain beta
configure beta ARM-Release -DAZURE_SPHERE_TARGET_API_SET=latest-beta
tap_check "AZURE_SPHERE_TARGET_API_SET=latest-beta: none in this SDK" failed_saying beta "Unknown target API set \"latest-beta\""
app configured toolsonly
sed -i '/azsphere_configure_api/d' "$T/toolsonly/CMakeLists.txt"
configure toolsonly ARM-Release
tap_check "azsphere_configure_tools without azsphere_configure_api" failed_saying toolsonly \
	"azsphere_target_add_image_package: the target API set was not configured"

# The generator.
app plain makefiles
(cd "$T/makefiles" && cmake -S . -B out/make -G "Unix Makefiles" \
	-DCMAKE_TOOLCHAIN_FILE="$SDK/CMakeFiles/AzureSphereToolchain.cmake") >"$T/makefiles.raw" 2>&1
rc=$?
tr -s ' \n' ' ' <"$T/makefiles.raw" >"$T/makefiles.log"
tap_check "another generator than Ninja: refused, with the fix" failed_saying makefiles \
	"Azure Sphere CMake projects must use the Ninja generator, not \"Unix Makefiles\": configure with the project's preset"

# Hardware definitions.
app plain nodef
sed -i 's/TARGET_DEFINITION "sample_appliance.json"/TARGET_DEFINITION "nosuch.json"/' "$T/nodef/CMakeLists.txt"
configure nodef ARM-Release
tap_check "a hardware definition found nowhere: the places searched and the fix" failed_saying nodef \
	"azsphere_target_hardware_definition: hardware definition nosuch.json not found in $T/nodef/HardwareDefinitions/qemu_armv7, $SDK/HardwareDefinitions: give TARGET_DIRECTORY"
app configured notfound
sed -i 's/set(TARGET_HARDWARE "mt3620_rdb")/set(TARGET_HARDWARE "nosuchboard")/' "$T/notfound/CMakeLists.txt"
configure notfound ARM-Release
tap_check "find_path() found no directory: TARGET_DIRECTORY-NOTFOUND explained" failed_saying notfound \
	"TARGET_DIRECTORY \"TARGET_DIRECTORY-NOTFOUND\" is not a directory"
app plain noheader
rm -r "$T/noheader/HardwareDefinitions/qemu_armv7/inc"
configure noheader ARM-Release
tap_check "a definition directory without inc/hw: the generate-header command to run" failed_saying noheader \
	"has no inc/hw/ for the definitions' headers: make them with 'spherule hardware-definition generate-header"
app plain sdkdef
sed -i 's|TARGET_DIRECTORY "HardwareDefinitions/qemu_armv7"||; s/"sample_appliance.json"/"qemu_armv7.json"/' "$T/sdkdef/CMakeLists.txt"
sed -i 's/sample_appliance.h/qemu_armv7.h/; s/SAMPLE_LED/QEMU_ARMV7_GPIO8/; s/SAMPLE_BUTTON_1/QEMU_ARMV7_GPIO12/' "$T/sdkdef/main.c"
jq '.Capabilities.Gpio = ["$QEMU_ARMV7_GPIO8"]' "$T/sdkdef/app_manifest.json" >"$T/sdkdef/manifest.tmp" &&
	mv "$T/sdkdef/manifest.tmp" "$T/sdkdef/app_manifest.json"
configure sdkdef ARM-Release
build sdkdef ARM-Release
tap_check "no TARGET_DIRECTORY: the SDK's qemu_armv7.json, <hw/qemu_armv7.h>" \
	shows "$T/sdkdef/out/ARM-Release/SdkTest_Plain.imagepackage" "$DEV_PUB" '^  Gpio: +8$'

app plain sdksample
sed -i 's|TARGET_DIRECTORY "HardwareDefinitions/qemu_armv7"||; s|"sample_appliance.json"|"qemu_armv7/sample_appliance.json"|' \
	"$T/sdksample/CMakeLists.txt"
configure sdksample ARM-Release
build sdksample ARM-Release
tap_check "TARGET_DEFINITION qemu_armv7/sample_appliance.json: the SDK's, in a subdirectory" \
	shows "$T/sdksample/out/ARM-Release/SdkTest_Plain.imagepackage" "$DEV_PUB" '^  Gpio: +8, 12$'

# Arguments.
app plain badarg
sed -i 's/azsphere_target_add_image_package(${PROJECT_NAME})/azsphere_target_add_image_package(${PROJECT_NAME} DEBUG_LIB libfoo)/' \
	"$T/badarg/CMakeLists.txt"
configure badarg ARM-Release
tap_check "DEBUG_LIB other than libmalloc" failed_saying badarg \
	"azsphere_target_add_image_package: DEBUG_LIB \"libfoo\": the only debug library is libmalloc"
app plain extra
sed -i 's/azsphere_target_add_image_package(${PROJECT_NAME})/azsphere_target_add_image_package(${PROJECT_NAME} RESOURCES x)/' \
	"$T/extra/CMakeLists.txt"
configure extra ARM-Release
tap_check "an argument the function does not take: named, with the usage" failed_saying extra \
	"azsphere_target_add_image_package: unexpected or empty argument(s) \"RESOURCES;x\"; usage: azsphere_target_add_image_package(<target> [RESOURCE_FILES <file>...]"

app plain notarget
sed -i 's/azsphere_target_hardware_definition(${PROJECT_NAME}/azsphere_target_hardware_definition(NoSuchTarget/' \
	"$T/notarget/CMakeLists.txt"
configure notarget ARM-Release
tap_check "a target that does not exist" failed_saying notarget \
	"azsphere_target_hardware_definition: \"NoSuchTarget\" is not a target: call it after add_executable(NoSuchTarget ...)"
app configured badtools
sed -i 's/TOOLS_REVISION "23.05"/TOOLS_REVISION "latest"/' "$T/badtools/CMakeLists.txt"
configure badtools ARM-Release
tap_check "a TOOLS_REVISION that is not YY.MM" failed_saying badtools \
	"azsphere_configure_tools: TOOLS_REVISION \"latest\" is not a tools revision (YY.MM, such as \"23.05\")"

# The signing key.
app plain nokey
configure nokey ARM-Release
SPHERULE_SIGNING_KEY=$T/none.key build nokey ARM-Release
tap_check "SPHERULE_SIGNING_KEY naming no file: the build fails, saying so" failed_saying nokey \
	"no signing key $T/none.key (the environment variable SPHERULE_SIGNING_KEY): set SPHERULE_SIGNING_KEY to a key from 'spherule keygen'"

# make install-sdk: a copy that works on its own.
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make --no-print-directory -C "$TREE" install-sdk PREFIX="$T/installed" \
	OUT="$OUT" >"$T/install.log" 2>&1
rc=$?
tap_check "make install-sdk PREFIX=DIR" bash -c "[[ $rc -eq 0 && \$(cat '$T/installed/VERSION') == 23.05 ]] || { sed 's/^/# /' '$T/install.log'; exit 1; }"
app plain installed-app
AzureSphereDefaultSDKDir=$T/installed configure installed-app ARM-Release
AzureSphereDefaultSDKDir=$T/installed build installed-app ARM-Release
tap_check "an app builds against the installed SDK" shows "$T/installed-app/out/ARM-Release/SdkTest_Plain.imagepackage" \
	"$DEV_PUB" '^  Gpio: +8, 12$' '^signature: +valid'
tap_check "... with the installed sysroot" grep -qF -- "--sysroot=$T/installed/Sysroots/16" \
	"$T/installed-app/out/ARM-Release/CMakeFiles/rules.ninja"
tap_done
