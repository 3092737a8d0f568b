# Spherule top-level build. Non-recursive: every component adds its rules in
# its own module.mk (included below); everything is built into out/.
#
#   make            build host tools, device binaries, kernel and flash image
#   make run        boot the board with the sample apps
#   make test       run every test suite; ends with "N passed, N failed"
#   make test T=attack   run only the suites named: a suite's short name is its
#                   file name without test_ and .sh, _ written - (attack,
#                   foundation, flash-cli, pkg-cli, appmgr-check, lfs-api, ...);
#                   also a path (tests/e2e/test_foundation.sh,
#                   out/tests/unit/test_pkg), unit (every host test) or vm
#                   (every suite that boots the board); several: T="pkg attack"
#   make test-unit  the host tests only (make test T=unit): no kernel, no board
#   make bench      print benchmarks as ratios against baselines of the same run
#   make sdk        lay out the app SDK in out/sdk (docs/sdk.md);
#                   make install-sdk PREFIX=DIR copies it to DIR
#
# The host tests run first, then the suites that boot the board in QEMU, each
# SPHERULE_TEST_JOBS at a time (default: the cores, at most 2).

.DEFAULT_GOAL := all
SHELL := /bin/bash
OUT ?= out
SPHERULE_CACHE ?= $(HOME)/.cache/spherule

# The Debian packages come first (scripts/deps.sh): make remakes this stamp
# before anything else, once per out/ and again when deps.sh changes, and
# then starts over; the components are read only once it exists, so nothing
# asks pkg-config (or needs any package) before deps.sh has run. make clean
# and make deps do without it.
DEPS_STAMP := $(OUT)/stamp/deps.mk
ifneq ($(filter-out clean deps,$(or $(MAKECMDGOALS),all)),)
include $(DEPS_STAMP)
endif
$(DEPS_STAMP): scripts/deps.sh
	@bash scripts/deps.sh
	@mkdir -p $(@D)
	@echo 'SPHERULE_DEPS_INSTALLED := 1' >$@

# Host toolchain: C11, warnings are errors in our code.
CC ?= cc
HOST_CFLAGS := -std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter
# Device toolchain: static musl for armhf (Debian multiarch musl-dev:armhf).
DEV_CC := arm-linux-musleabihf-gcc
DEV_CFLAGS := -std=c11 -D_GNU_SOURCE -Os -Wall -Wextra -Werror -Wno-unused-parameter \
	-ffunction-sections -fdata-sections
DEV_LDFLAGS := -static -Wl,--gc-sections -s
# Linux UAPI headers (linux/gpio.h, ...) for device programs: a directory of
# symlinks to the armhf kernel headers only (never all of /usr/include, whose
# glibc headers musl must not see). Use as an order-only prerequisite.
DEV_KERNEL_INC := $(OUT)/include/kernel-uapi
DEV_KERNEL_HDRS := /usr/arm-linux-gnueabihf/include

HOST_BINS :=
DEV_BINS :=
# Tests: UNIT_TESTS are host programs, UNIT_SCRIPTS host scripts that boot
# nothing (UNIT_SCRIPT_NEEDS: what they run), VM_SUITES scripts that boot the
# board (VM_SUITE_NEEDS: what they need besides `all`, e.g. the test
# kernel). Each prints TAP lines (tests/run-all.sh counts them).
UNIT_TESTS :=
# tests/run-all.sh's own test (counts, SPHERULE_TEST_JOBS, interruption).
UNIT_SCRIPTS := tests/unit/test_run_all.sh
UNIT_SCRIPT_NEEDS :=
VM_SUITES :=
VM_SUITE_NEEDS :=
# make test-long: LONG_TESTS (host programs and scripts; LONG_TEST_NEEDS:
# what the scripts run) and LONG_SUITES (board suites), run with their long
# settings.
LONG_TESTS :=
LONG_TEST_NEEDS :=
LONG_SUITES :=
BENCH_SCRIPTS :=

# The components, each after those whose variables it uses: the libraries
# first (device/sdk's objects, lfs, pkg, cramfs, the secmon mailbox protocol),
# then the kernel's flash layout, then what links them (the CLI links the
# littlefs tools' objects). A module.mk missing from the list is an error.
MODULES := device/sdk lfs pkg pkg/cramfs secmon/protocol kernel secmon device/rootfs device/appmgr device/gdbserver device/devctl device/netmgr device/updated \
	tools/littlefs tools cloud tests/e2e tests/attack tests/vm bench bench/lsm
