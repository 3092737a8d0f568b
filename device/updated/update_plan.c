/* update_plan.c — which targets updated installs, and the update window
 * (see update_plan.h). */
#include "update_plan.h"

#include <errno.h>
#include <string.h>

static const struct checkin_app *installed_app(const struct installed *in, const uint8_t component_id[16])
{
	for (unsigned i = 0; i < in->app_count; i++)
		if (memcmp(in->apps[i].component_id, component_id, 16) == 0)
			return &in->apps[i];
	return NULL;
}

void update_plan_make(const struct update_meta_targets *t, const struct installed *in, const uint8_t *failed_os,
		      struct update_plan *p)
{
	memset(p, 0, sizeof(*p));
	p->os = -1;
	for (unsigned i = 0; i < t->count; i++) {
		const struct update_meta_target *g = &t->targets[i];
		const struct checkin_app *app;

		if (g->kind == UPDATE_META_KIND_OS) {
			if (g->version != in->os_version && !(failed_os && memcmp(failed_os, g->sha256, 32) == 0))
				p->os = (int)i;
			continue;
		}
		app = installed_app(in, g->component_id);
		if (!app || app->version != g->version)
			p->apps[p->app_count++] = i;
	}
}

static int hour(const char *s, size_t n, int *out)
{
	if (n < 1 || n > 2 || s[0] < '0' || s[0] > '9' || (n == 2 && (s[1] < '0' || s[1] > '9')))
		return -EINVAL;
	*out = n == 1 ? s[0] - '0' : (s[0] - '0') * 10 + (s[1] - '0');
	return *out <= 23 ? 0 : -EINVAL;
}

int update_window_parse(const char *text, int *start, int *end)
{
	const char *dash = strchr(text, '-');

	*start = *end = -1;
	if (text[0] == '\0' || strcmp(text, "none") == 0)
		return 0;
	if (!dash || hour(text, (size_t)(dash - text), start) != 0 || hour(dash + 1, strlen(dash + 1), end) != 0) {
		*start = *end = -1;
		return -EINVAL;
	}
	return 0;
}

bool update_window_open(int start, int end, unsigned h)
{
	if (start < 0 || start == end)
		return true;
	if (start < end)
		return (int)h >= start && (int)h < end;
	return (int)h >= start || (int)h < end;
}
