/* log.c — Log_Debug: an app's debug messages go to its stderr, which
 * appmgr keeps in the app's log and echoes to the console (docs/sdk.md). */
#include <applibs/log.h>

#include <stdio.h>

#include "applibs_errno.h"

int Log_DebugVarArgs(const char *fmt, va_list args)
{
	int result;

	if (!fmt)
		return applibs_fail(EFAULT);
	/* One locked stdio call: another thread's message is never mixed in. */
	result = vfprintf(stderr, fmt, args);
	return result < 0 ? -1 : 0;
}

int Log_Debug(const char *fmt, ...)
{
	va_list args;
	int result;

	va_start(args, fmt);
	result = Log_DebugVarArgs(fmt, args);
	va_end(args);
	return result;
}
