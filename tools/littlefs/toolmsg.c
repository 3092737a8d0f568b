/* toolmsg: error messages and size parsing shared by the littlefs host tools
 * (see toolmsg.h). */
#include "toolmsg.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

const char *toolmsg_name = "littlefs";

static void toolmsg_vprint(const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", toolmsg_name);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void toolmsg_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	toolmsg_vprint(fmt, ap);
	va_end(ap);
}

void toolmsg_errno(const char *what, int err)
{
	toolmsg_error("%s: %s", what, strerror(-err));
}

int toolmsg_usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	toolmsg_vprint(fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try '%s --help'.\n", toolmsg_name);
	return 2;
}

int toolmsg_check_dir(const char *path)
{
	struct stat st;
	int err = 0;
	if (stat(path, &st) < 0)
		err = -errno;
	else if (!S_ISDIR(st.st_mode))
		err = -ENOTDIR;
	if (err)
		toolmsg_errno(path, err);
	return err;
}

int toolmsg_parse_size(const char *option, const char *text, uint32_t *out)
{
	uint64_t value = 0;
	const char *p = text;
	if (!isdigit((unsigned char)*p))
		goto bad;
	for (; isdigit((unsigned char)*p); p++) {
		value = value * 10 + (uint64_t)(*p - '0');
		if (value > UINT32_MAX)
			goto too_big;
	}
	if (*p == 'K' || *p == 'k')
		value <<= 10, p++;
	else if (*p == 'M' || *p == 'm')
		value <<= 20, p++;
	if (*p != '\0')
		goto bad;
	if (value > UINT32_MAX)
		goto too_big;
	if (value == 0) {
		toolmsg_usage_error("%s: must not be zero", option);
		return -EINVAL;
	}
	*out = (uint32_t)value;
	return 0;
bad:
	toolmsg_usage_error("%s: '%s' is not a size (digits with an optional K or M)",
			    option, text);
	return -EINVAL;
too_big:
	toolmsg_usage_error("%s: '%s' is too large", option, text);
	return -EINVAL;
}