ifdef SPHERULE_DEPS_INSTALLED
$(foreach m,$(filter-out $(MODULES:%=%/module.mk),$(wildcard */module.mk */*/module.mk)),\
	$(error $(m) is not in MODULES (Makefile)))
include $(MODULES:%=%/module.mk)
# make sdk, make install-sdk: the app SDK in out/sdk, from what the modules build.
include device/sdk/layout.mk
# make examples: the SDK examples, built with it.
include examples/examples.mk
endif
$(if $(TEST_SCRIPTS),$(error TEST_SCRIPTS is split: host-only scripts go to UNIT_SCRIPTS, \
	suites that boot the board to VM_SUITES ($(TEST_SCRIPTS))))

# Keep intermediate files (objects made by chains of pattern rules): their
# .d files name them, so the next make would rebuild them if they were deleted.
.SECONDARY:

$(DEV_KERNEL_INC)/linux:
	@mkdir -p $(@D)
	ln -sfn $(DEV_KERNEL_HDRS)/linux $(@D)/linux
	ln -sfn $(DEV_KERNEL_HDRS)/asm $(@D)/asm
	ln -sfn $(DEV_KERNEL_HDRS)/asm-generic $(@D)/asm-generic

# The MTD headers (mtd/mtd-user.h), for programs that use /dev/mtdN.
$(DEV_KERNEL_INC)/mtd:
	@mkdir -p $(@D)
	ln -sfn $(DEV_KERNEL_HDRS)/mtd $@

.PHONY: all deps run test test-unit test-long bench clean
all: $(HOST_BINS) $(DEV_BINS) $(ALL_EXTRA)

deps:
	@bash scripts/deps.sh

run: deps
	@$(MAKE) --no-print-directory all examples
	@bash scripts/run.sh

# make test T=...: a test's short name (test_flash_cli.sh is flash-cli), its
# path, unit or vm. T counts only on the command line, never from the
# environment.
TESTS_ALL := $(UNIT_TESTS) $(UNIT_SCRIPTS) $(VM_SUITES)
test_name = $(subst _,-,$(patsubst test_%,%,$(basename $(notdir $(1)))))
test_group = $(if $(filter unit,$(1)),$(UNIT_TESTS) $(UNIT_SCRIPTS),$(if $(filter vm,$(1)),$(VM_SUITES)))
test_named = $(strip $(foreach t,$(TESTS_ALL),$(if $(filter $(1),$(call test_name,$(t))),$(t))))
test_pick = $(or $(call test_group,$(1)),$(filter $(1),$(TESTS_ALL)),$(call test_named,$(1)),$(error \
	T=$(1): no such test; the names: unit vm $(foreach t,$(TESTS_ALL),$(call test_name,$(t)))))
TESTS_PICKED = $(if $(filter command line,$(origin T)),$(foreach w,$(T),$(call test_pick,$(w))),$(TESTS_ALL))

# The board suites need everything (`all` builds the kernel); host tests only
# what they run (unit-programs).
test: deps
	@$(MAKE) --no-print-directory $(if $(filter $(VM_SUITES),$(TESTS_PICKED)),all $(VM_SUITE_NEEDS)) \
		unit-programs
	@bash tests/run-all.sh $(filter-out $(VM_SUITES),$(TESTS_PICKED)) -- $(filter $(VM_SUITES),$(TESTS_PICKED))

.PHONY: unit-programs
unit-programs: $(UNIT_TESTS) $(UNIT_SCRIPT_NEEDS)
	@:

test-unit:
	@$(MAKE) --no-print-directory test T=unit

# The long runs: littlefs's power-loss sweep with ten times the seeds, the
# secmon mailbox parser, netmgr's DNS codec and the update metadata verifier
# fuzzed for 10 minutes each, 500 power cuts of the board while it writes
# littlefs, 200 power cuts during sideloads, the 30-minute endurance run of the whole system at 4 MiB.
test-long: deps
	@$(MAKE) --no-print-directory all $(LONG_TESTS) $(LONG_TEST_NEEDS)
	@LFS_POWERLOSS_LONG=1 MBOX_FUZZ_SECONDS=600 DNS_FUZZ_SECONDS=600 UPDATE_META_FUZZ_SECONDS=600 PCUT_CUTS=500 DEVCTL_CUTS=200 bash tests/run-all.sh $(LONG_TESTS) \
		-- $(LONG_SUITES)

bench: deps
	@$(MAKE) --no-print-directory all sdk
	@for b in $(BENCH_SCRIPTS); do bash $$b || exit 1; done

clean:
	rm -rf $(OUT)
