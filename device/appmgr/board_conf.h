/* board_conf.h — what /etc/spherule/board.conf says about the board ("key=value"
 * lines, '#' comments): the per-app budgets, with their defaults for a board
 * without the file, its power: the power key and how long apps get to stop
 * at shutdown, its name and the typed peripherals it offers apps (each key
 * is described in docs/appmgr.md, "Board configuration"). */
#ifndef APPMGR_BOARD_CONF_H
#define APPMGR_BOARD_CONF_H

#include <stddef.h>
#include <stdint.h>

#include "app_peripherals.h"
#include "spherule/error_detail.h"

#define BOARD_CONF_PATH "/etc/spherule/board.conf"
#define BOARD_NO_POWER_KEY UINT32_MAX
#define BOARD_SHUTDOWN_DEADLINE_MS 3000u
#define BOARD_STORAGE_TOTAL_KIB 512u   /* app_storage_total_kib's default */
#define BOARD_NAME_MAX 32u             /* name=: at most 31 bytes */
#define BOARD_IDLE_HIGH_MAX 8u         /* gpio_idle_high=: at most 8 lines */

struct board_budgets {
	uint32_t app_ram_kib;      /* RAM one app may use (RLIMIT_DATA) */
	uint32_t app_flash_kib;    /* largest app image package accepted */
	uint32_t app_storage_kib;  /* largest storage quota of one app (its MutableStorage) */
	uint32_t app_storage_total_kib; /* the sum of all apps' storage quotas */
	uint32_t app_nproc;        /* processes per app (RLIMIT_NPROC of its uid) */
	uint32_t app_nofile;       /* open files per process (RLIMIT_NOFILE) */
};

struct board_power {
	uint32_t power_key_gpio;       /* board-wide GPIO number of the power key, or
					* BOARD_NO_POWER_KEY */
	uint32_t shutdown_deadline_ms; /* from SIGTERM to SIGKILL of the apps at shutdown */
	uint32_t update_warning_s;     /* the update events' Pending window and Final warning */
};

/**
 * struct board_idle_high - simulated input lines pulled up at boot, so that
 * they idle high as the board they stand for wires them (the MT3620 RDB's
 * buttons read High until pressed).
 * @gpio: board-wide GPIO numbers (gpio.conf)
 * @count: how many
 */
struct board_idle_high {
	uint32_t gpio[BOARD_IDLE_HIGH_MAX];
	unsigned count;
};

struct board_conf {
	struct board_budgets budgets;
	struct board_power power;
	struct board_idle_high idle_high;  /* gpio_idle_high=12,13; none by default */
	char name[BOARD_NAME_MAX];         /* "qemu-armv7"; "" when the file does not say */
	struct peripherals peripherals;    /* beyond GPIO: "Uart:ISU0", ...; none by default */
};

void board_conf_defaults(struct board_conf *c);

/* Applies every valid line of text to c. Returns the number of lines that
 * were refused (unknown key, bad number, out of range); why receives the
 * reason for the first of them. */
int board_conf_parse(const char *text, size_t len, struct board_conf *c, struct error_detail *why);

/* Reads path and applies it to c: number of refused lines as above, or
 * -errno when the file cannot be read (-ENOENT when it does not exist). */
int board_conf_load(const char *path, struct board_conf *c, struct error_detail *why);

#endif
