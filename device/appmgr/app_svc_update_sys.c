/* app_svc_update_sys.c — the device side of the update agent's ops (see
 * app_svc_update_sys.h). */
#include "app_svc_update_sys.h"

#include <errno.h>
#include <string.h>

#include "secmon_mailbox.h"
#include "slot_write.h"

#define DEV_DIR "/dev"
#define PROC_MTD "/proc/mtd"

int app_svc_sys_os_stage_find(struct mtd_slot *p, struct error_detail *why)
{
	int err = mtd_read_named(PROC_MTD, OS_STAGE_PARTITION, p);

	if (err == -ENOENT)
		return error_detail_set(why, -ENODEV, "the board has no %s partition", OS_STAGE_PARTITION);
	if (err == 0 && (p->erase_size == 0 || p->size % p->erase_size))
		err = -EINVAL;
	if (err != 0)
		return error_detail_set(why, err, "%s: cannot read %s: %s", OS_STAGE_PARTITION, PROC_MTD,
					strerror(-err));
	return 0;
}

int app_svc_sys_os_stage_erase(const struct mtd_slot *p, uint32_t first, uint32_t count, struct error_detail *why)
{
	int err = slot_write_erase_range(DEV_DIR, p, first * p->erase_size, count * p->erase_size);

	if (err != 0)
		return error_detail_set(why, err, "%s: cannot erase %u blocks at block %u: %s", OS_STAGE_PARTITION,
					count, first, strerror(-err));
	return 0;
}

int app_svc_sys_os_stage_write(const struct mtd_slot *p, uint32_t off, const void *buf, size_t len,
			       struct error_detail *why)
{
	int err = slot_write_bytes(DEV_DIR, p, off, buf, len);

	if (err != 0)
		return error_detail_set(why, err, "%s: cannot write %zu bytes at %u: %s", OS_STAGE_PARTITION, len,
					off, strerror(-err));
	return 0;
}

int app_svc_sys_secmon(struct mbox_request *req, struct mbox_response *resp, uint32_t timeout_ms,
		       struct error_detail *why)
{
	struct secmon_mailbox mb;
	int err = secmon_mailbox_open(&mb, NULL, DEV_DIR, why);

	if (err != 0)
		return err;
	err = secmon_mailbox_call_within(&mb, req, resp, timeout_ms, why);
	secmon_mailbox_close(&mb);
	return err;
}
