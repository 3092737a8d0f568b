/* test_appmgr_slot_wear.c — the app slots' erase order (slot_wear.h): a
 * new device prefers the lowest free slot; an erased slot goes to the back;
 * the order survives a reload from its file; a missing, damaged or partly
 * bogus file starts over without failing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "slot_wear.h"
#include "tap.h"

int main(void)
{
	char dir[] = "/tmp/test_slot_wear.XXXXXX", path[64];
	struct slot_wear w, again;
	FILE *f;

	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof(path), "%s/erases", dir);
	slot_wear_load(&w, path);
	tap_ok(w.seq == 0 && slot_wear_older(&w, 1, 2) && !slot_wear_older(&w, 2, 1),
	       "no file: no slot erased yet, the lower number first");
	tap_ok(slot_wear_erased(&w, 1) == 0 && slot_wear_erased(&w, 3) == 0, "two erases noted and saved");
	tap_ok(slot_wear_older(&w, 2, 1) && slot_wear_older(&w, 1, 3) && !slot_wear_older(&w, 3, 1),
	       "never erased before erased, the earlier erase before the later");
	slot_wear_load(&again, path);
	tap_ok(again.seq == 2 && again.erased[1] == 1 && again.erased[3] == 2 && slot_wear_older(&again, 1, 3),
	       "the order survives a reload");
	{
		char tmp[80];

		snprintf(tmp, sizeof(tmp), "%s.new", path);
		tap_ok(access(path, F_OK) == 0 && access(tmp, F_OK) != 0, "the file is there, its .new gone");
	}
	tap_ok(slot_wear_erased(&w, APPMGR_MAX_APPS) < 0, "a slot number past the table refused");
	f = fopen(path, "w");
	fputs("1 7\ngarbage line\n99 3\n4\n2 x\n", f);
	fclose(f);
	slot_wear_load(&again, path);
	tap_ok(again.seq == 7 && again.erased[1] == 7 && again.erased[2] == 0 && again.erased[4] == 0,
	       "bogus lines skipped, the good one kept");
	slot_wear_load(&again, "");
	tap_ok(again.seq == 0 && slot_wear_erased(&again, 5) == 0 && again.erased[5] == 1,
	       "without a file: the order kept in RAM only");
	snprintf(path, sizeof(path), "%s/missing/erases", dir);
	slot_wear_load(&again, path);
	tap_ok(slot_wear_erased(&again, 2) < 0 && again.erased[2] == 1,
	       "a file that cannot be written: an error, the order still in RAM");
	snprintf(path, sizeof(path), "rm -rf %s", dir);
	if (system(path) != 0)
		return 1;
	return tap_done();
}
