/* time_sync.c — the network time's state and its setting on the data
 * partition (see time_sync.h). The file is one line of text, "enabled" or
 * "disabled". */
#include "time_sync.h"

#include <string.h>

#include "small_file.h"

#define DISABLED "disabled\n"
#define ENABLED "enabled\n"

void time_sync_load(struct time_sync *t, const char *path)
{
	char text[sizeof(DISABLED) + 1];
	size_t len;

	memset(t, 0, sizeof(*t));
	t->path = path;
	t->enabled = !(small_file_read(path, text, sizeof(text), &len) == 0 && len == strlen(DISABLED) &&
		       memcmp(text, DISABLED, len) == 0);
}

int time_sync_set_enabled(struct time_sync *t, bool enabled)
{
	const char *text = enabled ? ENABLED : DISABLED;
	int err = small_file_replace(t->path, text, strlen(text));

	if (err == 0)
		t->enabled = enabled;
	return err;
}

void time_sync_synced(struct time_sync *t, int64_t sec)
{
	t->synced = true;
	t->last_sync_sec = sec;
}
