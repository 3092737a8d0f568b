/* applibs/log.h — debug messages of an app (Azure Sphere applibs, same
 * declarations). On Spherule they go to the app's stderr, which appmgr
 * keeps in the app's log and echoes to the console as "[<Name>] ...".
 * Thread safe. */
#pragma once

#include <stdarg.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Formats fmt as printf does and writes the message to the app's log.
 * 0, or -1 with errno: EFAULT (fmt is NULL), or the error of the write. */
int Log_Debug(const char *fmt, ...);

/* Log_Debug with a va_list the caller started (and ends) itself. */
int Log_DebugVarArgs(const char *fmt, va_list args);

#ifdef __cplusplus
}
#endif
