#!/usr/bin/env bash
# test_applibs_headers.sh — every applibs header (device/sdk/include/applibs,
# and tlsutils/deviceauth.h) compiles as Azure Sphere apps compile them:
# each alone (it includes what it needs), then one translation unit
# including them all and using each inline function
# (tests/unit/applibs_headers/all_headers.c), with -Wall -Wextra -Werror,
# in -std=c11 and -std=gnu99, for the device (arm-linux-musleabihf-gcc)
# and the host (cc); then with a sample's applibs_versions.h included
# first; then with the flags of Azure Sphere's CMake toolchain
# (-D_POSIX_C_SOURCE, -Wconversion, -Wstrict-prototypes, ...). TAP lines.
set -u
cd "$(dirname "$0")/../.."

dir=tests/unit/applibs_headers
include=device/sdk/include
n=0
failed=0
# The warnings of Azure Sphere's toolchain file, as errors.
sample_flags="-std=c11 -D_POSIX_C_SOURCE -Wall -Wstrict-prototypes -Wswitch -Wempty-body
	-Wconversion -Wreturn-type -Wparentheses -Wno-pointer-sign -Wno-format -Wuninitialized
	-Wunreachable-code -Wunused-function -Wunused-value -Wunused-variable
	-Werror=implicit-function-declaration -fstack-protector-strong -Werror"

# check NAME COMPILER FLAGS...: compiles the translation unit; one TAP line.
check() {
	local name=$1 cc=$2 out
	shift 2
	n=$((n + 1))
	if out=$("$cc" "$@" -I"$include" -c "$dir/all_headers.c" -o /dev/null 2>&1); then
		echo "ok $n - $name"
	else
		failed=$((failed + 1))
		echo "not ok $n - $name"
		printf '%s\n' "$out" | sed 's/^/# /'
	fi
}

# check_alone COMPILER: every public header as the only line of a
# translation unit; one TAP line.
check_alone() {
	local cc=$1 h bad=""
	n=$((n + 1))
	for h in "$include"/applibs/*.h "$include"/tlsutils/*.h; do
		h=${h#"$include"/}
		case $h in *_internal.h | *_v1.h | *_structs.h) continue ;; esac
		printf '#include <%s>\n' "$h" |
			"$cc" -std=c11 -Wall -Wextra -Werror -I"$include" -x c -c - -o /dev/null 2>/dev/null ||
			bad="$bad $h"
	done
	if [[ -z $bad ]]; then
		echo "ok $n - $cc: each header compiles alone"
	else
		failed=$((failed + 1))
		echo "not ok $n - $cc: each header compiles alone (not:$bad)"
	fi
}

for cc in arm-linux-musleabihf-gcc cc; do
	check_alone "$cc"
	for std in c11 gnu99; do
		check "$cc -std=$std -Wall -Wextra -Werror" "$cc" -std="$std" -Wall -Wextra -Werror
		check "$cc -std=$std with applibs_versions.h first" "$cc" -std="$std" -Wall -Wextra \
			-Werror -include "$dir/applibs_versions.h"
	done
	# shellcheck disable=SC2086 # the flags are words
	check "$cc with Azure Sphere's toolchain flags" "$cc" $sample_flags
done

echo "1..$n"
[[ $failed -eq 0 ]]
