/* board_conf.h — the per-board app budgets read from /etc/spherule/board.conf
 * ("key=value" lines, '#' comments), and their defaults for a board without
 * the file (each budget is described in docs/appmgr.md, "Board configuration"). */
#ifndef APPMGR_BOARD_CONF_H
#define APPMGR_BOARD_CONF_H

#include <stddef.h>
#include <stdint.h>

struct board_budgets {
	uint32_t app_ram_kib;      /* RAM one app may use (RLIMIT_DATA) */
	uint32_t app_flash_kib;    /* largest app image package accepted */
	uint32_t app_storage_kib;  /* mutable storage quota (littlefs, later) */
	uint32_t app_nproc;        /* processes per app (RLIMIT_NPROC of its uid) */
	uint32_t app_nofile;       /* open files per process (RLIMIT_NOFILE) */
};

void board_budgets_defaults(struct board_budgets *b);

/* Applies every valid line of text to b. Returns the number of lines that
 * were refused (unknown key, bad number, out of range); why receives the
 * reason for the first of them. */
int board_conf_parse(const char *text, size_t len, struct board_budgets *b,
		     char *why, size_t why_len);

/* Reads path and applies it to b: number of refused lines as above, or
 * -errno when the file cannot be read (-ENOENT when it does not exist). */
int board_conf_load(const char *path, struct board_budgets *b, char *why, size_t why_len);

#endif
