# Spherule top-level build. Non-recursive: every component adds its rules in
# its own module.mk (included below); everything is built into out/.
#
#   make          build host tools, device binaries, kernel and flash image
#   make run      boot the board with the sample apps
#   make test     run every test suite; ends with "N passed, N failed"
#   make bench    print benchmarks as ratios against baselines of the same run

.DEFAULT_GOAL := all
SHELL := /bin/bash
OUT ?= out
SPHERULE_CACHE ?= $(HOME)/.cache/spherule

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
UNIT_TESTS :=
TEST_SCRIPTS :=
BENCH_SCRIPTS :=

# The components, each after those whose variables it uses: the libraries
# first (device/sdk's objects, lfs, pkg, cramfs), then the kernel's flash
# layout, then what links them. A module.mk missing from the list is an error.
MODULES := device/sdk lfs pkg pkg/cramfs kernel device/rootfs device/appmgr tools tools/littlefs \
	tests/e2e tests/attack bench bench/lsm
$(foreach m,$(filter-out $(MODULES:%=%/module.mk),$(wildcard */module.mk */*/module.mk)),\
	$(error $(m) is not in MODULES (Makefile)))
include $(MODULES:%=%/module.mk)

# Keep intermediate files (objects made by chains of pattern rules): their
# .d files name them, so the next make would rebuild them if they were deleted.
.SECONDARY:

$(DEV_KERNEL_INC)/linux:
	@mkdir -p $(@D)
	ln -sfn $(DEV_KERNEL_HDRS)/linux $(@D)/linux
	ln -sfn $(DEV_KERNEL_HDRS)/asm $(@D)/asm
	ln -sfn $(DEV_KERNEL_HDRS)/asm-generic $(@D)/asm-generic

.PHONY: all deps run test bench clean
all: $(HOST_BINS) $(DEV_BINS) $(ALL_EXTRA)

deps:
	@bash scripts/deps.sh

run: deps
	@$(MAKE) --no-print-directory all
	@bash scripts/run.sh

test: deps
	@$(MAKE) --no-print-directory all $(UNIT_TESTS)
	@bash tests/run-all.sh $(UNIT_TESTS) $(TEST_SCRIPTS)

bench: deps
	@$(MAKE) --no-print-directory all
	@for b in $(BENCH_SCRIPTS); do bash $$b || exit 1; done

clean:
	rm -rf $(OUT)
