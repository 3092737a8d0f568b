# tests/e2e: end-to-end tests on the booted board (the apps they use are
# built by device/appmgr/module.mk; the CLI by tools/module.mk).
TEST_SCRIPTS += tests/e2e/test_foundation.sh
TEST_SCRIPTS += tests/e2e/test_flash_cli.sh
