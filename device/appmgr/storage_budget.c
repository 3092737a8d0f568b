/* storage_budget.c — the apps' storage quotas against the board's budgets
 * (see storage_budget.h). */
#include "storage_budget.h"

#include <errno.h>

void storage_budget_init(struct storage_budget *sb, const struct board_budgets *b)
{
	sb->app_max_kib = b->app_storage_kib;
	sb->total_kib = b->app_storage_total_kib;
	sb->used_kib = 0;
}

int storage_budget_admit(struct storage_budget *sb, uint32_t quota_kib, struct error_detail *why)
{
	uint64_t sum = sb->used_kib + quota_kib;

	if (quota_kib > sb->app_max_kib)
		return error_detail_set(why, -EDQUOT,
					"its storage quota of %u KiB is more than one app may have, "
					"%u KiB (app_storage_kib in " BOARD_CONF_PATH ")",
					quota_kib, sb->app_max_kib);
	if (sum > sb->total_kib)
		return error_detail_set(why, -EDQUOT,
					"its storage quota of %u KiB would take the apps' storage to "
					"%llu KiB, past the board's budget of %u KiB "
					"(app_storage_total_kib in " BOARD_CONF_PATH ")",
					quota_kib, (unsigned long long)sum, sb->total_kib);
	sb->used_kib = sum;
	return 0;
}
