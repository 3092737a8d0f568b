/* app_svc_resolve.c — RESOLVE_CHECK (see app_svc_resolve.h). */
#include "app_svc_resolve.h"

#include <errno.h>
#include <string.h>

static int check_name(const uint8_t *payload, size_t len, struct error_detail *why)
{
	if (len < 2 || len > APP_SVC_HOST_NAME_MAX + 1 || payload[len - 1] != '\0')
		return error_detail_set(why, -EINVAL, "a name of 1..%u bytes and its NUL", APP_SVC_HOST_NAME_MAX);
	for (size_t i = 0; i + 1 < len; i++)
		if (payload[i] <= ' ' || payload[i] > '~' || (payload[i] >= 'A' && payload[i] <= 'Z'))
			return error_detail_set(why, -EINVAL, "byte %zu of the name (0x%02x): printable ASCII in "
						"lower case only", i, payload[i]);
	return 0;
}

int app_svc_resolve_check(const struct supervisor *s, uint32_t uid, const uint8_t *payload, size_t len,
			  struct app_svc_answer *ans, struct error_detail *why)
{
	struct app_svc_resolve r;
	const struct app *a = NULL;
	const char *name = (const char *)payload;
	int err = check_name(payload, len, why);

	if (err != 0)
		return err;
	for (size_t i = 0; i < s->count && !a; i++)
		if (s->apps[i].uid == uid)
			a = &s->apps[i];
	if (!a)
		return error_detail_set(why, -ESRCH, "no app runs as uid %u", uid);
	memset(&r, 0, sizeof(r));
	memcpy(r.component_id, a->component_str, sizeof(r.component_id));
	r.component_id[sizeof(r.component_id) - 1] = '\0';
	memcpy(r.name, a->name, strnlen(a->name, sizeof(r.name) - 1));
	app_svc_answer_put(ans, &r, sizeof(r));
	if (!app_net_policy_allows_host(&a->net, name))
		return error_detail_set(why, -ENOENT, "%s's AllowedConnections do not list %s", a->name, name);
	return 0;
}
