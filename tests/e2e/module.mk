# tests/e2e: end-to-end tests on the booted board (the apps they use are
# built by device/appmgr/module.mk; the CLI by tools/module.mk).
VM_SUITES += tests/e2e/test_foundation.sh
VM_SUITES += tests/e2e/test_flash_cli.sh
VM_SUITES += tests/e2e/test_footprint.sh
VM_SUITES += tests/e2e/test_shutdown.sh
VM_SUITES += tests/e2e/test_storage_counter.sh
LONG_SUITES += tests/e2e/test_endurance.sh
