/* storage_budget.h — the rule that admits the apps' storage quotas
 * (MutableStorage.SizeKB) against the board's budgets of board.conf:
 * app_storage_kib for one app, app_storage_total_kib for all of them. Apps
 * are taken in slot order; an app whose quota is more than one app may have,
 * or would take the sum of the quotas admitted before it past the total, is
 * refused with the reason and the fix. appmgr applies it at boot and
 * `spherule flash build` to the apps it installs, with the same reasons. */
#ifndef APPMGR_STORAGE_BUDGET_H
#define APPMGR_STORAGE_BUDGET_H

#include <stdint.h>

#include "board_conf.h"
#include "spherule/error_detail.h"

struct storage_budget {
	uint32_t app_max_kib;   /* app_storage_kib */
	uint32_t total_kib;     /* app_storage_total_kib */
	uint64_t used_kib;      /* the quotas admitted so far */
};

/* Starts with nothing admitted, under the budgets b. */
void storage_budget_init(struct storage_budget *sb, const struct board_budgets *b);

/* Admits the next app's quota of quota_kib (0: the app has no storage,
 * always admitted): 0 with the quota counted, or -EDQUOT with why set to
 * the reason ("its storage quota of 64 KiB would take the apps' storage to
 * 576 KiB, past the board's budget of 512 KiB (app_storage_total_kib in
 * /etc/spherule/board.conf)"); a refused quota is not counted. */
int storage_budget_admit(struct storage_budget *sb, uint32_t quota_kib, struct error_detail *why);

#endif
