/* test_appmgr_storage_budget.c — unit tests of the rule that admits the
 * apps' storage quotas against board.conf's app_storage_kib (one app) and
 * app_storage_total_kib (all apps), in slot order, with the reasons appmgr
 * logs and `spherule flash build` prints. */
#include <errno.h>
#include <string.h>

#include "storage_budget.h"
#include "tap.h"

/* The budgets of the default board.conf. */
static struct storage_budget default_budget(void)
{
	struct board_conf c;
	struct storage_budget sb;

	board_conf_defaults(&c);
	storage_budget_init(&sb, &c.budgets);
	return sb;
}

int main(void)
{
	struct storage_budget sb = default_budget();
	struct board_budgets tight = { .app_storage_kib = 16, .app_storage_total_kib = 20 };
	struct board_budgets none = { .app_storage_kib = 0, .app_storage_total_kib = 0 };
	struct error_detail why = { "" };
	int err = 0;

	tap_ok(sb.app_max_kib == 64 && sb.total_kib == 512 && sb.used_kib == 0,
	       "default budgets: 64 KiB one app, 512 KiB all apps, nothing used");
	for (int i = 0; i < 8 && err == 0; i++)
		err = storage_budget_admit(&sb, 64, &why);
	tap_ok(err == 0 && sb.used_kib == 512, "eight apps of 64 KiB fill the 512 KiB exactly");
	err = storage_budget_admit(&sb, 64, &why);
	tap_ok(err == -EDQUOT &&
	       strcmp(why.msg, "its storage quota of 64 KiB would take the apps' storage to 576 KiB, "
			       "past the board's budget of 512 KiB (app_storage_total_kib in "
			       "/etc/spherule/board.conf)") == 0,
	       "the ninth is refused with the reason and the fix (%s)", why.msg);
	tap_ok(sb.used_kib == 512, "a refused quota is not counted");
	tap_ok(storage_budget_admit(&sb, 0, &why) == 0 && sb.used_kib == 512,
	       "an app without storage is admitted past a full budget");

	storage_budget_init(&sb, &tight);
	tap_ok(storage_budget_admit(&sb, 8, &why) == 0 && storage_budget_admit(&sb, 16, &why) == -EDQUOT,
	       "slot order: 8 KiB admitted, then 16 KiB would make 24 KiB of 20: refused");
	tap_ok(strstr(why.msg, "to 24 KiB, past the board's budget of 20 KiB") != NULL,
	       "the sum named is the admitted quotas plus this one (%s)", why.msg);
	tap_ok(storage_budget_admit(&sb, 12, &why) == 0 && sb.used_kib == 20,
	       "a later, smaller quota that still fits is admitted (20 of 20 KiB)");
	storage_budget_init(&sb, &tight);
	err = storage_budget_admit(&sb, 17, &why);
	tap_ok(err == -EDQUOT && sb.used_kib == 0 &&
	       strcmp(why.msg, "its storage quota of 17 KiB is more than one app may have, 16 KiB "
			       "(app_storage_kib in /etc/spherule/board.conf)") == 0,
	       "a quota past app_storage_kib is refused, whatever is left (%s)", why.msg);

	storage_budget_init(&sb, &none);
	tap_ok(storage_budget_admit(&sb, 0, &why) == 0 && storage_budget_admit(&sb, 1, &why) == -EDQUOT,
	       "budgets of 0: apps without storage only");
	struct board_budgets huge = { .app_storage_kib = UINT32_MAX,
				      .app_storage_total_kib = 1048576 };
	storage_budget_init(&sb, &huge);
	tap_ok(storage_budget_admit(&sb, 1048576, &why) == 0 &&
	       storage_budget_admit(&sb, UINT32_MAX, &why) == -EDQUOT &&
	       strstr(why.msg, "to 4296015871 KiB") != NULL,
	       "the sum does not wrap around 32 bits (%s)", why.msg);
	return tap_done();
}
