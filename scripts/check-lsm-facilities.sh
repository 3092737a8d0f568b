#!/usr/bin/env bash
# Checks a kernel .config against kernel/config/lsm-facilities.list: fails,
# listing them, when the configuration enables a facility for which the
# Spherule LSM has no rule ("none"). Run by scripts/build-kernel.sh for the
# kernels with the LSM, before anything is compiled.
#
#   scripts/check-lsm-facilities.sh CONFIG_FILE
set -euo pipefail
if [[ $# -ne 1 || ! -f $1 ]]; then
	echo "usage: $0 KERNEL_CONFIG" >&2
	exit 2
fi
list=$(dirname "$0")/../kernel/config/lsm-facilities.list
bad=()
while read -r option rule; do
	[[ -z $option || $option == \#* ]] && continue
	if [[ $rule == none ]] && grep -qE "^$option=(y|m)$" "$1"; then
		bad+=("$option")
	fi
done < "$list"
if [[ ${#bad[@]} -gt 0 ]]; then
	echo "check-lsm-facilities: the configuration enables facilities the Spherule LSM has no rule for:" >&2
	printf '  %s\n' "${bad[@]}" >&2
	echo "check-lsm-facilities: disable them, or add their rule to kernel/security/spherule/ and list it in kernel/config/lsm-facilities.list" >&2
	exit 1
fi
